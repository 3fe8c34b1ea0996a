package llmroles_test

import (
	"strings"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
)

// Turns a careful model takes beyond the plan: a confirmation before a
// write and a read-only lookup are kept (within their bound); a write
// nobody asked for, or confirming again and again, is not.

// calls lists a record's tool calls as name(arguments).
func calls(rec *trajectoryv1.Record) []string {
	var out []string
	for _, m := range rec.GetMessages() {
		for _, c := range m.GetToolCalls() {
			out = append(out, c.GetFunction().GetName()+c.GetFunction().GetArguments())
		}
	}
	return out
}

// requireMeasured checks that the record's signature and CAC are the
// contract's measures of its own messages.
func requireMeasured(t *testing.T, rec *trajectoryv1.Record) {
	t.Helper()
	var msgs []llm.Message
	for _, m := range rec.GetMessages() {
		msg := llm.Message{Role: m.GetRole(), Content: m.GetContent(), ToolCallID: m.GetToolCallId()}
		for _, c := range m.GetToolCalls() {
			msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: c.GetId(), Function: llm.FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
		}
		msgs = append(msgs, msg)
	}
	if m := trajectory.Measure(msgs); m.Signature != rec.GetReasoningMode() || m.CAC != rec.GetCac() {
		t.Fatalf("record says %q %v, its messages measure %q %v", rec.GetReasoningMode(), rec.GetCac(), m.Signature, m.CAC)
	}
}

func TestModelThatConfirmsBeforeWriting(t *testing.T) {
	srv := llmtest.New(t)
	res := play(t, srv, &shopPlayer{confirm: true}, "chain", nil)
	// The confirmation supplies no value: an answer and a user turn.
	requireAccepted(t, res, "[u].[d].ans.u.[d].ans")
	requireMeasured(t, res.Record)
	if res.Corrections != 0 || len(res.Trace.Confirmations) != 1 || !res.Record.GetVerdict().GetChecks()[verify.Blueprint] {
		t.Fatalf("corrections %d, confirmations %v, checks %v", res.Corrections, res.Trace.Confirmations, res.Record.GetVerdict().GetChecks())
	}
	msgs := res.Record.GetMessages()
	i := res.Trace.Confirmations[0]
	if !strings.Contains(msgs[i].GetContent(), "Shall I go ahead?") || msgs[i+1].GetContent() != "Yes, go ahead." || msgs[i+2].GetToolCalls()[0].GetFunction().GetName() != "add_to_cart" {
		t.Fatalf("the record does not show the confirmation, the user's yes and the write: %v", msgs[i:])
	}
}

func TestModelThatMakesOneExtraLookup(t *testing.T) {
	srv := llmtest.New(t)
	res := play(t, srv, &shopPlayer{lookup: true}, "chain", nil)
	requireAccepted(t, res, "[u].[d].[d].[d].ans")
	requireMeasured(t, res.Record)
	got := calls(res.Record)
	if len(got) != 4 || got[1] != `list_reviews{"product_id":"prod_20533"}` || len(res.Trace.Extra) != 1 || res.Corrections != 0 {
		t.Fatalf("calls %v, extra %v, corrections %d", got, res.Trace.Extra, res.Corrections)
	}
	// Its result came from the tool backend like any call's.
	var asked bool
	for _, r := range srv.Requests() {
		if r.Request.ResponseFormat != nil && strings.Contains(r.Request.Messages[len(r.Request.Messages)-1].Content, "Tool: list_reviews") {
			asked = true
		}
	}
	if !asked {
		t.Fatal("the lookup's result did not come from the tool simulator")
	}
}

func TestModelThatMakesAnExtraWrite(t *testing.T) {
	t.Run("once: corrected", func(t *testing.T) {
		srv := llmtest.New(t)
		res := play(t, srv, &shopPlayer{extraWrites: 1}, "chain", nil)
		requireAccepted(t, res, "[u].[d].[d].ans")
		if res.Corrections != 1 || len(res.Trace.Extra) != 0 {
			t.Fatalf("corrections %d, extra %v", res.Corrections, res.Trace.Extra)
		}
		for _, c := range calls(res.Record) {
			if strings.Contains(c, "prod_20533") {
				t.Fatalf("the unasked write reached the record: %s", c)
			}
		}
	})
	t.Run("every time: rejected", func(t *testing.T) {
		srv := llmtest.New(t)
		res := play(t, srv, &shopPlayer{extraWrites: 10}, "chain", nil)
		if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN || !strings.Contains(res.Rejections[0].GetDetail(), "add_to_cart is not needed") {
			t.Fatalf("want an off-plan rejection for the write, got passed=%v %v", res.Passed, res.Rejections)
		}
	})
}

func TestModelThatKeepsConfirming(t *testing.T) {
	srv := llmtest.New(t)
	res := play(t, srv, &shopPlayer{keepConfirming: true}, "chain", nil)
	if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN || !strings.Contains(res.Rejections[0].GetDetail(), "already confirmed") {
		t.Fatalf("want an off-plan rejection for confirming again, got passed=%v %v", res.Passed, res.Rejections)
	}
	if len(res.Trace.Confirmations) != 1 {
		t.Fatalf("confirmations %v, want the first only", res.Trace.Confirmations)
	}
}
