package simroles

import (
	"context"
	"fmt"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// Judge is the sim judge: it scores the share of the plan's calls the
// trajectory realised (skipped branches excluded), halved when the
// conversation has no answer. A model judges meaning; this judges coverage.
type Judge struct{}

// Judge implements rollout.Judge.
func (Judge) Judge(_ context.Context, s *rollout.State) (float64, string, llm.Totals, error) {
	want, got := 0, 0
	for _, c := range s.Plan.Calls {
		if s.Skipped[c.GetId()] {
			continue
		}
		want++
		if s.Done[c.GetId()] != nil {
			got++
		}
	}
	score := 1.0
	if want > 0 {
		score = float64(got) / float64(want)
	}
	last := s.Messages[len(s.Messages)-1]
	if last.Role != "assistant" || len(last.ToolCalls) > 0 || strings.TrimSpace(last.Content) == "" {
		score /= 2
	}
	return score, fmt.Sprintf("%d of %d planned calls realised", got, want), llm.Totals{}, nil
}
