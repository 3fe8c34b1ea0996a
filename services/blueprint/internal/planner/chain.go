package planner

import (
	"fmt"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// simple gives an intent a chain where the graph has one (a later call
// consuming an earlier result is what most real requests need), else one
// call.
func (b *builder) simple(i int) {
	if len(b.cat.Edges) > 0 && b.chain(i) == nil {
		return
	}
	t := b.pickTool(b.cat.Tools)
	b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{b.call(i, t, nil)}})
}

// chain realises SEQUENTIAL_CHAIN: a path of the dependency graph, each
// call consuming the previous one's output.
func (b *builder) chain(i int) error {
	paths := b.paths(4)
	if len(paths) == 0 {
		return &ImpossibleError{Primitive: validate.Chain, Reason: fmt.Sprintf("a chain needs a dependency edge (one tool's output feeding another's input); cluster %q has none that resolves", b.cat.Cluster.GetId())}
	}
	// A path with a tool the plan has not called yet, where there is one:
	// two requests of one conversation do not repeat each other.
	fresh := slices.DeleteFunc(slices.Clone(paths), func(p []catalog.Edge) bool {
		for _, e := range p {
			if !b.called(e.From.Name) || !b.called(e.To.Name) {
				return false
			}
		}
		return true
	})
	if len(fresh) > 0 {
		paths = fresh
	}
	path := paths[b.r.IntN(len(paths))]
	prev := b.call(i, path[0].From, nil)
	calls := []*blueprintv1.PlannedCall{prev}
	for _, e := range path {
		e = b.bestLink(e)
		// The link itself, and whatever else the next call cannot do
		// without; an optional filter the earlier result could fill (the
		// same discount text, the same product) is a narrowing nobody
		// asked for.
		refs := map[string]*blueprintv1.CallReference{e.ToParam: ref(prev, firstElement(e.FromField))}
		for _, e2 := range b.cat.Out(e.From) {
			if _, ok := refs[e2.ToParam]; !ok && e2.To == e.To && e.To.IsRequired(rootParam(e2.ToParam)) {
				refs[e2.ToParam] = ref(prev, firstElement(e2.FromField))
			}
		}
		src := prev
		prev = b.call(i, e.To, refs)
		sameSubject(src, prev, e.ToParam)
		calls = append(calls, prev)
	}
	b.say(i, clause{kind: clauseChain, calls: calls})
	return nil
}

// paths returns the longest simple paths of the dependency graph, up to max edges.
func (b *builder) paths(maxEdges int) [][]catalog.Edge {
	var best [][]catalog.Edge
	// Dense graphs have many paths; a bounded walk keeps drafting fast and
	// still finds long ones (edges are visited in a stable order).
	budget := 20000
	var walk func(cur []catalog.Edge, seen map[string]bool)
	walk = func(cur []catalog.Edge, seen map[string]bool) {
		if budget--; budget < 0 {
			return
		}
		if len(cur) > 0 {
			switch {
			case len(best) == 0 || len(cur) > len(best[0]):
				best = [][]catalog.Edge{slices.Clone(cur)}
			case len(cur) == len(best[0]) && len(best) < 64:
				best = append(best, slices.Clone(cur))
			}
		}
		if len(cur) == maxEdges {
			return
		}
		last := cur[len(cur)-1].To
		for _, e := range b.cat.Out(last) {
			if !seen[e.To.Name] {
				seen[e.To.Name] = true
				walk(append(cur, e), seen)
				delete(seen, e.To.Name)
			}
		}
	}
	for _, e := range b.cat.Edges {
		walk([]catalog.Edge{e}, map[string]bool{e.From.Name: true, e.To.Name: true})
	}
	return best
}

// bestLink is the edge between e's two tools a person would follow: into
// a required parameter, else into the one that says which thing (an
// invoice's ID before its discount text); e itself when it is as good.
func (b *builder) bestLink(e catalog.Edge) catalog.Edge {
	rank := func(x catalog.Edge) int {
		s, _ := x.To.ParamSchema(rootParam(x.ToParam))
		w := weight(rootParam(x.ToParam), s)
		if x.To.IsRequired(rootParam(x.ToParam)) {
			w += 10
		}
		return w
	}
	best := e
	for _, e2 := range b.cat.Out(e.From) {
		if e2.To == e.To && rank(e2) > rank(best) {
			best = e2
		}
	}
	return best
}

// rootParam is the top-level parameter a parameter path is in ("$.body.id"
// → "body").
func rootParam(p string) string {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "$"), ".")
	if i := strings.IndexAny(p, ".["); i > 0 {
		p = p[:i]
	}
	return p
}

// sameSubject gives next the values src was called with for the
// parameters both share, when what links them is a figure (a price, a
// distance): a stock's price places an order for that stock, not for
// another the user names. Links by id say the subject themselves.
func sameSubject(src, next *blueprintv1.PlannedCall, linked string) {
	if !catalog.Measure(rootParam(linked)) {
		return
	}
	was := map[string]*blueprintv1.ArgumentBinding{}
	for _, a := range src.GetArguments() {
		was[a.GetParam()] = a
	}
	for _, a := range next.GetArguments() {
		w, ok := was[a.GetParam()]
		if !ok || a.GetRef() != nil {
			continue
		}
		switch s := w.GetSource().(type) {
		case *blueprintv1.ArgumentBinding_Ref:
			a.Source = &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: s.Ref.GetCallId(), Path: s.Ref.GetPath()}}
			addDep(next, s.Ref.GetCallId())
		case *blueprintv1.ArgumentBinding_User:
			if u := a.GetUser(); u != nil {
				u.ValueJson = s.User.GetValueJson()
			}
		}
	}
}
