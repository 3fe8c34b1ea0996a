package world

import (
	"context"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

func newWorld(t *testing.T, bp string, seed int64) (*World, *plan.Plan, *toolset.Set) {
	t.Helper()
	p := plan.New(agenttest.Blueprint(t, bp))
	ts := toolsFor(t, agenttest.Tools(t), p)
	return New(p, ts, SimGenerator{}, nil, seed), p, ts
}

func TestSimToolSimulator(t *testing.T) {
	ctx := context.Background()
	w, p, ts := newWorld(t, "iteration", 3)
	args := `{"query":"backlog backlog"}`
	out := callOut(t, w, "search_products", args, p.Call("c1"))
	if v := toolset.Validate(ts.Get("search_products").Output, out); len(v) > 0 {
		t.Fatalf("output %s breaks the output schema: %v", out, v)
	}
	// The plan iterates over $.items: the world gives it several elements,
	// each with the product_id the next call reads.
	doc, _ := plan.Decode(out)
	ids, ok := jsonpath.Get(doc, "$.items[*].product_id")
	if !ok || len(ids) < 2 {
		t.Fatalf("want at least 2 items with product_id for the iteration, got %s", out)
	}
	// Cached by (tool, arguments): key order does not matter.
	again, _ := w.Call(ctx, "search_products", `{ "query" : "backlog backlog" }`, p.Call("c1"))
	if again != out {
		t.Fatalf("same call, different results:\n%s\n%s", out, again)
	}
	// Deterministic by (seed, tool, arguments) across worlds.
	w2, _, _ := newWorld(t, "iteration", 3)
	if o2, _ := w2.Call(ctx, "search_products", args, p.Call("c1")); o2 != out {
		t.Fatalf("another world with the same seed answered differently")
	}
	w3, _, _ := newWorld(t, "iteration", 4)
	if o3, _ := w3.Call(ctx, "search_products", args, p.Call("c1")); o3 == out {
		t.Fatalf("another seed should draw another output")
	}
	// Consistency: a lookup reports the id it was asked about.
	pid := plan.Text(ids[0])
	got, _ := w.Call(ctx, "get_product", `{"product_id":"`+pid+`"}`, p.Call("c2"))
	if !strings.Contains(got, `"product_id":"`+pid+`"`) {
		t.Fatalf("get_product(%s) answered %s", pid, got)
	}
}

func TestPlannedFailureAndCondition(t *testing.T) {
	ctx := context.Background()
	w, p, _ := newWorld(t, "error-recovery", 1)
	out, err := w.Call(ctx, "track_shipment", `{"carrier":"dhl","tracking_number":"trac_13237"}`, p.Call("c1"))
	if err != nil || !strings.Contains(out, `"error":"track_shipment: no carrier matches \"dhl\""`) {
		t.Fatalf("planned failure: %s %v", out, err)
	}
	fixed, _ := w.Call(ctx, "track_shipment", `{"carrier":"ups","tracking_number":"trac_13237"}`, p.Call("c2"))
	if strings.Contains(fixed, "error") {
		t.Fatalf("the correcting call must succeed: %s", fixed)
	}
	// The conditional plan gates c2 on c1's average > 386.66: the world makes it hold.
	w, p, _ = newWorld(t, "conditional", 1)
	out, _ = w.Call(ctx, "list_reviews", `{"product_id":"prod_92999"}`, p.Call("c1"))
	doc, _ := plan.Decode(out)
	if !plan.Holds(p.Call("c2").GetCondition(), doc) {
		t.Fatalf("condition does not hold on %s", out)
	}
	// A code step without a sandbox is refused, never faked.
	w, p, _ = newWorld(t, "code", 1)
	if _, err := w.Call(ctx, "python", `{"code":"print(1)"}`, p.Call("c2")); err != ErrNoSandbox {
		t.Fatalf("code without sandbox: %v", err)
	}
}

// errorGenerator answers like a response schema with an optional "error"
// field that a generator happened to fill.
type errorGenerator struct{}

func (errorGenerator) Generate(context.Context, Request) (string, llm.Totals, error) {
	return `{"error":"quota exceeded","is_error":true,"items":[]}`, llm.Totals{}, nil
}

func TestPlannedSuccessCarriesNoErrorFlag(t *testing.T) {
	p := plan.New(agenttest.Blueprint(t, "iteration"))
	ts := toolsFor(t, agenttest.Tools(t), p)
	w := New(p, ts, errorGenerator{}, nil, 1)
	out := callOut(t, w, "search_products", `{"query":"backlog"}`, p.Call("c1"))
	if strings.Contains(out, "error") || strings.Contains(out, "quota") {
		t.Fatalf("a planned success reads as an error: %s", out)
	}
}
