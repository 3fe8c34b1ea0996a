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

// clarification realises CLARIFICATION: a value the user holds back until
// the assistant asks for it.
func (b *builder) clarification(i int) error {
	if c, a := b.withholdable(i); a != nil {
		a.GetUser().WithholdUntilAsked = true
		b.clarifyCheck(c, a)
		return nil
	}
	// Nothing to withhold yet: a chain where the graph has one, so the value
	// asked for feeds a call that consumes its result.
	if len(b.cat.Edges) > 0 && b.chain(i) == nil {
		if c, a := b.withholdable(i); a != nil {
			a.GetUser().WithholdUntilAsked = true
			b.clarifyCheck(c, a)
			return nil
		}
	}
	t := b.pickToolWithParams()
	if t == nil {
		return &ImpossibleError{Primitive: validate.Clarify, Reason: fmt.Sprintf("a clarification withholds an argument the user must supply, but no tool of cluster %q takes any parameter", b.cat.Cluster.GetId())}
	}
	// The first required parameter (else the first one) whose value has
	// words to say when asked, of the picked tool or else another: an empty
	// object is nothing a user can give.
	param, value := "", ""
	for _, tt := range slices.Concat([]*catalog.Tool{t}, b.cat.Tools) {
		if tt.Builtin {
			continue
		}
		for _, p := range slices.Concat(tt.Required, tt.Params) {
			// A key is given with the first request that needs it, once
			// (credentials.go), not held back for a question.
			// Nor is a protocol's fixed value, which is the assistant's.
			if _, fixed := constant(tt, p); fixed || credential(tt, p) {
				continue
			}
			if v := b.freshValue(tt, p, nil); sayable(v) {
				t, param, value = tt, p, v
				break
			}
		}
		if param != "" {
			break
		}
	}
	if param == "" {
		return &ImpossibleError{Primitive: validate.Clarify, Reason: fmt.Sprintf("a clarification withholds a value the user can state, but every parameter of cluster %q takes an empty object or list", b.cat.Cluster.GetId())}
	}
	c := b.call(i, t, nil)
	for k, a := range c.Arguments {
		if a.GetParam() == param {
			c.Arguments = slices.Delete(c.Arguments, k, k+1)
			break
		}
	}
	a := &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{
		ValueJson: value, Description: describeParam(t, param), WithholdUntilAsked: true,
	}}}
	c.Arguments = append(c.Arguments, a)
	b.clarifyCheck(c, a)
	b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{c}})
	return nil
}

// withholdable finds a value of intent i the user can really withhold: a
// required value the user states, of a call that neither fails nor corrects
// a failure, whose description no other value of the plan shares (asking
// for "the first number" after the user gave a first number for another
// case would read as a question about a value already given).
func (b *builder) withholdable(i int) (*blueprintv1.PlannedCall, *blueprintv1.ArgumentBinding) {
	values := map[string]map[string]bool{} // description -> values
	for _, in := range b.intents {
		for _, c := range in.calls {
			for _, a := range c.Arguments {
				if u := a.GetUser(); u != nil {
					d := strings.ToLower(u.GetDescription())
					if values[d] == nil {
						values[d] = map[string]bool{}
					}
					values[d][u.GetValueJson()] = true
					if sj := u.GetStatedJson(); sj != "" {
						values[d][sj] = true
					}
				}
			}
		}
	}
	for _, c := range b.intents[i].calls {
		if c.GetExpect().GetFails() || c.GetExpect().GetCorrectsCallId() != "" || b.tool[c.Id].Builtin {
			continue
		}
		for _, a := range c.Arguments {
			u := a.GetUser()
			if u == nil || u.GetStatedJson() != "" || !b.tool[c.Id].IsRequired(a.GetParam()) || len(values[strings.ToLower(u.GetDescription())]) > 1 ||
				!sayable(u.GetValueJson()) || credential(b.tool[c.Id], a.GetParam()) {
				continue
			}
			return c, a
		}
	}
	return nil, nil
}

// sayable reports whether a value has something a user can say: an empty
// object or list has no words to give when asked.
func sayable(valueJSON string) bool {
	var v any
	if json.Unmarshal([]byte(valueJSON), &v) != nil {
		return false
	}
	var leaves func(any) bool
	leaves = func(v any) bool {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				if leaves(e) {
					return true
				}
			}
			return false
		case []any:
			for _, e := range x {
				if leaves(e) {
					return true
				}
			}
			return false
		}
		return true
	}
	return leaves(v)
}

func (b *builder) clarifyCheck(c *blueprintv1.PlannedCall, a *blueprintv1.ArgumentBinding) {
	b.checks = append(b.checks, &blueprintv1.Check{
		Name: "asks_for_missing_value", Kind: blueprintv1.CheckKind_CHECK_KIND_BLUEPRINT,
		Description: fmt.Sprintf("the user does not state %s (%s) up front; the assistant asks for it before call %s", a.GetParam(), a.GetUser().GetDescription(), c.GetId()),
	})
}

// pickToolWithParams picks a tool with required parameters, else one with
// any parameter; nil when no tool of the cluster takes one.
func (b *builder) pickToolWithParams() *catalog.Tool {
	var withReq, withParams []*catalog.Tool
	for _, t := range b.cat.Tools {
		if len(t.Required) > 0 {
			withReq = append(withReq, t)
		}
		if len(t.Params) > 0 {
			withParams = append(withParams, t)
		}
	}
	switch {
	case len(withReq) > 0:
		return b.pickTool(withReq)
	case len(withParams) > 0:
		return b.pickTool(withParams)
	}
	return nil
}
