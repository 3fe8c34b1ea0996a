package world

import (
	"context"
	"regexp"
	"testing"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// foreignIDs answers a search with ids the next tool's pattern rejects.
type foreignIDs struct{}

func (foreignIDs) Generate(context.Context, Request) (string, llm.Totals, error) {
	return `{"items":[{"product_id":"X-1","name":"a"},{"product_id":"X-2","name":"b"}],"total":2}`, llm.Totals{}, nil
}

// TestReferencedValuesFitTheirParameter: an id a later call passes on is
// returned in the form that call's parameter takes (get_product wants
// ^[a-z]+_[0-9]{5}$), so the dependent call can be made as planned.
func TestReferencedValuesFitTheirParameter(t *testing.T) {
	p := plan.New(agenttest.Blueprint(t, "iteration"))
	ts := toolsFor(t, agenttest.Tools(t), p)
	w := New(p, ts, foreignIDs{}, nil, 1)
	out := callOut(t, w, "search_products", `{"query":"garden tools"}`, p.Call("c1"))
	doc, _ := plan.Decode(out)
	ids, _ := jsonpath.Get(doc, "$.items[*].product_id")
	if len(ids) < 2 {
		t.Fatalf("ids %v in %s", ids, out)
	}
	for _, id := range ids {
		if s, _ := id.(string); !regexp.MustCompile(`^[a-z]+_[0-9]{5}$`).MatchString(s) {
			t.Fatalf("id %v does not fit get_product's product_id: %s", id, out)
		}
	}
}
