package jsonschema_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

func TestValidate(t *testing.T) {
	doc, err := jsonschema.Parse([]byte(`{"type":"object","properties":{"n":{"type":"integer","maximum":5},"when":{"type":"string","format":"date"},"tags":{"type":"array","items":{"type":"string"}}},"required":["n"]}`))
	if err != nil {
		t.Fatal(err)
	}
	root, _ := doc.At("")
	n, _ := doc.At("/properties/n")
	tests := []struct {
		s     *jsonschema.Schema
		value string
		want  string // "" means valid
	}{
		{root, `{"n": 3, "when": "2026-01-31", "tags": ["a"]}`, ""},
		{root, `{"n": 3.0}`, ""}, // 3.0 is an integer in JSON Schema
		{root, `{"n": 3.5}`, "/n: "},
		{root, `{}`, `missing property 'n'`},
		{root, `{"n": 1, "when": "31/01/2026"}`, "/when: "},
		{root, `{"n": 1, "tags": ["a", 2]}`, "/tags/1: "},
		{n, `9`, "maximum"},
		{n, `not json`, "not JSON"},
	}
	for _, tc := range tests {
		vs := tc.s.ValidateJSON([]byte(tc.value))
		if tc.want == "" {
			if len(vs) > 0 {
				t.Errorf("%s: unexpected %v", tc.value, vs)
			}
			continue
		}
		found := false
		for _, v := range vs {
			found = found || strings.Contains(v.String(), tc.want)
		}
		if !found {
			t.Errorf("%s: want a violation containing %q, got %v", tc.value, tc.want, vs)
		}
	}
}

func TestParse(t *testing.T) {
	for name, text := range map[string]string{
		"draft-07":           `{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}`,
		"unknown dialect":    `{"$schema":"https://vendor.example/schema","type":"object"}`,
		"local ref":          `{"$defs":{"a":{"type":"string"}},"properties":{"x":{"$ref":"#/$defs/a"}}}`,
		"definitions (d-07)": `{"definitions":{"a":{"type":"string"}},"properties":{"x":{"$ref":"#/definitions/a"}}}`,
	} {
		if _, err := jsonschema.Parse([]byte(text)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, text := range map[string]string{
		"not json":     `{`,
		"bad type":     `{"type":"strang"}`,
		"dangling ref": `{"properties":{"x":{"$ref":"#/$defs/missing"}}}`,
	} {
		if _, err := jsonschema.Parse([]byte(text)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// Real API schemas carry ECMA-262 patterns RE2 refuses; the tool must stay
// usable, with the pattern enforced where RE2 can express it.
func TestPatternsRE2Refuses(t *testing.T) {
	tests := []struct {
		pattern, ok, bad string
	}{
		{`^[a-z]{1,2000}$`, `"abc"`, `"ABC"`}, // repeat count over RE2's limit: widened
		{`^\d{1001}$`, `"` + strings.Repeat("1", 1001) + `"`, `"12a"`},
		{`^(?=.*\d)[a-z\d]+$`, `"abc"`, ``}, // look-ahead: not enforced
	}
	for _, tc := range tests {
		doc, err := jsonschema.Parse([]byte(`{"type":"string","pattern":` + quote(tc.pattern) + `}`))
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		s, _ := doc.At("")
		if vs := s.ValidateJSON([]byte(tc.ok)); len(vs) > 0 {
			t.Errorf("%s: %s rejected: %v", tc.pattern, tc.ok, vs)
		}
		if tc.bad != "" && len(s.ValidateJSON([]byte(tc.bad))) == 0 {
			t.Errorf("%s: %s accepted", tc.pattern, tc.bad)
		}
	}
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestEscapePointerToken(t *testing.T) {
	for in, want := range map[string]string{"id": "id", "a/b": "a~1b", "m~n": "m~0n", "~/": "~0~1", "~1": "~01"} {
		if got := jsonschema.EscapePointerToken(in); got != want {
			t.Errorf("EscapePointerToken(%q) = %q, want %q", in, got, want)
		}
	}
}
