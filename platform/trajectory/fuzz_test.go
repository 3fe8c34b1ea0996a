package trajectory

import (
	"encoding/json"
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
		if m := Measure(msgs); m.CAC < 0 {
			t.Fatalf("negative CAC %v", m.CAC)
		}
	})
}
