package planner

import (
	"fmt"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// fanOut realises PARALLEL_FAN_OUT: independent calls issued together, fed
// by a common earlier call when the graph has one.
func (b *builder) fanOut(i int) error {
	type fan struct {
		src  *catalog.Tool
		legs []catalog.Edge
	}
	var fans []fan
	for _, t := range b.cat.Tools {
		var legs []catalog.Edge
		for _, e := range b.cat.Out(t) {
			ok := true
			for _, l := range legs {
				if l.To == e.To || !b.cat.Independent(l.To, e.To) || undoes(l, e) {
					ok = false
				}
			}
			if ok {
				legs = append(legs, e)
			}
		}
		if len(legs) >= 2 {
			fans = append(fans, fan{t, legs})
		}
	}
	b.group++
	g := b.group
	if len(fans) > 0 {
		f := fans[b.r.IntN(len(fans))]
		src := b.call(i, f.src, nil)
		calls := []*blueprintv1.PlannedCall{src}
		for k, leg := range f.legs {
			if k == 3 {
				break
			}
			c := b.call(i, leg.To, map[string]*blueprintv1.CallReference{leg.ToParam: ref(src, firstElement(leg.FromField))})
			c.ParallelGroup = g
			calls = append(calls, c)
		}
		b.say(i, clause{kind: clauseFan, src: true, calls: calls})
		return nil
	}
	var pairs [][2]*catalog.Tool
	for x, a := range b.cat.Tools {
		for _, c := range b.cat.Tools[x+1:] {
			if b.cat.Independent(a, c) && !deletesBeside(a, c) {
				pairs = append(pairs, [2]*catalog.Tool{a, c})
			}
		}
	}
	if len(pairs) == 0 {
		return &ImpossibleError{Primitive: validate.FanOut, Reason: fmt.Sprintf("a fan-out needs two tools that do not depend on each other; in cluster %q every pair of its %d tools is linked by a dependency path", b.cat.Cluster.GetId(), len(b.cat.Tools))}
	}
	pr := pairs[b.r.IntN(len(pairs))]
	var calls []*blueprintv1.PlannedCall
	for _, t := range pr {
		c := b.call(i, t, nil)
		c.ParallelGroup = g
		calls = append(calls, c)
	}
	b.say(i, clause{kind: clauseFan, calls: calls})
	return nil
}

// undoes reports whether one of two legs of a fan-out deletes what the
// other acts on: both take the same value of the source, and one removes
// it. A person does not ask to delete a version and, in the same breath,
// to look it up or move it.
func undoes(a, b catalog.Edge) bool {
	if firstElement(a.FromField) != firstElement(b.FromField) {
		return false
	}
	return catalog.Removes(a.To.Name) || catalog.Removes(b.To.Name)
}

// deletesBeside reports whether of two tools called together one deletes
// what the other is called on: it removes, and both require a parameter of
// the same name (the id they would both be given).
func deletesBeside(a, c *catalog.Tool) bool {
	if !catalog.Removes(a.Name) && !catalog.Removes(c.Name) {
		return false
	}
	for _, p := range a.Required {
		if c.IsRequired(p) {
			return true
		}
	}
	return false
}
