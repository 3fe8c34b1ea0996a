package planner

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// clarification realises CLARIFICATION: a value the user holds back until
// the assistant asks for it.
func (b *builder) clarification(i int) error {
	if c, a := b.withholdable(i); a != nil {
		a = b.withholdPart(c, a)
		a.GetUser().WithholdUntilAsked = true
		b.clarifyCheck(c, a)
		return nil
	}
	// Nothing to withhold yet: a chain where the graph has one, so the value
	// asked for feeds a call that consumes its result.
	if len(b.cat.Edges) > 0 && b.chain(i) == nil {
		if c, a := b.withholdable(i); a != nil {
			a = b.withholdPart(c, a)
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
			// Nor is what only an earlier page gives (a NextToken).
			if _, fixed := constant(tt, p); fixed || credential(tt, p) || plumbingParam(tt, p) || !tt.IsRequired(p) && incidental(p) {
				continue
			}
			if v := b.freshValue(tt, p, nil); askable(v) && partAskable(tt, p, describeParam(tt, p), v) {
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
	a = b.withholdPart(c, a)
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
				!askable(u.GetValueJson()) || !partAskable(b.tool[c.Id], a.GetParam(), u.GetDescription(), u.GetValueJson()) || credential(b.tool[c.Id], a.GetParam()) {
				continue
			}
			return c, a
		}
	}
	return nil, nil
}

// partAskable reports whether a value of param of t described as desc has
// something to ask for: anything but a body (a container of the fields a
// request sends), which has when a field of it can be asked for by itself
// (withholdPart); a body of fields its schema does not declare has none —
// "What is the body?" is no question.
func partAskable(t *catalog.Tool, param, desc, valueJSON string) bool {
	if !container[strings.ToLower(desc)] || strings.HasPrefix(param, "$") {
		return true
	}
	s, ok := t.ParamSchema(param)
	v, err := jsonschema.Decode([]byte(valueJSON))
	obj, isObj := v.(map[string]any)
	if !ok || err != nil || !isObj {
		return false
	}
	_, found := sayableField(t.Input, s, obj, 0)
	return found
}

// askable reports whether a value is one an assistant asks the user for:
// it has words to say, and it is no bare switch ("Which enable
// termination protection should I use?" — "true." is no question a
// person is asked about what they want).
func askable(valueJSON string) bool {
	return valueJSON != "true" && valueJSON != "false" && sayable(valueJSON)
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

// withholdPart is what the user holds back of argument a of call c: a
// itself, or, where a only wraps the fields a request sends (an HTTP body,
// a payload), one of those fields, bound on its own by its path
// ("$.body.AccountIds") and taken out of the rest. Nobody is asked "what
// is the body?" nor answers "the body is body with …": the assistant asks
// which accounts. The field is one the user knows (a required one first),
// never the protocol's (a page cursor, a fixed value).
func (b *builder) withholdPart(c *blueprintv1.PlannedCall, a *blueprintv1.ArgumentBinding) *blueprintv1.ArgumentBinding {
	t, u := b.tool[c.GetId()], a.GetUser()
	if t == nil || u == nil || strings.HasPrefix(a.GetParam(), "$") || !container[strings.ToLower(u.GetDescription())] {
		return a
	}
	dec := json.NewDecoder(strings.NewReader(u.GetValueJson()))
	dec.UseNumber()
	var obj map[string]any
	s, ok := t.ParamSchema(a.GetParam())
	if dec.Decode(&obj) != nil || !ok {
		return a
	}
	f, ok := sayableField(t.Input, s, obj, 0)
	if !ok {
		return a
	}
	raw, _ := json.Marshal(f.value)
	delete(f.holder, f.path[len(f.path)-1])
	rest, _ := json.Marshal(obj)
	u.ValueJson = string(rest)
	d, _ := f.schema["description"].(string)
	noun := notesNoun(t.Input, f.schema)
	if noun == "" {
		noun = wording.ParamNoun(f.path[len(f.path)-1], d)
	}
	steps := []jsonpath.Step{{Field: a.GetParam()}}
	for _, k := range f.path {
		steps = append(steps, jsonpath.Step{Field: k})
	}
	part := &blueprintv1.ArgumentBinding{
		Param:  "$" + jsonpath.Format(steps),
		Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: string(raw), Description: noun, WithholdUntilAsked: u.GetWithholdUntilAsked()}},
	}
	u.WithholdUntilAsked = false // the rest of the body is said up front
	k := slices.Index(c.Arguments, a)
	c.Arguments = slices.Insert(c.Arguments, k+1, part)
	return part
}

// bodyField is a field of an object a user states: where it is (its path
// and the object that holds it), its value and its schema.
type bodyField struct {
	path   []string
	holder map[string]any
	value  any
	schema map[string]any
	rank   int
}

// sayableField finds the field of obj (schema s under root) a user asks
// about by itself: a leaf or a list of leaves with words to say, not the
// protocol's; a required one first, then by what it means to the person
// (weight), at the shallowest depth that has one. false when none has.
func sayableField(root any, s map[string]any, obj map[string]any, depth int) (bodyField, bool) {
	rs, ok := jsonschema.Resolve(root, s)
	if !ok || depth > 3 {
		return bodyField{}, false
	}
	props, required := propsFor(root, rs, obj)
	var best bodyField
	found := false
	var nested []string
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		ps, _ := jsonschema.Resolve(root, props[k])
		raw, _ := json.Marshal(obj[k])
		if _, isObj := obj[k].(map[string]any); isObj && ps != nil {
			nested = append(nested, k)
			continue
		}
		if ps == nil || !leafy(obj[k]) || !askable(string(raw)) || plumbing(root, k, ps) {
			continue
		}
		f := bodyField{path: []string{k}, holder: obj, value: obj[k], schema: ps, rank: 4*b2i(required[k]) + weight(k, ps)}
		if !found || f.rank > best.rank {
			best, found = f, true
		}
	}
	if found {
		return best, true
	}
	for _, k := range nested {
		ps, _ := jsonschema.Resolve(root, props[k])
		if f, ok := sayableField(root, ps, obj[k].(map[string]any), depth+1); ok {
			f.path = append([]string{k}, f.path...)
			return f, true
		}
	}
	return bodyField{}, false
}

// leafy reports whether a value is said as it is: a leaf or a list of
// leaves, not an object with fields of its own.
func leafy(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		return false
	case []any:
		for _, e := range x {
			if !leafy(e) {
				return false
			}
			if _, list := e.([]any); list {
				return false
			}
		}
	}
	return true
}
