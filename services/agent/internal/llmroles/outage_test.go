package llmroles_test

import (
	"context"
	"testing"
	"time"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/llmroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// TestOutageMidRollout: the endpoint answers 503 to eight requests in a row
// after the third, more than one call's retries. Played through llm.Patient
// (as the runner plays every role), the failed call is asked again where
// the rollout stands and the rollout passes without starting over (the user
// simulator is asked once). Without patience the rollout is rejected for the
// model error alone, never for content it did not get to finish.
func TestOutageMidRollout(t *testing.T) {
	for _, patience := range []time.Duration{time.Minute, -1} {
		srv := llmtest.New(t)
		model := shopModel(false)
		srv.Handle(func(req llm.ChatRequest, n int) llmtest.Reply {
			if n > 3 && n <= 11 {
				return llmtest.Status(503)
			}
			return model(req, n)
		})
		c, err := llm.New(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "scripted", MaxConcurrency: 4, MaxRetries: 1},
			llm.Options{Backoff: llm.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		p := llm.Patient{C: c, Patience: patience, Backoff: llm.Backoff{Base: time.Millisecond, Max: 5 * time.Millisecond}}
		roles := rollout.Roles{
			User: llmroles.User{LLM: p}, Assistant: llmroles.Assistant{LLM: p}, Tools: llmroles.ToolSimulator{LLM: p}, Judge: llmroles.Judge{LLM: p},
			Models: map[string]string{"assistant": "scripted"},
		}
		res, err := rollout.Run(context.Background(), rollout.Config{}, roles, rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		users := 0
		for _, r := range srv.Requests() {
			if len(r.Request.Tools) == 0 && r.Request.ResponseFormat == nil {
				users++
			}
		}
		if patience > 0 {
			if !res.Passed {
				t.Fatalf("with patience: rejected %v", res.Rejections)
			}
			if users != 1 {
				t.Fatalf("the user simulator was asked %d times: the rollout started over", users)
			}
			if u := res.Record.GetUsage(); u.GetLlmCalls() != 9 {
				t.Fatalf("usage %v, want the 9 answered calls", u)
			}
			continue
		}
		if res.Passed || len(res.Rejections) != 1 || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_LLM_ERROR {
			t.Fatalf("without patience: want one llm_error rejection, got passed=%v %v", res.Passed, res.Rejections)
		}
	}
}
