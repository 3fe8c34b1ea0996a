package llmroles_test

import (
	"context"
	"strings"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/llmroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// The scripted behaviours of real models, each played against the fake
// server: every rollout is accepted or rejected as a careful reviewer would
// decide, and no record (accepted or rejected) carries the private note, a
// hint or a plan call id in any field.

// play rolls blueprint bp out with every role on srv, played by p; mut
// adjusts the endpoint (the compatibility options under test).
func play(t *testing.T, srv *llmtest.Server, p *shopPlayer, bp string, mut func(*llm.Endpoint)) *rollout.Result {
	t.Helper()
	srv.Handle(p.handle)
	ep := llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "scripted", MaxConcurrency: 4, MaxRetries: 2}
	if mut != nil {
		mut(&ep)
	}
	c, err := llm.New(ep, llm.Options{Backoff: llm.Backoff{Base: 1e6, Max: 4e6}})
	if err != nil {
		t.Fatal(err)
	}
	roles := rollout.Roles{User: llmroles.User{LLM: c}, Assistant: llmroles.Assistant{LLM: c}, Tools: llmroles.ToolSimulator{LLM: c}, Judge: llmroles.Judge{LLM: c}}
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles, rollout.Request{Blueprint: agenttest.Blueprint(t, bp), Tools: agenttest.Tools(t), Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	requireNoPrivateText(t, res.Record)
	return res
}

func requireAccepted(t *testing.T, res *rollout.Result, signature string) {
	t.Helper()
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	if got := res.Record.GetReasoningMode(); got != signature {
		t.Fatalf("signature %q, want %q", got, signature)
	}
}

func TestReasoningThatMentionsTheGuidance(t *testing.T) {
	leaky := "The private note says to call the next tool now, so I will do what the guidance says."
	t.Run("regenerated once with another seed", func(t *testing.T) {
		srv := llmtest.New(t)
		// The model mentions the note at the rollout's seed only; asked again
		// with another seed it reasons on its own.
		res := play(t, srv, &shopPlayer{reasoning: func(seed int64) string {
			if seed == 5 {
				return leaky
			}
			return "The user wants report migration items; a catalogue search comes first."
		}}, "chain", nil)
		requireAccepted(t, res, "[u].[d].[d].ans")
		var kept int
		for _, m := range res.Record.GetMessages() {
			if strings.Contains(m.GetReasoningContent(), "catalogue search comes first") {
				kept++
			}
		}
		if kept == 0 {
			t.Fatal("the regenerated reasoning was not kept")
		}
	})
	t.Run("dropped when it keeps mentioning it", func(t *testing.T) {
		srv := llmtest.New(t)
		res := play(t, srv, &shopPlayer{reasoning: func(int64) string { return leaky }}, "chain", nil)
		requireAccepted(t, res, "[u].[d].[d].ans")
		for _, m := range res.Record.GetMessages() {
			if m.GetReasoningContent() != "" {
				t.Fatalf("reasoning kept: %q", m.GetReasoningContent())
			}
		}
	})
}

func TestReplyThatCitesTheNoteToTheUser(t *testing.T) {
	// Every call comes with a sentence quoting the note: asked again, then
	// corrected, the model keeps doing it, so the rollout is rejected, and
	// not even the negative record holds the sentence.
	srv := llmtest.New(t)
	res := play(t, srv, &shopPlayer{citeNote: true}, "chain", nil)
	if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN || !strings.Contains(res.Rejections[0].GetDetail(), "private instructions") {
		t.Fatalf("want an off-plan rejection for citing the note, got passed=%v %v", res.Passed, res.Rejections)
	}
	var asked int
	for _, r := range srv.Requests() {
		if len(r.Request.Tools) > 0 {
			asked++
		}
	}
	// Three turns (the first and two corrections), each asked twice.
	if asked != 6 {
		t.Fatalf("%d assistant requests, want 6", asked)
	}
}

func TestTemplateThatRejectsLateSystemMessages(t *testing.T) {
	for _, placement := range []string{llm.GuidanceSystem, llm.GuidanceUser} {
		t.Run(placement, func(t *testing.T) {
			srv := llmtest.New(t)
			srv.SetQuirks(llmtest.Quirks{RejectLateSystem: true})
			res := play(t, srv, &shopPlayer{}, "chain", func(e *llm.Endpoint) { e.Guidance = placement })
			requireAccepted(t, res, "[u].[d].[d].ans")
			for _, r := range srv.Requests() {
				msgs := r.Request.Messages
				for i, m := range msgs {
					if i > 0 && m.Role == "system" {
						t.Fatalf("request with a system message at %d", i)
					}
				}
				if len(r.Request.Tools) == 0 {
					continue
				}
				// The note sits where the placement says, never in a trailing system message.
				where := msgs[0].Content
				if placement == llm.GuidanceUser {
					where = msgs[len(msgs)-1].Content
					if msgs[len(msgs)-1].Role != "user" || strings.Contains(msgs[0].Content, "Private note") {
						t.Fatal("the note is not on the user's side of the last turn")
					}
				}
				if !strings.Contains(where, "Private note") {
					t.Fatalf("no note where %s placement puts it", placement)
				}
			}
		})
	}
}

func TestModelWithoutParallelCalls(t *testing.T) {
	t.Run("endpoint says parallel_tool_calls false", func(t *testing.T) {
		srv := llmtest.New(t)
		no := false
		res := play(t, srv, &shopPlayer{serial: true}, "fan-out", func(e *llm.Endpoint) { e.ParallelToolCalls = &no })
		// The planned group of three is issued over three turns, and the
		// record keeps that structure.
		requireAccepted(t, res, "[u].[d].[d].[d].ans")
		if res.Corrections != 0 {
			t.Fatalf("%d corrections spent on a model that cannot issue parallel calls", res.Corrections)
		}
		for _, r := range srv.Requests() {
			if len(r.Request.Tools) > 0 && (r.Request.ParallelToolCalls == nil || *r.Request.ParallelToolCalls) {
				t.Fatal("the request does not say parallel_tool_calls: false")
			}
		}
	})
	t.Run("an iteration over consecutive turns", func(t *testing.T) {
		srv := llmtest.New(t)
		no := false
		res := play(t, srv, &shopPlayer{serial: true}, "iteration", func(e *llm.Endpoint) { e.ParallelToolCalls = &no })
		requireAccepted(t, res, "[u].[d].[d].ans")
		var ids []string
		for _, m := range res.Record.GetMessages() {
			for _, c := range m.GetToolCalls() {
				if c.GetFunction().GetName() == "get_product" {
					ids = append(ids, c.GetFunction().GetArguments())
				}
			}
		}
		if len(ids) != 2 || ids[0] == ids[1] {
			t.Fatalf("get_product calls %v, want one per search hit", ids)
		}
	})
	t.Run("the same plans with parallel calls", func(t *testing.T) {
		srv := llmtest.New(t)
		requireAccepted(t, play(t, srv, &shopPlayer{}, "fan-out", nil), "[u].[ddd].ans")
		srv2 := llmtest.New(t)
		requireAccepted(t, play(t, srv2, &shopPlayer{}, "iteration", nil), "[u].[dd].ans")
	})
	t.Run("endpoint not configured", func(t *testing.T) {
		// The model splits the group it was asked to issue at once: off
		// plan each time, so rejected once the corrections are spent.
		srv := llmtest.New(t)
		res := play(t, srv, &shopPlayer{serial: true}, "fan-out", nil)
		if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN {
			t.Fatalf("want an off-plan rejection, got passed=%v %v", res.Passed, res.Rejections)
		}
	})
}

func TestToolCallsWrittenAsText(t *testing.T) {
	for _, form := range []string{"hermes", "llama", "json", "mistral"} {
		t.Run(form, func(t *testing.T) {
			srv := llmtest.New(t)
			srv.SetQuirks(llmtest.Quirks{ToolCallsAsText: form})
			res := play(t, srv, &shopPlayer{}, "chain", nil)
			requireAccepted(t, res, "[u].[d].[d].ans")
			for _, m := range res.Record.GetMessages() {
				if len(m.GetToolCalls()) > 0 && m.GetContent() != "" {
					t.Fatalf("call text left in content: %q", m.GetContent())
				}
			}
		})
	}
}

func TestThinkBlocks(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetQuirks(llmtest.Quirks{ThinkInContent: true, ToolCallsAsText: "hermes"})
	res := play(t, srv, &shopPlayer{reasoning: func(int64) string { return "Search first, then look the item up." }}, "chain", nil)
	requireAccepted(t, res, "[u].[d].[d].ans")
	var reasoned int
	for _, m := range res.Record.GetMessages() {
		if strings.Contains(m.GetContent(), "think>") {
			t.Fatalf("think block left in content: %q", m.GetContent())
		}
		if m.GetReasoningContent() == "Search first, then look the item up." {
			reasoned++
		}
	}
	if reasoned != 4 {
		t.Fatalf("reasoning on %d assistant turns, want 4", reasoned)
	}
}

func TestTruncatedReplies(t *testing.T) {
	t.Run("cut once, complete on the retry", func(t *testing.T) {
		srv := llmtest.New(t)
		res := play(t, srv, &shopPlayer{truncate: func(n int, req llm.ChatRequest) bool { return n == 2 && req.MaxTokens < 1024 }}, "chain",
			func(e *llm.Endpoint) { e.MaxTokens = 256; e.LengthRetryMaxTokens = 1024 })
		requireAccepted(t, res, "[u].[d].[d].ans")
		for _, m := range res.Record.GetMessages() {
			if strings.Contains(m.GetContent(), "in the cat") {
				t.Fatal("the truncated reply reached the record")
			}
		}
	})
	t.Run("cut every time", func(t *testing.T) {
		srv := llmtest.New(t)
		res := play(t, srv, &shopPlayer{truncate: func(n int, _ llm.ChatRequest) bool { return n >= 2 }}, "chain", nil)
		if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_LLM_ERROR || !strings.Contains(res.Rejections[0].GetDetail(), "token limit") {
			t.Fatalf("want a rejection for the truncated reply, got passed=%v %v", res.Passed, res.Rejections)
		}
		for _, m := range res.Record.GetMessages() {
			if strings.Contains(m.GetContent(), "in the cat") {
				t.Fatal("the truncated reply reached the record")
			}
		}
	})
}

func TestModelThatAnswersItsOwnQuestion(t *testing.T) {
	// Asked for a withheld detail, the model asks and supplies the value
	// itself: the question is not a question, so it is corrected; the
	// model keeps doing it, and the rollout is rejected.
	srv := llmtest.New(t)
	p := &shopPlayer{selfAnswer: true}
	res := play(t, srv, p, "clarification", nil)
	if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN || !strings.Contains(res.Rejections[0].GetDetail(), "states a value the user has not given") {
		t.Fatalf("want an off-plan rejection for the self-answered question, got passed=%v %v", res.Passed, res.Rejections)
	}
	if len(p.questions) != 3 {
		t.Fatalf("%d questions, want 3 (the first and two corrections)", len(p.questions))
	}
	// The negative record ends with the bad question, never answered by the user.
	msgs := res.Record.GetMessages()
	if last := msgs[len(msgs)-1]; last.GetRole() != "assistant" || !strings.Contains(last.GetContent(), "I will go with") {
		t.Fatalf("the negative record does not end with the self-answered question: %v", last)
	}

	// The same model asking properly is accepted with the question.
	srv2 := llmtest.New(t)
	res = play(t, srv2, &shopPlayer{}, "clarification", nil)
	requireAccepted(t, res, "ask.u.[u].ans")
}
