package planner

import (
	"encoding/json"
	"slices"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// code realises CODE_COMPUTATION: a code-tool step over earlier outputs.
func (b *builder) code(i int) error {
	// A program computes over results that hold something to compute (a
	// list, figures, a text); a login's {"success": true} holds nothing, so
	// a request whose results are all like it gets a lookup that does.
	computed := func() []*blueprintv1.PlannedCall {
		return slices.DeleteFunc(b.results(i), func(c *blueprintv1.PlannedCall) bool { t := b.tool[c.Id]; return t == nil || !computable(t) })
	}
	res := computed()
	if len(res) == 0 {
		// A result the program can compute over: a list, figures, a text.
		ts := slices.DeleteFunc(b.withOutput(), func(t *catalog.Tool) bool { return !computable(t) })
		if len(ts) == 0 {
			// Logins, confirmations and metadata only: a program over them
			// ("how many fields the login returned") is not one anyone asks for.
			return &ImpossibleError{Primitive: validate.Code, Reason: "no tool returns anything to compute over"}
		}
		t := b.pickTool(ts)
		b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{b.call(i, t, nil)}})
		// The lookup's result only: a folder made earlier in the request
		// is not read into the program.
		res = computed()
	}
	if len(res) > 3 {
		res = res[len(res)-3:]
	}
	program, what := b.program(res)
	ct := b.cat.CodeTool()
	// Results that are lists of records are data a query can answer: half
	// the code steps over them are SQL.
	if q, qwhat, ok := b.sqlProgram(res); ok && b.r.IntN(2) == 0 {
		program, what, ct = q, qwhat, b.cat.SQLTool()
	}
	c := &blueprintv1.PlannedCall{Id: b.id(), ToolName: ct.Name, ToolId: ct.ID, Intent: int32(i), Code: program, CodeLanguage: catalog.Language(ct.Name)}
	raw, _ := json.Marshal(program)
	c.Arguments = []*blueprintv1.ArgumentBinding{{Param: "code", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: string(raw)}}}
	for _, r := range res {
		addDep(c, r.Id)
	}
	b.tool[c.Id] = ct
	b.byID[c.Id] = c
	b.intents[i].calls = append(b.intents[i].calls, c)
	b.say(i, clause{kind: clauseCode, what: what, sql: ct.Name == catalog.SQLToolName})
	return nil
}
