// Package verify holds the verification layers a finished rollout passes
// through, in order: schema (arguments against input schemas, results
// against output schemas), blueprint conformance (the calls realise the
// plan), outcome (the answers reflect the results the plan expects) and,
// when configured, the judge. Every layer runs and reports, so a rejected
// rollout carries all its reasons (they become preference negatives).
package verify

import (
	"fmt"
	"slices"
	"strings"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// Layer names, as in the record's verdict.checks.
const (
	Schema    = "schema"
	Blueprint = "blueprint"
	Outcome   = "outcome"
	Judge     = "judge"
)

// Input is a finished rollout as the layers see it.
type Input struct {
	Plan     *plan.Plan
	Tools    *toolset.Set
	Messages []llm.Message
	// CallPlan maps each actual tool call id to the planned call it realises.
	CallPlan map[string]string
	// Skipped planned calls were not taken because their condition was false.
	Skipped map[string]bool
	// Answers maps an intent to the index in Messages of its answer.
	Answers map[int]int
	// Score is the judge's score; nil when no judge ran.
	Score *float64
	// Threshold is the least passing judge score.
	Threshold float64
	// JudgeReason is the judge's explanation.
	JudgeReason string
	// SerialCalls is true when the assistant's endpoint issues one call per
	// turn: a parallel group may then span consecutive turns.
	SerialCalls bool
	// Extra holds the ids of calls the plan did not include that the
	// rollout allowed as read-only lookups; Confirmations the indices in
	// Messages of assistant turns that asked the user to confirm a write
	// before making it. Together they take at most MaxExtraTurns turns.
	Extra         map[string]bool
	Confirmations []int
	MaxExtraTurns int
	// Access is what each tool does (ToolAccess), by name.
	Access map[string]Access
}

// Result is the verdict of the layers.
type Result struct {
	Checks     map[string]bool
	Rejections []*trajectoryv1.Rejection
}

// Passed reports whether every layer passed.
func (r Result) Passed() bool { return len(r.Rejections) == 0 }

// Run runs every layer.
func Run(in Input) Result {
	res := Result{Checks: map[string]bool{}}
	layer := func(name string, reason trajectoryv1.RejectReason, rej []*trajectoryv1.Rejection) {
		for _, r := range rej {
			r.Reason = reason
		}
		res.Checks[name] = len(rej) == 0
		res.Rejections = append(res.Rejections, rej...)
	}
	layer(Schema, trajectoryv1.RejectReason_REJECT_REASON_SCHEMA, schema(in))
	layer(Blueprint, trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT, conformance(in))
	layer(Outcome, trajectoryv1.RejectReason_REJECT_REASON_OUTCOME, outcome(in))
	if in.Score != nil {
		var rej []*trajectoryv1.Rejection
		if *in.Score < in.Threshold {
			rej = append(rej, &trajectoryv1.Rejection{Detail: fmt.Sprintf("judge scored %.2f, below %.2f: %s", *in.Score, in.Threshold, in.JudgeReason)})
		}
		layer(Judge, trajectoryv1.RejectReason_REJECT_REASON_JUDGE, rej)
	}
	return res
}

func reject(callID, format string, a ...any) *trajectoryv1.Rejection {
	return &trajectoryv1.Rejection{CallId: callID, Detail: fmt.Sprintf(format, a...)}
}

// schema checks every call's arguments against the tool's input schema and
// every successful result against its output schema.
func schema(in Input) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	toolOf := map[string]string{}
	failed := failedCalls(in.Messages)
	for _, m := range in.Messages {
		for _, c := range m.ToolCalls {
			toolOf[c.ID] = c.Function.Name
			t := in.Tools.Get(c.Function.Name)
			if t == nil {
				out = append(out, reject(c.ID, "call %s: unknown tool %q", c.ID, c.Function.Name))
				continue
			}
			v := toolset.Validate(t.Input, c.Function.Arguments)
			if failed[c.ID] {
				// The value a planned bad-format failure passes as the user
				// wrote it breaks the schema, and the backend said so.
				v = slices.DeleteFunc(v, func(x string) bool { return badFormatViolation(in.Plan.Call(in.CallPlan[c.ID]), x) })
			}
			if len(v) > 0 {
				out = append(out, reject(c.ID, "call %s: arguments of %s do not match its input schema: %s", c.ID, t.Name, strings.Join(v, "; ")))
			}
		}
		if m.Role == "tool" {
			t := in.Tools.Get(toolOf[m.ToolCallID])
			if t == nil || trajectory.IsError(m.Content) {
				continue
			}
			if v := toolset.Validate(t.Output, m.Content); len(v) > 0 {
				out = append(out, reject(m.ToolCallID, "result of call %s (%s) does not match its output schema: %s", m.ToolCallID, t.Name, strings.Join(v, "; ")))
			}
		}
	}
	return out
}

// askedBefore reports whether a user message before index i states value
// (matched after normalisation, or verbatim for a short value).
func askedBefore(msgs []llm.Message, i int, valueJSON string) bool {
	v, err := plan.Decode(valueJSON)
	if err != nil {
		return false
	}
	// A list or an object is stated when each of its leaves is, the way the
	// rollout checks a user message ("the numbers are 4.5 and 7"); a value
	// in other case, spacing or number format counts too.
	var users []string
	for j := 0; j < i && j < len(msgs); j++ {
		if msgs[j].Role == "user" {
			if statesAll(msgs[j].Content, v) {
				return true
			}
			users = append(users, msgs[j].Content)
		}
	}
	return plan.Mentioned(v, users)
}

func statesAll(text string, v any) bool {
	if strings.Contains(text, plan.Text(v)) {
		return true
	}
	leaves := plan.Leaves(v)
	for _, l := range leaves {
		if !strings.Contains(text, plan.Text(l)) {
			return false
		}
	}
	return len(leaves) > 0
}

// argOf returns the top-level argument param of the tool call callID.
func argOf(msgs []llm.Message, callID, param string) (any, bool) {
	for _, m := range msgs {
		for _, c := range m.ToolCalls {
			if c.ID != callID {
				continue
			}
			v, err := plan.Decode(c.Function.Arguments)
			if err != nil {
				return nil, false
			}
			return plan.Param(v, param)
		}
	}
	return nil, false
}

// fromOutputs reports whether v is a value at path in one of the results.
func fromOutputs(v any, results []string, path string) bool {
	for _, r := range results {
		doc, err := plan.Decode(r)
		if err != nil {
			continue
		}
		vals, _ := jsonpath.Get(doc, path)
		for _, x := range vals {
			if plan.SameValue(x, v) {
				return true
			}
		}
	}
	return false
}

// outcome checks that each answered intent's answer reflects its results
// (it mentions a value from them), that values the plan's outcome checks
// expect appear, and that an aggregating answer draws on several results.
func outcome(in Input) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	last := -1
	for i, m := range in.Messages {
		if m.Role == "assistant" && len(m.ToolCalls) == 0 {
			last = i
		}
	}
	if last < 0 || strings.TrimSpace(in.Messages[last].Content) == "" {
		return append(out, reject("", "the conversation has no final answer"))
	}
	var answers strings.Builder
	for i := range in.Plan.Intents() {
		idx, ok := in.Answers[i]
		if !ok {
			out = append(out, reject("", "intent %d was never answered", i))
			continue
		}
		answers.WriteString(in.Messages[idx].Content + "\n")
		srcs := intentResults(in, i)
		if len(srcs) == 0 {
			continue
		}
		mentioned := 0
		for _, leaves := range srcs {
			if mentions(in.Messages[idx].Content, leaves) {
				mentioned++
			}
		}
		if mentioned == 0 {
			out = append(out, reject("", "the answer to intent %d reports none of the values its calls returned", i))
		}
		if i == in.Plan.AggregateIntent() && len(srcs) >= 2 && mentioned < 2 {
			out = append(out, reject("", "the answer to intent %d should combine several results but draws on %d", i, mentioned))
		}
	}
	for _, ch := range in.Plan.BP.GetChecks() {
		for _, vj := range ch.GetExpectValuesJson() {
			v, err := plan.Decode(vj)
			if err != nil {
				continue
			}
			if !strings.Contains(answers.String(), plan.Text(v)) {
				out = append(out, reject("", "outcome check %s: the answers never mention %s", ch.GetName(), plan.Text(v)))
			}
		}
	}
	return out
}

// intentResults returns, per successful result of the intent's calls, its
// significant leaf values (for the code tool: of its stdout).
func intentResults(in Input, intent int) [][]string {
	var out [][]string
	toolOf := map[string]string{}
	for _, m := range in.Messages {
		for _, c := range m.ToolCalls {
			toolOf[c.ID] = c.Function.Name
		}
		if m.Role != "tool" || trajectory.IsError(m.Content) {
			continue
		}
		c := in.Plan.Call(in.CallPlan[m.ToolCallID])
		if c == nil || int(c.GetIntent()) != intent {
			continue
		}
		doc, err := plan.Decode(m.Content)
		if err != nil {
			continue
		}
		if t := in.Tools.Get(toolOf[m.ToolCallID]); t != nil && t.Code {
			o, _ := doc.(map[string]any)
			s, _ := o["stdout"].(string)
			if d, err := plan.Decode(s); err == nil {
				doc = d
			} else {
				doc = strings.TrimSpace(s)
			}
		}
		var leaves []string
		for _, l := range plan.Leaves(doc) {
			if plan.Significant(l) {
				leaves = append(leaves, plan.Text(l))
			}
		}
		if len(leaves) > 0 {
			out = append(out, leaves)
		}
	}
	return out
}

func mentions(text string, leaves []string) bool {
	for _, l := range leaves {
		if strings.Contains(text, l) || mentionsText(text, l) {
			return true
		}
	}
	return false
}

// mentionsText reports whether an answer reports a text result (a file's
// text, a listing, a confirmation) by one of its lines or by a name in it
// (a path, a file name, a figure): such results are shown or retold, not
// quoted whole.
func mentionsText(text, leaf string) bool {
	if !strings.ContainsAny(leaf, " \n") {
		return false
	}
	for _, line := range strings.Split(leaf, "\n") {
		if line = strings.TrimSpace(line); len(line) >= 8 && strings.Contains(text, line) {
			return true
		}
	}
	for _, w := range strings.Fields(leaf) {
		w = strings.Trim(w, ".,;:()[]\"'")
		if len(w) >= 5 && strings.ContainsAny(w, "/._0123456789") && strings.Contains(text, w) {
			return true
		}
	}
	return false
}
