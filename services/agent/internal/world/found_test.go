package world

import (
	"encoding/json"
	"testing"

	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// TestSearchFindsWhatItAskedFor: a search for a surname lists a person of
// that name, for a company name that company, for a kind only things of
// that kind; a search that already finds it, or a tool that does not
// search, is left as it is.
func TestSearchFindsWhatItAskedFor(t *testing.T) {
	graph := `{"entities":[{"entityType":"person","name":"Cole Friesen"},{"entityType":"organization","name":"Nationwide"},{"entityType":"person","name":"Ana Ruiz"}]}`
	for _, tc := range []struct {
		tool, args, out, want string
	}{
		{"search_nodes", `{"query":"Gibbs"}`, graph, `{"entities":[{"entityType":"person","name":"Cole Gibbs"},{"entityType":"organization","name":"Nationwide"},{"entityType":"person","name":"Ana Ruiz"}]}`},
		{"search_nodes", `{"query":"Acme Corp"}`, graph, `{"entities":[{"entityType":"person","name":"Cole Friesen"},{"entityType":"organization","name":"Acme Corp"},{"entityType":"person","name":"Ana Ruiz"}]}`},
		{"search_nodes", `{"query":"person"}`, graph, `{"entities":[{"entityType":"person","name":"Cole Friesen"},{"entityType":"person","name":"Ana Ruiz"}]}`},
		{"search_nodes", `{"query":"Ruiz"}`, graph, graph},
		{"search_nodes", `{"query":"backlog"}`, graph, graph},
		{"open_nodes", `{"query":"Gibbs"}`, graph, graph},
		{"findUsers", `{"q":"Gibbs"}`, `{"users":[{"name":"Cole Friesen"}]}`, `{"users":[{"name":"Cole Gibbs"}]}`},
	} {
		var a, o map[string]any
		if err := json.Unmarshal([]byte(tc.args), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(tc.out), &o); err != nil {
			t.Fatal(err)
		}
		g := &agreement{t: &toolset.Tool{Name: tc.tool}, a: a, o: o}
		g.found()
		got, _ := json.Marshal(g.o)
		var want any
		_ = json.Unmarshal([]byte(tc.want), &want)
		wantJSON, _ := json.Marshal(want)
		if string(got) != string(wantJSON) {
			t.Errorf("%s(%s):\n got %s\nwant %s", tc.tool, tc.args, got, wantJSON)
		}
	}
}
