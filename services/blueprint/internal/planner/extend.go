package planner

import (
	"slices"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// extend grows the plan toward the target complexity along the graph:
// dependent calls first, then at most one call of an unused tool per intent.
func (b *builder) extend(complexity int) {
	total := func() int {
		n := 0
		for _, in := range b.intents {
			n += len(in.calls)
		}
		return n
	}
	for total() < complexity {
		added := false
		for i, in := range b.intents {
			if in.irrelevant != "" || total() >= complexity {
				continue
			}
			used := map[string]bool{}
			for _, c := range in.calls {
				used[c.ToolName] = true
			}
			for _, c := range slices.Clone(in.calls) {
				t := b.tool[c.Id]
				if c.GetExpect().GetFails() || t.Builtin {
					continue
				}
				for _, e := range b.cat.Out(t) {
					if used[e.To.Name] {
						continue
					}
					nc := b.call(i, e.To, map[string]*blueprintv1.CallReference{e.ToParam: ref(c, firstElement(e.FromField))})
					b.say(i, clause{kind: clauseThen, calls: []*blueprintv1.PlannedCall{nc}})
					used[e.To.Name] = true
					added = true
					break
				}
				if added {
					break
				}
			}
			// Padding with an unrelated tool glues another request onto this
			// one; one such addition per intent at most, so complexity comes
			// from structure (chains from the results) rather than from lists
			// of unrelated errands.
			if !added && !slices.ContainsFunc(in.clauses, func(c clause) bool { return c.kind == clauseAlso }) {
				for _, t := range b.cat.Tools {
					if !used[t.Name] {
						b.say(i, clause{kind: clauseAlso, calls: []*blueprintv1.PlannedCall{b.call(i, t, nil)}})
						added = true
						break
					}
				}
			}
			if added {
				break
			}
		}
		if !added {
			return
		}
	}
}
