package llmroles_test

import (
	"context"
	"strings"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// A search result without the product_id the plan's next call reads, and
// the same result with it.
const (
	searchWithoutID = `{"items":[{"name":"Desk Lamp","price":19.9,"in_stock":true}],"total":1}`
	searchWithID    = `{"items":[{"product_id":"prod_20417","name":"Desk Lamp","price":19.9,"in_stock":true}],"total":1}`
)

// forgetfulBackend plays the chain blueprint with shopModel, except that
// its search results lack the product id: always, or until told.
func forgetfulBackend(repairs bool) llmtest.Handler {
	base := shopModel(false)
	return func(req llm.ChatRequest, n int) llmtest.Reply {
		if req.ResponseFormat != nil && len(req.Messages) > 1 && strings.Contains(req.Messages[1].Content, "Tool: search_products") {
			if repairs && len(req.Messages) > 2 && strings.Contains(req.Messages[len(req.Messages)-1].Content, "$.items[0].product_id") {
				return llmtest.Text(searchWithID)
			}
			return llmtest.Text(searchWithoutID)
		}
		return base(req, n)
	}
}

func toolSimRequests(srv *llmtest.Server) []llm.ChatRequest {
	var out []llm.ChatRequest
	for _, r := range srv.Requests() {
		if r.Request.ResponseFormat != nil && len(r.Request.Messages) > 1 && strings.HasPrefix(r.Request.Messages[1].Content, "Tool: ") {
			out = append(out, r.Request)
		}
	}
	return out
}

func toolResults(rec *trajectoryv1.Record, name string) []string {
	var out []string
	for _, m := range rec.GetMessages() {
		if m.GetRole() == "tool" && m.GetName() == name {
			out = append(out, m.GetContent())
		}
	}
	return out
}

func TestToolOutputMissingAReadPathIsRepairedByTheModel(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(forgetfulBackend(true))
	bp := agenttest.Blueprint(t, "chain")
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles(t, srv), rollout.Request{Blueprint: bp, Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	// The record holds the model's repaired result as it wrote it: nothing
	// patched in, nothing echoed.
	if got := toolResults(res.Record, "search_products"); len(got) != 1 || got[0] != searchWithID {
		t.Fatalf("search results in the record: %v, want the model's repaired output %s", got, searchWithID)
	}
	reqs := toolSimRequests(srv)
	var repair string
	for _, r := range reqs {
		if len(r.Messages) > 2 {
			repair = r.Messages[len(r.Messages)-1].Content
		}
		// The backend sees the call and earlier results, never the user's goal.
		for _, m := range r.Messages {
			if strings.Contains(m.Content, bp.GetGoal()) || strings.Contains(strings.ToLower(m.Content), "goal") {
				t.Fatalf("the tool simulator was shown the user's goal:\n%s", m.Content)
			}
		}
	}
	if !strings.Contains(repair, "it must include $.items[0].product_id: a non-null value (get_product reads it next)") {
		t.Fatalf("the repair round does not say exactly what to include:\n%s", repair)
	}
	if first := reqs[0].Messages[1].Content; !strings.Contains(first, "The caller relies on the result having:\n- $.items[0].product_id") {
		t.Fatalf("the first request does not say what the caller reads:\n%s", first)
	}
}

func TestToolOutputThatNeverHasAReadPathIsRejected(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(forgetfulBackend(false))
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles(t, srv), rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Passed || len(res.Rejections) == 0 {
		t.Fatal("a rollout whose backend never returns the id the plan reads was accepted")
	}
	r := res.Rejections[0]
	if r.GetReason() != trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT || !strings.Contains(r.GetDetail(), "$.items[0].product_id") {
		t.Fatalf("rejection %v, want one naming the missing path", r)
	}
	if n := len(toolSimRequests(srv)); n != 2 {
		t.Fatalf("want the draft and one repair round, the tool simulator was asked %d times", n)
	}
	for _, out := range toolResults(res.Record, "search_products") {
		t.Fatalf("an unusable result reached the record: %s", out)
	}
}
