package planner

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// results returns the intent's successful calls of cluster tools.
func (b *builder) results(i int) []*blueprintv1.PlannedCall {
	var out []*blueprintv1.PlannedCall
	for _, c := range b.intents[i].calls {
		if !c.GetExpect().GetFails() && !b.tool[c.Id].Builtin {
			out = append(out, c)
		}
	}
	return out
}

func (b *builder) withOutput() []*catalog.Tool {
	var out []*catalog.Tool
	for _, t := range b.cat.Tools {
		if t.Output != nil {
			out = append(out, t)
		}
	}
	return out
}

// aggregation realises AGGREGATION: the answer combines or compares
// several results.
func (b *builder) aggregation(i int) error {
	res := b.results(i)
	// Half the time, where the graph has a path, the results to combine
	// come from a chain (a record and what it leads to); else two cases of
	// one tool are compared.
	if len(res) < 2 && len(b.cat.Edges) > 0 && b.r.IntN(2) == 0 && b.chain(i) == nil {
		res = b.results(i)
	}
	if len(res) < 2 {
		ts := b.withOutput()
		if len(ts) == 0 {
			ts = b.cat.Tools
		}
		// Two cases of one tool differ in a value the user gives, so the
		// tool needs a required parameter; without one, two different
		// tools' results are brought together instead.
		// Two cases compare only on what they return: figures, a list, a
		// text — not a login's {"success": true}.
		cases := slices.DeleteFunc(slices.Clone(ts), func(t *catalog.Tool) bool { return len(t.Required) == 0 || t.Builtin || !computable(t) })
		if len(cases) == 0 {
			others := slices.DeleteFunc(slices.Clone(b.cat.Tools), func(t *catalog.Tool) bool { return t.Builtin })
			if len(others) < 2 {
				return &ImpossibleError{Primitive: validate.Aggregate, Reason: fmt.Sprintf("aggregation compares two results, but cluster %q has no tool taking a value to vary and fewer than two tools", b.cat.Cluster.GetId())}
			}
			k := b.r.IntN(len(others))
			first, second := b.call(i, others[k], nil), b.call(i, others[(k+1)%len(others)], nil)
			res = []*blueprintv1.PlannedCall{first, second}
			// Both are asked for before their results are brought together.
			b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{first}})
			b.say(i, clause{kind: clauseAlso, calls: []*blueprintv1.PlannedCall{second}})
			b.say(i, clause{kind: clauseCompareAll, calls: res})
			return b.aggregateCheck(res)
		}
		t := b.pickTool(cases)
		first := b.call(i, t, nil)
		second := b.call(i, t, nil)
		// Same tool, other subject: compare like with like. The second
		// case differs from the first in the first value that can differ
		// (an enum of one member cannot).
		firstValue := map[string]string{}
		for _, a := range first.Arguments {
			firstValue[a.GetParam()] = a.GetUser().GetValueJson()
		}
		for _, a := range second.Arguments {
			u := a.GetUser()
			if u == nil || credential(t, a.GetParam()) {
				continue // the user's one key is the same for both cases
			}
			if u.GetValueJson() != firstValue[a.GetParam()] {
				break // the entity memory may already have given another case
			}
			var v any
			_ = json.Unmarshal([]byte(u.GetValueJson()), &v)
			if other := b.statedValue(t, a.GetParam(), v); other != u.GetValueJson() {
				u.ValueJson = other
				break
			}
		}
		b.say(i, clause{kind: clauseCompare, calls: []*blueprintv1.PlannedCall{first, second}})
		res = []*blueprintv1.PlannedCall{first, second}
	} else {
		b.say(i, clause{kind: clauseCompareAll, calls: res})
	}
	return b.aggregateCheck(res)
}

// aggregateCheck asks the final answer to bring the results together.
func (b *builder) aggregateCheck(res []*blueprintv1.PlannedCall) error {
	var ids []string
	for _, c := range res {
		ids = append(ids, c.Id)
	}
	b.checks = append(b.checks, &blueprintv1.Check{
		Name: validate.AggregationCheck, Kind: blueprintv1.CheckKind_CHECK_KIND_OUTCOME,
		Description: fmt.Sprintf("the final answer combines or compares the results of calls %s rather than reporting one of them", strings.Join(ids, ", ")),
	})
	return nil
}
