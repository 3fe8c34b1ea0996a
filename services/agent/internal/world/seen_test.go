package world

import (
	"slices"
	"testing"
)

// A graph is one graph for the whole conversation: a read of the whole
// graph lists every thing (and link) earlier reads returned, a later
// search finds the earlier things that match it, and a thing whose notes a
// write changed without the conversation having seen it is in the graph
// with those notes (or without those cut).
func TestGraphReadsShowWhatEarlierReadsReturned(t *testing.T) {
	for seed := int64(1); seed <= 20; seed++ {
		w, _ := simWorld(t, graphTools, nil, seed)
		opened := callObj(t, w, "open_nodes", `{"names":["Project Orion","Violet Jordan"]}`, nil)
		found := callObj(t, w, "search_nodes", `{"query":"Spokeo"}`, nil)
		callObj(t, w, "add_observations", `{"observations":[{"entityName":"Nora Vega","contents":["Prefers email"]}]}`, nil)
		callObj(t, w, "delete_observations", `{"deletions":[{"entityName":"Barrett Wheeler","observations":["Lives in Plano"]}]}`, nil)
		graph := callObj(t, w, "read_graph", `{}`, nil)
		for _, earlier := range []map[string]any{opened, found} {
			for _, e := range listed(earlier, "entities") {
				got := entityNamed(graph, e["name"].(string))
				if got == nil {
					t.Fatalf("seed %d: read_graph lacks %v, returned earlier; it lists %v", seed, e["name"], graph["entities"])
				}
				if !slices.Equal(observations(got), observations(e)) {
					t.Fatalf("seed %d: %v reads %v, then %v", seed, e["name"], observations(e), observations(got))
				}
			}
			for _, r := range listed(earlier, "relations") {
				if !slices.ContainsFunc(listed(graph, "relations"), func(x map[string]any) bool {
					return x["from"] == r["from"] && x["to"] == r["to"] && x["relationType"] == r["relationType"]
				}) {
					t.Fatalf("seed %d: read_graph lacks the relation %v returned earlier", seed, r)
				}
			}
		}
		nora := entityNamed(graph, "Nora Vega")
		if nora == nil || !slices.Contains(observations(nora), "Prefers email") || nora["entityType"] == "" {
			t.Fatalf("seed %d: read_graph after add_observations shows Nora Vega as %v", seed, nora)
		}
		barrett := entityNamed(graph, "Barrett Wheeler")
		if barrett == nil || slices.Contains(observations(barrett), "Lives in Plano") {
			t.Fatalf("seed %d: read_graph after delete_observations shows Barrett Wheeler as %v", seed, barrett)
		}
		if entityNamed(callObj(t, w, "search_nodes", `{"query":"Orion"}`, nil), "Project Orion") == nil {
			t.Fatalf("seed %d: a later search does not find Project Orion, opened earlier", seed)
		}
	}
}
