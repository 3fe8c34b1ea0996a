package trajectory

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// FuzzMeasure feeds arbitrary message lists (as JSON) to Measure: it must not
// panic, and CAC is never negative.
func FuzzMeasure(f *testing.F) {
	seed, _ := json.Marshal([]Message{
		user("go"),
		calls(call("c1", "python", `{"code":"print(1)","n":[1,2,{"x":"abc"}]}`), call("c2", "b", `{"q":"abc"}`)),
		tool("c1", `{"error":"boom"}`), tool("c2", `abc`),
		answer("ok?"), user("yes"), answer("done"),
	})
	f.Add(seed)
	f.Add([]byte(`[{"role":"user"},{"role":"assistant","tool_calls":[{"id":"1","function":{"name":"f","arguments":"{\"a\":1e999}"}}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var msgs []Message
		if json.Unmarshal(data, &msgs) != nil {
			return
		}
		m := Measure(msgs)
		if m.CAC < 0 {
			t.Fatalf("negative CAC %v", m.CAC)
		}
		if m.Signature == "" && !slices.ContainsFunc(msgs, func(m Message) bool { return m.Role == "user" }) {
			return
		}
		// Every user token opens a request except the reply to an ask.
		tokens := strings.Split(m.Signature, ".")
		want := 1 + count(tokens, "u") - count(tokens, "ask")
		if got := RequestsOf(m.Signature); !slices.Equal(got, m.Requests) {
			t.Fatalf("RequestsOf(%q) = %q, Measure's requests %q", m.Signature, got, m.Requests)
		}
		if len(m.Requests) != want {
			t.Fatalf("%d requests %q for signature %q, want %d", len(m.Requests), m.Requests, m.Signature, want)
		}
	})
}

func count(xs []string, x string) int {
	n := 0
	for _, e := range xs {
		if e == x {
			n++
		}
	}
	return n
}
