package planner

import (
	"encoding/json"
	"fmt"
	"regexp"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

var (
	// placeholder is where a code step's program takes an earlier call's
	// output ({{c3}}).
	placeholder = regexp.MustCompile(`\{\{(c\d+)\}\}`)
	// idWord is a call id as a check's description names it.
	idWord = regexp.MustCompile(`\bc\d+\b`)
)

// renumber flattens the intents' calls in plan order and renumbers them
// c1..cN: the ids the primitives drew while building follow the order they
// were realised in, not the order the calls are made. Every reference to a
// call follows: dependencies, argument references, conditions, iterations,
// corrections, the placeholders of code steps and the checks' descriptions.
func (b *builder) renumber() []*blueprintv1.PlannedCall {
	var calls []*blueprintv1.PlannedCall
	for _, in := range b.intents {
		calls = append(calls, in.calls...)
	}
	rename := map[string]string{}
	for k, c := range calls {
		rename[c.Id] = fmt.Sprintf("c%d", k+1)
	}
	fix := func(id string) string {
		if n, ok := rename[id]; ok {
			return n
		}
		return id
	}
	fixRef := func(r *blueprintv1.CallReference) {
		if r != nil {
			r.CallId = fix(r.CallId)
		}
	}
	// The maps by call id follow the new ids: the requests are rendered
	// after this, and a call must be described by its own tool.
	tools, byID := make(map[string]*catalog.Tool, len(calls)), make(map[string]*blueprintv1.PlannedCall, len(calls))
	for _, c := range calls {
		tools[rename[c.Id]], byID[rename[c.Id]] = b.tool[c.Id], c
	}
	b.tool, b.byID = tools, byID
	for _, c := range calls {
		c.Id = fix(c.Id)
		for k, d := range c.DependsOn {
			c.DependsOn[k] = fix(d)
		}
		for _, a := range c.Arguments {
			fixRef(a.GetRef())
		}
		fixRef(c.GetCondition().GetSubject())
		fixRef(c.GetForEach())
		if c.GetExpect().GetCorrectsCallId() != "" {
			c.Expect.CorrectsCallId = fix(c.Expect.CorrectsCallId)
		}
		if c.Code != "" {
			c.Code = placeholder.ReplaceAllStringFunc(c.Code, func(m string) string { return "{{" + fix(m[2:len(m)-2]) + "}}" })
			raw, _ := json.Marshal(c.Code)
			c.Arguments[0].Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: string(raw)}
		}
	}
	for _, ch := range b.checks {
		ch.Description = idWord.ReplaceAllStringFunc(ch.Description, fix)
	}
	return calls
}
