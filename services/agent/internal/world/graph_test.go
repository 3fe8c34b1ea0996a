package world

import (
	"slices"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// The knowledge-graph tools with their fields described, as MCP memory
// servers declare them.
const (
	kgEntity   = `{"type":"object","properties":{"name":{"type":"string","description":"The name of the entity"},"entityType":{"type":"string","description":"The type of the entity"},"observations":{"type":"array","items":{"type":"string"},"description":"An array of observation contents associated with the entity"}},"required":["name","entityType","observations"],"additionalProperties":false}`
	kgRelation = `{"type":"object","properties":{"from":{"type":"string","description":"The name of the entity where the relation starts"},"to":{"type":"string","description":"The name of the entity where the relation ends"},"relationType":{"type":"string","description":"The type of the relation"}},"required":["from","to","relationType"],"additionalProperties":false}`
	kgOut      = `{"type":"object","properties":{"entities":{"type":"array","items":` + kgEntity + `},"relations":{"type":"array","items":` + kgRelation + `}},"required":["entities","relations"]}`
)

// kgTools are a knowledge-graph memory server's.
var kgTools = []*toolv1.Tool{
	{Name: "create_relations", Description: "Create multiple new relations between entities in the knowledge graph. Relations should be in active voice", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + kgRelation + `}},"required":["relations"]}`, OutputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + kgRelation + `}},"required":["relations"]}`},
	{Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: kgOut},
	{Name: "search_nodes", Description: "Search for nodes in the knowledge graph based on a query", InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string","description":"The search query to match against entity names, types, and observation content"}},"required":["query"]}`, OutputSchemaJson: kgOut},
	{Name: "open_nodes", Description: "Open specific nodes in the knowledge graph by their names", InputSchemaJson: `{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"},"description":"An array of entity names to retrieve"}},"required":["names"]}`, OutputSchemaJson: kgOut},
}

// Each opened thing is of the kind its name says, with notes of its own
// that fit that kind; one thing reads the same in every read.
func TestOpenedThingsAreWhatTheirNamesSay(t *testing.T) {
	want := map[string]string{"Project Redwood": "project", "Dow Jones & Co.": "organization", "Gene McLaughlin": "person", "ProPublica": "organization"}
	personal := []string{"Birthday", "Allergic", "Speaks", "Lives in", "Works as", "Favourite"}
	for seed := int64(1); seed <= 20; seed++ {
		w, _ := simWorld(t, kgTools, nil, seed)
		out := callObj(t, w, "open_nodes", `{"names":["Project Redwood","Dow Jones & Co.","Gene McLaughlin","ProPublica"]}`, nil)
		seen := map[string]bool{}
		for name, kind := range want {
			e := entityNamed(out, name)
			if e == nil {
				t.Fatalf("seed %d: %s not opened: %v", seed, name, out)
			}
			if e["entityType"] != kind {
				t.Fatalf("seed %d: %s is a %v, want %s", seed, name, e["entityType"], kind)
			}
			obs := observations(e)
			key := strings.Join(obs, "|")
			if seen[key] {
				t.Fatalf("seed %d: %s has another thing's notes %v", seed, name, obs)
			}
			seen[key] = true
			if kind != "person" {
				for _, o := range obs {
					for _, p := range personal {
						if strings.HasPrefix(o, p) {
							t.Fatalf("seed %d: the %s %s has a person's note %q", seed, kind, name, o)
						}
					}
				}
			}
		}
		again := entityNamed(callObj(t, w, "search_nodes", `{"query":"Redwood"}`, nil), "Project Redwood")
		if again != nil && !slices.Equal(observations(again), observations(entityNamed(out, "Project Redwood"))) {
			t.Fatalf("seed %d: Project Redwood reads %v, then %v", seed, observations(entityNamed(out, "Project Redwood")), observations(again))
		}
	}
}

// Relations connect the things of the graph read: a read of some things
// lists the relations between them only, a read of the whole graph lists
// every thing its relations name.
func TestRelationsConnectTheThingsRead(t *testing.T) {
	for seed := int64(1); seed <= 20; seed++ {
		w, _ := simWorld(t, kgTools, nil, seed)
		callObj(t, w, "create_relations", `{"relations":[{"from":"Ada Quill","relationType":"works_at","to":"ProPublica"}]}`, nil)
		for _, c := range [][2]string{{"open_nodes", `{"names":["Project Redwood","Gene McLaughlin"]}`}, {"search_nodes", `{"query":"Quill"}`}, {"read_graph", `{}`}} {
			out := callObj(t, w, c[0], c[1], nil)
			names := map[string]bool{}
			for _, e := range listed(out, "entities") {
				names[e["name"].(string)] = true
			}
			for _, r := range listed(out, "relations") {
				if !names[r["from"].(string)] || !names[r["to"].(string)] {
					t.Fatalf("seed %d: %s lists the relation %v between things it does not list: %v", seed, c[0], r, out)
				}
			}
			if c[0] == "read_graph" && entityNamed(out, "Ada Quill") == nil {
				t.Fatalf("seed %d: the graph lists Ada Quill's relation but not Ada Quill: %v", seed, out)
			}
		}
	}
}

// A search lists the things that match it: their name, kind or a note
// says what was searched for.
func TestSearchListsWhatMatches(t *testing.T) {
	for seed := int64(1); seed <= 20; seed++ {
		w, _ := simWorld(t, kgTools, nil, seed)
		for _, q := range []string{"person", "Garza", "project"} {
			out := callObj(t, w, "search_nodes", `{"query":"`+q+`"}`, nil)
			for _, e := range listed(out, "entities") {
				if !says(e, q) {
					t.Fatalf("seed %d: a search for %q lists %v", seed, q, e)
				}
			}
		}
	}
}

// A search whose relations a later call reads finds two things and the
// relation between them, each matching the search.
func TestSearchWhoseRelationsAreReadFindsTwo(t *testing.T) {
	w, _ := simWorld(t, kgTools, nil, 1)
	tools := w.tools
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "search_nodes", Arguments: []*blueprintv1.ArgumentBinding{{Param: "query", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"Garza"`}}}},
		{Id: "c2", ToolName: "create_relations", Arguments: []*blueprintv1.ArgumentBinding{{Param: "relations", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$.relations"}}}}},
	}}
	p := plan.New(bp)
	for seed := int64(1); seed <= 20; seed++ {
		w := New(p, tools, SimGenerator{}, nil, seed)
		out := callOut(t, w, "search_nodes", `{"query":"Garza"}`, p.Call("c1"))
		doc, _ := plan.Decode(out)
		m := doc.(map[string]any)
		if len(listed(m, "relations")) == 0 {
			t.Fatalf("seed %d: the relations the plan reads are missing: %s", seed, out)
		}
		for _, e := range listed(m, "entities") {
			if !says(e, "Garza") {
				t.Fatalf("seed %d: the search for Garza lists %v in %s", seed, e, out)
			}
		}
	}
}

// A search for a kind of thing whose links or things a later call reads
// finds more things of that kind, never things of another kind.
func TestSearchForAKindFindsMoreOfIt(t *testing.T) {
	tools := toolsFor(t, kgTools, plan.New(nil))
	for _, read := range []*blueprintv1.PlannedCall{
		{Id: "c2", ToolName: "create_relations", Arguments: []*blueprintv1.ArgumentBinding{{Param: "relations", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$.relations"}}}}},
		{Id: "c2", ToolName: "open_nodes", ForEach: &blueprintv1.CallReference{CallId: "c1", Path: "$.entities"}},
	} {
		for _, q := range []string{"person", "project", "organization"} {
			bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
				{Id: "c1", ToolName: "search_nodes", Arguments: []*blueprintv1.ArgumentBinding{{Param: "query", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"` + q + `"`}}}},
				read,
			}}
			p := plan.New(bp)
			for seed := int64(1); seed <= 20; seed++ {
				w := New(p, tools, SimGenerator{}, nil, seed)
				out := callOut(t, w, "search_nodes", `{"query":"`+q+`"}`, p.Call("c1"))
				doc, _ := plan.Decode(out)
				m := doc.(map[string]any)
				for _, e := range listed(m, "entities") {
					if !says(e, q) {
						t.Fatalf("seed %d: the search for %q lists %v in %s", seed, q, e, out)
					}
				}
			}
		}
	}
}

// A read of the whole graph lists the links the user later asks to delete:
// "pull up the whole graph, then drop the fact that King Ramos works at
// Standard and Poor's" reads a graph holding that fact and both its ends.
func TestWholeGraphHoldsTheLinksTheUserDeletesLater(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: kgOut},
		{Name: "delete_relations", Description: "Delete multiple relations from the knowledge graph", InputSchemaJson: `{"type":"object","properties":{"relations":{"type":"array","items":` + kgRelation + `}},"required":["relations"]}`, OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}}}`},
	}
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "read_graph"},
		{Id: "c2", ToolName: "delete_relations", Arguments: []*blueprintv1.ArgumentBinding{{Param: "relations", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{
			ValueJson: `[{"from":"King Ramos","relationType":"works_at","to":"Standard and Poor's"}]`}}}}},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 10; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "read_graph", `{}`, p.Call("c1"))
		doc, _ := plan.Decode(out)
		m := doc.(map[string]any)
		found := false
		for _, r := range listed(m, "relations") {
			if r["from"] == "King Ramos" && r["to"] == "Standard and Poor's" && r["relationType"] == "works_at" {
				found = true
			}
		}
		if !found || entityNamed(m, "King Ramos") == nil || entityNamed(m, "Standard and Poor's") == nil {
			t.Fatalf("seed %d: the graph lacks the fact the user deletes next: %s", seed, out)
		}
	}
}

// Notes the user deletes later are on the thing before: "go through the
// whole graph, then strike 'Works as a comedian' from Pearl McClure's
// notes" reads a graph holding Pearl McClure with that note, and a read
// after the deletion no longer shows it.
func TestGraphHoldsTheNotesTheUserDeletesLater(t *testing.T) {
	deletion := `{"type":"object","properties":{"entityName":{"type":"string","description":"The name of the entity containing the observations"},"observations":{"type":"array","items":{"type":"string"},"description":"An array of observations to delete"}},"required":["entityName","observations"]}`
	tools := []*toolv1.Tool{
		{Name: "read_graph", Description: "Read the entire knowledge graph", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: kgOut},
		{Name: "delete_observations", Description: "Delete specific observations from entities in the knowledge graph", InputSchemaJson: `{"type":"object","properties":{"deletions":{"type":"array","items":` + deletion + `}},"required":["deletions"]}`, OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}}}`},
		{Name: "open_nodes", Description: "Open specific nodes in the knowledge graph by their names", InputSchemaJson: `{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"},"description":"An array of entity names to retrieve"}},"required":["names"]}`, OutputSchemaJson: kgOut},
	}
	deletions := `[{"entityName":"Pearl McClure","observations":["Works as a comedian"]}]`
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "read_graph"},
		{Id: "c2", ToolName: "delete_observations", ParallelGroup: 1, Arguments: []*blueprintv1.ArgumentBinding{{Param: "deletions", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: deletions}}}}},
		{Id: "c3", ToolName: "open_nodes", ParallelGroup: 2, Arguments: []*blueprintv1.ArgumentBinding{{Param: "names", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `["Pearl McClure"]`}}}},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 10; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "read_graph", `{}`, p.Call("c1"))
		doc, _ := plan.Decode(out)
		pearl := entityNamed(doc.(map[string]any), "Pearl McClure")
		if pearl == nil || !slices.Contains(observations(pearl), "Works as a comedian") {
			t.Fatalf("seed %d: the graph lacks the note the user deletes next: %s", seed, out)
		}
		callOut(t, w, "delete_observations", `{"deletions":`+deletions+`}`, p.Call("c2"))
		later := callOut(t, w, "open_nodes", `{"names":["Pearl McClure"]}`, p.Call("c3"))
		doc, _ = plan.Decode(later)
		after := entityNamed(doc.(map[string]any), "Pearl McClure")
		if after != nil && slices.Contains(observations(after), "Works as a comedian") {
			t.Fatalf("seed %d: the deleted note is still there: %v", seed, after)
		}
	}
}
