package validate

import (
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

type prim = blueprintv1.ReasoningPrimitive

// The primitives, shorter.
const (
	Chain       = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_SEQUENTIAL_CHAIN
	FanOut      = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_PARALLEL_FAN_OUT
	Conditional = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_CONDITIONAL_BRANCH
	Iteration   = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_ITERATION
	Recovery    = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_ERROR_RECOVERY
	Clarify     = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_CLARIFICATION
	Aggregate   = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_AGGREGATION
	Code        = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_CODE_COMPUTATION
	MultiIntent = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_MULTI_INTENT
	Irrelevance = blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_IRRELEVANCE
)

// AggregationCheck names the outcome check that asks the answer to
// aggregate or compare several results.
const AggregationCheck = "aggregates_results"

// Needs says, per primitive, what realises it in a plan.
var Needs = map[prim]string{
	Chain:       "a call with an argument bound by ref to an earlier call's output",
	FanOut:      "two or more calls in one non-zero parallel_group, none needing another",
	Conditional: "a call with a condition on an earlier call's output",
	Iteration:   "a call with for_each over a list in an earlier call's output",
	Recovery:    "a call with expect.fails and a later call whose expect.corrects_call_id names it (a state error, expect.cause STATE, is explained instead)",
	Clarify:     "an argument bound to a user value with withhold_until_asked",
	Aggregate:   "two or more successful calls in one intent and an outcome check named " + AggregationCheck,
	Code:        "a call of a code tool (" + catalog.CodeToolName + " or " + catalog.SQLToolName + ") with code, depending on an earlier call",
	MultiIntent: "two or more intents, each served by calls or answered without tools",
	Irrelevance: "an intent that no call serves (the right answer uses no tool)",
}

// Realised returns the primitives the plan's structure realises.
func Realised(bp *blueprintv1.Blueprint) map[prim]bool {
	got := map[prim]bool{}
	calls := bp.GetCalls()
	ids := map[string]*blueprintv1.PlannedCall{}
	for _, c := range calls {
		ids[c.GetId()] = c
	}
	for _, c := range calls {
		argumentsRealise(c, ids, got)
		callRealises(c, ids, got)
	}
	if fansOut(calls) {
		got[FanOut] = true
	}
	if aggregates(bp) {
		got[Aggregate] = true
	}
	if len(bp.GetIntents()) >= 2 {
		got[MultiIntent] = true
	}
	if unservedIntent(bp) {
		got[Irrelevance] = true
	}
	return got
}

// argumentsRealise marks what a call's arguments realise: a chain (a ref to
// another call of the plan) and a clarification (a withheld user value).
func argumentsRealise(c *blueprintv1.PlannedCall, ids map[string]*blueprintv1.PlannedCall, got map[prim]bool) {
	for _, a := range c.GetArguments() {
		if r := a.GetRef(); r != nil && ids[r.GetCallId()] != nil && r.GetCallId() != c.GetId() {
			got[Chain] = true
		}
		if u := a.GetUser(); u != nil && u.GetWithholdUntilAsked() {
			got[Clarify] = true
		}
	}
}

// callRealises marks what one call realises by itself: a condition, a loop,
// a recovery, a program.
func callRealises(c *blueprintv1.PlannedCall, ids map[string]*blueprintv1.PlannedCall, got map[prim]bool) {
	if s := c.GetCondition().GetSubject(); s != nil && ids[s.GetCallId()] != nil && c.GetCondition().GetOperator() != "" {
		got[Conditional] = true
	}
	if fe := c.GetForEach(); fe != nil && ids[fe.GetCallId()] != nil {
		got[Iteration] = true
	}
	if cc := c.GetExpect().GetCorrectsCallId(); cc != "" && ids[cc] != nil && ids[cc].GetExpect().GetFails() {
		got[Recovery] = true
	}
	if ex := c.GetExpect(); ex.GetFails() && ex.GetCause() == blueprintv1.FailureCause_FAILURE_CAUSE_STATE {
		got[Recovery] = true
	}
	if isCode(c) && c.GetCode() != "" && len(c.GetDependsOn()) > 0 {
		got[Code] = true
	}
}

// isCode reports whether c calls a built-in code tool.
func isCode(c *blueprintv1.PlannedCall) bool {
	return catalog.Language(c.GetToolName()) != "" || c.GetToolId() == catalog.CodeToolID || c.GetToolId() == catalog.SQLToolID
}

// fansOut reports whether some parallel group holds two or more calls none
// of which needs another.
func fansOut(calls []*blueprintv1.PlannedCall) bool {
	groups := map[int32][]*blueprintv1.PlannedCall{}
	for _, c := range calls {
		if g := c.GetParallelGroup(); g > 0 {
			groups[g] = append(groups[g], c)
		}
	}
	for _, members := range groups {
		if len(members) >= 2 && independent(members) {
			return true
		}
	}
	return false
}

// independent reports whether no call of members needs another.
func independent(members []*blueprintv1.PlannedCall) bool {
	for _, a := range members {
		for _, b := range members {
			if a != b && needs(a, b.GetId()) {
				return false
			}
		}
	}
	return true
}

// aggregates reports whether the plan carries the aggregation check and
// some intent has two or more successful calls of tools other than code.
func aggregates(bp *blueprintv1.Blueprint) bool {
	hasAggCheck := false
	for _, ch := range bp.GetChecks() {
		if ch.GetName() == AggregationCheck {
			hasAggCheck = true
		}
	}
	if !hasAggCheck {
		return false
	}
	perIntent := map[int32]int{}
	for _, c := range bp.GetCalls() {
		if !c.GetExpect().GetFails() && !isCode(c) {
			perIntent[c.GetIntent()]++
		}
	}
	for _, n := range perIntent {
		if n >= 2 {
			return true
		}
	}
	return false
}

// unservedIntent reports whether some intent has no call.
func unservedIntent(bp *blueprintv1.Blueprint) bool {
	callsPerIntent := map[int32]int{}
	for _, c := range bp.GetCalls() {
		callsPerIntent[c.GetIntent()]++
	}
	for i := range bp.GetIntents() {
		if callsPerIntent[int32(i)] == 0 {
			return true
		}
	}
	return false
}

// needs reports whether call a names id among its direct dependencies.
func needs(a *blueprintv1.PlannedCall, id string) bool {
	for _, d := range a.GetDependsOn() {
		if d == id {
			return true
		}
	}
	for _, arg := range a.GetArguments() {
		if arg.GetRef().GetCallId() == id {
			return true
		}
	}
	return a.GetCondition().GetSubject().GetCallId() == id || a.GetForEach().GetCallId() == id
}
