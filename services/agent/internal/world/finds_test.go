package world

import (
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// findsPlan reads the whole graph, deletes the links it read, then searches
// for query (in the deletion's turn, group 1, or after it) and deletes the
// links the search finds.
func findsPlan(t *testing.T, query string, group int32) (*plan.Plan, *toolset.Set) {
	t.Helper()
	tools := []*toolv1.Tool{
		{Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: kgOut},
		{Name: "search_nodes", Description: "Search for nodes in the knowledge graph based on a query", InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string","description":"The search query to match against entity names, types, and observation content"}},"required":["query"]}`, OutputSchemaJson: kgOut},
		{Name: "delete_relations", Description: "Delete multiple relations from the knowledge graph", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + kgRelation + `}},"required":["relations"]}`, OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}}}`},
	}
	ref := func(id string) *blueprintv1.ArgumentBinding {
		return &blueprintv1.ArgumentBinding{Param: "relations", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: id, Path: "$.relations"}}}
	}
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "read_graph"},
		{Id: "c2", ToolName: "delete_relations", ParallelGroup: 1, Arguments: []*blueprintv1.ArgumentBinding{ref("c1")}},
		{Id: "c3", ToolName: "search_nodes", ParallelGroup: group, Arguments: []*blueprintv1.ArgumentBinding{{Param: "query", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"` + query + `"`}}}}},
		{Id: "c4", ToolName: "delete_relations", ParallelGroup: 3, Arguments: []*blueprintv1.ArgumentBinding{ref("c3")}},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, tools, p)
	return p, ts
}

// A search after the whole graph was read finds only things that read
// listed ("bring up everything in the graph, then see what turns up for
// Lopez" read a graph without Enrique Lopez, whom the search found), and
// never a link the user deleted since.
func TestWholeGraphHoldsWhatLaterSearchesFind(t *testing.T) {
	for i, q := range []string{"Lopez", "person", "project", "Thornton"} {
		p, ts := findsPlan(t, q, int32(1+i%2))
		for seed := int64(1); seed <= 10; seed++ {
			w := New(p, ts, SimGenerator{}, nil, seed)
			graph := callObj(t, w, "read_graph", `{}`, p.Call("c1"))
			rels := plan.Canonical(graph["relations"])
			callOut(t, w, "delete_relations", `{"relations":`+rels+`}`, p.Call("c2"))
			found := callObj(t, w, "search_nodes", `{"query":"`+q+`"}`, p.Call("c3"))
			for _, e := range listed(found, "entities") {
				if entityNamed(graph, e["name"].(string)) == nil {
					t.Fatalf("%q seed %d: the search found %v, which the whole graph read lacked: %v", q, seed, e["name"], graph["entities"])
				}
			}
			for _, r := range listed(found, "relations") {
				for _, g := range listed(graph, "relations") {
					if plan.Canonical(r) == plan.Canonical(g) {
						t.Fatalf("%q seed %d: the search found %v, deleted since", q, seed, r)
					}
				}
			}
		}
	}
}
