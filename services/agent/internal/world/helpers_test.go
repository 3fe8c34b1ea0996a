package world

import (
	"context"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// The package's tests share these: a world of given tools for a
// blueprint, and a call's result as text, as a document checked against
// the tool's output schema, or as an object.

// toolsFor is tools as plan p's toolset.
func toolsFor(t *testing.T, tools []*toolv1.Tool, p *plan.Plan) *toolset.Set {
	t.Helper()
	ts, err := toolset.New(tools, p)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// simWorld is the sim world of tools for blueprint bp (nil: a plan of no
// calls) at seed, with its plan.
func simWorld(t *testing.T, tools []*toolv1.Tool, bp *blueprintv1.Blueprint, seed int64) (*World, *plan.Plan) {
	t.Helper()
	if bp == nil {
		bp = &blueprintv1.Blueprint{}
	}
	p := plan.New(bp)
	return New(p, toolsFor(t, tools, p), SimGenerator{}, nil, seed), p
}

// firstOf is a world simWorld returns, without its plan.
func firstOf(w *World, _ *plan.Plan) *World { return w }

// callOut is the result of calling tool with args as planned call c (nil:
// a call off the plan); the test fails on an error.
func callOut(t *testing.T, w *World, tool, args string, c *blueprintv1.PlannedCall) string {
	t.Helper()
	out, err := w.Call(context.Background(), tool, args, c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// callDoc is callOut decoded; the test fails when the tool's output schema
// rejects it.
func callDoc(t *testing.T, w *World, tool, args string, c *blueprintv1.PlannedCall) any {
	t.Helper()
	out := callOut(t, w, tool, args, c)
	if v := toolset.Validate(w.tools.Get(tool).Output, out); len(v) > 0 {
		t.Fatalf("%s output %s breaks its schema: %v", tool, out, v)
	}
	doc, err := plan.Decode(out)
	if err != nil {
		t.Fatalf("%s(%s) = %s: %v", tool, args, out, err)
	}
	return doc
}

// callObj is callDoc as an object, which the test needs not empty.
func callObj(t *testing.T, w *World, tool, args string, c *blueprintv1.PlannedCall) map[string]any {
	t.Helper()
	m, _ := callDoc(t, w, tool, args, c).(map[string]any)
	if len(m) == 0 {
		t.Fatalf("%s(%s) returned no object", tool, args)
	}
	return m
}

// callNumber is the number at path in an off-plan call's result.
func callNumber(t *testing.T, w *World, tool, args string, path ...string) float64 {
	t.Helper()
	var doc any = callObj(t, w, tool, args, nil)
	for _, k := range path {
		doc, _ = doc.(map[string]any)[k]
	}
	f, ok := plan.Number(doc)
	if !ok {
		t.Fatalf("%s(%s): no number at %v", tool, args, path)
	}
	return f
}

// callBool is the flag field of an off-plan call's result.
func callBool(t *testing.T, w *World, tool, args, field string) bool {
	t.Helper()
	b, ok := callObj(t, w, tool, args, nil)[field].(bool)
	if !ok {
		t.Fatalf("%s(%s): no boolean %s", tool, args, field)
	}
	return b
}
