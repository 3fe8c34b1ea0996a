package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A result is an error's body by what it says of the call itself, never
// by what a record in it holds.
func TestErrorBodiesAreTold(t *testing.T) {
	for body, want := range map[string]bool{
		`{"code":63,"message":"The request timed out; please retry.","serverId":"s-1","statusCode":30}`: true,
		`{"message":"Devices unregistered successfully.","statusCode":200}`:                             false,
		`{"statusCode":503,"message":"Service busy"}`:                                                   true,
		`{"success":false,"message":"Card declined"}`:                                                   true,
		`{"error":{"code":"NotFound","message":"The room was not found."}}`:                             true,
		`{"error":null,"data":{"id":"r-1"}}`:                                                            false,
		`{"status":"error","detail":"Quota exceeded"}`:                                                  true,
		`{"id":"job-1","status":"failed","lastError":"Disk full"}`:                                      false,
		`{"code":451,"name":"Widget"}`:                                                                  false,
		`{"items":[{"message":"The request timed out"}]}`:                                               false,
		`{"message":"3 widgets found."}`:                                                                false,
	} {
		doc, _ := plan.Decode(body)
		if _, got := errorBody(doc); got != want {
			t.Errorf("%s: error body %v, want %v", body, got, want)
		}
	}
}

// An action whose reply is an error body is told as not done, with what
// the service said, and the overall picture counts it as failed: never
// "Unregistered matching devices — message 'The request timed out'".
func TestErrorBodyToldAsFailure(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"look up the channel, then unregister its devices, and pull the results together"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "getChannel"}, {Id: "c2", ToolName: "getChannelStats"},
			{Id: "c3", ToolName: "unregisterAllPushDevices", Arguments: []*blueprintv1.ArgumentBinding{{Param: "clientName",
				Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"Ana Ruiz"`}}}}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "getChannel", Description: "Get a channel", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "getChannelStats", Description: "Get a channel's statistics", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t3", Name: "unregisterAllPushDevices", Description: "Unregister matching devices for push notifications",
			InputSchemaJson: `{"type":"object","properties":{"clientName":{"type":"string"}}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	replies := map[string]string{"c1": `{"channelId":"CHA-81298","name":"Lobby"}`, "c2": `{"channelId":"CHA-81298","messages":1280}`,
		"c3": `{"code":63,"message":"The request timed out; please retry.","serverId":"45496d5f","statusCode":504}`}
	done := map[string]*rollout.Realised{}
	var calls []llm.ToolCall
	for i, id := range []string{"c1", "c2", "c3"} {
		out, _ := plan.Decode(replies[id])
		callID := "call_" + string(rune('1'+i))
		done[id] = &rollout.Realised{Outputs: []any{out}, Contents: []string{replies[id]}, CallIDs: []string{callID}}
		calls = append(calls, llm.ToolCall{ID: callID, Type: "function", Function: llm.FunctionCall{Name: pl.Call(id).GetToolName(), Arguments: `{"clientName":"Ana Ruiz"}`}})
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: done, Messages: []llm.Message{{Role: "assistant", ToolCalls: calls}}}
	for seed := range uint64(30) {
		m := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{})
		got := m.Content
		if !strings.Contains(got, "The request timed out") {
			t.Fatalf("seed %d: the failure is not told with what the service said: %q", seed, got)
		}
		for _, claim := range []string{"nregistered", "all of them went through", "every one of which went through", "all three steps went through", "Done.", "All three"} {
			if strings.Contains(got, claim) {
				t.Fatalf("seed %d: a failed call is told as done (%q): %q", seed, claim, got)
			}
		}
		if !strings.Contains(got, "Ana Ruiz") {
			t.Errorf("seed %d: the failure does not say what it was for: %q", seed, got)
		}
	}
}

// The turn after a reply that is an error's body notes that the step did
// not work before it moves on; a failure the plan foresaw is left to the
// retry that follows it.
func TestReasoningNotesAnErrorBody(t *testing.T) {
	for _, foreseen := range []bool{false, true} {
		bp := &blueprintv1.Blueprint{Intents: []string{"remove the device, then read the messages"},
			Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "deletePushDeviceDetails", Expect: &blueprintv1.ExpectedResult{Fails: foreseen}},
				{Id: "c2", ToolName: "getMessagesByChannel"}}}
		pl := plan.New(bp)
		ts, err := toolset.New([]*toolv1.Tool{
			{Id: "t1", Name: "deletePushDeviceDetails", Description: "Delete a registered device's update token", InputSchemaJson: `{"type":"object","properties":{}}`},
			{Id: "t2", Name: "getMessagesByChannel", Description: "Get message history for a channel", InputSchemaJson: `{"type":"object","properties":{}}`},
		}, pl)
		if err != nil {
			t.Fatal(err)
		}
		reply := `{"code":42,"message":"The request timed out; please retry.","statusCode":78}`
		out, _ := plan.Decode(reply)
		s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}, Contents: []string{reply}}},
			Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "call_1", Function: llm.FunctionCall{Name: "deletePushDeviceDetails", Arguments: `{}`}}}},
				{Role: "tool", ToolCallID: "call_1", Name: "deletePushDeviceDetails", Content: reply}}}
		for seed := range uint64(10) {
			got := callReasoning(s, rand.New(rand.NewPCG(seed, 1)), []*blueprintv1.PlannedCall{pl.Call("c2")}, nil)
			if noted := strings.Contains(got, "The request timed out"); noted == foreseen {
				t.Errorf("foreseen %v: seed %d: %q", foreseen, seed, got)
			}
		}
	}
}

// The overall picture of a combined summary in which every step went
// through is said in many ways: three made "all of them went" the most
// common 4-gram of a run's answers.
func TestOverviewsVary(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"get the channel and its statistics, and pull the results together"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls:  []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "getChannel"}, {Id: "c2", ToolName: "getChannelStats"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "getChannel", Description: "Get a channel", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "getChannelStats", Description: "Get a channel's statistics", InputSchemaJson: `{"type":"object","properties":{}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]*rollout.Realised{}
	for id, reply := range map[string]string{"c1": `{"channelId":"CHA-81298","name":"Lobby"}`, "c2": `{"channelId":"CHA-81298","messages":1280}`} {
		out, _ := plan.Decode(reply)
		done[id] = &rollout.Realised{Outputs: []any{out}, Contents: []string{reply}}
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: done}
	forms := map[string]bool{}
	for seed := range uint64(60) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		for _, f := range []string{"Overall, all", "Taken together", "overall picture first", "Everything worked", "ran into trouble", "without a hitch"} {
			if strings.Contains(got, f) {
				forms[f] = true
			}
		}
	}
	if len(forms) < 5 {
		t.Errorf("the overall picture of a run in which all went through is said %d ways: %v", len(forms), forms)
	}
	// And of one in which some went through only in the end.
	results := []result{{call: pl.Call("c1"), out: done["c1"].Outputs[0]}, {call: pl.Call("c2"), out: done["c2"].Outputs[0]}}
	late := map[string]bool{}
	for seed := range uint64(60) {
		late[overview(s, rand.New(rand.NewPCG(seed, 1)), results, 1, 0, false)] = true
	}
	if len(late) < 5 {
		t.Errorf("the overall picture of a run with a hiccup is said %d ways", len(late))
	}
}
