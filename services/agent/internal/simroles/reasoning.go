package simroles

import (
	"fmt"
	"math/rand/v2"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// callReasoning says why a turn calls what it calls and where each argument
// comes from: the user's words, an earlier result, or the assistant's own
// choice for an optional setting. It speaks of the request and the
// conversation only, never of any script behind it.
func callReasoning(s *rollout.State, r *rand.Rand, calls []*blueprintv1.PlannedCall, made []madeCall) string {
	var out []string
	if note := failedNote(s, r); note != "" {
		out = append(out, note) // a reply that was an error is not moved past as done
	}
	for _, c := range calls {
		out = append(out, whyCall(s, r, c, made))
		if src := sources(s, r, c, made); src != "" {
			out = append(out, src)
		}
	}
	if len(calls) > 1 {
		out = append(out, pick(r,
			"Neither call needs the other's output, so both go out together.",
			"These are independent of each other, so I send them in one turn.",
			"No dependency between them — one turn for all of them.",
			"Since they don't feed each other, I can run them in parallel."))
	}
	return strings.Join(out, " ")
}

// whyCall says why planned call c is the right call now.
func whyCall(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall, made []madeCall) string {
	tool := c.GetToolName()
	purpose := purposeOf(s, c)
	switch {
	case plan.IsCode(c):
		what := programPurpose(c.GetCode())
		lang := map[bool]string{true: "SQL query", false: "Python script"}[plan.Language(c) == "sql"]
		return pick(r,
			"Working out "+what+" by hand is error-prone; a short "+lang+" over the results does it exactly.",
			"The user wants "+what+". I'll compute it with a "+lang+" over the data I already have.",
			"Rather than add these up in my head, I'll run a "+lang+" to get "+what+".",
			"A "+lang+" can take the returned data and give "+what+" reliably.")
	case c.GetExpect().GetCorrectsCallId() != "":
		return retryReason(s, r, c, made)
	case c.GetForEach() != nil:
		n := s.Iterations(c)
		list := wording.Plural(wording.Phrase(strings.TrimPrefix(lastStep(c.GetForEach().GetPath()), "$.")))
		src := toolOf(s, c.GetForEach().GetCallId())
		return pick(r,
			fmt.Sprintf("%s returned %d %s, and %s takes one at a time, so I call it %d times.", src, n, list, tool, n),
			fmt.Sprintf("There are %d %s to go through; %s handles one per call, so one call each.", n, list, tool),
			fmt.Sprintf("The user wants this for every one of the %s. That means %d calls of %s, one per entry.", list, n, tool))
	case c.GetCondition() != nil && c.GetCondition().GetOperator() != "":
		cond := c.GetCondition()
		actual := ""
		if d := s.Done[cond.GetSubject().GetCallId()]; d != nil && len(d.Outputs) > 0 {
			if v, ok := plan.GetOne(d.Outputs[0], cond.GetSubject().GetPath()); ok {
				actual = shown(v)
			}
		}
		field := wording.Phrase(lastStep(cond.GetSubject().GetPath()))
		if actual == "" || field == "result" {
			return pick(r,
				"The earlier result meets the condition the user set, so I go ahead and "+purpose+".",
				"The condition holds on what came back, so "+tool+" runs now.")
		}
		return pick(r,
			"The user only wanted me to "+purpose+" if the condition on the "+field+" held; it came back as "+actual+", so it does, and "+tool+" is next.",
			"Checking the condition: the "+field+" is "+actual+", which satisfies it. So I go ahead and "+purpose+".",
			"Condition met ("+field+" = "+actual+"), so "+tool+" runs now.")
	case hasRef(c):
		src := toolOf(s, firstRef(c).GetCallId())
		return pick(r,
			"Now that "+src+" has answered, I can "+purpose+" with "+tool+".",
			"With the "+src+" result in hand, "+tool+" can "+purpose+".",
			"The "+src+" output gives me what "+tool+" needs to "+purpose+".",
			"Next the user wants me to "+purpose+", and "+tool+" does that using what "+src+" returned.")
	}
	return pick(r,
		"The user wants me to "+purpose+", which is what "+tool+" does.",
		tool+" is the tool for this: it can "+purpose+".",
		"To "+purpose+" I'll use "+tool+".",
		"Right tool here is "+tool+", since the request is to "+purpose+".",
		"This calls for "+tool+" — it lets me "+purpose+".",
		"I can "+purpose+" with "+tool+".",
		"Since the user asked me to "+purpose+", "+tool+" fits.",
		"What's needed is to "+purpose+"; "+tool+" handles that.",
		"Looking at the tools, "+tool+" matches the request: "+purpose+".",
		"First, "+tool+" to "+purpose+".")
}

// sources says where the arguments of c's calls come from.
func sources(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall, made []madeCall) string {
	if plan.IsCode(c) {
		return ""
	}
	var args map[string]any
	for _, m := range made {
		if m.planned == c {
			args = m.args
			break
		}
	}
	var parts []string
	optional := 0
	lead := func(k int, first, other []string) string {
		// A sentence starts with a word, never with a value or a parameter.
		if k == 0 {
			return pick(r, first...)
		}
		return pick(r, append(other, first...)...)
	}
	for _, a := range c.GetArguments() {
		v, ok := plan.Param(args, a.GetParam())
		if !ok || len(parts) >= 4 {
			continue
		}
		val := shown(v)
		if _, isMap := v.(map[string]any); isMap {
			val = "the fields the user listed"
		}
		param := a.GetParam()
		switch src := a.GetSource().(type) {
		case *blueprintv1.ArgumentBinding_User:
			if src.User.GetWithholdUntilAsked() {
				parts = append(parts, lead(len(parts),
					[]string{"the user just told me the " + nounOf(src.User) + " " + be(nounOf(src.User)) + " " + val, "from the user's answer, " + param + " is " + val},
					[]string{val + " for " + param + " comes from the reply to my question"}))
				continue
			}
			parts = append(parts, lead(len(parts),
				[]string{"the user gave " + val + " for " + param, "as the user said, " + param + " is " + val, "from the request: " + param + " = " + val, "the request names " + val + " as the " + nounOf(src.User)},
				[]string{param + " is " + val + ", as the user said", val + " for " + param + " comes straight from the request", param + " = " + val + ", taken from the user's message"}))
		case *blueprintv1.ArgumentBinding_Ref:
			srcTool := toolOf(s, src.Ref.GetCallId())
			field := wording.Phrase(lastStep(src.Ref.GetPath()))
			if c.GetForEach() != nil {
				parts = append(parts, "each call takes the next "+field+" from "+srcTool+"'s result as "+param)
				continue
			}
			parts = append(parts, lead(len(parts),
				[]string{"I pass " + val + ", the " + field + " " + srcTool + " returned, as " + param, "the " + field + " from " + srcTool + " (" + val + ") goes in as " + param, "for " + param + " I reuse " + val + " from the earlier " + srcTool + " output"},
				[]string{param + " is the " + field + " from " + srcTool + "'s result (" + val + ")", param + " takes " + val + " from the earlier " + srcTool + " output"}))
		case *blueprintv1.ArgumentBinding_LiteralJson:
			if c.GetExpect().GetFails() {
				continue
			}
			if optional == 0 {
				parts = append(parts, lead(len(parts),
					[]string{"I set " + param + " to " + val + " myself, a reasonable default", "for the optional " + param + " I use " + val},
					[]string{param + " is optional; " + val + " is a sensible setting"}))
			}
			optional++
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return upperFirst(wording.List(parts)) + "."
}

// retryReason explains a call that repeats a failed one: what the error
// said and what is different now (or that nothing needs to be).
func retryReason(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall, made []madeCall) string {
	failedID := c.GetExpect().GetCorrectsCallId()
	msg := failure(s, failedID)
	var args map[string]any
	for _, m := range made {
		if m.planned == c {
			args = m.args
		}
	}
	var changes []string
	if fc := s.Plan.Call(failedID); fc != nil {
		for _, a := range fc.GetArguments() {
			old, ok1 := plan.Param(failedArgs(s, failedID), a.GetParam())
			now, ok2 := plan.Param(args, a.GetParam())
			if ok1 && ok2 && !plan.SameValue(old, now) {
				changes = append(changes, a.GetParam()+" "+plan.Text(now)+" instead of "+plan.Text(old))
			}
		}
	}
	head := pick(r,
		"The last "+c.GetToolName()+" call failed: "+msg+".",
		c.GetToolName()+" came back with an error ("+msg+").",
		"That didn't work — "+msg+".",
		"Error from "+c.GetToolName()+": "+msg+".")
	if len(changes) == 0 {
		return head + " " + pick(r,
			"It looks temporary, so the same call again should go through.",
			"Nothing was wrong with the arguments, so I simply try again.",
			"That is a transient failure; retrying as is.")
	}
	return head + " " + pick(r, "This time I use ", "Retrying with ", "Fixing it: ") + wording.List(changes) + "."
}

// failedArgs returns the arguments of the actual call that realised failed
// planned call id.
func failedArgs(s *rollout.State, id string) map[string]any {
	d := s.Done[id]
	if d == nil {
		return nil
	}
	return actualArgs(s, d, 0)
}

// failure is the error text of a failed call's result, without the tool
// name it may start with.
func failure(s *rollout.State, id string) string {
	msg := errorText(s, id)
	if c := s.Plan.Call(id); c != nil {
		msg = strings.TrimPrefix(msg, c.GetToolName()+": ")
	}
	return strings.TrimRight(msg, ".")
}

func errorText(s *rollout.State, id string) string {
	if r := s.Done[id]; r != nil && len(r.Outputs) > 0 {
		if o, ok := r.Outputs[0].(map[string]any); ok {
			if e, ok := o["error"]; ok {
				if m, ok := e.(map[string]any); ok {
					for _, k := range []string{"message", "detail", "title", "code"} {
						if v, ok := m[k]; ok {
							return plan.Text(v)
						}
					}
				}
				return plan.Text(e)
			}
		}
	}
	return "an error"
}

func hasRef(c *blueprintv1.PlannedCall) bool { return firstRef(c) != nil }

func firstRef(c *blueprintv1.PlannedCall) *blueprintv1.CallReference {
	for _, a := range c.GetArguments() {
		if ref := a.GetRef(); ref != nil {
			return ref
		}
	}
	return nil
}

// shown is a value as reasoning quotes it: text with spaces in quotes, an
// empty text as "empty".
func shown(v any) string {
	if s, ok := v.(string); ok {
		switch {
		case s == "":
			return "empty"
		case strings.Contains(s, " "):
			return `"` + plan.Clip(s, 80) + `"`
		}
	}
	return plan.Text(v)
}

// lastStep is the last field name of a JSON path ("$.items[*].id" → "id").
func lastStep(path string) string {
	p := strings.ReplaceAll(path, "[*]", "")
	p = strings.TrimRight(p, "]0123456789[")
	if i := strings.LastIndexAny(p, ".'"); i >= 0 {
		p = p[i+1:]
	}
	p = strings.Trim(p, "$'[]")
	if p == "" {
		return "result"
	}
	return p
}

// programPurpose reads what a program computes from its first comment line
// ("# total and average price of the orders"), as the planner writes it.
func programPurpose(code string) string {
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		for _, p := range []string{"# ", "-- "} {
			if strings.HasPrefix(line, p) {
				return strings.TrimPrefix(line, p)
			}
		}
	}
	return "the figures the user asked for"
}
