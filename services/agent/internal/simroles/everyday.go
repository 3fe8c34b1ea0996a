package simroles

import (
	"math/rand/v2"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// everydayAnswer answers a request no tool serves: from the bank of
// everyday requests when the request is one of them (a direct, helpful
// answer), and otherwise by saying which capability the tools lack.
func everydayAnswer(s *rollout.State, r *rand.Rand) llm.Message {
	request := ""
	if intents := s.Plan.BP.GetIntents(); s.Intent < len(intents) {
		request = intents[s.Intent]
	}
	if e, ok := wording.Lookup(request); ok {
		if e.Missing != "" {
			return llm.Message{
				Role:             "assistant",
				ReasoningContent: pick(r, "This needs ", "Answering this would take ", "For this I'd need ") + e.Missing + ", and none of the available tools provides that. I should say so plainly rather than make something up.",
				Content:          e.Answer,
			}
		}
		return llm.Message{
			Role: "assistant",
			ReasoningContent: pick(r,
				"None of the tools is relevant to this; it's a general question I can answer myself.",
				"This doesn't need a tool — I can answer from general knowledge.",
				"No lookup required here. I'll just answer directly.",
				"The tools cover other things; this one I can handle on my own.",
				"A plain "+e.Kind+" request, no tool call needed."),
			Content: e.Answer,
		}
	}
	return llm.Message{
		Role:             "assistant",
		ReasoningContent: "None of the available tools can do this, and it needs live information I don't have.",
		Content:          "I can't do that here: none of my tools covers it" + strings.TrimSuffix(" ("+request+")", " ()") + ". If you can give me the details, I'm glad to help work through it.",
	}
}
