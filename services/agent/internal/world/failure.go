package world

import (
	"encoding/json"
	"fmt"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonschema"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// The world decides a planned failure from the arguments a call actually
// carries, like a real backend: a lookup of the value the user mistyped is
// not found, a value in a form the parameter rejects is a validation error,
// an action on an object whose state forbids it is refused, and a transient
// fault hits the first attempt only. A call that does not carry the planned
// bad value succeeds, and every error names what the call sent.

// fault is how the plan says calls of one tool fail.
type fault struct {
	call  *blueprintv1.PlannedCall
	cause blueprintv1.FailureCause
	param string
	bad   any // the value that fails (not for transient faults)
	// derived: the plan gave no cause, so only the planned call itself
	// fails (another call of the tool may pass the same value and succeed).
	derived bool
}

// faults reads the plan's failures, giving a cause to those planned without
// one: where the correction changes a value, the failing one is not found;
// otherwise the fault is transient.
func faults(p *plan.Plan) []fault {
	var out []fault
	for _, c := range p.Calls {
		ex := c.GetExpect()
		if !ex.GetFails() {
			continue
		}
		f := fault{call: c, cause: ex.GetCause(), param: ex.GetParam()}
		if f.cause == blueprintv1.FailureCause_FAILURE_CAUSE_UNSPECIFIED {
			f.cause, f.derived = blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT, true
			if fixed := correction(p, c); fixed != nil {
				for _, a := range c.GetArguments() {
					if b := binding(fixed, a.GetParam()); b != nil && bound(a) != "" && bound(a) != bound(b) {
						f.cause, f.param = blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND, a.GetParam()
						f.bad, _ = plan.Decode(bound(a))
						break
					}
				}
			}
		} else if ex.GetBadValueJson() != "" {
			f.bad, _ = plan.Decode(ex.GetBadValueJson())
		}
		out = append(out, f)
	}
	return out
}

func correction(p *plan.Plan, c *blueprintv1.PlannedCall) *blueprintv1.PlannedCall {
	for _, o := range p.Calls {
		if o.GetExpect().GetCorrectsCallId() == c.GetId() {
			return o
		}
	}
	return nil
}

func binding(c *blueprintv1.PlannedCall, param string) *blueprintv1.ArgumentBinding {
	for _, a := range c.GetArguments() {
		if a.GetParam() == param {
			return a
		}
	}
	return nil
}

// bound is a literal or user binding's value as canonical JSON, "" for a reference.
func bound(a *blueprintv1.ArgumentBinding) string {
	text := a.GetLiteralJson()
	if u := a.GetUser(); u != nil {
		text = u.GetValueJson()
	}
	v, err := plan.Decode(text)
	if err != nil {
		return ""
	}
	return plan.Canonical(v)
}

// failure returns the error the backend answers a call of t with args, ""
// when the call succeeds. planned is the plan's call the call realises.
func (w *World) failure(t *toolset.Tool, args any, planned *blueprintv1.PlannedCall) string {
	for _, f := range w.faults {
		if f.call.GetToolName() != t.Name || f.derived && planned != f.call {
			continue
		}
		// Another planned call of the tool is planned to succeed: the
		// entity the user gave may recur there (the same card for two
		// bookings) without the plan's failure spreading to it.
		if planned != nil && planned != f.call && planned.GetExpect().GetCorrectsCallId() != f.call.GetId() {
			continue
		}
		msg := f.call.GetExpect().GetErrorMessage()
		switch f.cause {
		case blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT:
			if planned != f.call {
				continue
			}
			w.mu.Lock()
			first := !w.faulted[f.call.GetId()]
			w.faulted[f.call.GetId()] = true
			w.mu.Unlock()
			if first {
				return orDefault(msg, "503 Service Unavailable: retry the request")
			}
		case blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT:
			got, ok := plan.Param(args, f.param)
			if !ok {
				continue
			}
			if plan.SameValue(got, f.bad) {
				return orDefault(msg, invalid(f.param, "the expected format", got))
			}
			if v := paramViolations(t, f.param, got); v != "" {
				return invalid(f.param, v, got)
			}
		default: // not found, state: the value itself fails, whoever sends it
			if got, ok := plan.Param(args, f.param); ok && f.bad != nil && plan.SameValue(got, f.bad) {
				return orDefault(msg, notFound(f.param, got))
			}
		}
	}
	return ""
}

// notFound is the error of a lookup by param that finds nothing for got.
func notFound(param string, got any) string {
	return fmt.Sprintf("not found: no %s matches %s", strings.ReplaceAll(param, "_", " "), plan.Canonical(got))
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// invalid is a validation error naming the parameter, what it expects and
// the value sent.
func invalid(param, expected string, got any) string {
	return fmt.Sprintf("invalid value for %s: %s, got %s", param, expected, plan.Canonical(got))
}

// paramViolations validates one top-level argument against its schema; ""
// when it is valid (or the parameter's schema cannot be read).
func paramViolations(t *toolset.Tool, param string, v any) string {
	if t.Input == nil || strings.ContainsAny(param, "$.[") {
		return ""
	}
	s, err := t.Input.At("/properties/" + jsonschema.EscapePointerToken(param))
	if err != nil {
		return ""
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var msgs []string
	for _, x := range s.ValidateJSON(raw) {
		msgs = append(msgs, x.Message)
	}
	return strings.Join(msgs, "; ")
}

// errorResult is a tool message reporting msg.
func errorResult(msg string) string {
	raw, _ := json.Marshal(map[string]any{"error": msg})
	return string(raw)
}
