package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A word count over a text a tool returns is asked for in more than one way:
// a small tool list whose only computable result is a text would otherwise
// open a tenth of its requests with the same words.
func TestWordCountsAreAskedForInSeveralWays(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_notes", Name: "notes", Domain: "productivity", Services: []string{"notes"},
		Tools: []*toolv1.Tool{{Id: "t_read", Name: "read_note", Description: "Read a note's text by its title.", Service: "notes", Domain: "productivity",
			InputSchemaJson:  `{"type":"object","properties":{"title":{"type":"string","description":"Title of the note."}},"required":["title"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"content":{"type":"string","description":"The note's text."}},"required":["content"]}`}}}
	wordings := map[string]bool{}
	for seed := range int64(30) {
		bp := mustRealise(t, c, seed, 0, validate.Code)
		for _, call := range bp.Calls {
			if call.Code != "" {
				wordings[strings.TrimLeft(strings.SplitN(call.Code, "\n", 2)[0], "#- ")] = true
			}
		}
	}
	if len(wordings) < 2 {
		t.Fatalf("one wording for every word count: %v", wordings)
	}
}
