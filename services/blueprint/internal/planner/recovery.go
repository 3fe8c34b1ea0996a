package planner

import (
	"encoding/json"
	"fmt"
	"slices"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// recovery realises ERROR_RECOVERY: a call that fails for a cause the
// conversation shows, and what the assistant does about it. The user gives
// a wrong value (not found: told so, the user corrects it), or writes a
// value in a human form the parameter rejects (bad format: the assistant
// converts it), the backend is briefly down (transient: the same call
// again), or the object's state forbids the action (state: the assistant
// explains and offers another way, without retrying). The assistant never
// invents a value in order to fail.
func (b *builder) recovery(i int) error {
	fp, ok := b.pickFailure()
	if !ok {
		return &ImpossibleError{Primitive: validate.Recovery, Reason: fmt.Sprintf("a planned failure needs a tool of the cluster to call; cluster %q has only built-in tools", b.cat.Cluster.GetId())}
	}
	t := fp.tool
	failed := b.call(i, t, nil)
	// The failing call carries what the user stated, and no optional value
	// of the assistant's own choosing: nothing in it but the user's words
	// (and, for the cause, the user's slip or format) can be blamed.
	failed.Arguments = slices.DeleteFunc(failed.Arguments, func(a *blueprintv1.ArgumentBinding) bool {
		return a.GetLiteralJson() != "" && !t.IsRequired(a.GetParam())
	})
	expect, fixedArg := b.failure(failed, t, fp)
	failed.Expect = expect
	var fixed *blueprintv1.PlannedCall
	if expect.GetCause() != stateErr {
		fixed = &blueprintv1.PlannedCall{Id: b.id(), ToolName: t.Name, ToolId: t.ID, Intent: int32(i)}
		for _, a := range failed.Arguments {
			if fixedArg != nil && a.GetParam() == fixedArg.GetParam() {
				fixed.Arguments = append(fixed.Arguments, fixedArg)
				continue
			}
			fixed.Arguments = append(fixed.Arguments, cloneBinding(a))
		}
		fixed.Expect = &blueprintv1.ExpectedResult{CorrectsCallId: failed.Id}
		fixed.DependsOn = []string{failed.Id}
		b.tool[fixed.Id] = t
		b.byID[fixed.Id] = fixed
		b.intents[i].calls = append(b.intents[i].calls, fixed)
	}
	var what string
	switch expect.GetCause() {
	case notFound:
		what = fmt.Sprintf("the user gives %s as %s, which does not exist; told so, the user corrects it and the assistant retries with call %s", fp.param, expect.GetBadValueJson(), fixed.GetId())
	case badFormat:
		what = fmt.Sprintf("the user writes %s as %s; the assistant passes it as given, reads the validation error and retries with the converted value in call %s", fp.param, expect.GetBadValueJson(), fixed.GetId())
	case transient:
		what = fmt.Sprintf("the backend is briefly unavailable; the assistant repeats the same request in call %s", fixed.GetId())
	default:
		what = fmt.Sprintf("the action is not allowed (%s); the assistant explains this and offers to %s, without retrying", expect.GetErrorMessage(), expect.GetAlternative())
	}
	b.checks = append(b.checks, &blueprintv1.Check{
		Name: "recovers_from_error", Kind: blueprintv1.CheckKind_CHECK_KIND_BLUEPRINT,
		Description: fmt.Sprintf("call %s fails (%s): %s", failed.Id, expect.GetErrorMessage(), what),
	})
	// The request carries the failing call's values: the user's mistyped
	// id or human-written date is what the user says.
	b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{failed}})
	// Where the graph allows, the recovered result is what the next step
	// consumes, as in a real request that needed the lookup to succeed.
	if out := b.cat.Out(t); fixed != nil && len(out) > 0 {
		e := out[b.r.IntN(len(out))]
		nc := b.call(i, e.To, map[string]*blueprintv1.CallReference{e.ToParam: ref(fixed, firstElement(e.FromField))})
		b.say(i, clause{kind: clauseThen, calls: []*blueprintv1.PlannedCall{nc}})
	}
	return nil
}

// failure plans how call c of t fails: the expected result, and the
// binding of fp.param the correcting call uses instead (nil: the same).
// A cause the call's values cannot carry (no slip of the value exists, no
// human form the schema rejects) falls back to a transient failure.
func (b *builder) failure(c *blueprintv1.PlannedCall, t *catalog.Tool, fp failurePlan) (*blueprintv1.ExpectedResult, *blueprintv1.ArgumentBinding) {
	var arg *blueprintv1.ArgumentBinding
	for _, a := range c.Arguments {
		if a.GetParam() == fp.param && a.GetUser() != nil {
			arg = a
		}
	}
	if arg != nil {
		u := arg.GetUser()
		right := u.GetValueJson()
		var rv any
		_ = json.Unmarshal([]byte(right), &rv)
		switch fp.cause {
		case notFound:
			if wrong := b.mistake(t, fp.param, rv); wrong != right {
				u.ValueJson = wrong
				return &blueprintv1.ExpectedResult{Fails: true, Cause: notFound, Param: fp.param, BadValueJson: wrong, ErrorMessage: notFoundMessage(b.r, fp.param, wrong)},
					&blueprintv1.ArgumentBinding{Param: fp.param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: right, Description: u.GetDescription(), WithholdUntilAsked: true}}}
			}
		case badFormat:
			if human, ok := b.humanForm(t, fp.param, rv); ok {
				u.ValueJson = human
				s, _ := t.ParamSchema(fp.param)
				return &blueprintv1.ExpectedResult{Fails: true, Cause: badFormat, Param: fp.param, BadValueJson: human, ErrorMessage: badFormatMessage(fp.param, s, human)},
					&blueprintv1.ArgumentBinding{Param: fp.param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: right, Description: u.GetDescription(), StatedJson: human}}}
			}
		case stateErr:
			verb, _ := stateVerb(t.Name)
			return &blueprintv1.ExpectedResult{Fails: true, Cause: stateErr, Param: fp.param, BadValueJson: right, ErrorMessage: stateMessage(verb, fp.param, right), Alternative: stateVerbs[verb].alternative}, nil
		}
	}
	return &blueprintv1.ExpectedResult{Fails: true, Cause: transient, ErrorMessage: b.transientMessage(t)}, nil
}

func cloneBinding(a *blueprintv1.ArgumentBinding) *blueprintv1.ArgumentBinding {
	out := &blueprintv1.ArgumentBinding{Param: a.GetParam()}
	switch s := a.GetSource().(type) {
	case *blueprintv1.ArgumentBinding_LiteralJson:
		out.Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: s.LiteralJson}
	case *blueprintv1.ArgumentBinding_User:
		out.Source = &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: s.User.GetValueJson(), Description: s.User.GetDescription(), WithholdUntilAsked: s.User.GetWithholdUntilAsked()}}
	case *blueprintv1.ArgumentBinding_Ref:
		out.Source = &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: s.Ref.GetCallId(), Path: s.Ref.GetPath()}}
	}
	return out
}
