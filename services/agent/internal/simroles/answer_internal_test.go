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

// A whole read whose list runs long (seven entities, six relations) is
// told by its counts and first names, not replaced by its first field
// ("read_graph also gave entity type person"), and a deletion's "Relations
// deleted successfully." is not repeated after "I deleted the relations".
func TestAnswerTellsALongListAndNoRestatedConfirmation(t *testing.T) {
	graph := `{"entities":[{"entityType":"person","name":"Pierce Robinson","observations":["Allergic to shellfish","Joined in 2023"]},{"entityType":"organization","name":"Vital Axiom | Niinja","observations":["Main contact is Kurtis Vega","Uses SAP internally"]},{"entityType":"person","name":"Anna Hammond","observations":["Met at the Milwaukee conference","Lives in St. Paul","Joined in 2024"]},{"entityType":"organization","name":"National Van Lines","observations":["Founded in 2015","Has about 70 employees"]},{"entityType":"person","name":"Dorothy Leonard","observations":["Joined in 2015","Met at the Wichita conference"]},{"entityType":"person","name":"Roberta Lind","observations":["Allergic to shellfish","Works as a painter"]},{"entityType":"project","name":"Project Orion","observations":["Budget is 109k USD"]}],"relations":[{"from":"Roberta Lind","relationType":"reports_to","to":"Pierce Robinson"},{"from":"Vital Axiom | Niinja","relationType":"sponsors","to":"Project Orion"},{"from":"Pierce Robinson","relationType":"leads","to":"Project Orion"},{"from":"Anna Hammond","relationType":"reports_to","to":"Dorothy Leonard"},{"from":"Dorothy Leonard","relationType":"advises","to":"National Van Lines"},{"from":"Anna Hammond","relationType":"advises","to":"National Van Lines"}]}`
	del := `{"message":"Relations deleted successfully.","success":true}`
	bp := &blueprintv1.Blueprint{Intents: []string{"bring up the graph, then clear out several relations, and wrap everything into a single overview"},
		Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "read_graph", Intent: 0}, {Id: "c2", ToolName: "delete_relations", Intent: 0}}}
	var g, d any
	_ = json.Unmarshal([]byte(graph), &g)
	_ = json.Unmarshal([]byte(del), &d)
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "delete_relations", Description: "Delete multiple relations from the knowledge graph", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":{"type":"object"}}}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": {Outputs: []any{g}, Contents: []string{graph}}, "c2": {Outputs: []any{d}, Contents: []string{del}}}}
	for seed := range uint64(6) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		if !strings.Contains(got, "7 entities (Pierce Robinson") || !strings.Contains(got, "6 relations (") {
			t.Errorf("seed %d: the graph read is not told: %q", seed, got)
		}
		if strings.Contains(got, "entity type") || strings.Contains(got, "deleted successfully") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// Two files a request compares are compared even when the request asked for
// something else beside them (a folder made first).
func TestAnswerComparesBesideOtherResults(t *testing.T) {
	mk := `{"content":"Successfully created directory /home/ana/archive"}`
	a := `{"content":"/home/ana/notes/a.log:\n2025-03-26 11:50:07 INFO  job finished\n2025-03-26 11:57:41 ERROR failed to parse line 176\n"}`
	b := `{"content":"/home/ana/notes/b.md:\n# B\n\nOwner: Ana Ruiz\n\n## Summary\nTwo of the five milestones are done.\n"}`
	bp := &blueprintv1.Blueprint{Intents: []string{"make /home/ana/archive, open /home/ana/notes/a.log and again for /home/ana/notes/b.md, and tell me how they compare"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls:  []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "create_directory"}, {Id: "c2", ToolName: "read_multiple_files"}, {Id: "c3", ToolName: "read_multiple_files"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "create_directory", Description: "Create a new directory", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}}}`},
		{Id: "t2", Name: "read_multiple_files", Description: "Read the contents of multiple files simultaneously", InputSchemaJson: `{"type":"object","properties":{"paths":{"type":"array","items":{"type":"string"}}}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]*rollout.Realised{}
	for id, raw := range map[string]string{"c1": mk, "c2": a, "c3": b} {
		var out any
		_ = json.Unmarshal([]byte(raw), &out)
		done[id] = &rollout.Realised{Outputs: []any{out}, Contents: []string{raw}}
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: done}
	for seed := range uint64(6) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		if !strings.Contains(got, "The longer one is") {
			t.Errorf("seed %d: no comparison: %q", seed, got)
		}
	}
}

// What a search found is told as found ("A search for Mann turned up 2
// entities"), not "For Mann, 2 entities".
func TestAnswerTellsASearchAsFound(t *testing.T) {
	out := `{"entities":[{"entityType":"person","name":"Joan Mann","observations":["Speaks Spanish"]},{"entityType":"organization","name":"Noesis","observations":["Founded in 2004"]}],"relations":[]}`
	bp := &blueprintv1.Blueprint{Intents: []string{"look up Mann"},
		Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "search_nodes", Arguments: []*blueprintv1.ArgumentBinding{
			{Param: "query", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"Mann"`, Description: "query"}}}}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "search_nodes", Description: "Search for nodes in the knowledge graph based on a query",
		InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string"}}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	var o any
	_ = json.Unmarshal([]byte(out), &o)
	s := &rollout.State{Plan: pl, Tools: ts,
		Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "call_1", Function: llm.FunctionCall{Name: "search_nodes", Arguments: `{"query":"Mann"}`}}}}},
		Done:     map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{o}, Contents: []string{out}}}}
	found := 0
	for seed := range uint64(30) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		if strings.Contains(got, "For Mann,") {
			t.Fatalf("seed %d: %q", seed, got)
		}
		if strings.Contains(got, "search for Mann") || strings.Contains(got, "Searching for Mann") {
			found++
		}
	}
	if found == 0 {
		t.Fatal("no answer told the search by what it looked for")
	}
}

// Only the answer a plan's aggregation is for brings results together: an
// earlier intent's answer does not quote a bare "Success" to draw on two
// results ("… I deleted the 2 relations. The service confirmed: Success").
func TestOnlyTheAggregateIntentsAnswerAggregates(t *testing.T) {
	graph := `{"entities":[{"entityType":"person","name":"River Clayton","observations":["Prefers email"]},{"entityType":"organization","name":"Ecodesk","observations":["Founded in 1995"]}],"relations":[{"from":"River Clayton","relationType":"works_at","to":"Ecodesk"}]}`
	ok := `{"message":"Success","success":true}`
	node := `{"entities":[{"entityType":"person","name":"Damon Jackson","observations":["Speaks Japanese"]}],"relations":[]}`
	bp := &blueprintv1.Blueprint{Intents: []string{"go through the graph, then delete a few relations", "open Eden Garrison, then the same for Damon Jackson, and put the two side by side"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "read_graph"}, {Id: "c2", ToolName: "delete_relations"},
			{Id: "c3", ToolName: "open_nodes", Intent: 1}, {Id: "c4", ToolName: "open_nodes", Intent: 1}, {Id: "c5", ToolName: "open_nodes", Intent: 1}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "delete_relations", Description: "Delete multiple relations from the knowledge graph", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":{"type":"object"}}}}`},
		{Id: "t3", Name: "open_nodes", Description: "Open specific nodes in the knowledge graph by their names", InputSchemaJson: `{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"}}}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]*rollout.Realised{}
	for id, raw := range map[string]string{"c1": graph, "c2": ok, "c3": node, "c4": node, "c5": node} {
		var out any
		_ = json.Unmarshal([]byte(raw), &out)
		done[id] = &rollout.Realised{Outputs: []any{out}, Contents: []string{raw}}
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: done}
	for seed := range uint64(20) {
		if got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content; strings.Contains(got, "Success") {
			t.Fatalf("seed %d: %q", seed, got)
		}
	}
}

// Two record results compared ("put the two side by side") are compared
// by what they hold, not told one after the other.
func TestTwoRecordResultsAreCompared(t *testing.T) {
	two := `{"entities":[{"entityType":"person","name":"Eden Garrison","observations":["Lives in Tampa"]},{"entityType":"organization","name":"Kroll Bond Ratings Agency","observations":["Founded in 2009"]}],"relations":[{"from":"Eden Garrison","relationType":"works_at","to":"Kroll Bond Ratings Agency"}]}`
	one := `{"entities":[{"entityType":"person","name":"Damon Jackson","observations":["Speaks Japanese"]}],"relations":[]}`
	var a, b any
	_ = json.Unmarshal([]byte(two), &a)
	_ = json.Unmarshal([]byte(one), &b)
	got := comparison(rand.New(rand.NewPCG(1, 1)), []result{{call: &blueprintv1.PlannedCall{Id: "c1", ToolName: "open_nodes"}, out: a}, {call: &blueprintv1.PlannedCall{Id: "c2", ToolName: "open_nodes"}, out: b}})
	if got != "The first has 2 entities (Eden Garrison and Kroll Bond Ratings Agency); the second has 1 entity (Damon Jackson). They have none in common. The first has more." {
		t.Errorf("compared as %q", got)
	}
	// What both hold and what only one does is said.
	var c any
	_ = json.Unmarshal([]byte(`{"entities":[{"entityType":"person","name":"Eden Garrison","observations":["Lives in Tampa"]},{"entityType":"person","name":"Damon Jackson","observations":["Speaks Japanese"]}],"relations":[]}`), &c)
	got = comparison(rand.New(rand.NewPCG(1, 1)), []result{{call: &blueprintv1.PlannedCall{Id: "c1", ToolName: "open_nodes"}, out: a}, {call: &blueprintv1.PlannedCall{Id: "c2", ToolName: "open_nodes"}, out: c}})
	if !strings.Contains(got, "Both hold Eden Garrison. Only the first has Kroll Bond Ratings Agency. Only the second has Damon Jackson.") {
		t.Errorf("compared as %q", got)
	}
}

// Two records are never compared on their ids ("the message ID is 72828
// for the first and 59712 for the second; the first is higher"): an id is
// a name, not an amount.
func TestRecordsAreNotComparedOnIDs(t *testing.T) {
	var a, b any
	_ = json.Unmarshal([]byte(`{"message_id":72828,"orderId":5,"status":"open"}`), &a)
	_ = json.Unmarshal([]byte(`{"message_id":59712,"orderId":9,"status":"delivered"}`), &b)
	for seed := range uint64(8) {
		got := comparison(rand.New(rand.NewPCG(seed, 1)), []result{{call: &blueprintv1.PlannedCall{Id: "c1", ToolName: "place_order"}, out: a}, {call: &blueprintv1.PlannedCall{Id: "c2", ToolName: "place_order"}, out: b}})
		if strings.Contains(got, "72828") || strings.Contains(got, "order ID") || !strings.Contains(got, "delivered") {
			t.Errorf("seed %d: compared as %q", seed, got)
		}
	}
}

// Two records compared say what both have and where they differ, not one
// field alone ("the priority is 5 for 1498 and 5 for 58721. They are the
// same.").
func TestRecordsComparedByWhatTheyShareAndWhereTheyDiffer(t *testing.T) {
	a, _ := plan.Decode(`{"created_by":"delilah.heller","id":1498,"priority":5,"status":"in_progress","title":"Charged twice for my May subscription"}`)
	b, _ := plan.Decode(`{"created_by":"hallen","id":58721,"priority":5,"status":"in_progress","title":"Delivery to Las Vegas is two weeks late"}`)
	call := func(id string) *blueprintv1.PlannedCall {
		return &blueprintv1.PlannedCall{Id: id, ToolName: "get_ticket"}
	}
	for seed := range uint64(8) {
		got := comparison(rand.New(rand.NewPCG(seed, 1)), []result{{call: call("c1"), out: a}, {call: call("c2"), out: b}})
		if !strings.HasPrefix(got, "Both have status in_progress and priority 5. They differ on title") {
			t.Errorf("seed %d: compared as %q", seed, got)
		}
	}
}

// A request for one combined summary is answered with the overall picture
// first, then the specifics that quote what came back: not a list of
// sentences one per call.
func TestAggregateAnswerLeadsWithTheOverallPicture(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"look up the order, cancel the other one, and give me one combined summary"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls:  []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "get_order"}, {Id: "c2", ToolName: "cancel_order"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "get_order", Description: "Get the details of an order", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"}}}`},
		{Id: "t2", Name: "cancel_order", Description: "Cancel an order", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"}}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]*rollout.Realised{}
	for id, raw := range map[string]string{"c1": `{"order_id":"ORD-5531","status":"shipped","amount":112.5}`, "c2": `{"order_id":"ORD-7710","status":"cancelled"}`} {
		var out any
		_ = json.Unmarshal([]byte(raw), &out)
		done[id] = &rollout.Realised{Outputs: []any{out}, Contents: []string{raw}}
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: done}
	for seed := range uint64(8) {
		m := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true})
		if got := m.Content; !strings.Contains(got, "one lookup and one change") || !strings.Contains(got, "ORD-5531") {
			t.Errorf("seed %d: %q: want the overall picture, then the specifics", seed, got)
		}
		if !strings.Contains(m.ReasoningContent, "overall picture") && !strings.Contains(m.ReasoningContent, "how it all went") {
			t.Errorf("seed %d: reasoning %q does not plan the combined answer", seed, m.ReasoningContent)
		}
	}
}
