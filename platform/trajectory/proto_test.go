package trajectory

import (
	"encoding/json"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
)

func TestMarshalProto(t *testing.T) {
	score := 0.75
	raw, err := MarshalProto(&trajectoryv1.Record{
		Id: "r1", Domain: "shop", ReasoningMode: "[u].ans", Cac: 1.25,
		Tools: []*trajectoryv1.ToolSpec{{Type: "function", Function: &trajectoryv1.FunctionSpec{Name: "f", ParametersJson: `{"type":"object"}`}}},
		Messages: []*trajectoryv1.Message{
			{Role: "user", Content: "hi"},
			{Role: "assistant", ToolCalls: []*trajectoryv1.ToolCall{{Id: "call_1", Function: &trajectoryv1.FunctionCall{Name: "f", Arguments: `{"a":1}`}}}},
			{Role: "tool", ToolCallId: "call_1", Name: "f", Content: `{}`},
		},
		Verdict:    &trajectoryv1.Verdict{Passed: true, Checks: map[string]bool{"schema": true}, JudgeScore: &score},
		Provenance: &trajectoryv1.Provenance{Models: map[string]string{"assistant": "sim"}, Seed: 3, Version: "v"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var row struct {
		Tools []struct {
			Function struct {
				Parameters map[string]any `json:"parameters"`
			} `json:"function"`
		} `json:"tools"`
		Messages []struct {
			ToolCalls []struct {
				Type     string `json:"type"`
				Function struct {
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"messages"`
		Verdict    map[string]any `json:"verdict"`
		Usage      map[string]any `json:"usage"`
		Provenance map[string]any `json:"provenance"`
	}
	if err := json.Unmarshal(raw, &row); err != nil {
		t.Fatal(err)
	}
	if row.Tools[0].Function.Parameters["type"] != "object" {
		t.Errorf("parameters must be an object: %s", raw)
	}
	if c := row.Messages[1].ToolCalls[0]; c.Function.Arguments != `{"a":1}` || c.Type != "function" {
		t.Errorf("arguments must stay a JSON string: %s", raw)
	}
	if row.Verdict["judge_score"] != 0.75 || row.Usage["llm_calls"] != float64(0) || row.Provenance["seed"] != float64(3) {
		t.Errorf("verdict/usage/provenance: %s", raw)
	}
	if _, err := MarshalProto(&trajectoryv1.Record{Tools: []*trajectoryv1.ToolSpec{{Function: &trajectoryv1.FunctionSpec{Name: "f", ParametersJson: "{"}}}}); err == nil {
		t.Error("invalid parameters must be an error")
	}
}
