// Package edgeconfirm asks a language model whether a candidate dependency
// edge is real: whether the producer's output field can be passed as the
// consumer's parameter. It is off by default; clustering works without it.
package edgeconfirm

import (
	"context"
	"fmt"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/depgraph"
)

// Confirmer asks a model about edges.
type Confirmer struct {
	model llm.Completer
}

// New returns a confirmer over a chat model.
func New(model llm.Completer) *Confirmer { return &Confirmer{model: model} }

// Confirm answers whether from's output field e.FromField can feed to's
// parameter e.ToParam. Anything but a clear "yes" or "no" is an error, so
// the caller can keep the candidate rather than guess.
func (c *Confirmer) Confirm(ctx context.Context, from, to *corpus.Tool, e depgraph.Edge) (bool, error) {
	prompt := fmt.Sprintf(`Tool A: %s — %s
Tool B: %s — %s
Can the value at %s in tool A's result be passed as tool B's argument %q in a realistic workflow?
Answer with one word: yes or no.`, from.Name, clip(from.Description), to.Name, clip(to.Description), e.FromField, e.ToParam)
	temp := 0.0
	resp, err := c.model.Complete(ctx, llm.ChatRequest{
		Messages:    []llm.Message{{Role: "system", Content: "You check API data flow. Reply yes or no."}, {Role: "user", Content: prompt}},
		Temperature: &temp,
		MaxTokens:   4,
	})
	if err != nil {
		return false, err
	}
	answer := strings.ToLower(strings.TrimSpace(resp.Message().Content))
	switch {
	case strings.HasPrefix(answer, "yes"):
		return true, nil
	case strings.HasPrefix(answer, "no"):
		return false, nil
	}
	return false, fmt.Errorf("edgeconfirm: unclear answer %q", clip(answer))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
