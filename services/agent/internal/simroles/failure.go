package simroles

import (
	"fmt"
	"math/rand/v2"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// What the sim roles say around a planned failure whose cause is in the
// conversation: the assistant tells the user a value was not found and asks
// for the right one, the user corrects it, and the assistant reports an
// action the backend refused together with what it can do instead.

// correcting returns the failed call that withheld value v corrects (the
// user's mistyped value was not found), or nil.
func correcting(s *rollout.State, v *blueprintv1.UserValue) *blueprintv1.PlannedCall {
	for _, c := range s.Plan.Calls {
		cc := c.GetExpect().GetCorrectsCallId()
		if cc == "" {
			continue
		}
		for _, a := range c.GetArguments() {
			if a.GetUser().GetWithholdUntilAsked() && a.GetUser().GetValueJson() == v.GetValueJson() {
				if d := s.Done[cc]; d != nil && d.Failed {
					return s.Plan.Call(cc)
				}
			}
		}
	}
	return nil
}

// notFoundAsk is the assistant's question after a lookup of the user's
// value found nothing: what failed, and a request for the right value.
func notFoundAsk(s *rollout.State, r *rand.Rand, next rollout.Action) (reasoning, content string, ok bool) {
	if len(next.Missing) == 0 {
		return "", "", false
	}
	f := correcting(s, next.Missing[0].GetUser())
	if f == nil {
		return "", "", false
	}
	ex := f.GetExpect()
	said := plan.Text(decoded(ex.GetBadValueJson()))
	what := "the " + nounOf(next.Missing[0].GetUser())
	reasoning = pick(r,
		fmt.Sprintf("%s found nothing for %s. That value came from the user, so rather than guess another one I ask them to check it.", f.GetToolName(), said),
		fmt.Sprintf("No match for %s. It may be a typo on the user's side; only they know the right one.", said),
		fmt.Sprintf("The lookup of %s failed with not found. I shouldn't try variations myself; I'll ask for the correct value.", said))
	content = pick(r,
		fmt.Sprintf("I couldn't find anything for %s. Could you double-check %s?", said, what),
		fmt.Sprintf("The system says %s doesn't exist. Could there be a typo? What is %s exactly?", said, what),
		fmt.Sprintf("No match for %s, I'm afraid. Can you check %s and send it again?", said, what),
		fmt.Sprintf("Nothing turned up for %s. Is that %s you meant, or could it be slightly different?", said, what),
		fmt.Sprintf("I looked for %s but came up empty. Would you mind checking %s?", said, what),
		fmt.Sprintf("%s didn't match anything on my side. What's %s?", upperFirst(said), what))
	return reasoning, content, true
}

// correctionReveal is the user's reply giving the right value after the
// assistant reported the mistyped one as not found.
func correctionReveal(s *rollout.State, r *rand.Rand) (string, bool) {
	t := s.UserTask
	if t.Kind != rollout.UserReveal || len(t.Values) == 0 || correcting(s, t.Values[0]) == nil {
		return "", false
	}
	if len(t.Values) == 1 {
		// One value: said in the persona's register, with the wrong one.
		f := correcting(s, t.Values[0])
		wrong := plan.Text(decoded(f.GetExpect().GetBadValueJson()))
		return correction(r, registerOf(s.Plan.BP.GetPersona()), nounOf(t.Values[0]), wrong, plan.Text(decoded(t.Values[0].GetValueJson()))), true
	}
	var parts []string
	for _, v := range t.Values {
		parts = append(parts, plan.Text(decoded(v.GetValueJson())))
	}
	return pick(r, "Sorry, my mistake: it's ", "Oops, I mistyped it. The right one is ", "Ah, wrong one. Try ", "My bad, it should be ") + strings.Join(parts, " and ") + ".", true
}

// refusedSentence reports an action the backend refused because of the
// object's state, and what the assistant can do instead; ok is false for
// other calls.
func refusedSentence(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall) (string, bool) {
	ex := c.GetExpect()
	d := s.Done[c.GetId()]
	if ex.GetCause() != blueprintv1.FailureCause_FAILURE_CAUSE_STATE || d == nil || !d.Failed {
		return "", false
	}
	line := pick(r, "I couldn't do that: ", "That was refused: ", "The system wouldn't allow it: ") + failure(s, c.GetId()) + "."
	if alt := ex.GetAlternative(); alt != "" {
		line += " " + pick(r, "What I can do instead is ", "Instead, I could ", "If it helps, I can ") + alt + "."
	}
	return line, true
}

func decoded(valueJSON string) any {
	v, err := plan.Decode(valueJSON)
	if err != nil {
		return valueJSON
	}
	return v
}
