package rollout

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
)

// match checks an assistant turn's calls against the plan before any runs:
// each call must be of a planned call that is ready now (right tool,
// dependencies satisfied), its referenced arguments must carry the values
// the referenced results hold, every argument must be grounded in the
// user's messages or earlier results (or be the plan's own literal), no
// withheld value may be used before the user gave it, a parallel group
// must be issued whole and an iteration must cover its list. It returns the
// planned call of each actual call, or an off-plan error whose text is the
// hint the assistant gets.
func (e *engine) match(msg llm.Message, next Action) ([]*blueprintv1.PlannedCall, error) {
	s := e.s
	off := func(callID, format string, a ...any) error {
		return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, callID, format, a...)
	}
	var ready []*blueprintv1.PlannedCall
	for _, c := range s.Plan.IntentCalls(s.Intent) {
		if s.Ready(c) {
			ready = append(ready, c)
		}
	}
	grounds := s.Grounds()
	used := map[string]int{}
	out := make([]*blueprintv1.PlannedCall, len(msg.ToolCalls))
	for i, call := range msg.ToolCalls {
		name := call.Function.Name
		if s.Tools.Get(name) == nil {
			return nil, off(call.ID, "there is no tool %q; the next planned step is %s", name, describeAll(next.Calls))
		}
		args, err := plan.Decode(call.Function.Arguments)
		if err != nil {
			return nil, off(call.ID, "the arguments of %s are not valid JSON", name)
		}
		var cands []*blueprintv1.PlannedCall
		for _, c := range ready {
			if c.GetToolName() == name && used[c.GetId()] < s.Remaining(c) {
				cands = append(cands, c)
			}
		}
		if len(cands) == 0 {
			if e.lookup(call, args, msg.ToolCalls[:i]) {
				continue // out[i] stays nil: a lookup beyond the plan
			}
			return nil, off(call.ID, "%s", e.whyNot(name, next))
		}
		best, bestScore := cands[0], -1
		for _, c := range cands {
			if sc := e.argScore(c, args); sc > bestScore {
				best, bestScore = c, sc
			}
		}
		if err := e.checkArgs(best, call, args, grounds); err != nil {
			return nil, err
		}
		used[best.GetId()]++
		out[i] = best
	}
	for _, c := range ready {
		n := used[c.GetId()]
		if n == 0 {
			if g := c.GetParallelGroup(); g > 0 && !e.serial && slices.ContainsFunc(out, func(o *blueprintv1.PlannedCall) bool { return o.GetParallelGroup() == g }) {
				return nil, off("", "%s belongs to the same parallel group as this turn's calls: issue the whole group in one turn", Describe(c))
			}
			continue
		}
		if want := s.Iterations(c); c.GetForEach() != nil && n != want && !s.Serial {
			return nil, off("", "%s runs once for each of the %d elements of %s's %s: issue %d calls in one turn", Describe(c), want, c.GetForEach().GetCallId(), c.GetForEach().GetPath(), want)
		}
	}
	return out, nil
}

// whyNot explains why a call of tool name does not fit the plan now.
func (e *engine) whyNot(name string, next Action) string {
	s := e.s
	for _, c := range s.Pending() {
		if c.GetToolName() != name {
			continue
		}
		var missing []string
		for _, id := range plan.Needs(c) {
			if s.Done[id] == nil {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			return fmt.Sprintf("%s needs the results of %s first; the next planned step is %s", Describe(c), strings.Join(missing, ", "), describeAll(next.Calls))
		}
	}
	if next.Kind == ActAnswer {
		return fmt.Sprintf("%s is not needed: the planned calls for this request are done, answer the user", name)
	}
	return fmt.Sprintf("%s is not part of the plan at this point; the next planned step is %s", name, describeAll(next.Calls))
}

// argScore counts the arguments of a call that equal what planned call c expects.
func (e *engine) argScore(c *blueprintv1.PlannedCall, args any) int {
	n := 0
	for _, a := range c.GetArguments() {
		got, ok := plan.Param(args, a.GetParam())
		if !ok {
			continue
		}
		want, _ := e.s.Expected(a)
		if containsValue(want, got) {
			n++
		}
	}
	return n
}

// checkArgs checks one call's arguments against its planned call.
func (e *engine) checkArgs(c *blueprintv1.PlannedCall, call llm.ToolCall, args any, grounds []string) error {
	s := e.s
	off := func(format string, a ...any) error {
		return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, c.GetId(), format, a...)
	}
	for _, a := range s.Plan.MustAsk(c) {
		if !s.Given(a.GetUser()) {
			return off("%s needs %s (%s), which the user has not given: ask the user for it first", Describe(c), a.GetParam(), a.GetUser().GetDescription())
		}
	}
	literal := map[string]bool{}
	for _, a := range c.GetArguments() {
		if a.GetRef() == nil {
			continue
		}
		want, ok := s.Expected(a)
		got, has := plan.Param(args, a.GetParam())
		switch {
		case !ok:
			return off("%s takes %s from %s's result at %s, which that result lacks", Describe(c), a.GetParam(), a.GetRef().GetCallId(), a.GetRef().GetPath())
		case !has:
			return off("%s needs %s, taken from %s's result at %s", Describe(c), a.GetParam(), a.GetRef().GetCallId(), a.GetRef().GetPath())
		case !containsValue(want, got):
			return off("%s: %s must be the value at %s of %s's result (%s), not %s", Describe(c), a.GetParam(), a.GetRef().GetPath(), a.GetRef().GetCallId(), plan.Text(want[0]), plan.Text(got))
		}
	}
	for _, a := range c.GetArguments() {
		if lj := a.GetLiteralJson(); lj != "" {
			if v, err := plan.Decode(lj); err == nil {
				for _, l := range plan.Leaves(v) {
					literal[plan.Text(l)] = true
				}
			}
		}
	}
	if plan.IsCode(c) {
		return nil // a program is written, not quoted
	}
	// A failing call is grounded like any other: its cause is a value the
	// user gave, never one the assistant makes up.
	if l, ok := e.ungrounded(args, literal, grounds); !ok {
		return off("%s: the value %s is in neither the user's messages nor an earlier tool result; use values from the conversation", call.Function.Name, l)
	}
	return nil
}

// ungrounded finds an argument value the conversation does not give: each
// significant leaf must be a literal of the plan, a transformation the
// plan declares of what the user said (a city said for its airport code),
// or occur in a user message or an earlier tool result, matched after
// normalisation (plan.Mentioned: case, whitespace, diacritics, number and
// date formats) as well as verbatim. It returns the first such value.
func (e *engine) ungrounded(args any, literal map[string]bool, grounds []string) (string, bool) {
	converted := e.s.Plan.Conversions()
	users := e.s.userTexts()
	results := e.s.resultTexts()
	for _, l := range plan.Leaves(args) {
		if !plan.Significant(l) || literal[plan.Text(l)] {
			continue
		}
		if said, ok := converted[plan.Canonical(l)]; ok && slices.ContainsFunc(said, func(v any) bool {
			return plan.Occurs(plan.Text(v), users) || plan.Mentioned(v, users)
		}) {
			continue // a conversion the plan declares of what the user said
		}
		if plan.Mentioned(l, users) || plan.Mentioned(l, results) {
			continue // said or returned in other case, spacing, number or date format
		}
		if !plan.Occurs(plan.Text(l), grounds) {
			return plan.Text(l), false
		}
	}
	return "", true
}

// lookup decides a call that realises no planned call: it is allowed as a
// lookup beyond the plan when the tool only reads (verify.ToolAccess), no
// pending planned call of the request uses that tool (those calls are
// judged against the plan), its arguments fit the tool's schema and are
// grounded in the conversation, it repeats no earlier call, no confirmed
// write is waiting, and the bound on turns beyond the plan is not spent.
func (e *engine) lookup(call llm.ToolCall, args any, before []llm.ToolCall) bool {
	s := e.s
	name := call.Function.Name
	t := s.Tools.Get(name)
	if e.awaitingWrite || e.extraTurns >= e.maxExtra || e.access[name] != verify.AccessRead || t == nil || t.Code {
		return false
	}
	if slices.ContainsFunc(s.Pending(), func(c *blueprintv1.PlannedCall) bool { return c.GetToolName() == name }) {
		return false
	}
	if len(toolset.Validate(t.Input, call.Function.Arguments)) > 0 {
		return false
	}
	if _, ok := e.ungrounded(args, nil, s.Grounds()); !ok {
		return false
	}
	key := plan.Canonical(args)
	same := func(c llm.ToolCall) bool {
		v, err := plan.Decode(c.Function.Arguments)
		return err == nil && c.Function.Name == name && plan.Canonical(v) == key
	}
	if slices.ContainsFunc(before, same) {
		return false
	}
	for _, m := range s.Messages {
		if slices.ContainsFunc(m.ToolCalls, same) {
			return false
		}
	}
	return true
}

func containsValue(vals []any, v any) bool {
	for _, x := range vals {
		if plan.SameValue(x, v) {
			return true
		}
	}
	return false
}

var (
	// asking marks a turn that requests something of the user, even
	// without a question mark ("Please send me the order number.", "I just
	// need the company ID first.").
	asking = regexp.MustCompile(`(?i)\?|\b(please|let me know|tell me|could you|can you|would you|send me|share|provide|confirm|need|what|which)\b`)
	// refusing marks a turn that declines instead of asking.
	refusing = regexp.MustCompile(`(?i)\b(i can(no|')t help|i cannot help|i'?m unable to|i am unable to|i won'?t be able|i can(no|')t assist|i cannot assist)\b`)
	// textCall marks a tool call written out as text instead of made.
	textCall = regexp.MustCompile(`<tool_call>|<\|python_tag\|>|\{\s*"name"\s*:\s*"[^"]+"\s*,\s*"(arguments|parameters)"\s*:`)
)

// notAQuestion rejects a text turn that stands where the plan needs a
// question for a missing value but asks nothing: an empty reply, a
// refusal, or a tool call written out as text. Only a real question is
// stored as the clarification.
func notAQuestion(msg llm.Message, next Action) error {
	var what []string
	for _, a := range next.Missing {
		what = append(what, a.GetUser().GetDescription())
	}
	off := func(why string) error {
		return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "", "%s; ask the user for %s", why, strings.Join(what, " and "))
	}
	text := strings.TrimSpace(msg.Content)
	switch {
	case text == "":
		return off("the reply is empty")
	case textCall.MatchString(text):
		return off("the reply writes a tool call as text instead of asking")
	case refusing.MatchString(text):
		return off("the reply refuses instead of asking")
	case !asking.MatchString(text):
		return off("the reply asks the user nothing")
	}
	return nil
}
