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

// userRequests are the requests the user simulator made (no tools, no
// structured output).
func userRequests(srv *llmtest.Server) []llm.ChatRequest {
	var out []llm.ChatRequest
	for _, r := range srv.Requests() {
		if len(r.Request.Tools) == 0 && r.Request.ResponseFormat == nil {
			out = append(out, r.Request)
		}
	}
	return out
}

func TestUserSimulatorSeesTheConversationFromTheUsersSide(t *testing.T) {
	srv := llmtest.New(t)
	p := &shopPlayer{reasoning: func(int64) string { return "Thinking about the catalogue search before asking." }}
	res := play(t, srv, p, "clarification", nil)
	requireAccepted(t, res, "ask.u.[u].ans")
	reqs := userRequests(srv)
	if len(reqs) != 2 {
		t.Fatalf("want the opening and the answer to the question, the user simulator was asked %d times", len(reqs))
	}
	reveal := reqs[1].Messages
	if reveal[0].Role != "system" || !strings.Contains(reveal[0].Content, "You are Lena Rossi") || !strings.Contains(reveal[0].Content, "unsure, thinks out loud") {
		t.Fatalf("the brief does not carry the persona:\n%s", reveal[0].Content)
	}
	rec := res.Record.GetMessages()
	opening, question := rec[1].GetContent(), rec[2].GetContent()
	// Turned roles: the user's own opening is the model's earlier turn, the
	// assistant's question the last message it answers.
	var sawOpening bool
	for _, m := range reveal[1:] {
		if m.Role == "assistant" && m.Content == opening {
			sawOpening = true
		}
		if m.Role == "tool" || len(m.ToolCalls) > 0 || m.ReasoningContent != "" || strings.Contains(m.Content, "Thinking about") {
			t.Fatalf("the user simulator saw a tool call, a tool result or reasoning: %+v", m)
		}
	}
	if last := reveal[len(reveal)-1]; !sawOpening || last.Role != "user" || last.Content != question {
		t.Fatalf("the conversation is not shown from the user's side: %+v", reveal)
	}
	// No request of the user simulator carries a tool result.
	for _, r := range reqs {
		for _, m := range r.Messages {
			if strings.Contains(m.Content, `"items"`) {
				t.Fatalf("a tool result reached the user simulator: %s", m.Content)
			}
		}
	}
}

// wordyUser plays the chain blueprint's user with the values in its own
// words; first, when set, is its opening (the retry, with the engine's
// feedback, gets retry).
func wordyUser(first, retry string) llmtest.Handler {
	base := shopModel(false)
	return func(req llm.ChatRequest, n int) llmtest.Reply {
		if len(req.Tools) == 0 && req.ResponseFormat == nil {
			if strings.Contains(req.Messages[0].Content, "Your previous message missed something") {
				return llmtest.Text(retry)
			}
			return llmtest.Text(first)
		}
		return base(req, n)
	}
}

func TestUserValuesAreMatchedAfterNormalisation(t *testing.T) {
	srv := llmtest.New(t)
	// "report migration" in another case and spacing, the quantity 6 as a word.
	srv.Handle(wordyUser("Could you search the catalogue for Report  Migration and put six of the best match in my cart?", ""))
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles(t, srv), rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	if n := len(userRequests(srv)); n != 1 {
		t.Fatalf("a message that conveys every value was asked again (%d requests)", n)
	}
	if first := userRequests(srv)[0].Messages[0].Content; !strings.Contains(first, "in your own words") || strings.Contains(first, "character for character") {
		t.Fatalf("the user simulator is asked to paste values verbatim:\n%s", first)
	}
}

func TestUserValueMissingIsAskedOnceByName(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(wordyUser("Could you search the catalogue for report migration and add the best match to my cart?",
		"Sorry — search for report migration and add 6 of the best match to my cart."))
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles(t, srv), rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	reqs := userRequests(srv)
	if len(reqs) != 2 || !strings.Contains(reqs[1].Messages[0].Content, "the assistant still needs the quantity (6)") {
		t.Fatalf("want one retry naming the missing quantity, got %d requests", len(reqs))
	}
	if got := res.Record.GetMessages()[1].GetContent(); !strings.Contains(got, "add 6 of") {
		t.Fatalf("the record's opening is not the retried message: %q", got)
	}

	// A user that never gives it is rejected, naming the value.
	srv2 := llmtest.New(t)
	never := "Could you search the catalogue for report migration and add the best match to my cart?"
	srv2.Handle(wordyUser(never, never))
	res, err = rollout.Run(context.Background(), rollout.Config{}, roles(t, srv2), rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN || !strings.Contains(res.Rejections[0].GetDetail(), "did not state 6") {
		t.Fatalf("want a rejection naming the unstated quantity, got passed=%v %v", res.Passed, res.Rejections)
	}
	if n := len(userRequests(srv2)); n != 2 {
		t.Fatalf("want exactly one retry, the user simulator was asked %d times", n)
	}
}

func TestUserSimulatorBriefOnTheUsersSide(t *testing.T) {
	// A template without a system role: the brief goes into the last
	// user-side message, and the request still opens on the user's side.
	srv := llmtest.New(t)
	res := play(t, srv, &shopPlayer{}, "clarification", func(e *llm.Endpoint) { e.Guidance = llm.GuidanceUser })
	requireAccepted(t, res, "ask.u.[u].ans")
	for _, r := range userRequests(srv) {
		msgs := r.Messages
		if msgs[0].Role != "user" {
			t.Fatalf("the user simulator's request opens with %q", msgs[0].Role)
		}
		for _, m := range msgs {
			if m.Role == "system" {
				t.Fatalf("a system message reached a template without one: %s", m.Content)
			}
		}
		if last := msgs[len(msgs)-1]; last.Role != "user" || !strings.Contains(last.Content, "You are Lena Rossi") {
			t.Fatalf("the brief is not on the user's side of the last turn: %+v", last)
		}
	}
}
