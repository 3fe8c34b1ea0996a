package validate

import (
	"encoding/json"
	"fmt"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// A planned failure's cause must lie in the conversation or the backend:
// the value it is keyed on is one the user states, a correction passes the
// corrected or converted value the plan declares, and no failing call
// carries a literal the assistant would have to invent.

// badFormatParam reports whether argument param of call is the value a
// planned bad-format failure passes as the user wrote it: it must break the
// parameter's schema rather than match it.
func badFormatParam(call *blueprintv1.PlannedCall, param string) bool {
	ex := call.GetExpect()
	return ex.GetFails() && ex.GetCause() == blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT && ex.GetParam() == param
}

func (c *checker) failure(i int, call *blueprintv1.PlannedCall) {
	ex := call.GetExpect()
	if !ex.GetFails() {
		return
	}
	correction := c.correctionOf(call.GetId())
	switch ex.GetCause() {
	case blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND, blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT, blueprintv1.FailureCause_FAILURE_CAUSE_STATE:
		c.keyedFailure(i, call, correction)
	case blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT:
		if correction != nil && !sameArguments(call, correction) {
			c.add(correction.GetId(), "expect.corrects_call_id", "a transient failure is retried with the identical request")
		}
	default:
		// No cause given: still, no literal the assistant would invent.
		if correction != nil {
			c.inventedLiterals(i, call, correction)
		}
	}
}

// correctionOf is the last call that corrects call id, nil when none does.
func (c *checker) correctionOf(id string) *blueprintv1.PlannedCall {
	var correction *blueprintv1.PlannedCall
	for _, o := range c.bp.GetCalls() {
		if o.GetExpect().GetCorrectsCallId() == id {
			correction = o
		}
	}
	return correction
}

// binding is call's argument for param, nil when it has none.
func binding(call *blueprintv1.PlannedCall, param string) *blueprintv1.ArgumentBinding {
	for _, a := range call.GetArguments() {
		if a.GetParam() == param {
			return a
		}
	}
	return nil
}

// keyedFailure checks a failure keyed on a value the user states (not found,
// bad format, state) and the call that corrects it, if any.
func (c *checker) keyedFailure(i int, call, correction *blueprintv1.PlannedCall) {
	ex := call.GetExpect()
	f := fmt.Sprintf("calls[%d].expect", i)
	id, cause := call.GetId(), ex.GetCause()
	a := binding(call, ex.GetParam())
	if a == nil || a.GetUser() == nil || !sameJSON(a.GetUser().GetValueJson(), ex.GetBadValueJson()) {
		c.add(id, f+".param", "a %s failure is keyed on a value the user states: bind %q to the user value %s", cause, ex.GetParam(), ex.GetBadValueJson())
		return
	}
	if cause == blueprintv1.FailureCause_FAILURE_CAUSE_STATE {
		if correction != nil {
			c.add(id, f+".cause", "a state error is explained, not retried: call %q must not correct it", correction.GetId())
		}
		return
	}
	if correction == nil {
		c.add(id, f+".cause", "a %s failure needs a correcting call", cause)
		return
	}
	c.correctedValue(call, correction)
}

// correctedValue checks that the correction of a keyed failure passes a
// value the user gives: a different one, converted as declared for a bad
// format, told once asked for a value not found.
func (c *checker) correctedValue(call, correction *blueprintv1.PlannedCall) {
	ex := call.GetExpect()
	id, cause := call.GetId(), ex.GetCause()
	fixed := binding(correction, ex.GetParam())
	switch {
	case fixed == nil || fixed.GetUser() == nil:
		c.add(correction.GetId(), "expect.corrects_call_id", "the correction of %q must bind %q to a user value", id, ex.GetParam())
	case sameJSON(fixed.GetUser().GetValueJson(), ex.GetBadValueJson()):
		c.add(correction.GetId(), "expect.corrects_call_id", "the correction of %q passes the same %s %s that failed", id, ex.GetParam(), ex.GetBadValueJson())
	case cause == blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT && !sameJSON(fixed.GetUser().GetStatedJson(), ex.GetBadValueJson()):
		c.add(correction.GetId(), "expect.corrects_call_id", "the correction of %q converts %s: declare it with user.stated_json %s", id, ex.GetParam(), ex.GetBadValueJson())
	case cause == blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND && !fixed.GetUser().GetWithholdUntilAsked():
		c.add(correction.GetId(), "expect.corrects_call_id", "the corrected %s of %q comes from the user once told of the error: set withhold_until_asked", ex.GetParam(), id)
	}
}

// inventedLiterals reports the literals of a failing call without a cause
// that its correction changes: the assistant would invent them to fail.
func (c *checker) inventedLiterals(i int, call, correction *blueprintv1.PlannedCall) {
	for k, a := range call.GetArguments() {
		lit := a.GetLiteralJson()
		if lit == "" {
			continue
		}
		if o := binding(correction, a.GetParam()); o == nil || !sameJSON(o.GetLiteralJson(), lit) {
			c.add(call.GetId(), fmt.Sprintf("calls[%d].arguments[%d]", i, k), "the failing call passes %s for %q, a value nobody stated: the assistant would invent it to fail; let the user state the wrong value and set expect.cause", lit, a.GetParam())
		}
	}
}

func sameArguments(a, b *blueprintv1.PlannedCall) bool {
	if len(a.GetArguments()) != len(b.GetArguments()) {
		return false
	}
	for k, x := range a.GetArguments() {
		y := b.GetArguments()[k]
		if x.GetParam() != y.GetParam() || !sameJSON(valueOf(x), valueOf(y)) {
			return false
		}
	}
	return true
}

func valueOf(a *blueprintv1.ArgumentBinding) string {
	switch s := a.GetSource().(type) {
	case *blueprintv1.ArgumentBinding_LiteralJson:
		return s.LiteralJson
	case *blueprintv1.ArgumentBinding_User:
		return s.User.GetValueJson()
	case *blueprintv1.ArgumentBinding_Ref:
		return s.Ref.GetCallId() + s.Ref.GetPath()
	}
	return ""
}

// sameJSON reports whether two JSON texts hold the same value (1 and 1.0
// alike); text that is not JSON compares as text.
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}
