package world

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// keptGenerator answers fixed outputs per tool, as a model would, and
// records what it was asked.
type keptGenerator struct {
	out  map[string]string
	seen []Request
}

func (g *keptGenerator) Generate(_ context.Context, r Request) (string, llm.Totals, error) {
	g.seen = append(g.seen, r)
	return g.out[r.Tool.Name], llm.Totals{}, nil
}

func (*keptGenerator) KeepsOutput() bool { return true }

func TestKeptOutputIsNotPatched(t *testing.T) {
	ctx := context.Background()
	p := plan.New(agenttest.Blueprint(t, "chain"))
	ts := toolsFor(t, agenttest.Tools(t), p)
	// The product reported is not the one asked about, and carries no
	// seller: the sim world would echo the id in; a model's output stands.
	product := `{"name":"Desk Lamp","price":19.9,"product_id":"prod_77001","status":"active","stock":3}`
	gen := &keptGenerator{out: map[string]string{"get_product": product, "search_products": `{"items":[],"total":0}`}}
	w := New(p, ts, gen, nil, 1)
	got := callOut(t, w, "get_product", `{"product_id":"prod_20417"}`, p.Call("c2"))
	if got != product {
		t.Fatalf("the model's output was changed:\n%s\n%s", product, got)
	}
	r := gen.seen[0]
	if !r.Succeeds || len(r.Needs) != 1 || r.Needs[0].Path != "$.product_id" || r.Needs[0].Reader != "add_to_cart" {
		t.Fatalf("the generator was told %+v, want the path add_to_cart reads", r)
	}

	// An empty search leaves nothing for get_product to read: rejected,
	// not filled with generated items.
	_, err := w.Call(ctx, "search_products", `{"query":"report migration"}`, p.Call("c1"))
	var ue *UnmetError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "$.items[0].product_id") {
		t.Fatalf("want an UnmetError naming $.items[0].product_id, got %v", err)
	}
}

func TestUnmet(t *testing.T) {
	r := Request{
		Needs:    []Need{{Path: "$.items[*].id", Min: 1}, {Path: "$.items[*]", Min: 2}, {Path: "$.next"}},
		Succeeds: true,
	}
	for _, tc := range []struct {
		out     string
		missing int
	}{
		{`{"items":[{"id":"a"},{"id":"b"}],"next":"c"}`, 0},
		{`{"items":[{"id":"a"},{"name":"b"}],"next":"c"}`, 1}, // an element without id
		{`{"items":[{"id":"a"}],"next":"c"}`, 1},              // too few to iterate
		{`{"items":[{"id":"a"},{"id":"b"}],"next":null}`, 1},  // null is no value
		{`{"items":[{"id":"a"},{"id":"b"}],"next":"c","error":"quota exceeded"}`, 1},
		{`not json`, 1},
	} {
		missing, _ := Unmet(tc.out, r)
		if len(missing) != tc.missing {
			t.Errorf("%s: missing %v, want %d", tc.out, missing, tc.missing)
		}
	}
}
