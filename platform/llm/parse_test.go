package llm_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

var declared = []llm.Tool{
	{Type: "function", Function: llm.FunctionSpec{Name: "get_weather"}},
	{Type: "function", Function: llm.FunctionSpec{Name: "get_time"}},
}

type call struct{ name, args string }

func callsOf(m llm.Message) []call {
	var out []call
	for _, c := range m.ToolCalls {
		out = append(out, call{c.Function.Name, c.Function.Arguments})
	}
	return out
}

func TestNormalize(t *testing.T) {
	weather := call{"get_weather", `{"city":"Paris"}`}
	tests := []struct {
		name          string
		in            llm.Message
		tools         []llm.Tool
		wantContent   string
		wantReasoning string
		wantCalls     []call
	}{
		{"plain answer", llm.Message{Content: "It is sunny."}, declared, "It is sunny.", "", nil},
		{"hermes block", llm.Message{Content: "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"}, declared, "", "", []call{weather}},
		{"two hermes blocks and text", llm.Message{Content: "Checking both.\n<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}</tool_call>\n<tool_call>{\"name\": \"get_time\", \"arguments\": \"{\\\"tz\\\": \\\"CET\\\"}\"}</tool_call>"}, declared,
			"Checking both.", "", []call{weather, {"get_time", `{"tz":"CET"}`}}},
		{"llama python tag", llm.Message{Content: `<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}; {"name": "get_time", "parameters": {}}<|eom_id|>`}, declared, "", "", []call{weather, {"get_time", `{}`}}},
		{"llama function tag", llm.Message{Content: `<function=get_weather>{"city": "Paris"}</function>`}, declared, "", "", []call{weather}},
		{"bare json of a declared tool", llm.Message{Content: ` {"name": "get_weather", "parameters": {"city": "Paris"}} `}, declared, "", "", []call{weather}},
		{"fenced bare json", llm.Message{Content: "```json\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n```"}, declared, "", "", []call{weather}},
		{"bare json of an undeclared name stays content", llm.Message{Content: `{"name": "Ada", "parameters": {"age": 3}}`}, declared, `{"name": "Ada", "parameters": {"age": 3}}`, "", nil},
		{"json answer without arguments stays content", llm.Message{Content: `{"name": "get_weather"}`}, declared, `{"name": "get_weather"}`, "", nil},
		{"mistral list", llm.Message{Content: `[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "a1b2c3d4e"}]`}, declared, "", "", []call{weather}},
		{"mistral args form", llm.Message{Content: `[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}[TOOL_CALLS]get_time[ARGS]{}`}, declared, "", "", []call{weather, {"get_time", `{}`}}},
		{"no tools declared: text stays", llm.Message{Content: `<tool_call>{"name": "get_weather", "arguments": {}}</tool_call>`}, nil, `<tool_call>{"name": "get_weather", "arguments": {}}</tool_call>`, "", nil},
		{"broken hermes json stays content", llm.Message{Content: `<tool_call>{"name": "get_weather", "arguments": {"city": </tool_call>`}, declared, `<tool_call>{"name": "get_weather", "arguments": {"city": </tool_call>`, "", nil},
		{"think block", llm.Message{Content: "<think>\nThe user wants Paris.\n</think>\n\nIt is sunny in Paris."}, nil, "It is sunny in Paris.", "The user wants Paris.", nil},
		{"closing tag only (opening in the prompt)", llm.Message{Content: "The user wants Paris.\n</think>\nIt is sunny."}, nil, "It is sunny.", "The user wants Paris.", nil},
		{"empty think block (no-think mode)", llm.Message{Content: "<think>\n\n</think>\n\nHello."}, nil, "Hello.", "", nil},
		{"unclosed think (truncated)", llm.Message{Content: "<think>Let me see"}, nil, "", "Let me see", nil},
		{"think then hermes call", llm.Message{Content: "<think>Need the weather.</think><tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}</tool_call>"}, declared, "", "Need the weather.", []call{weather}},
		{"server reasoning kept", llm.Message{Content: "Hi.", ReasoningContent: "greeting"}, nil, "Hi.", "greeting", nil},
		{"native tool calls untouched", llm.Message{Content: `<tool_call>x</tool_call>`, ToolCalls: []llm.ToolCall{{ID: "c", Type: "function", Function: llm.FunctionCall{Name: "get_time", Arguments: "{}"}}}}, declared, `<tool_call>x</tool_call>`, "", []call{{"get_time", "{}"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := llm.Normalize(tc.in, tc.tools)
			if got.Content != tc.wantContent || got.ReasoningContent != tc.wantReasoning || !reflect.DeepEqual(callsOf(got), tc.wantCalls) {
				t.Fatalf("got content %q reasoning %q calls %v; want %q %q %v", got.Content, got.ReasoningContent, callsOf(got), tc.wantContent, tc.wantReasoning, tc.wantCalls)
			}
			for i, c := range got.ToolCalls {
				if c.ID == "" || c.Type != "function" || !json.Valid([]byte(c.Function.Arguments)) {
					t.Fatalf("call %d incomplete: %+v", i, c)
				}
			}
		})
	}
}

// Every text form the fake server writes reads back as the same calls.
func TestNormalizeReadsEveryFakeForm(t *testing.T) {
	calls := []llm.ToolCall{
		{Function: llm.FunctionCall{Name: "get_weather", Arguments: `{"city":"Paris"}`}},
		{Function: llm.FunctionCall{Name: "get_time", Arguments: `{"tz":"CET"}`}},
	}
	for _, form := range []string{"hermes", "llama", "json", "mistral"} {
		got := llm.Normalize(llm.Message{Content: llmtest.TextToolCalls(form, calls)}, declared)
		if want := []call{{"get_weather", `{"city":"Paris"}`}, {"get_time", `{"tz":"CET"}`}}; !reflect.DeepEqual(callsOf(got), want) || got.Content != "" {
			t.Fatalf("%s: got %v content %q", form, callsOf(got), got.Content)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"<think>a</think>b", "</think>x", "<tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call>",
		`<|python_tag|>{"name":"get_time","parameters":{}}`, `[TOOL_CALLS]get_time[ARGS]{}`, `[TOOL_CALLS][{"name":"get_time","arguments":{}}]`,
		`{"name":"get_time","parameters":{"a":[1,";"]}}`, "<function=get_time>{}</function>", "```json\n{}\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := llm.Normalize(llm.Message{Content: s}, declared)
		for _, c := range m.ToolCalls {
			if c.Function.Name == "" || !json.Valid([]byte(c.Function.Arguments)) {
				t.Fatalf("bad call %+v from %q", c, s)
			}
		}
		if len(m.Content) > len(s) {
			t.Fatalf("content grew: %q from %q", m.Content, s)
		}
	})
}
