package simroles

import (
	"encoding/json"
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

// answersFor answers one planned call of a tool that replied reply, for
// seeds 0 to 19.
func answersFor(t *testing.T, tool *toolv1.Tool, call *blueprintv1.PlannedCall, args map[string]any, reply string) []string {
	t.Helper()
	bp := &blueprintv1.Blueprint{Intents: []string{"do it"}, Calls: []*blueprintv1.PlannedCall{call}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{tool}, pl)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal([]byte(reply), &out); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(args)
	s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{call.GetId(): {CallIDs: []string{"x1"}, Outputs: []any{out}, Contents: []string{reply}}},
		Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "x1", Function: llm.FunctionCall{Name: call.GetToolName(), Arguments: string(raw)}}}}}}
	var got []string
	for seed := range uint64(20) {
		got = append(got, answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content)
	}
	return got
}

// An id an action was on is cited with what it identifies ("receiver ID
// REC-57293"), never as a bare code in brackets after the action ("sent a
// message (REC-57293)").
func TestConfirmationNamesAnIDByWhatItIdentifies(t *testing.T) {
	tool := &toolv1.Tool{Id: "t1", Name: "send_message", Description: "Send a message to a user.",
		InputSchemaJson: `{"type":"object","properties":{"receiver_id":{"type":"string"},"message":{"type":"string"}}}`}
	call := &blueprintv1.PlannedCall{Id: "c1", ToolName: "send_message", Arguments: []*blueprintv1.ArgumentBinding{
		{Param: "receiver_id", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"REC-57293"`}}},
		{Param: "message", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"Loving the new kitchen, see you soon."`}}}}}
	args := map[string]any{"receiver_id": "REC-57293", "message": "Loving the new kitchen, see you soon."}
	for _, got := range answersFor(t, tool, call, args, `{"sent_status":true}`) {
		if strings.Contains(got, "(REC-57293)") || !strings.Contains(got, "(receiver ID REC-57293)") {
			t.Fatalf("%q", got)
		}
	}
	for in, want := range map[string]string{"receiver_id": "receiver ID REC-123", "id": "ID REC-123", "receiver": "receiver REC-123"} {
		if got := namedID(in, "REC-123"); got != want {
			t.Errorf("namedID(%q) = %q, want %q", in, got, want)
		}
	}
	if got := namedID("name", "Ana Ruiz"); got != "Ana Ruiz" {
		t.Errorf("a name is named as %q", got)
	}
}

// A field that names its unit is said with the unit after the number ("the
// size is 579 bytes"), never the unit as a noun ("the size bytes are 579").
func TestUnitsFollowTheNumber(t *testing.T) {
	f, _ := leafFact("size_bytes", 579.0, "")
	if got := factPhrases([]fact{f}, true); got[0] != "the size is 579 bytes" {
		t.Errorf("%q", got)
	}
	f, _ = leafFact("duration_seconds", 228.0, "")
	if got := factPhrases([]fact{f}, false); got[0] != "duration 228 seconds" {
		t.Errorf("%q", got)
	}
	for seed := range uint64(6) {
		a := result{out: map[string]any{"size_bytes": 380.0}}
		b := result{out: map[string]any{"size_bytes": 720.0}}
		line := comparison(rand.New(rand.NewPCG(seed, 1)), []result{a, b})
		if strings.Contains(line, "size bytes") || !strings.Contains(line, "380 bytes") || !strings.Contains(line, "340 bytes") {
			t.Errorf("%q", line)
		}
	}
	line := codeSentence(rand.New(rand.NewPCG(1, 1)), map[string]any{"stdout": `{"average discount percent": 42.5}`})
	if !strings.Contains(strings.ToLower(line), "the average discount is 42.5%") {
		t.Errorf("%q", line)
	}
	line = codeSentence(rand.New(rand.NewPCG(1, 1)), map[string]any{"stdout": `{"entry with the highest discount percent": "Solar Panel"}`})
	if !strings.Contains(strings.ToLower(line), "the entry with the highest discount is solar panel") {
		t.Errorf("%q", line)
	}
}

// A state that says the action was done ("pressed" after pressing the
// pedal, "cleared" after clearing) is the confirmation, never read back as
// a status after it.
func TestStateEchoingTheActionIsNotReadBack(t *testing.T) {
	tool := &toolv1.Tool{Id: "t1", Name: "pressBrakePedal", Description: "Press the brake pedal.",
		InputSchemaJson: `{"type":"object","properties":{"pedalPosition":{"type":"number"}}}`}
	call := &blueprintv1.PlannedCall{Id: "c1", ToolName: "pressBrakePedal"}
	for _, got := range answersFor(t, tool, call, map[string]any{}, `{"brakePedalStatus":"pressed","brakePedalForce":14.37}`) {
		if strings.Contains(got, "status is pressed") || !strings.Contains(got, "14.37") {
			t.Fatalf("%q", got)
		}
	}
	clear := &toolv1.Tool{Id: "t1", Name: "clear_memory", Description: "Clear all key-value pairs.", InputSchemaJson: `{"type":"object","properties":{}}`}
	call = &blueprintv1.PlannedCall{Id: "c1", ToolName: "clear_memory"}
	for _, got := range answersFor(t, clear, call, map[string]any{}, `{"status":"cleared"}`) {
		if strings.Contains(got, "status is cleared") || strings.Contains(got, "shows as cleared") || !strings.Contains(got, "cleared") {
			t.Fatalf("%q", got)
		}
	}
	// A state that says the work goes on is news, told as it came.
	f := []fact{{key: "status", words: "status", value: "processing"}, {key: "amount", words: "amount", value: "5"}}
	if _, done := withoutOutcome(f, "process a payment"); done != nil {
		t.Errorf("processing taken for the action done")
	}
}

// An action on one path is told as done to the kind of thing the path is
// ("renamed a file (notes.pdf)"), not to "a file or folder".
func TestOnePathIsToldByItsKind(t *testing.T) {
	tool := &toolv1.Tool{Id: "t1", Name: "renameFile", Description: "Rename a file or folder at the specified path.",
		InputSchemaJson: `{"type":"object","properties":{"file_path":{"type":"string"},"new_name":{"type":"string"}}}`}
	call := &blueprintv1.PlannedCall{Id: "c1", ToolName: "renameFile", Arguments: []*blueprintv1.ArgumentBinding{
		{Param: "file_path", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"notes.pdf"`}}}}}
	for _, got := range answersFor(t, tool, call, map[string]any{"file_path": "notes.pdf"}, `{"success":true}`) {
		if strings.Contains(got, "or folder") || !strings.Contains(got, "a file (notes.pdf)") {
			t.Fatalf("%q", got)
		}
	}
}
