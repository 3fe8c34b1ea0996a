package simroles

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// Assistant is the sim assistant: it does what the blueprint intends next
// (call, ask or answer) and says why in its reasoning.
type Assistant struct{}

// Play implements rollout.Player.
func (Assistant) Play(_ context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	r := rnd(s, string(llm.RoleAssistant))
	next := s.Next()
	switch next.Kind {
	case rollout.ActAsk:
		if reasoning, content, ok := notFoundAsk(s, r, next); ok {
			return llm.Message{Role: "assistant", ReasoningContent: reasoning, Content: content}, llm.Totals{}, nil
		}
		return ask(s, r, next), llm.Totals{}, nil
	case rollout.ActAnswer:
		return answer(s, r, next), llm.Totals{}, nil
	}
	msg := llm.Message{Role: "assistant"}
	var made []madeCall
	for _, c := range next.Calls {
		n := s.Iterations(c)
		for k := range max(n, 1) {
			args := arguments(s, c, k)
			msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: fmt.Sprintf("call_%s_%d", c.GetId(), k), Type: "function",
				Function: llm.FunctionCall{Name: c.GetToolName(), Arguments: plan.Canonical(args)}})
			made = append(made, madeCall{planned: c, args: args})
		}
	}
	msg.ReasoningContent = callReasoning(s, r, next.Calls, made)
	return msg, llm.Totals{}, nil
}

// madeCall is one call of a turn with the arguments it carries.
type madeCall struct {
	planned *blueprintv1.PlannedCall
	args    map[string]any
}

// ask asks the user for the values a call needs and the user has not given.
func ask(s *rollout.State, r *rand.Rand, next rollout.Action) llm.Message {
	var nouns []string
	for _, a := range next.Missing {
		nouns = append(nouns, "the "+nounOf(a.GetUser()))
	}
	what := wording.List(nouns)
	// "What are the observations for each entity?", "what is the path?".
	is, it := "is", "it"
	if len(nouns) > 1 || be(strings.TrimPrefix(nouns[0], "the ")) == "are" {
		is, it = "are", "they"
	}
	purpose := purposeOf(s, next.Calls[0])
	content := pick(r,
		"Could you tell me "+what+"?",
		"Which "+strings.TrimPrefix(what, "the ")+" should I use?",
		"I'll need "+what+" for that — what "+is+" "+it+"?",
		"Before I go ahead, what "+is+" "+what+"?",
		"Happy to. What "+is+" "+what+"?",
		"Sure — I just need "+what+" first.",
		"I need "+what+" for this. Can you share "+map[string]string{"it": "it", "they": "them"}[it]+"?")
	reasoning := pick(r,
		"To "+purpose+" I need "+what+", and the user hasn't said which. Asking is better than guessing.",
		"The request leaves out "+what+", which "+next.Calls[0].GetToolName()+" requires; I shouldn't invent it, so I'll ask.",
		"Nothing in the conversation gives "+what+". I'll ask the user for it before calling "+next.Calls[0].GetToolName()+".",
		"Missing piece: "+what+". A made-up value would give a wrong result, so I ask.",
		next.Calls[0].GetToolName()+" can't run without "+what+", and the user hasn't mentioned it yet — better to check.")
	return llm.Message{Role: "assistant", ReasoningContent: reasoning, Content: content}
}

// purposeOf is what a planned call's tool does, as a verb phrase.
func purposeOf(s *rollout.State, c *blueprintv1.PlannedCall) string {
	if t := s.Tools.Get(c.GetToolName()); t != nil {
		return wording.Purpose(t.Name, t.Description)
	}
	return wording.Purpose(c.GetToolName(), "")
}

var placeholder = regexp.MustCompile(`\{\{(c\d+)\}\}`)

// arguments builds the k-th call of planned call c (k > 0 only for
// iterations): literals as planned, user values as stated, references read
// from the actual results, the program with earlier results filled in.
func arguments(s *rollout.State, c *blueprintv1.PlannedCall, k int) map[string]any {
	args := map[string]any{}
	if plan.IsCode(c) && c.GetCode() != "" {
		sql := plan.Language(c) == "sql"
		code := placeholder.ReplaceAllStringFunc(c.GetCode(), func(m string) string {
			out := "null"
			if r := s.Done[m[2:len(m)-2]]; r != nil && len(r.Contents) > 0 {
				out = r.Contents[0]
			}
			if sql { // pasted inside a string literal
				out = strings.ReplaceAll(out, "'", "''")
			}
			return out
		})
		args["code"] = code
		return args
	}
	for _, a := range c.GetArguments() {
		v, ok := argValue(s, c, a, k)
		if ok {
			setParam(args, a.GetParam(), v)
		}
	}
	return args
}

// argValue is the value argument a of planned call c takes in its k-th call.
func argValue(s *rollout.State, c *blueprintv1.PlannedCall, a *blueprintv1.ArgumentBinding, k int) (any, bool) {
	vals, ok := s.Expected(a)
	if !ok || len(vals) == 0 {
		return nil, false
	}
	v := vals[0]
	if k < len(vals) && c.GetForEach() != nil {
		v = vals[k]
	}
	if a.GetRef() != nil {
		v = asDeclared(s, c, a.GetParam(), v)
	}
	return v, true
}

// asDeclared passes a referenced value in the form its parameter declares:
// a number as text where the parameter is a string (an id an earlier result
// gave as a number), a date in the layout the parameter's description asks
// for (an expiry a result gave as 2025-02-03, passed as MM/YYYY).
func asDeclared(s *rollout.State, c *blueprintv1.PlannedCall, param string, v any) any {
	t := s.Tools.Get(c.GetToolName())
	if t == nil || t.ParamType(param) != "string" {
		return v
	}
	// A date in the layout the parameter asks for (2025-02-03 → 02/2025).
	if d, ok := plan.InLayout(v, t.DateLayout(param)); ok {
		return d
	}
	switch v.(type) {
	case json.Number, float64, int64, int:
		return plan.Text(v)
	}
	return v
}

func toolOf(s *rollout.State, id string) string {
	if c := s.Plan.Call(id); c != nil {
		return c.GetToolName()
	}
	return id
}

// setParam sets a top-level parameter, or a nested one named by a path.
func setParam(args map[string]any, param string, v any) {
	if !strings.HasPrefix(param, "$") {
		args[param] = v
		return
	}
	steps, err := jsonpath.Parse(param)
	if err != nil || len(steps) == 0 {
		return
	}
	cur := args
	for _, st := range steps[:len(steps)-1] {
		next, ok := cur[st.Field].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[st.Field] = next
		}
		cur = next
	}
	cur[steps[len(steps)-1].Field] = v
}
