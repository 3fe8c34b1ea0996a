package verify

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// conformance checks, from the messages, that the calls realise the plan:
// every planned call made (or legitimately skipped), in dependency order,
// parallel groups in one turn, references carrying the referenced values,
// planned failures failing and being corrected, withheld values asked for
// before use, and no tool used for a request no tool serves.
func conformance(in Input) []*trajectoryv1.Rejection {
	seen, out := sight(in)
	groups := map[[2]int32][]string{}
	for _, c := range in.Plan.Calls {
		rej, made := seen.check(in, c)
		out = append(out, rej...)
		if g := c.GetParallelGroup(); made && g > 0 {
			key := [2]int32{c.GetIntent(), g}
			groups[key] = append(groups[key], c.GetId())
		}
	}
	out = append(out, inventedFailures(in)...)
	out = append(out, extraTurns(in)...)
	out = append(out, seen.parallelGroups(in, groups)...)
	return append(out, toolFreeIntents(in)...)
}

// sightings are where the plan's calls show in the messages.
type sightings struct {
	msgOf   map[string]int      // planned call -> index of its first assistant message
	actual  map[string][]string // planned call -> actual call ids
	results map[string][]string // planned call -> the contents of its results
}

// sight finds the planned calls in the messages; a call that realises none
// (and is no allowed lookup) is rejected.
func sight(in Input) (sightings, []*trajectoryv1.Rejection) {
	var out []*trajectoryv1.Rejection
	s := sightings{msgOf: map[string]int{}, actual: map[string][]string{}, results: map[string][]string{}}
	for i, m := range in.Messages {
		for _, c := range m.ToolCalls {
			p, ok := in.CallPlan[c.ID]
			if !ok {
				if !in.Extra[c.ID] {
					out = append(out, reject(c.ID, "call %s (%s) realises no planned call", c.ID, c.Function.Name))
				}
				continue
			}
			if _, seen := s.msgOf[p]; !seen {
				s.msgOf[p] = i
			}
			s.actual[p] = append(s.actual[p], c.ID)
		}
		if m.Role == "tool" {
			s.results[in.CallPlan[m.ToolCallID]] = append(s.results[in.CallPlan[m.ToolCallID]], m.Content)
		}
	}
	return s, out
}

// check checks one planned call; made says whether it was made.
func (s sightings) check(in Input, c *blueprintv1.PlannedCall) (out []*trajectoryv1.Rejection, made bool) {
	id := c.GetId()
	i, made := s.msgOf[id]
	switch {
	case !made && in.Skipped[id]:
		return nil, false
	case !made:
		return []*trajectoryv1.Rejection{reject(id, "planned call %s (%s) was never made", id, c.GetToolName())}, false
	case in.Skipped[id]:
		out = append(out, reject(id, "planned call %s was made although its condition is false", id))
	}
	out = append(out, s.order(c, i)...)
	out = append(out, s.failures(in, c)...)
	out = append(out, withheldAsked(in, c, i)...)
	return append(out, s.references(in, c)...), true
}

// order: a call comes after the calls it needs (it was first made in
// message i).
func (s sightings) order(c *blueprintv1.PlannedCall, i int) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	for _, need := range plan.Needs(c) {
		if j, ok := s.msgOf[need]; ok && j >= i {
			out = append(out, reject(c.GetId(), "call %s was made before %s, which it needs", c.GetId(), need))
		}
	}
	return out
}

// failures: a call planned to fail fails, and one planned to succeed
// succeeds (a program at least in its last run).
func (s sightings) failures(in Input, c *blueprintv1.PlannedCall) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	id := c.GetId()
	failed := slices.ContainsFunc(s.results[id], trajectory.IsError)
	if c.GetExpect().GetFails() && !failed && carriesBadValue(in.Messages, s.actual[id], c) {
		out = append(out, reject(id, "planned call %s should fail (%s) but succeeded", id, c.GetExpect().GetErrorMessage()))
	}
	switch rs := s.results[id]; {
	case c.GetExpect().GetFails() || !failed:
	case !plan.IsCode(c):
		out = append(out, reject(id, "call %s failed but the plan expects it to succeed", id))
	case trajectory.IsError(rs[len(rs)-1]):
		// A program may fail and be fixed; the step is done once a run succeeds.
		out = append(out, reject(id, "the program of code step %s failed (%s) and no later run succeeded", id, plan.Clip(rs[len(rs)-1], 300)))
	}
	return out
}

// withheldAsked: a value the user only gives when asked is asked for
// before the call (first made in message i) uses it.
func withheldAsked(in Input, c *blueprintv1.PlannedCall, i int) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	for _, a := range plan.Withheld(c) {
		if !askedBefore(in.Messages, i, a.GetUser().GetValueJson()) {
			out = append(out, reject(c.GetId(), "call %s uses %s, which the user only gives when asked, without asking", c.GetId(), a.GetParam()))
		}
	}
	return out
}

// references: every actual call of a planned call carries, for each
// argument the plan takes from an earlier result, the value at its path.
func (s sightings) references(in Input, c *blueprintv1.PlannedCall) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	for _, a := range c.GetArguments() {
		r := a.GetRef()
		if r == nil {
			continue
		}
		src := s.results[r.GetCallId()]
		for _, callID := range s.actual[c.GetId()] {
			got, ok := argOf(in.Messages, callID, a.GetParam())
			if !ok {
				out = append(out, reject(callID, "call %s lacks %s, which the plan takes from %s at %s", callID, a.GetParam(), r.GetCallId(), r.GetPath()))
				continue
			}
			if !fromOutputs(got, src, r.GetPath()) {
				out = append(out, reject(callID, "call %s: %s = %s is not the value at %s of %s's result", callID, a.GetParam(), plan.Text(got), r.GetPath(), r.GetCallId()))
			}
		}
	}
	return out
}

// parallelGroups: the calls of a parallel group are issued in one turn
// (unless the assistant issues one call per turn).
func (s sightings) parallelGroups(in Input, groups map[[2]int32][]string) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	// In group order, so a record's rejections read the same on every run.
	keys := slices.SortedFunc(maps.Keys(groups), func(a, b [2]int32) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	for _, key := range keys {
		ids := groups[key]
		if len(ids) < 2 || in.SerialCalls {
			continue
		}
		first := s.msgOf[ids[0]]
		for _, id := range ids[1:] {
			if s.msgOf[id] != first {
				out = append(out, reject(id, "calls %s of parallel group %d were not issued in one turn", strings.Join(ids, ", "), key[1]))
				break
			}
		}
	}
	return out
}

// toolFreeIntents: a request no tool serves gets an answer and no call
// between it and its answer.
func toolFreeIntents(in Input) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	for i := range in.Plan.Intents() {
		if len(in.Plan.IntentCalls(i)) > 0 {
			continue
		}
		end, ok := in.Answers[i]
		if !ok {
			out = append(out, reject("", "intent %d (no tool serves it) got no answer", i))
			continue
		}
		for j := end - 1; j >= 0 && in.Messages[j].Role != "user"; j-- {
			if len(in.Messages[j].ToolCalls) > 0 {
				out = append(out, reject("", "intent %d needs no tool, yet the assistant called %s", i, in.Messages[j].ToolCalls[0].Function.Name))
			}
		}
	}
	return out
}
