package realism

import (
	"encoding/json"
	"github.com/tdscaling/tdscaling/platform/paramdoc"
	"testing"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// FuzzAdd feeds arbitrary schemas, arguments, outputs and texts to the
// accumulator: records come from outside, and measuring one must never
// panic whatever it holds.
func FuzzAdd(f *testing.F) {
	f.Add(`{"type":"object","properties":{"d":{"type":"string","description":"Day as YYYY-MM-DD, e.g. '2024-01-02'","pattern":"^[0-9-]+$"}}}`, `{"d":"2024-01-02"}`, `{"error":"no d matches \"x_1\""}`, "Book for 2024-01-02 please")
	f.Add(`{"properties":{"a":{"items":{"properties":{"b":{"format":"email"}}}}}}`, `{"a":[{"b":"x@y.io"},{"b":1e400}]}`, `{"b":[1,2,{"c":null}]}`, "")
	f.Add(`not json`, `[`, `"just a string"`, "such as")
	f.Fuzz(func(t *testing.T, params, args, output, text string) {
		r := trajectory.Record{ID: "f", Tools: []trajectory.Tool{tool("t", params)}, Messages: []trajectory.Message{
			{Role: "user", Content: text},
			{Role: "assistant", ReasoningContent: text, ToolCalls: []trajectory.ToolCall{call("c", "t", args)}},
			{Role: "tool", ToolCallID: "c", Name: "t", Content: output},
			{Role: "assistant", Content: text},
		}}
		if !json.Valid([]byte(params)) {
			r.Tools[0].Function.Parameters = nil
		}
		rep := Compute([]trajectory.Record{r, r})
		for _, m := range rep.Measures() {
			if m.Share.Num > m.Share.Den && m.Name != "user_trigram_distinct" {
				t.Fatalf("%s: %d of %d", m.Name, m.Share.Num, m.Share.Den)
			}
		}
		_ = paramdoc.Examples(text, "id")
		_ = placeholder(text)
	})
}
