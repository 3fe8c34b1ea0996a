package rollout_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// TestClarificationIsAQuestion: where the plan needs a question, a text
// turn that asks nothing is not stored as the clarification.
func TestClarificationIsAQuestion(t *testing.T) {
	for name, content := range map[string]string{
		"empty":             "  ",
		"refusal":           "Sorry, I can't help with that request.",
		"tool call as text": `<tool_call>{"name":"search_products","arguments":{"query":"x"}}</tool_call>`,
		"statement":         "I will look into the catalogue now.",
	} {
		t.Run(name, func(t *testing.T) {
			p := &player{deviate: func(turn int, s *rollout.State) (llm.Message, bool) {
				return llm.Message{Role: "assistant", Content: content}, turn == 1 && s.Next().Kind == rollout.ActAsk
			}}
			roles := simRoles()
			roles.Assistant = p
			res := run(t, "clarification", roles, nil)
			if !res.Passed || res.Corrections != 1 || len(p.hints) == 0 || !strings.Contains(p.hints[0], "ask the user for") {
				t.Fatalf("want one correction asking for a question: passed=%v corrections=%d hints %q", res.Passed, res.Corrections, p.hints)
			}
			for _, m := range res.Record.GetMessages() {
				if m.GetRole() == "assistant" && m.GetContent() == content {
					t.Fatalf("the non-question %q was stored", content)
				}
			}
		})
	}
	// A request without a question mark is still a question.
	p := &player{deviate: func(turn int, s *rollout.State) (llm.Message, bool) {
		return llm.Message{Role: "assistant", Content: "Please send me the words to search for."}, turn == 1
	}}
	roles := simRoles()
	roles.Assistant = p
	if res := run(t, "clarification", roles, nil); !res.Passed || res.Corrections != 0 {
		t.Fatalf("a polite request was refused: %v %v", res.Corrections, res.Rejections)
	}
}
