// Package simroles is the sim provider's conversational roles: a user
// simulator, an assistant and a judge that realise a blueprint
// programmatically, deterministically by seed (each role draws from its own
// stream, sim.NewRand(seed, role, ...), so changing one role never shifts
// another). The assistant follows the plan faithfully, so the trajectory's
// structure is the blueprint's: a parallel group is one turn with several
// calls, a withheld value is a question and the user's answer, a planned
// failure is an error result and the correcting call, an iteration is one
// call per list element, a later intent is a follow-up request, a code step
// is a real program run in the sandbox. The wording is templated: it is
// structurally correct data, and natural-language quality needs a model.
package simroles

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// rnd is a role's random stream for the current turn.
func rnd(s *rollout.State, role string, parts ...string) *rand.Rand {
	return sim.NewRand(s.Seed, append([]string{role, s.Plan.Key, fmt.Sprint(len(s.Messages))}, parts...)...)
}

func pick(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }

// User is the sim user simulator: it states the current intent with the
// values the plan lets it state, and gives withheld values only when asked.
type User struct{}

// Play implements rollout.Player.
func (User) Play(_ context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	r := rnd(s, string(llm.RoleUserSimulator))
	t := s.UserTask
	var b strings.Builder
	persona := s.Plan.BP.GetPersona()
	intent := ""
	if intents := s.Plan.BP.GetIntents(); t.Intent < len(intents) {
		intent = intents[t.Intent]
	} else {
		intent = s.Plan.BP.GetGoal()
	}
	switch t.Kind {
	case rollout.UserOpen:
		switch r.IntN(3) {
		case 0:
			if persona.GetName() != "" {
				fmt.Fprintf(&b, "Hi, I'm %s (%s). ", persona.GetName(), persona.GetRole())
			}
		case 1:
			b.WriteString(pick(r, "Hello! ", "Hey there. ", "Good day. "))
		}
		b.WriteString(intent)
	case rollout.UserReveal:
		b.WriteString(pick(r, "Sure. ", "Of course. ", "Right, sorry. ", "Yes: "))
	case rollout.UserFollowUp:
		b.WriteString(pick(r, "Thanks. ", "Great, thank you. ", "Perfect. ", "OK. "))
		b.WriteString(pick(r, "Next, ", "One more thing: ", "Also, ", "Now "))
		b.WriteString(lowerFirst(intent))
	}
	if len(t.Values) > 0 {
		var parts []string
		for _, v := range t.Values {
			parts = append(parts, fmt.Sprintf("%s: %s", describe(v), valueText(v.GetValueJson())))
		}
		switch {
		case t.Kind == rollout.UserReveal:
			b.WriteString(strings.Join(parts, "; ") + ".")
		default:
			b.WriteString(pick(r, " Details — ", " Use ", " For reference, ") + strings.Join(parts, "; ") + ".")
		}
	}
	return llm.Message{Role: "user", Content: strings.TrimSpace(b.String())}, llm.Totals{}, nil
}

func describe(v *blueprintv1.UserValue) string {
	if d := v.GetDescription(); d != "" {
		return lowerFirst(d)
	}
	return "the value"
}

// valueText renders a user value as the user says it: strings bare,
// other values as JSON.
func valueText(valueJSON string) string {
	v, err := plan.Decode(valueJSON)
	if err != nil {
		return valueJSON
	}
	return plan.Text(v)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// Assistant is the sim assistant: it takes the plan's next step.
type Assistant struct{}

// Play implements rollout.Player.
func (Assistant) Play(_ context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	r := rnd(s, string(llm.RoleAssistant))
	next := s.Next()
	switch next.Kind {
	case rollout.ActAsk:
		var asks []string
		for _, a := range next.Missing {
			asks = append(asks, describe(a.GetUser()))
		}
		what := strings.Join(asks, " and ")
		return llm.Message{
			Role:             "assistant",
			ReasoningContent: fmt.Sprintf("To call %s I need %s, which the user has not given. I should ask rather than guess.", toolNames(next.Calls), what),
			Content:          pick(r, "Could you tell me ", "Before I go ahead, what is ", "I need one more detail: ") + what + "?",
		}, llm.Totals{}, nil
	case rollout.ActAnswer:
		return answer(s, r, next), llm.Totals{}, nil
	}
	msg := llm.Message{Role: "assistant"}
	var why []string
	for _, c := range next.Calls {
		n := s.Iterations(c)
		for k := range max(n, 1) {
			args, note := arguments(s, c, k)
			msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: fmt.Sprintf("call_%s_%d", c.GetId(), k), Type: "function",
				Function: llm.FunctionCall{Name: c.GetToolName(), Arguments: plan.Canonical(args)}})
			if k == 0 && note != "" {
				why = append(why, note)
			}
		}
		if c.GetForEach() != nil {
			why = append(why, fmt.Sprintf("%s runs once for each of the %d elements of %s.", c.GetToolName(), n, strings.TrimPrefix(c.GetForEach().GetPath(), "$.")))
		}
		if cc := c.GetExpect().GetCorrectsCallId(); cc != "" {
			why = append(why, fmt.Sprintf("The previous %s call failed (%s); I retry with corrected arguments.", c.GetToolName(), failure(s, cc)))
		}
	}
	if len(msg.ToolCalls) > 1 && len(next.Calls) > 1 {
		why = append(why, "These calls do not depend on each other, so I issue them together.")
	}
	msg.ReasoningContent = strings.TrimSpace(pick(r, "Next step: call ", "I'll call ", "Plan: call ") + toolNames(next.Calls) + ". " + strings.Join(why, " "))
	return msg, llm.Totals{}, nil
}

func failure(s *rollout.State, id string) string {
	if r := s.Done[id]; r != nil && len(r.Outputs) > 0 {
		if o, ok := r.Outputs[0].(map[string]any); ok {
			return plan.Text(o["error"])
		}
	}
	return "an error"
}

func toolNames(cs []*blueprintv1.PlannedCall) string {
	var names []string
	for _, c := range cs {
		if !slices.Contains(names, c.GetToolName()) {
			names = append(names, c.GetToolName())
		}
	}
	return strings.Join(names, " and ")
}

var placeholder = regexp.MustCompile(`\{\{(c\d+)\}\}`)

// arguments builds the k-th call of planned call c (k > 0 only for
// iterations): literals as planned, user values as stated, references read
// from the actual results, the program with earlier results filled in.
func arguments(s *rollout.State, c *blueprintv1.PlannedCall, k int) (map[string]any, string) {
	args := map[string]any{}
	var notes []string
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
		return args, "I compute the result with a short program over the earlier results."
	}
	for _, a := range c.GetArguments() {
		vals, ok := s.Expected(a)
		if !ok || len(vals) == 0 {
			continue
		}
		v := vals[0]
		if k < len(vals) && c.GetForEach() != nil {
			v = vals[k]
		}
		if ref := a.GetRef(); ref != nil {
			v = asDeclared(s, c, a.GetParam(), v)
		}
		setParam(args, a.GetParam(), v)
		if ref := a.GetRef(); ref != nil {
			notes = append(notes, fmt.Sprintf("%s comes from the %s result (%s).", a.GetParam(), toolOf(s, ref.GetCallId()), plan.Text(v)))
		}
	}
	return args, strings.Join(notes, " ")
}

// asDeclared passes a referenced number as text where the
// parameter is declared a string (an id an earlier result gave as a number).
func asDeclared(s *rollout.State, c *blueprintv1.PlannedCall, param string, v any) any {
	t := s.Tools.Get(c.GetToolName())
	if t == nil || t.ParamType(param) != "string" {
		return v
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

// answer reports the current intent's results with their values.
func answer(s *rollout.State, r *rand.Rand, next rollout.Action) llm.Message {
	calls := s.Plan.IntentCalls(s.Intent)
	if len(calls) == 0 {
		return llm.Message{
			Role:             "assistant",
			ReasoningContent: "No tool available here serves this request, so I answer it directly without calling one.",
			Content:          pick(r, "None of my tools covers that, so here is a direct answer: ", "That is outside what my tools do; answering directly: ") + "I can only offer general guidance on this one, without looking anything up.",
		}
	}
	var lines []string
	for _, c := range calls {
		d := s.Done[c.GetId()]
		if d == nil {
			if s.Skipped[c.GetId()] {
				lines = append(lines, fmt.Sprintf("I did not run %s, since its condition did not hold.", c.GetToolName()))
			}
			continue
		}
		if d.Failed && c.GetExpect().GetFails() {
			continue // reported through its correction
		}
		for _, o := range d.Outputs {
			if f := facts(o, plan.IsCode(c)); f != "" {
				lines = append(lines, fmt.Sprintf("%s: %s.", c.GetToolName(), strings.TrimRight(f, ".")))
			}
		}
	}
	closing := ""
	if !next.Last {
		closing = " " + pick(r, "Anything else?", "What next?", "Is there more I can do?")
	}
	return llm.Message{
		Role:             "assistant",
		ReasoningContent: "The planned calls for this request are done; I report what they returned.",
		Content:          pick(r, "Here is what I found. ", "Done. ", "All set. ") + strings.Join(lines, " ") + closing,
	}
}

// facts names up to four significant values of a result ("name value").
func facts(doc any, code bool) string {
	if code {
		o, _ := doc.(map[string]any)
		out, _ := o["stdout"].(string)
		return "the program printed " + strings.TrimSpace(out)
	}
	var parts []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		if len(parts) >= 4 {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sim.SortedKeys(x) {
				walk(k, x[k])
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		default:
			if plan.Significant(x) {
				parts = append(parts, strings.ReplaceAll(key, "_", " ")+" "+plan.Text(x))
			}
		}
	}
	walk("value", doc)
	return strings.Join(parts, ", ")
}

// Judge is the sim judge: it scores the share of the plan's calls the
// trajectory realised (skipped branches excluded), halved when the
// conversation has no answer. A model judges meaning; this judges coverage.
type Judge struct{}

// Judge implements rollout.Judge.
func (Judge) Judge(_ context.Context, s *rollout.State) (float64, string, llm.Totals, error) {
	want, got := 0, 0
	for _, c := range s.Plan.Calls {
		if s.Skipped[c.GetId()] {
			continue
		}
		want++
		if s.Done[c.GetId()] != nil {
			got++
		}
	}
	score := 1.0
	if want > 0 {
		score = float64(got) / float64(want)
	}
	last := s.Messages[len(s.Messages)-1]
	if last.Role != "assistant" || len(last.ToolCalls) > 0 || strings.TrimSpace(last.Content) == "" {
		score /= 2
	}
	return score, fmt.Sprintf("%d of %d planned calls realised", got, want), llm.Totals{}, nil
}
