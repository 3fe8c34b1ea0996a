package rollout_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
)

// runWith rolls blueprint name out under cfg.
func runWith(t *testing.T, name string, roles rollout.Roles, cfg rollout.Config) *rollout.Result {
	t.Helper()
	res, err := rollout.Run(context.Background(), cfg, roles, rollout.Request{Blueprint: agenttest.Blueprint(t, name), Tools: agenttest.Tools(t), Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// confirmer asks the user to confirm before each planned add_to_cart
// (again when again is true), and otherwise plays the sim assistant.
func confirmer(again bool) func(int, *rollout.State) (llm.Message, bool) {
	asked := map[string]bool{}
	return func(_ int, s *rollout.State) (llm.Message, bool) {
		next := s.Next()
		if next.Kind != rollout.ActCall || next.Calls[0].GetToolName() != "add_to_cart" || asked[next.Calls[0].GetId()] && !again {
			return llm.Message{}, false
		}
		asked[next.Calls[0].GetId()] = true
		return llm.Message{Role: "assistant", Content: "I'm about to add that product to your cart. Shall I go ahead?"}, true
	}
}

// TestConfirmationBeforeAWrite: asking the user to confirm a write before
// making it is recorded with the user's yes; it is not off plan, supplies
// no value (so the signature reads it as an answer and a user turn), and
// verification accepts it.
func TestConfirmationBeforeAWrite(t *testing.T) {
	p := &player{deviate: confirmer(false)}
	roles := simRoles()
	roles.Assistant = p
	res := runWith(t, "chain", roles, rollout.Config{})
	if !res.Passed || res.Corrections != 0 {
		t.Fatalf("want accepted without corrections, got passed=%v corrections=%d %v", res.Passed, res.Corrections, res.Rejections)
	}
	if got := res.Record.GetReasoningMode(); got != "[u].[d].ans.u.[d].ans" {
		t.Fatalf("signature %q", got)
	}
	msgs := res.Record.GetMessages()
	i := slices.IndexFunc(msgs, func(m *trajectoryv1.Message) bool { return strings.Contains(m.GetContent(), "Shall I go ahead?") })
	if i < 0 || msgs[i+1].GetRole() != "user" || msgs[i+2].GetToolCalls()[0].GetFunction().GetName() != "add_to_cart" {
		t.Fatalf("the record does not keep the confirmation, the user's yes and then the write: %v", msgs)
	}
	if u := userMessages(res.Record); len(u) != 2 || len(u[1]) > 40 {
		t.Fatalf("the user's confirmation should be a short yes: %q", u)
	}
	if !slices.Equal(res.Trace.Confirmations, []int{i}) || !res.Record.GetVerdict().GetChecks()[verify.Blueprint] {
		t.Fatalf("verification saw confirmations %v, blueprint check %v", res.Trace.Confirmations, res.Record.GetVerdict().GetChecks())
	}

	t.Run("not twice for the same write", func(t *testing.T) {
		p := &player{deviate: confirmer(true)}
		roles := simRoles()
		roles.Assistant = p
		res := runWith(t, "chain", roles, rollout.Config{})
		if res.Passed || !strings.Contains(res.Rejections[0].GetDetail(), "already confirmed") {
			t.Fatalf("want an off-plan rejection for confirming again, got passed=%v %v", res.Passed, res.Rejections)
		}
	})
	t.Run("not for a lookup", func(t *testing.T) {
		p := &player{deviate: func(turn int, _ *rollout.State) (llm.Message, bool) {
			return llm.Message{Role: "assistant", Content: "Shall I search the catalogue for that?"}, turn == 1
		}}
		roles := simRoles()
		roles.Assistant = p
		res := runWith(t, "chain", roles, rollout.Config{})
		if !res.Passed || res.Corrections != 1 || !strings.Contains(p.hints[0], "only looks something up") {
			t.Fatalf("want one correction, got passed=%v corrections=%d hints %q", res.Passed, res.Corrections, p.hints)
		}
	})
	t.Run("within the bound", func(t *testing.T) {
		// Two planned writes, one turn beyond the plan allowed: the second
		// confirmation is off plan and corrected.
		p := &player{deviate: confirmer(false)}
		roles := simRoles()
		roles.Assistant = p
		res := runWith(t, "aggregation", roles, rollout.Config{MaxExtraTurns: 1})
		if !res.Passed || res.Corrections != 1 || len(res.Trace.Confirmations) != 1 || !strings.Contains(p.hints[0], "no more questions") {
			t.Fatalf("want one confirmation and one correction, got passed=%v corrections=%d confirmations=%v hints %q %v", res.Passed, res.Corrections, res.Trace.Confirmations, p.hints, res.Rejections)
		}
		res = runWith(t, "aggregation", roles, rollout.Config{MaxExtraTurns: -1})
		if len(res.Trace.Confirmations) != 0 {
			t.Fatal("a confirmation was allowed with no turns beyond the plan")
		}
	})
}

// lookup makes one extra call at the given turn and otherwise plays the
// sim assistant.
func lookup(at int, name string, args func(*rollout.State) string) func(int, *rollout.State) (llm.Message, bool) {
	return func(turn int, s *rollout.State) (llm.Message, bool) {
		return call(name, args(s)), turn == at
	}
}

// searchHit is a product id the catalogue search returned.
func searchHit(s *rollout.State) string {
	for _, m := range s.Messages {
		if m.Role == "tool" && m.Name == "search_products" {
			var r struct {
				Items []struct {
					ProductID string `json:"product_id"`
				} `json:"items"`
			}
			if json.Unmarshal([]byte(m.Content), &r) == nil && len(r.Items) > 0 {
				return r.Items[len(r.Items)-1].ProductID
			}
		}
	}
	return "prod_00000"
}

// TestExtraReadOnlyLookup: a lookup the plan did not include, with a
// read-only tool and grounded arguments, is answered by the tool backend
// and recorded; verification still wants every planned call.
func TestExtraReadOnlyLookup(t *testing.T) {
	reviews := func(s *rollout.State) string { return `{"product_id":"` + searchHit(s) + `"}` }
	p := &player{deviate: lookup(2, "list_reviews", reviews)}
	roles := simRoles()
	roles.Assistant = p
	res := runWith(t, "chain", roles, rollout.Config{})
	if !res.Passed || res.Corrections != 0 || len(res.Trace.Extra) != 1 {
		t.Fatalf("want accepted with one lookup, got passed=%v corrections=%d extra=%v %v", res.Passed, res.Corrections, res.Trace.Extra, res.Rejections)
	}
	if got := res.Record.GetReasoningMode(); got != "[u].[d].[d].[d].ans" {
		t.Fatalf("signature %q", got)
	}
	var names []string
	for _, m := range res.Record.GetMessages() {
		for _, c := range m.GetToolCalls() {
			names = append(names, c.GetFunction().GetName())
		}
	}
	if !slices.Equal(names, []string{"search_products", "list_reviews", "get_product", "add_to_cart"}) {
		t.Fatalf("calls %v", names)
	}

	cases := []struct {
		name string
		p    *player
		cfg  rollout.Config
		hint string
	}{
		{"ungrounded", &player{deviate: lookup(2, "list_reviews", func(*rollout.State) string { return `{"product_id":"prod_99999"}` })}, rollout.Config{}, "list_reviews is not needed"},
		{"a write", &player{deviate: lookup(1, "add_to_cart", func(*rollout.State) string { return `{"product_id":"prod_99999","quantity":6}` })}, rollout.Config{}, "add_to_cart needs the results of"},
		{"past the bound", &player{deviate: lookup(2, "list_reviews", reviews)}, rollout.Config{MaxExtraTurns: -1}, "list_reviews is not needed"},
		{"against the schema", &player{deviate: lookup(2, "list_reviews", func(*rollout.State) string { return `{"id":"x"}` })}, rollout.Config{}, "list_reviews is not needed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			roles := simRoles()
			roles.Assistant = c.p
			res := runWith(t, "chain", roles, c.cfg)
			if !res.Passed || res.Corrections != 1 || len(res.Trace.Extra) != 0 || !strings.Contains(c.p.hints[0], c.hint) {
				t.Fatalf("want accepted after one correction, got passed=%v corrections=%d extra=%v hints %q", res.Passed, res.Corrections, res.Trace.Extra, c.p.hints)
			}
		})
	}
	t.Run("the same lookup again", func(t *testing.T) {
		p := &player{deviate: func(turn int, s *rollout.State) (llm.Message, bool) {
			return call("list_reviews", reviews(s)), turn == 2 || turn == 3
		}}
		roles := simRoles()
		roles.Assistant = p
		res := runWith(t, "chain", roles, rollout.Config{})
		if !res.Passed || res.Corrections != 1 || len(res.Trace.Extra) != 1 {
			t.Fatalf("want one lookup and one correction, got passed=%v corrections=%d extra=%v", res.Passed, res.Corrections, res.Trace.Extra)
		}
	})
}

// TestVerificationOfTurnsBeyondThePlan: the blueprint layer accepts the
// lookups and confirmations the rollout allowed, never a write beyond the
// plan or more turns than the bound, and still wants every planned call.
func TestVerificationOfTurnsBeyondThePlan(t *testing.T) {
	p := &player{deviate: lookup(2, "list_reviews", func(s *rollout.State) string { return `{"product_id":"` + searchHit(s) + `"}` })}
	roles := simRoles()
	roles.Assistant = p
	in := runWith(t, "chain", roles, rollout.Config{}).Trace
	if r := verify.Run(in); !r.Passed() {
		t.Fatalf("rejected: %v", r.Rejections)
	}
	blueprintRejected := func(in verify.Input, want string) {
		t.Helper()
		r := verify.Run(in)
		if r.Checks[verify.Blueprint] || !slices.ContainsFunc(r.Rejections, func(x *trajectoryv1.Rejection) bool { return strings.Contains(x.GetDetail(), want) }) {
			t.Fatalf("want a blueprint rejection containing %q, got %v", want, r.Rejections)
		}
	}
	over := in
	over.MaxExtraTurns = 0
	blueprintRejected(over, "more than the 0 allowed")

	var extraID string
	for id := range in.Extra {
		extraID = id
	}
	write := in
	write.Access = map[string]verify.Access{}
	for k, v := range in.Access {
		write.Access[k] = v
	}
	write.Access["list_reviews"] = verify.AccessWrite
	blueprintRejected(write, "not a read-only lookup")

	// The lookup does not stand in for a planned call.
	missing := in
	missing.CallPlan = map[string]string{}
	for k, v := range in.CallPlan {
		if v != "c2" {
			missing.CallPlan[k] = v
		} else {
			missing.Extra = map[string]bool{extraID: true, k: true}
		}
	}
	blueprintRejected(missing, "was never made")

	// A confirmation must be answered and followed by the write.
	unanswered := in
	unanswered.Confirmations = []int{len(in.Messages) - 1}
	blueprintRejected(unanswered, "is not an assistant question the user answers")
}
