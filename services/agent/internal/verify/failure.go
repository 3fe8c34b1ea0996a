package verify

import (
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A failing call teaches what caused the failure, so its cause must be in
// the conversation: the values it passes were said by the user, returned by
// a tool or converted from what the user said as the plan declares. An
// assistant that invents a value to fail is rejected.

// failedCalls are the ids of the calls whose result is an error.
func failedCalls(msgs []llm.Message) map[string]bool {
	out := map[string]bool{}
	for _, m := range msgs {
		if m.Role == "tool" && trajectory.IsError(m.Content) {
			out[m.ToolCallID] = true
		}
	}
	return out
}

// badFormatViolation reports whether schema violation v (as toolset.Validate
// writes it, "/param: message") is at the parameter planned call c fails on
// for its format.
func badFormatViolation(c *blueprintv1.PlannedCall, v string) bool {
	ex := c.GetExpect()
	if !ex.GetFails() || ex.GetCause() != blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT || ex.GetParam() == "" {
		return false
	}
	at := "/" + jsonschema.EscapePointerToken(ex.GetParam())
	return v == at || strings.HasPrefix(v, at+": ") || strings.HasPrefix(v, at+"/")
}

// carriesBadValue reports whether one of the actual calls of planned
// failure c passes the value the failure is keyed on. A call without it
// (an assistant that converted the user's date before the first call)
// rightly succeeds; a transient fault or a failure of unknown cause is
// always expected.
func carriesBadValue(msgs []llm.Message, callIDs []string, c *blueprintv1.PlannedCall) bool {
	ex := c.GetExpect()
	switch ex.GetCause() {
	case blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND, blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT, blueprintv1.FailureCause_FAILURE_CAUSE_STATE:
	default:
		return true
	}
	bad, err := plan.Decode(ex.GetBadValueJson())
	if err != nil {
		return true
	}
	for _, id := range callIDs {
		if got, ok := argOf(msgs, id, ex.GetParam()); ok && plan.SameValue(got, bad) {
			return true
		}
	}
	return false
}

// inventedFailures rejects failing calls that pass a value found nowhere
// before them: not in a user message, not in a tool result, not the plan's
// own literal, not a conversion the plan declares of what the user said.
func inventedFailures(in Input) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	failed := failedCalls(in.Messages)
	converted := in.Plan.Conversions()
	var users, grounds []string
	for _, m := range in.Messages {
		switch m.Role {
		case "user":
			users = append(users, m.Content)
			grounds = append(grounds, m.Content)
		case "tool":
			grounds = append(grounds, m.Content)
		}
		for _, call := range m.ToolCalls {
			if !failed[call.ID] {
				continue
			}
			c := in.Plan.Call(in.CallPlan[call.ID])
			if c == nil || plan.IsCode(c) {
				continue
			}
			literal := map[string]bool{}
			for _, a := range c.GetArguments() {
				if v, err := plan.Decode(a.GetLiteralJson()); err == nil {
					for _, l := range plan.Leaves(v) {
						literal[plan.Text(l)] = true
					}
				}
			}
			args, err := plan.Decode(call.Function.Arguments)
			if err != nil {
				continue
			}
			for _, l := range plan.Leaves(args) {
				if !plan.Significant(l) || literal[plan.Text(l)] || plan.Occurs(plan.Text(l), grounds) {
					continue
				}
				// The last form the plan states the value in, as said.
				if said := converted[plan.Canonical(l)]; len(said) > 0 && plan.Occurs(plan.Text(said[len(said)-1]), users) {
					continue
				}
				if s, ok := l.(string); ok && strings.Contains(s, "_") && plan.SaidIn(l, users) {
					continue // an identifier the user said in words ("works at")
				}
				out = append(out, reject(call.ID, "call %s fails on %s, a value nobody gave before it: the assistant invented it", call.ID, plan.Text(l)))
			}
		}
	}
	return out
}
