package world

import (
	"slices"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A knowledge-graph store of the kind MCP memory servers are: entities
// known by name, relations known by what they say, observations a list of
// strings on an entity.
const (
	graphEntity   = `{"type":"object","properties":{"name":{"type":"string"},"entityType":{"type":"string"},"observations":{"type":"array","items":{"type":"string"}}},"required":["name","entityType","observations"]}`
	graphRelation = `{"type":"object","properties":{"from":{"type":"string"},"to":{"type":"string"},"relationType":{"type":"string"}},"required":["from","to","relationType"]}`
	graphOut      = `{"type":"object","properties":{"entities":{"type":"array","items":` + graphEntity + `},"relations":{"type":"array","items":` + graphRelation + `}},"required":["entities","relations"]}`
	doneOut       = `{"type":"object","properties":{"success":{"type":"boolean"},"message":{"type":"string"}},"required":["success"]}`
)

var graphTools = []*toolv1.Tool{
	{Name: "create_entities", Description: "Create multiple new entities in the knowledge graph", InputSchemaJson: `{"type":"object","properties":{"entities":{"type":"array","items":` + graphEntity + `}},"required":["entities"]}`, OutputSchemaJson: `{"type":"object","properties":{"entities":{"type":"array","items":` + graphEntity + `}}}`},
	{Name: "create_relations", Description: "Create multiple new relations between entities", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + graphRelation + `}},"required":["relations"]}`, OutputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + graphRelation + `}}}`},
	{Name: "add_observations", Description: "Add new observations to existing entities", InputSchemaJson: `{"type":"object","properties":{"observations":{"type":"array","items":{"type":"object","properties":{"entityName":{"type":"string"},"contents":{"type":"array","items":{"type":"string"}}},"required":["entityName","contents"]}}},"required":["observations"]}`, OutputSchemaJson: doneOut},
	{Name: "delete_entities", Description: "Delete multiple entities and their associated relations", InputSchemaJson: `{"type":"object","properties":{"entityNames":{"type":"array","items":{"type":"string"}}},"required":["entityNames"]}`, OutputSchemaJson: doneOut},
	{Name: "delete_observations", Description: "Delete specific observations from entities", InputSchemaJson: `{"type":"object","properties":{"deletions":{"type":"array","items":{"type":"object","properties":{"entityName":{"type":"string"},"observations":{"type":"array","items":{"type":"string"}}},"required":["entityName","observations"]}}},"required":["deletions"]}`, OutputSchemaJson: doneOut},
	{Name: "delete_relations", Description: "Delete multiple relations", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + graphRelation + `}},"required":["relations"]}`, OutputSchemaJson: doneOut},
	{Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: graphOut},
	{Name: "search_nodes", Description: "Search for nodes based on a query", InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}`, OutputSchemaJson: graphOut},
	{Name: "open_nodes", Description: "Open specific nodes by their names", InputSchemaJson: `{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"}}},"required":["names"]}`, OutputSchemaJson: graphOut},
}

// listed is an output list's items.
func listed(m map[string]any, k string) []map[string]any {
	var out []map[string]any
	for _, it := range m[k].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func entityNamed(m map[string]any, name string) map[string]any {
	for _, e := range listed(m, "entities") {
		if e["name"] == name {
			return e
		}
	}
	return nil
}

func observations(e map[string]any) []string {
	var out []string
	for _, o := range e["observations"].([]any) {
		out = append(out, o.(string))
	}
	return out
}

// Later reads show what earlier writes did: a created entity is in the
// graph with its observations, added observations are there and deleted
// ones gone, a deleted relation is not listed again, and a deleted entity
// is gone with the relations that name it.
func TestLaterReadsShowEarlierWrites(t *testing.T) {
	for seed := int64(1); seed <= 20; seed++ {
		w, _ := simWorld(t, graphTools, nil, seed)
		callObj(t, w, "create_entities", `{"entities":[{"name":"Ada Quill","entityType":"person","observations":["Speaks Welsh"]}]}`, nil)
		ada := entityNamed(callObj(t, w, "read_graph", `{}`, nil), "Ada Quill")
		if ada == nil || !slices.Equal(observations(ada), []string{"Speaks Welsh"}) {
			t.Fatalf("seed %d: read_graph after create_entities shows Ada Quill as %v", seed, ada)
		}
		if entityNamed(callObj(t, w, "search_nodes", `{"query":"Quill"}`, nil), "Ada Quill") == nil {
			t.Fatalf("seed %d: search_nodes does not find the created entity", seed)
		}

		callObj(t, w, "add_observations", `{"observations":[{"entityName":"Ada Quill","contents":["Joined in 2021"]}]}`, nil)
		callObj(t, w, "delete_observations", `{"deletions":[{"entityName":"Ada Quill","observations":["Speaks Welsh"]}]}`, nil)
		ada = entityNamed(callObj(t, w, "open_nodes", `{"names":["Ada Quill"]}`, nil), "Ada Quill")
		if ada == nil || !slices.Equal(observations(ada), []string{"Joined in 2021"}) {
			t.Fatalf("seed %d: open_nodes after add and delete of observations shows %v", seed, ada)
		}

		graph := callObj(t, w, "read_graph", `{}`, nil)
		rels := listed(graph, "relations")
		if len(rels) == 0 {
			continue
		}
		gone := rels[0]
		callObj(t, w, "delete_relations", `{"relations":[`+plan.Canonical(gone)+`]}`, nil)
		for _, r := range listed(callObj(t, w, "read_graph", `{}`, nil), "relations") {
			if plan.Canonical(r) == plan.Canonical(gone) {
				t.Fatalf("seed %d: read_graph still lists the deleted relation %v", seed, gone)
			}
		}

		callObj(t, w, "create_relations", `{"relations":[{"from":"Ada Quill","to":"Bo Lind","relationType":"knows"}]}`, nil)
		callObj(t, w, "delete_entities", `{"entityNames":["Ada Quill"]}`, nil)
		after := callObj(t, w, "read_graph", `{}`, nil)
		if entityNamed(after, "Ada Quill") != nil {
			t.Fatalf("seed %d: read_graph still lists the deleted entity: %v", seed, after)
		}
		for _, r := range listed(after, "relations") {
			if r["from"] == "Ada Quill" || r["to"] == "Ada Quill" {
				t.Fatalf("seed %d: a relation of the deleted entity is still listed: %v", seed, r)
			}
		}
		if len(listed(callObj(t, w, "open_nodes", `{"names":["Ada Quill"]}`, nil), "entities")) != 0 {
			t.Fatalf("seed %d: open_nodes opens a deleted entity", seed)
		}
	}
}

// Calls of one turn run together: a read in the turn of a delete does not
// see it yet.
func TestChangesOfOneTurnAreNotSeenInIt(t *testing.T) {
	w, _ := simWorld(t, graphTools, nil, 3)
	callObj(t, w, "create_entities", `{"entities":[{"name":"Ada Quill","entityType":"person","observations":["Speaks Welsh"]}]}`, nil)
	w.recordChanges(w.tools.Get("delete_entities"), map[string]any{"entityNames": []any{"Ada Quill"}}, 4, "d")
	doc, _ := plan.Decode(`{"entities":[{"name":"Ada Quill","entityType":"person","observations":["x"]}],"relations":[]}`)
	same := w.applyChanges(w.tools.Get("open_nodes"), map[string]any{"names": []any{"Ada Quill"}}, doc.(map[string]any), 4)
	if entityNamed(same, "Ada Quill") == nil {
		t.Fatal("a read in the delete's own turn already misses the entity")
	}
	doc, _ = plan.Decode(`{"entities":[{"name":"Ada Quill","entityType":"person","observations":["x"]}],"relations":[]}`)
	later := w.applyChanges(w.tools.Get("open_nodes"), map[string]any{"names": []any{"Ada Quill"}}, doc.(map[string]any), 5)
	if entityNamed(later, "Ada Quill") != nil {
		t.Fatal("a read of a later turn still shows the deleted entity")
	}
}

// A list a later call reads is never emptied by earlier deletes: it lists
// other items, not the deleted ones.
func TestChangesKeepWhatThePlanReads(t *testing.T) {
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "read_graph"},
		{Id: "c2", ToolName: "delete_relations", Arguments: []*blueprintv1.ArgumentBinding{{Param: "relations", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$.relations"}}}}},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, graphTools, p)
	for seed := int64(1); seed <= 10; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		first := callOut(t, w, "read_graph", `{}`, p.Call("c1"))
		doc, _ := plan.Decode(first)
		rels := doc.(map[string]any)["relations"]
		callObj(t, w, "delete_relations", `{"relations":`+plan.Canonical(rels)+`}`, nil)
		again := callOut(t, w, "read_graph", `{}`, p.Call("c1"))
		doc, _ = plan.Decode(again)
		after := doc.(map[string]any)["relations"].([]any)
		if len(after) == 0 {
			t.Fatalf("seed %d: the relations the plan reads are gone: %s", seed, again)
		}
		for _, r := range after {
			if slices.ContainsFunc(rels.([]any), func(x any) bool { return plan.Canonical(x) == plan.Canonical(r) }) {
				t.Fatalf("seed %d: a deleted relation is listed again: %s", seed, again)
			}
		}
	}
}

// The lines of an order are not orders: a list argument with a generic
// name is no list of things created.
func TestGenericListsAreNotCreatedThings(t *testing.T) {
	w, _ := simWorld(t, graphTools, nil, 1)
	order := &toolset.Tool{Name: "create_order"}
	if w.recordChanges(order, map[string]any{"items": []any{map[string]any{"sku": "A-1", "quantity": 2}}}, 0, "o") {
		t.Fatal("the lines of an order were recorded as created orders")
	}
	if !w.recordChanges(w.tools.Get("create_relations"), map[string]any{"relations": []any{map[string]any{"from": "A", "to": "B", "relationType": "knows"}}}, 0, "r") {
		t.Fatal("created relations were not recorded")
	}
}
