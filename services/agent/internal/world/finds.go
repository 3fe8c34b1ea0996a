package world

import (
	"context"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A read of the whole graph holds what the plan's later reads of some of
// it find: a search for "Lopez" after the graph was read finds Enrique
// Lopez and the company whose main contact he is, and open_nodes opens the
// things the user names — things a whole-graph read showed, or it was not
// the whole graph. The world draws each later read (a search, an opening
// of named things) whose arguments the plan gives as it will answer it,
// with what the plan reads from it, and the whole read lists the things
// and links found; the later read then finds them among the things the
// conversation holds (changes.go), as they read here.

// withLaterFinds adds to a whole-graph read's output d the things and
// links the plan's later graph reads find.
func (w *World) withLaterFinds(d any, planned *blueprintv1.PlannedCall) any {
	o, ok := d.(map[string]any)
	if !ok || w.plan == nil || planned == nil || keeps(w.gen) {
		return d
	}
	things, links := graphLists(o)
	if things == "" {
		return d
	}
	o = clone(o).(map[string]any)
	items := o[things].([]any)
	listed := map[string]bool{}
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			if n, ok := m["name"].(string); ok {
				listed[n] = true
			}
		}
	}
	var found []map[string]any
	for _, c := range w.laterGraphReads(planned, things, links) {
		out := w.answerOf(c)
		ts, ls := graphParts(out)
		deleted := w.deletedBefore(planned, c)
		if ts == "" || deleted[listFamily(ts, "")] {
			continue
		}
		if deleted[listFamily(ls, "")] {
			ls = "" // the links it finds are others than those deleted
		}
		for _, it := range out[ts].([]any) {
			m, ok := it.(map[string]any)
			n, named := m["name"].(string)
			if ok && named && !listed[n] {
				listed[n] = true
				items = append(items, m)
			}
		}
		if xs, ok := out[ls].([]any); ok && ls != "" {
			for _, it := range xs {
				if m, ok := it.(map[string]any); ok {
					found = append(found, m)
				}
			}
		}
	}
	o[things] = items
	return withLinks(o, found)
}

// laterGraphReads are the plan's calls after planned that read some of
// the graph (their output lists its things and links, as the whole read's
// does), that succeed, with every argument given by the plan.
func (w *World) laterGraphReads(planned *blueprintv1.PlannedCall, things, links string) []*blueprintv1.PlannedCall {
	var out []*blueprintv1.PlannedCall
	later := false
	for _, c := range w.plan.Calls {
		if c.GetId() == planned.GetId() {
			later = true
			continue
		}
		t := w.tools.Get(c.GetToolName())
		if !later || t == nil || t.Code || t.Output == nil || writeKind(t) != "" || c.GetExpect().GetFails() {
			continue
		}
		props := schemaProps(t.Output.Root(), t.Output.Root())
		args, ok := givenArgs(c)
		if props[things] == nil || props[links] == nil || !ok {
			continue
		}
		if _, whole := graphRead(t, args); !whole {
			out = append(out, c)
		}
	}
	return out
}

// deletedBefore are the families of things (entity, relation) that calls
// between planned and c delete, or calls c runs beside: a thing such a
// call deletes may not be there for c to find.
func (w *World) deletedBefore(planned, c *blueprintv1.PlannedCall) map[string]bool {
	out := map[string]bool{}
	between := false
	for _, o := range w.plan.Calls {
		if o.GetId() == planned.GetId() {
			between = true
			continue
		}
		beside := o.GetParallelGroup() != 0 && o.GetParallelGroup() == c.GetParallelGroup()
		if t := w.tools.Get(o.GetToolName()); t != nil && (between || beside) && writeKind(t) == "delete" {
			noun := classify(t, nil).noun
			for _, a := range o.GetArguments() {
				out[namesFamily(a.GetParam(), noun)] = true
				out[listFamily(a.GetParam(), noun)] = true
			}
		}
		if o.GetId() == c.GetId() {
			between = false
		}
	}
	return out
}

// givenArgs are a planned call's arguments when the plan gives them all
// (the user states them, or they are fixed), not read from another result.
func givenArgs(c *blueprintv1.PlannedCall) (map[string]any, bool) {
	args := map[string]any{}
	for _, a := range c.GetArguments() {
		text := a.GetLiteralJson()
		if u := a.GetUser(); u != nil {
			text = u.GetValueJson()
		}
		v, err := plan.Decode(text)
		if text == "" || err != nil || strings.ContainsAny(a.GetParam(), ".[") {
			return nil, false
		}
		args[a.GetParam()] = v
	}
	return args, len(args) > 0
}

// answerOf is the output a planned call with the arguments the plan gives
// gets from a world that knows nothing yet: what the sim generator draws
// for it, shaped for what the plan reads from it.
func (w *World) answerOf(c *blueprintv1.PlannedCall) map[string]any {
	t := w.tools.Get(c.GetToolName())
	args, _ := givenArgs(c)
	canon := plan.Canonical(args)
	raw, _, err := w.gen.Generate(context.Background(), Request{Tool: t, Args: args, ArgsJSON: canon, Seed: w.seed, Tools: w.tools, User: w.user()})
	if err != nil {
		return nil
	}
	fresh := New(w.plan, w.tools, w.gen, nil, w.seed)
	doc, _ := plan.Decode(fresh.shape(t, args, raw, c, t.Name+"\x00"+canon))
	o, _ := doc.(map[string]any)
	return o
}
