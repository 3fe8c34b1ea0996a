package rollout

import (
	"fmt"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// State is a rollout in progress: the plan, the conversation so far and how
// far the plan has been realised. Roles read it to play their next turn;
// only the engine changes it.
type State struct {
	Plan  *plan.Plan
	Tools *toolset.Set
	Seed  int64
	// Messages is the conversation so far, the system message first.
	Messages []llm.Message
	// Done maps a planned call id to its realisation.
	Done map[string]*Realised
	// Skipped holds planned calls not taken because their condition is
	// false on the actual result (or they need a skipped call).
	Skipped map[string]bool
	// Revealed holds the withheld user values (value JSON) the user has
	// given when asked; Given also counts a value the user stated unasked.
	Revealed map[string]bool
	// Intent is the user intent being served.
	Intent int
	// UserTask is what the user simulator is asked to do next.
	UserTask UserTask
	// Hint, when set, is a correction the assistant gets for its next turn
	// after an off-plan step (it is not part of the record).
	Hint string
	// Serial is true when the assistant issues one call per turn (its
	// endpoint's parallel_tool_calls is false): an iteration then spans
	// consecutive turns, one element each.
	Serial bool

	// leaks is what the leak checks of this state keep between calls.
	leaks *leakMemo
	// results are the tool messages' texts as resultTexts reads them, by
	// content: every argument check reads them all, and decoding each
	// result again at every call grew with the square of the turns.
	results map[string]string
}

// Realised is how a planned call was carried out: one actual call, or one
// per element for an iterated call.
type Realised struct {
	CallIDs  []string
	Contents []string
	Outputs  []any
	// Failed is true when a result was an error.
	Failed bool
}

// UserTaskKind is what the user simulator says next.
type UserTaskKind int

// The user simulator's tasks.
const (
	// UserOpen states the first intent.
	UserOpen UserTaskKind = iota
	// UserReveal answers the assistant's question with withheld values.
	UserReveal
	// UserFollowUp states the next intent (multi-intent plans).
	UserFollowUp
	// UserConfirm confirms the write the assistant asked about (a short
	// yes); it states no value.
	UserConfirm
)

// UserTask is what the user simulator is asked to say.
type UserTask struct {
	Kind UserTaskKind
	// Intent is the intent stated (UserOpen, UserFollowUp).
	Intent int
	// Values are the values the user states, in any form plan.Unsaid
	// accepts.
	Values []*blueprintv1.UserValue
}

// ActionKind is what the plan wants the assistant to do next.
type ActionKind int

// The assistant's next actions.
const (
	// ActCall issues the calls of Action.Calls in one turn.
	ActCall ActionKind = iota
	// ActAsk asks the user for Action.Missing.
	ActAsk
	// ActAnswer answers the current intent (the final answer on the last one).
	ActAnswer
)

// Action is the plan's next step for the assistant.
type Action struct {
	Kind ActionKind
	// Calls are the planned calls to issue together (a parallel group, or one call).
	Calls []*blueprintv1.PlannedCall
	// Missing are withheld values the assistant must ask for first.
	Missing []*blueprintv1.ArgumentBinding
	// Last is true when the answer ends the conversation.
	Last bool
}

// Ready reports whether planned call c can be issued now: not done, not
// skipped, in the current intent, and everything it needs done.
func (s *State) Ready(c *blueprintv1.PlannedCall) bool {
	if s.Done[c.GetId()] != nil && s.Remaining(c) == 0 || s.Skipped[c.GetId()] || int(c.GetIntent()) != s.Intent {
		return false
	}
	for _, id := range plan.Needs(c) {
		if d := s.Plan.Call(id); s.Done[id] == nil || d != nil && s.Remaining(d) > 0 {
			return false
		}
	}
	return true
}

// settle marks as skipped the calls of the current intent whose condition
// is false on the actual result, and the calls that need a skipped call.
func (s *State) settle() {
	for changed := true; changed; {
		changed = false
		for _, c := range s.Plan.Calls {
			id := c.GetId()
			if s.Done[id] != nil || s.Skipped[id] {
				continue
			}
			skip := false
			for _, n := range plan.Needs(c) {
				if s.Skipped[n] {
					skip = true
				}
			}
			// A correction is for a failure: when the call it corrects
			// succeeded (the call did not carry the bad value), there is
			// nothing to correct.
			if cc := c.GetExpect().GetCorrectsCallId(); cc != "" {
				if r := s.Done[cc]; r != nil && !r.Failed {
					skip = true
				}
			}
			if cond := c.GetCondition(); cond != nil && cond.GetOperator() != "" {
				if r := s.Done[cond.GetSubject().GetCallId()]; r != nil && len(r.Outputs) > 0 && !plan.Holds(cond, r.Outputs[0]) {
					skip = true
				}
			}
			if skip {
				s.Skipped[id] = true
				changed = true
			}
		}
	}
}

// Pending returns the current intent's calls still to be made.
func (s *State) Pending() []*blueprintv1.PlannedCall {
	var out []*blueprintv1.PlannedCall
	for _, c := range s.Plan.IntentCalls(s.Intent) {
		if s.Done[c.GetId()] == nil && !s.Skipped[c.GetId()] {
			out = append(out, c)
		}
	}
	return out
}

// Next returns the plan's next step: the first ready call in plan order
// (with the rest of its parallel group), preceded by a question when it
// needs a withheld value the user has not given; an answer when the
// intent's calls are all made.
func (s *State) Next() Action {
	s.settle()
	var first *blueprintv1.PlannedCall
	for _, c := range s.Plan.IntentCalls(s.Intent) {
		if s.Ready(c) {
			first = c
			break
		}
	}
	if first == nil {
		return Action{Kind: ActAnswer, Last: s.Intent >= s.Plan.Intents()-1}
	}
	batch := []*blueprintv1.PlannedCall{first}
	if g := first.GetParallelGroup(); g > 0 {
		for _, c := range s.Plan.IntentCalls(s.Intent) {
			if c != first && c.GetParallelGroup() == g && s.Ready(c) {
				batch = append(batch, c)
			}
		}
	}
	var missing []*blueprintv1.ArgumentBinding
	for _, c := range batch {
		for _, a := range s.Plan.MustAsk(c) {
			if !s.Given(a.GetUser()) && !slices.ContainsFunc(missing, func(m *blueprintv1.ArgumentBinding) bool {
				return m.GetUser().GetValueJson() == a.GetUser().GetValueJson()
			}) {
				missing = append(missing, a)
			}
		}
	}
	if len(missing) > 0 {
		return Action{Kind: ActAsk, Missing: missing, Calls: batch}
	}
	return Action{Kind: ActCall, Calls: batch}
}

// Given reports whether the user has given value u: asked for it and
// answered, or stated it unasked in any message (matched after
// normalisation, plan.Mentioned), so no question is forced for a value the
// user already gave.
func (s *State) Given(u *blueprintv1.UserValue) bool {
	if s.Revealed[u.GetValueJson()] {
		return true
	}
	v, err := plan.Decode(u.GetValueJson())
	if err != nil {
		return false
	}
	return plan.Mentioned(v, s.userTexts())
}

// userTexts are the user's messages so far.
func (s *State) userTexts() []string {
	var out []string
	for _, m := range s.Messages {
		if m.Role == "user" {
			out = append(out, m.Content)
		}
	}
	return out
}

// Expected returns the values a planned call's argument should take, from
// the plan and the actual results: one value, or one per element for a
// reference through [*]. ok is false when a reference does not resolve.
func (s *State) Expected(a *blueprintv1.ArgumentBinding) (vals []any, ok bool) {
	switch src := a.GetSource().(type) {
	case *blueprintv1.ArgumentBinding_LiteralJson:
		v, err := plan.Decode(src.LiteralJson)
		return []any{v}, err == nil
	case *blueprintv1.ArgumentBinding_User:
		v, err := plan.Decode(src.User.GetValueJson())
		return []any{v}, err == nil
	case *blueprintv1.ArgumentBinding_Ref:
		r := s.Done[src.Ref.GetCallId()]
		if r == nil || len(r.Outputs) == 0 {
			return nil, false
		}
		var out []any
		for _, o := range r.Outputs {
			vs, ok := jsonpath.Get(o, src.Ref.GetPath())
			if ok {
				out = append(out, vs...)
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

// Iterations returns how many calls an iterated planned call makes (the
// elements of the list it iterates over, at most maxIterations), 1 for
// other calls.
func (s *State) Iterations(c *blueprintv1.PlannedCall) int {
	fe := c.GetForEach()
	if fe == nil || fe.GetCallId() == "" {
		return 1
	}
	r := s.Done[fe.GetCallId()]
	if r == nil || len(r.Outputs) == 0 {
		return 0
	}
	v, _ := plan.GetOne(r.Outputs[0], fe.GetPath())
	arr, _ := v.([]any)
	return min(len(arr), maxIterations)
}

// Remaining returns how many calls planned call c still needs: none once
// it is done, except an iteration of a serial assistant, which is done one
// element per turn.
func (s *State) Remaining(c *blueprintv1.PlannedCall) int {
	r := s.Done[c.GetId()]
	switch {
	case r == nil:
		return max(s.Iterations(c), 1)
	case s.Serial && c.GetForEach() != nil:
		return max(s.Iterations(c)-len(r.CallIDs), 0)
	}
	return 0
}

// maxIterations bounds the calls an iteration makes, so one long list
// cannot turn a trajectory into dozens of identical calls.
const maxIterations = 4

// Grounds returns the texts arguments may be grounded in: the user's
// messages and the tool results so far.
func (s *State) Grounds() []string {
	var out []string
	for _, m := range s.Messages {
		if m.Role == "user" || m.Role == "tool" {
			out = append(out, m.Content)
		}
	}
	return out
}

// resultTexts are the tool results so far, each as the text of its values
// (strings unescaped, a value per line), so that a value is found in them
// as a person reading the result would find it.
func (s *State) resultTexts() []string {
	var out []string
	for _, m := range s.Messages {
		if m.Role != "tool" {
			continue
		}
		t, ok := s.results[m.Content]
		if !ok {
			t = resultText(m.Content)
			if s.results == nil {
				s.results = map[string]string{}
			}
			s.results[m.Content] = t
		}
		out = append(out, t)
	}
	return out
}

// resultText is a tool result's leaves, one a line, or the content itself
// when it is no JSON.
func resultText(content string) string {
	doc, err := plan.Decode(content)
	if err != nil {
		return content
	}
	var b strings.Builder
	for _, l := range plan.Leaves(doc) {
		b.WriteString(plan.Text(l) + "\n")
	}
	return b.String()
}

// Describe names a planned call for hints and rejection details.
func Describe(c *blueprintv1.PlannedCall) string {
	return fmt.Sprintf("%s (%s)", c.GetId(), c.GetToolName())
}

// describeAll names several planned calls.
func describeAll(cs []*blueprintv1.PlannedCall) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, Describe(c))
	}
	return strings.Join(parts, ", ")
}
