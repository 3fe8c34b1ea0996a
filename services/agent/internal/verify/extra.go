package verify

import (
	"slices"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
)

// extraTurns checks the turns the plan did not include but a careful
// assistant may take: a lookup with a read-only tool, and a question
// confirming a write before it is made. They are within their bound, the
// lookups read and nothing else, and every confirmation is answered by
// the user and followed by the write it confirmed.
func extraTurns(in Input) []*trajectoryv1.Rejection {
	var out []*trajectoryv1.Rejection
	turns := 0
	for _, m := range in.Messages {
		extra := false
		for _, c := range m.ToolCalls {
			if !in.Extra[c.ID] {
				continue
			}
			extra = true
			if in.Access[c.Function.Name] != AccessRead {
				out = append(out, reject(c.ID, "call %s (%s) is not in the plan and not a read-only lookup", c.ID, c.Function.Name))
			}
		}
		if extra {
			turns++
		}
	}
	for _, i := range in.Confirmations {
		turns++
		if i <= 0 || i+1 >= len(in.Messages) || in.Messages[i].Role != "assistant" || len(in.Messages[i].ToolCalls) > 0 || in.Messages[i+1].Role != "user" {
			out = append(out, reject("", "the confirmation at message %d is not an assistant question the user answers", i))
			continue
		}
		if !writesNext(in, in.Messages[i+2:]) {
			out = append(out, reject("", "the confirmation at message %d is followed by no write", i))
		}
	}
	if turns > in.MaxExtraTurns {
		out = append(out, reject("", "%d turns beyond the plan (lookups and confirmations), more than the %d allowed", turns, in.MaxExtraTurns))
	}
	return out
}

// writesNext reports whether the next assistant turn with calls in msgs
// makes a planned call of a write tool.
func writesNext(in Input, msgs []llm.Message) bool {
	for _, m := range msgs {
		if len(m.ToolCalls) == 0 {
			continue
		}
		return slices.ContainsFunc(m.ToolCalls, func(c llm.ToolCall) bool {
			_, planned := in.CallPlan[c.ID]
			return planned && in.Access[c.Function.Name] == AccessWrite
		})
	}
	return false
}
