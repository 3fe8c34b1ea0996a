package jsonpath

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	const text = `{"items":[{"id":"a","n":1},{"id":"b"}],"odd key":{"x":true},"total":3}`
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var doc any
	if err := d.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"$.items[0].id":   `["a"]`,
		"$.items[*].id":   `["a","b"]`,
		"$['odd key'].x":  `[true]`,
		"total":           `[3]`,
		"$":               `[` + text + `]`,
		"$.items[5].id":   `null`,
		"$.missing.field": `null`,
		"$.items[":        `null`,
	} {
		got, _ := Get(doc, path)
		b, _ := json.Marshal(got)
		if string(b) != want {
			t.Errorf("Get(%s) = %s, want %s", path, b, want)
		}
	}
}

func TestParseAndFormat(t *testing.T) {
	for _, p := range []string{"$.a.b", "$.items[0].id", "$.items[*].id", "$['odd key'].x", `$["it's"]`} {
		steps, err := Parse(p)
		if err != nil {
			t.Fatalf("Parse(%s): %v", p, err)
		}
		if got := "$" + Format(steps); got != p {
			t.Errorf("Format(Parse(%s)) = %s", p, got)
		}
	}
	for _, bad := range []string{"", "$.", "$.a[", "$.a[x]", "$.a]b", "$x"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted a malformed path", bad)
		}
	}
}
