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

// oneAnswers answers one call of a tool described by desc that returned
// reply, under n seeds.
func oneAnswers(t *testing.T, desc, reply string, n uint64) []string {
	t.Helper()
	return oneAnswersWith(t, desc, "{}", reply, n)
}

// oneAnswersWith is oneAnswers for a call made with the arguments args.
func oneAnswersWith(t *testing.T, desc, args, reply string, n uint64) []string {
	t.Helper()
	bp := &blueprintv1.Blueprint{Intents: []string{desc}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "do_it"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "do_it", Description: desc, InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	out, err := plan.Decode(reply)
	if err != nil {
		t.Fatal(err)
	}
	s := &rollout.State{Plan: pl, Tools: ts,
		Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "call_1", Function: llm.FunctionCall{Name: "do_it", Arguments: args}}}}},
		Done:     map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}, Contents: []string{reply}}}}
	var got []string
	for seed := range n {
		got = append(got, answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content)
	}
	return got
}

// A yes/no field is told as the fact it states: the flag that says the
// action went through as the action done ("I deleted …", not "deleted:
// yes", "sent status: yes"), one that says nothing went wrong not at all
// ("error: no"), any other as a statement ("it can drive", not "can drive:
// yes").
func TestFlagsAreToldAsFacts(t *testing.T) {
	cases := []struct {
		desc, reply string
		want        []string
		not         []string
	}{
		{"Delete a bundle", `{"bundle_id":"1522779","deleted":true}`, []string{"bundle"}, []string{": yes", "deleted: "}},
		{"Delete the latest message sent", `{"deleted_status":true,"message":"OK","receiver_id":"REC-43307"}`, []string{"latest message sent"}, []string{"status", ": yes", "message is OK", "message OK"}},
		{"Send a message to a user", `{"message":"See you at noon.","message_id":14311,"sent_status":true}`, []string{"14311", "sent"}, []string{"sent status", ": yes"}},
		{"Delete a bundle", `{"bundle_id":"1522779","deleted":false}`, []string{"1522779"}, []string{": no", "deleted: ", "Delete a bundle was"}},
		{"Get the login status of the currently authenticated user", `{"login_status":false}`, []string{"login status"}, []string{"did not go through", "refused"}},
		{"Look up a product", `{"in_stock":false,"name":"Desk lamp","price":19.5}`, []string{"not in stock"}, []string{"in stock: no"}},
		{"Estimate whether the vehicle can drive a distance on its mileage", `{"canDrive":true}`, []string{"can drive"}, []string{": yes"}},
		{"Look up a user's notifications", `{"error":false,"items":[{"name":"Sales notification"},{"name":"Research notification"}],"success":true}`, []string{"Sales notification"}, []string{"error", ": yes", ": no"}},
	}
	for _, c := range cases {
		for i, got := range oneAnswers(t, c.desc, c.reply, 12) {
			for _, w := range c.want {
				if !strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("%s, seed %d: %q lacks %q", c.desc, i, got, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q reads %q", c.desc, i, got, w)
				}
			}
		}
	}
}

// A result is never named by a machine's id the call was made with ("For
// 56b2ad65-73fe-4e65-bb30-dc71d9193a82, the price is …", "I logged in a
// user (13e58e81-…)").
func TestResultsAreNotNamedByMachineIDs(t *testing.T) {
	id := "56b2ad65-73fe-4e65-bb30-dc71d9193a82"
	bp := &blueprintv1.Blueprint{Intents: []string{"show expense line " + id},
		Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "show_line", Arguments: []*blueprintv1.ArgumentBinding{
			{Param: "line_id", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"` + id + `"`, Description: "expense line ID"}}}}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "show_line", Description: "Show an expense line",
		InputSchemaJson: `{"type":"object","properties":{"line_id":{"type":"string"}}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	reply := `{"buying_price":639.21,"selling_price":786.23,"label":"Desk lamp"}`
	out, _ := plan.Decode(reply)
	s := &rollout.State{Plan: pl, Tools: ts,
		Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "call_1", Function: llm.FunctionCall{Name: "show_line", Arguments: `{"line_id":"` + id + `"}`}}}}},
		Done:     map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}, Contents: []string{reply}}}}
	for seed := range uint64(20) {
		if got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content; strings.Contains(got, id) {
			t.Fatalf("seed %d: %q", seed, got)
		}
	}
}

// A result is told as a person passes it on: a lookup by what it found,
// not as an action done ("Showed the file — done"), its state as found, not
// as changed ("it is pending now"); a machine's id beside other news not
// at all, one value not twice; a 1 or 0 that says whether it worked as the
// flag it is ("success 1"); an action done to several things as done to
// them, not as "2 results".
func TestResultsReadAsPassedOn(t *testing.T) {
	cases := []struct {
		desc, args, reply string
		want, not         []string
	}{
		{"Show a file", `{}`, `{"file_name":"analysis.csv","size_bytes":579,"success":true}`, []string{"analysis.csv"}, []string{"— done", "went through", "success"}},
		{"Get OVAL definitions", `{}`, `{"status":"pending"}`, []string{"pending"}, []string{" now"}},
		{"Start a voice broadcast", `{}`, `{"id":"ab7ee8e9-ba8d-4e1c-b333-b8eab4a228c3","name":"Training broadcast","status":"pending"}`, []string{"Training broadcast"}, []string{"ab7ee8e9"}},
		{"Archive a text broadcast", `{}`, `{"broadcast_id":94867,"id":94867,"name":"Payroll broadcast"}`, []string{"Payroll broadcast"}, []string{"94867 and", "the ID is 94867"}},
		{"Rename a file or folder", `{}`, `{"error":0,"success":1,"url":"https://files.example.com/a"}`, []string{"files.example.com"}, []string{"success 1", "error", "success is 1"}},
		{"Add new observations to existing entities in the knowledge graph", `{}`, `[{"addedObservations":["Likes tea"],"entityName":"Jodie Schultz"},{"addedObservations":["Founded in 1888"],"entityName":"McGraw Hill Financial"}]`, []string{"2 observations to Jodie Schultz and McGraw Hill Financial"}, []string{"2 results", "2 entries", "existing entities"}},
	}
	for _, c := range cases {
		for i, got := range oneAnswersWith(t, c.desc, c.args, c.reply, 12) {
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q lacks %q", c.desc, i, got, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("%s, seed %d: %q reads %q", c.desc, i, got, w)
				}
			}
		}
	}
}

// A state that says the action was done ("removed" after removing) is the
// confirmation, not news ("Removed a stock: it is removed now").
func TestAStateRestatingTheActionIsTheConfirmation(t *testing.T) {
	for i, got := range oneAnswers(t, "Remove a stock from the watchlist", `{"status":"removed","symbol":"IBM"}`, 12) {
		if strings.Contains(got, "removed now") || strings.Contains(got, "now removed") || strings.Contains(got, "shows as removed") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	// Alone, it is what the answer draws on: said once, as it came, never
	// read back after the confirmation ("Removed an entry — done. Its
	// reply: removed.").
	for i, got := range oneAnswers(t, "Remove an entry", `{"status":"removed"}`, 12) {
		if !strings.Contains(got, "removed") || strings.Contains(got, "reply: removed") || strings.Contains(got, "confirmed: removed") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// The calls of an iteration tell their flags as the rest of an answer
// does: an action that went through as done, not "authentication status
// yes".
func TestIterationTellsFlagsAsFacts(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"authenticate each commenter"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "authenticate"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "authenticate", Description: "Authenticate a user with username and password", InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := plan.Decode(`{"authentication_status":true}`)
	s := &rollout.State{Plan: pl, Tools: ts}
	rs := []result{{call: pl.Call("c1"), out: out, args: map[string]any{"username": "molly39"}}, {call: pl.Call("c1"), k: 1, out: out, args: map[string]any{"username": "lester.whitney"}}}
	got := iterationSentence(s, rand.New(rand.NewPCG(1, 1)), rs, map[string]bool{})
	if strings.Contains(got, "status") || !strings.Contains(got, "done") {
		t.Errorf("%q", got)
	}
}

// Two lists of amounts are compared by their counts only: prices share
// none by chance, and "about 1 times as much" says nothing.
func TestAmountsAreNotComparedAsNames(t *testing.T) {
	a, _ := plan.Decode(`{"travel_costs":[152.66,665.54]}`)
	b, _ := plan.Decode(`{"travel_costs":[220.67,745.25]}`)
	c, _ := plan.Decode(`{"total":211}`)
	d, _ := plan.Decode(`{"total":218}`)
	call := func(id string) *blueprintv1.PlannedCall {
		return &blueprintv1.PlannedCall{Id: id, ToolName: "get_cost"}
	}
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 1))
		if got := comparison(r, []result{{call: call("c1"), out: a}, {call: call("c2"), out: b}}); strings.Contains(got, "in common") {
			t.Errorf("seed %d: %q", seed, got)
		}
		if got := comparison(r, []result{{call: call("c1"), out: c}, {call: call("c2"), out: d}}); strings.Contains(got, "about 1 times") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// An answer names the tool a result came from only when its name is plain
// words; an operation id ("v1.bundles.bundle_id.get", "getBundle") is "the
// service".
func TestOperationIDsAreNotReadOut(t *testing.T) {
	for _, name := range []string{"v1.bundles.bundle_id.get", "getBundle"} {
		bp := &blueprintv1.Blueprint{Intents: []string{"show the bundle"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: name}}}
		pl := plan.New(bp)
		ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: name, Description: "Show a bundle", InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := plan.Decode(`{"name":"Cedar lantern","size":"12 MB","tracks":14}`)
		s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": {Outputs: []any{out}}}}
		for seed := range uint64(30) {
			if got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content; strings.Contains(got, name) {
				t.Fatalf("seed %d: %q", seed, got)
			}
		}
	}
	if spokenTool("read_graph") != "read_graph" {
		t.Error("a plain name is said as it is")
	}
}

// An action done to two things is said of "both" about half the time, of
// "the 2" otherwise: one wording in every such answer is a formula.
func TestTwoThingsAreSometimesBoth(t *testing.T) {
	args := `{"relations":[{"from":"Ana Ruiz","relationType":"knows","to":"Ben Ode"},{"from":"Ben Ode","relationType":"leads","to":"Apollo"}]}`
	both, two := 0, 0
	for _, got := range oneAnswersWith(t, "Delete multiple relations from the knowledge graph", args, `{"success":true}`, 40) {
		both += strings.Count(got, " both relations")
		two += strings.Count(got, " the 2 relations")
	}
	if both == 0 || two == 0 {
		t.Errorf("both %d times, the 2 %d times", both, two)
	}
}

// When something happened is said "on" its date ("deleted on 2025-02-01
// at 17:45 UTC", "completed on …"), and a list after a confirmation is
// said to be what came back, not left as "3 entries (…)." alone, nor as
// "the reply lists", which no one says of what they did.
func TestDatesAndListsAfterAConfirmationRead(t *testing.T) {
	for i, got := range oneAnswers(t, "Show an expense line", `{"buying_price":639.21,"completed_at":"2025-02-10T13:30:00Z","deleted":"2025-02-01T17:45:00Z"}`, 12) {
		if strings.Contains(got, "deleted 2025") || strings.Contains(got, "completed at 2025") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	for i, got := range oneAnswers(t, "Delete an invoice line", `{"lines":[{"name":"Cobalt Tape"},{"name":"Fine Ice Cream Maker"}],"success":true}`, 12) {
		if !strings.Contains(got, "ack came 2 lines (Cobalt Tape and Fine Ice Cream Maker).") && !strings.Contains(got, "t came back with 2 lines (Cobalt Tape and Fine Ice Cream Maker).") || strings.Contains(got, "reply lists") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}
