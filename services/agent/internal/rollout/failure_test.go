package rollout_test

import (
	"context"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/simroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
)

// calls lists a record's tool calls with the tool message answering each.
func calls(rec *trajectoryv1.Record) (args, results []string) {
	res := map[string]string{}
	for _, m := range rec.GetMessages() {
		if m.GetRole() == "tool" {
			res[m.GetToolCallId()] = m.GetContent()
		}
	}
	for _, m := range rec.GetMessages() {
		for _, c := range m.GetToolCalls() {
			args = append(args, c.GetFunction().GetArguments())
			results = append(results, res[c.GetId()])
		}
	}
	return args, results
}

func userMessages(rec *trajectoryv1.Record) []string {
	var out []string
	for _, m := range rec.GetMessages() {
		if m.GetRole() == "user" {
			out = append(out, m.GetContent())
		}
	}
	return out
}

// runPassed rolls out blueprint name with the sim roles and checks it
// passed with the reasoning-mode signature mode.
func runPassed(t *testing.T, name, mode string, edit func(*rollout.Request)) *rollout.Result {
	t.Helper()
	res := run(t, name, simRoles(), edit)
	if !res.Passed || res.Record.GetReasoningMode() != mode {
		t.Fatalf("passed=%v %q %v", res.Passed, res.Record.GetReasoningMode(), res.Rejections)
	}
	return res
}

// failNotFound: the user's mistyped id, then the user's correction.
func failNotFound(t *testing.T) {
	res := runPassed(t, "error-notfound", "[u!].ask.u.[u].ans", nil)
	args, results := calls(res.Record)
	u := userMessages(res.Record)
	bp := agenttest.Blueprint(t, "error-notfound")
	bad := plan.Text(mustDecode(t, bp.GetCalls()[0].GetExpect().GetBadValueJson()))
	if !strings.Contains(u[0], bad) || !strings.Contains(args[0], bad) || !strings.Contains(results[0], bad) || !strings.Contains(results[0], "not found") {
		t.Fatalf("the user says %q, the call sends %s and gets %s", u[0], args[0], results[0])
	}
	right := plan.Text(mustDecode(t, bp.GetCalls()[1].GetArguments()[findParam(bp.GetCalls()[1], "product_id")].GetUser().GetValueJson()))
	if strings.Contains(u[0], right) || !strings.Contains(u[1], right) || !strings.Contains(args[1], right) || trajectory.IsError(results[1]) {
		t.Fatalf("the correction %s must come from the user's second message %q and succeed: %s -> %s", right, u, args[1], results[1])
	}
}

// failBadFormat: passed as written, then converted. The retry's carrier is
// dependent: "ups" is in the error's list of accepted values
// (docs/metrics.md).
func failBadFormat(t *testing.T) {
	res := runPassed(t, "error-format", "[u!].[d].ans", nil)
	args, results := calls(res.Record)
	u := userMessages(res.Record)
	if !strings.Contains(u[0], "UPS") || !strings.Contains(args[0], `"UPS"`) || !strings.Contains(results[0], "carrier") || !strings.Contains(results[0], "expected") {
		t.Fatalf("the user says %q, the call sends %s and gets %s", u[0], args[0], results[0])
	}
	if !strings.Contains(args[1], `"carrier":"ups"`) || trajectory.IsError(results[1]) {
		t.Fatalf("the retry must pass the converted carrier and succeed: %s -> %s", args[1], results[1])
	}
}

// failTransient: the identical call again succeeds.
func failTransient(t *testing.T) {
	res := runPassed(t, "error-transient", "[u!].[u].ans", nil)
	args, results := calls(res.Record)
	if args[0] != args[1] || !trajectory.IsError(results[0]) || trajectory.IsError(results[1]) {
		t.Fatalf("want the same request failing then succeeding: %v %v", args, results)
	}
}

// failState: explained with an alternative, not retried.
func failState(t *testing.T) {
	res := runPassed(t, "error-notfound", "[u!].ans", func(r *rollout.Request) {
		c1 := r.Blueprint.GetCalls()[0]
		c1.Expect = &blueprintv1.ExpectedResult{Fails: true, Cause: blueprintv1.FailureCause_FAILURE_CAUSE_STATE, Param: "product_id",
			BadValueJson: c1.GetExpect().GetBadValueJson(), ErrorMessage: "cannot add product " + plan.Text(mustDecode(t, c1.GetExpect().GetBadValueJson())) + ": it is out of stock",
			Alternative: "add it to your wish list instead"}
		r.Blueprint.Calls = r.Blueprint.Calls[:1]
	})
	msgs := res.Record.GetMessages()
	answer := msgs[len(msgs)-1].GetContent()
	if !strings.Contains(answer, "out of stock") || !strings.Contains(answer, "wish list") {
		t.Fatalf("the answer must say what failed and offer the alternative: %q", answer)
	}
}

// TestPlannedFailuresFollowFromTheCall rolls out a failure of each cause
// with the sim roles: the failing call carries the user's value, the error
// names what was sent, and the retry carries what the cause calls for.
func TestPlannedFailuresFollowFromTheCall(t *testing.T) {
	for _, c := range []struct {
		name string
		test func(*testing.T)
	}{
		{"not found: the user's mistyped id, then the user's correction", failNotFound},
		{"bad format: passed as written, then converted", failBadFormat},
		{"transient: the identical call again succeeds", failTransient},
		{"state: explained with an alternative, not retried", failState},
	} {
		t.Run(c.name, c.test)
	}
}

// TestHonestModelFacingAPlannedFailure: a model that converts the user's
// form before the first call is not failed; the correction is not needed.
func TestHonestModelFacingAPlannedFailure(t *testing.T) {
	p := &player{deviate: func(turn int, s *rollout.State) (llm.Message, bool) {
		if turn != 1 {
			return llm.Message{}, false
		}
		return call("track_shipment", strings.Replace(firstArgs(t, s), `"UPS"`, `"ups"`, 1)), true
	}}
	roles := simRoles()
	roles.Assistant = p
	res := run(t, "error-format", roles, nil)
	if !res.Passed || res.Record.GetReasoningMode() != "[u].ans" || len(p.hints) > 0 {
		t.Fatalf("passed=%v %q hints %q %v", res.Passed, res.Record.GetReasoningMode(), p.hints, res.Rejections)
	}
}

// firstArgs is what the sim assistant would send as its next call.
func firstArgs(t *testing.T, s *rollout.State) string {
	m, _, err := simroles.Assistant{}.Play(context.Background(), s)
	if err != nil || len(m.ToolCalls) == 0 {
		t.Fatalf("no call: %v", err)
	}
	return m.ToolCalls[0].Function.Arguments
}

// TestInventedFailingValueIsRejected: an assistant that makes up a value to
// fail is corrected, and rejected when it insists.
func TestInventedFailingValueIsRejected(t *testing.T) {
	p := &player{deviate: func(turn int, s *rollout.State) (llm.Message, bool) {
		return call("add_to_cart", `{"product_id":"prod_77777","quantity":3}`), len(s.Done) == 0
	}}
	roles := simRoles()
	roles.Assistant = p
	res := run(t, "error-notfound", roles, func(r *rollout.Request) { r.MaxCorrections = 1 })
	if res.Passed || len(p.hints) == 0 || !strings.Contains(p.hints[0], "prod_77777") {
		t.Fatalf("an invented value must be refused: passed=%v hints %q", res.Passed, p.hints)
	}
	// The verifier alone rejects it too, from the messages.
	in := run(t, "error-notfound", simRoles(), nil).Trace
	for i, m := range in.Messages {
		if len(m.ToolCalls) > 0 {
			m.ToolCalls[0].Function.Arguments = strings.Replace(m.ToolCalls[0].Function.Arguments, `"prod_`, `"prod_7`, 1)
			in.Messages[i] = m
			break
		}
	}
	if v := verify.Run(in); v.Passed() {
		t.Fatal("the verifier accepts a failing call with an invented value")
	}
}

// TestNoQuestionForAValueAlreadyGiven: a withheld value the user states in
// the opening anyway is not asked for again.
func TestNoQuestionForAValueAlreadyGiven(t *testing.T) {
	roles := simRoles()
	roles.User = eagerUser{}
	res := run(t, "clarification", roles, nil)
	if !res.Passed || strings.Contains(res.Record.GetReasoningMode(), "ask") {
		t.Fatalf("passed=%v %q %v", res.Passed, res.Record.GetReasoningMode(), res.Rejections)
	}
	for _, m := range res.Record.GetMessages() {
		if m.GetRole() == "assistant" && len(m.GetToolCalls()) == 0 && strings.Contains(m.GetContent(), "?") && m != res.Record.GetMessages()[len(res.Record.GetMessages())-1] {
			t.Fatalf("a question was forced: %q", m.GetContent())
		}
	}
}

// eagerUser states the withheld values in the opening, in its own
// formatting (upper case, extra spaces).
type eagerUser struct{}

func (eagerUser) Play(ctx context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	m, u, err := simroles.User{}.Play(ctx, s)
	if s.UserTask.Kind != rollout.UserOpen {
		return m, u, err
	}
	for _, c := range s.Plan.Calls {
		for _, a := range plan.Withheld(c) {
			v := mustDecodeAny(a.GetUser().GetValueJson())
			m.Content += " Oh, and " + a.GetUser().GetDescription() + ": " + strings.ToUpper(strings.ReplaceAll(plan.Text(v), " ", "  ")) + "."
		}
	}
	return m, u, err
}

func findParam(c *blueprintv1.PlannedCall, param string) int {
	for i, a := range c.GetArguments() {
		if a.GetParam() == param {
			return i
		}
	}
	return -1
}

func mustDecode(t *testing.T, s string) any {
	v, err := plan.Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustDecodeAny(s string) any {
	v, _ := plan.Decode(s)
	return v
}
