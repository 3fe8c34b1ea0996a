package rollout

import (
	"regexp"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
)

// confirming marks a question that asks the user to confirm an action.
var confirming = regexp.MustCompile(`(?i)\b(confirm|shall i|should i|do you want me to|would you like me to|want me to|go ahead|proceed|ok to|okay to|is that (right|correct|ok|okay)|are you sure)\b`)

// confirmation decides a text turn where the plan's next step is calls.
// Asking the user to confirm a write before making it is what a careful
// assistant does, so it is allowed once per planned write while the bound
// on turns beyond the plan lasts: nil means the turn is that confirmation.
// Anything else (an early answer, a second confirmation, a confirmation of
// a lookup, one past the bound) is off plan, with the hint to give.
func (e *engine) confirmation(msg llm.Message, next Action) error {
	off := func(format string, a ...any) error {
		return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, next.Calls[0].GetId(), format, a...)
	}
	early := off("the assistant answered before making the planned calls %s", describeAll(next.Calls))
	text := strings.TrimSpace(msg.Content)
	if !strings.Contains(text, "?") || !confirming.MatchString(text) || refusing.MatchString(text) || textCall.MatchString(text) {
		return early
	}
	var writes []*blueprintv1.PlannedCall
	unconfirmed := false
	for _, c := range next.Calls {
		if e.access[c.GetToolName()] == verify.AccessWrite {
			writes = append(writes, c)
			unconfirmed = unconfirmed || !e.confirmed[c.GetId()]
		}
	}
	switch {
	case len(writes) == 0:
		return off("%s only looks something up: make the planned calls without asking the user to confirm", describeAll(next.Calls))
	case !unconfirmed:
		return off("the user has already confirmed: make the planned calls %s now, without asking again", describeAll(next.Calls))
	case e.extraTurns >= e.maxExtra:
		return off("no more questions before acting: make the planned calls %s now", describeAll(next.Calls))
	}
	return nil
}
