package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// A search for one common word ("person", a kind of entity) is asked as a
// search for that term ("search for "person""), not as if the word were a
// name ("look up person").
func TestSearchForACommonWordSaysTheTerm(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_kg", Domain: "agent_memory", Tools: []*toolv1.Tool{
		{Id: "t_search", Name: "search_records", Service: "notes", Domain: "agent_memory",
			Description:     "Find entities in the knowledge graph that match a query",
			InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string","description":"The search query: words to match against entity names, types and observations"}},"required":["query"]}`},
	}}
	terms := 0
	for seed := range int64(60) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				if u == nil || u.GetWithholdUntilAsked() {
					continue
				}
				q := strings.Trim(u.GetValueJson(), `"`)
				if strings.ToLower(q) != q || strings.Contains(q, " ") {
					continue
				}
				terms++
				in := bp.GetIntents()[0]
				if !strings.Contains(in, `"`+q+`"`) {
					t.Errorf("seed %d: the term %q is said bare: %q", seed, q, in)
				}
			}
		}
	}
	if terms == 0 {
		t.Fatal("no plan searches for a common word")
	}
}
