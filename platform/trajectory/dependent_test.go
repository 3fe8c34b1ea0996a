package trajectory

import "testing"

func TestFirstDependent(t *testing.T) {
	call := func(id, name, args string) Message {
		return Message{Role: "assistant", ToolCalls: []ToolCall{{ID: id, Type: "function", Function: FunctionCall{Name: name, Arguments: args}}}}
	}
	msgs := []Message{
		{Role: "user", Content: "Find order 4821 for Ana"},
		call("c1", "find_order", `{"id":4821,"who":"Ana"}`), // from the user, not a result
		{Role: "tool", ToolCallID: "c1", Content: `{"customer_id":"cus_77Q","total":12}`},
		call("c2", "refund", `{"amount":12,"customer":"cus_77Q"}`), // 12 is too short; cus_77Q is a result's
	}
	dep, ok := FirstDependent(msgs)
	if !ok || dep.CallID != "c2" || dep.Value != "cus_77Q" || dep.Tool != "refund" {
		t.Fatalf("FirstDependent = %+v, %v", dep, ok)
	}
	if _, ok := FirstDependent(msgs[:3]); ok {
		t.Fatal("a call fed by the user only is not dependent")
	}
	// The contract's signature agrees: the dependent call is a d.
	if m := Measure(msgs); m.Signature != "[u].[d]" {
		t.Fatalf("signature %q", m.Signature)
	}
}
