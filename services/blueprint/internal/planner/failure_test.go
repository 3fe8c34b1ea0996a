package planner_test

import (
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// orders is a cluster whose tools admit every failure cause: ids a user can
// mistype, a date and an amount people write in their own way, and actions
// an order's state can forbid.
func orders() *clusterv1.Cluster {
	tool := func(id, name, desc, in, out string) *toolv1.Tool {
		return &toolv1.Tool{Id: id, Name: name, Description: desc, InputSchemaJson: in, OutputSchemaJson: out, Service: "orders", Domain: "e_commerce"}
	}
	return &clusterv1.Cluster{
		Id: "cl_orders", Domain: "e_commerce",
		Tools: []*toolv1.Tool{
			tool("t_get", "get_order", "Get an order by its id.",
				`{"type":"object","properties":{"order_id":{"type":"string","pattern":"^W[0-9]{7}$","description":"The order id, such as 'W0000000'."}},"required":["order_id"]}`,
				`{"type":"object","properties":{"order_id":{"type":"string"},"status":{"type":"string"},"total":{"type":"number"}}}`),
			tool("t_cancel", "cancel_order", "Cancel a pending order.",
				`{"type":"object","properties":{"order_id":{"type":"string","pattern":"^W[0-9]{7}$"},"reason":{"type":"string","enum":["no longer needed","ordered by mistake"]}},"required":["order_id"]}`,
				`{"type":"object","properties":{"order_id":{"type":"string"},"status":{"type":"string"}}}`),
			tool("t_deliver", "schedule_delivery", "Schedule the delivery of an order on a date.",
				`{"type":"object","properties":{"order_id":{"type":"string","pattern":"^W[0-9]{7}$"},"date":{"type":"string","format":"date","description":"Delivery date"}},"required":["order_id","date"]}`,
				`{"type":"object","properties":{"slot":{"type":"string"}}}`),
			tool("t_refund", "issue_store_credit", "Issue store credit to a customer.",
				`{"type":"object","properties":{"customer_email":{"type":"string","format":"email"},"amount":{"type":"number","minimum":1,"maximum":5000}},"required":["customer_email","amount"]}`,
				`{"type":"object","properties":{"credit_id":{"type":"string"}}}`),
		},
		Edges: []*clusterv1.DependencyEdge{{FromToolId: "t_get", FromField: "$.order_id", ToToolId: "t_cancel", ToParam: "order_id", Score: 1}},
	}
}

// failingAndCorrection are a blueprint's failing call and the call that
// corrects it (nil when none does).
func failingAndCorrection(bp *blueprintv1.Blueprint) (failed, fixed *blueprintv1.PlannedCall) {
	for _, c := range bp.Calls {
		if c.GetExpect().GetFails() {
			failed = c
		}
		if c.GetExpect().GetCorrectsCallId() != "" {
			fixed = c
		}
	}
	return failed, fixed
}

// planned is one seed's recovery: the failing call, its correction and the
// catalog of the cluster planned over.
type planned struct {
	seed          int64
	cat           *catalog.Catalog
	failed, fixed *blueprintv1.PlannedCall
}

// arg is call's binding of param; the test fails when it has none.
func (p planned) arg(t *testing.T, call *blueprintv1.PlannedCall, param string) *blueprintv1.ArgumentBinding {
	t.Helper()
	for _, a := range call.GetArguments() {
		if a.GetParam() == param {
			return a
		}
	}
	t.Fatalf("seed %d: %s has no %s", p.seed, call.GetId(), param)
	return nil
}

// checkNoInventedLiteral: a literal the failing call carries is one its
// correction carries too, not a value invented to fail.
func checkNoInventedLiteral(t *testing.T, p planned) {
	t.Helper()
	for _, a := range p.failed.GetArguments() {
		if a.GetLiteralJson() != "" && p.fixed != nil && p.arg(t, p.fixed, a.GetParam()).GetLiteralJson() != a.GetLiteralJson() {
			t.Fatalf("seed %d: the failing call carries a literal %s nobody stated", p.seed, a.GetLiteralJson())
		}
	}
}

// checkNotFound: the user states a wrong value up front, the error names it,
// and the right one is given when asked.
func checkNotFound(t *testing.T, p planned) {
	t.Helper()
	ex := p.failed.GetExpect()
	bad, right := p.arg(t, p.failed, ex.GetParam()).GetUser(), p.arg(t, p.fixed, ex.GetParam()).GetUser()
	if bad.GetValueJson() != ex.GetBadValueJson() || right.GetValueJson() == bad.GetValueJson() || !right.GetWithholdUntilAsked() || bad.GetWithholdUntilAsked() {
		t.Fatalf("seed %d: not found: the user states %v up front and gives %v when told", p.seed, bad, right)
	}
	if !strings.Contains(ex.GetErrorMessage(), ex.GetBadValueJson()) || !strings.Contains(ex.GetErrorMessage(), ex.GetParam()) {
		t.Fatalf("seed %d: error %q does not name %s %s", p.seed, ex.GetErrorMessage(), ex.GetParam(), ex.GetBadValueJson())
	}
}

// checkBadFormat: the user's human form fails the schema, the correction
// passes it and is declared a conversion of what the user stated.
func checkBadFormat(t *testing.T, p planned) {
	t.Helper()
	ex := p.failed.GetExpect()
	tool := p.cat.Lookup(p.failed.GetToolName())
	sch, _ := tool.InputDoc.At("/properties/" + ex.GetParam())
	bad, right := p.arg(t, p.failed, ex.GetParam()).GetUser(), p.arg(t, p.fixed, ex.GetParam()).GetUser()
	if len(sch.ValidateJSON([]byte(bad.GetValueJson()))) == 0 {
		t.Fatalf("seed %d: the human form %s passes the schema of %s", p.seed, bad.GetValueJson(), ex.GetParam())
	}
	if len(sch.ValidateJSON([]byte(right.GetValueJson()))) > 0 || right.GetStatedJson() != bad.GetValueJson() {
		t.Fatalf("seed %d: the converted value %v is invalid or not declared a conversion of %s", p.seed, right, bad.GetValueJson())
	}
	if !strings.Contains(ex.GetErrorMessage(), ex.GetParam()) || !strings.Contains(ex.GetErrorMessage(), "expected") {
		t.Fatalf("seed %d: error %q names neither the parameter nor the expected form", p.seed, ex.GetErrorMessage())
	}
}

// checkTransient: a transient failure is retried with the same arguments.
func checkTransient(t *testing.T, p planned) {
	t.Helper()
	if p.fixed == nil || len(p.fixed.GetArguments()) != len(p.failed.GetArguments()) {
		t.Fatalf("seed %d: transient failure without an identical retry", p.seed)
	}
	for _, a := range p.failed.GetArguments() {
		if p.arg(t, p.fixed, a.GetParam()).GetUser().GetValueJson() != a.GetUser().GetValueJson() {
			t.Fatalf("seed %d: the retry of a transient failure changes %s", p.seed, a.GetParam())
		}
	}
}

// checkState: an order's state forbids its cancellation, keyed on the
// order the user names; nothing retries it, an alternative is offered.
func checkState(t *testing.T, p planned) {
	t.Helper()
	ex := p.failed.GetExpect()
	if p.fixed != nil || ex.GetAlternative() == "" || !strings.HasPrefix(ex.GetErrorMessage(), "cannot cancel order") {
		t.Fatalf("seed %d: state error %q, alternative %q, retried by %v", p.seed, ex.GetErrorMessage(), ex.GetAlternative(), p.fixed)
	}
	if p.failed.GetToolName() != "cancel_order" || p.arg(t, p.failed, ex.GetParam()).GetUser().GetValueJson() != ex.GetBadValueJson() {
		t.Fatalf("seed %d: state error on %s keyed on %s", p.seed, p.failed.GetToolName(), ex.GetBadValueJson())
	}
}

// checkByCause are the checks of each failure cause.
var checkByCause = map[blueprintv1.FailureCause]func(*testing.T, planned){
	blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND:  checkNotFound,
	blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT: checkBadFormat,
	blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT:  checkTransient,
	blueprintv1.FailureCause_FAILURE_CAUSE_STATE:      checkState,
}

// TestRecoveryHasACauseInTheConversation: every planned failure is keyed on
// a value the user states (or on the backend), the correction passes what
// the cause calls for, and across seeds every cause appears.
func TestRecoveryHasACauseInTheConversation(t *testing.T) {
	c := orders()
	cat := catalog.New(c)
	seen := map[blueprintv1.FailureCause]int{}
	for seed := range int64(60) {
		bp := mustRealise(t, c, seed, 0, validate.Recovery)
		p := planned{seed: seed, cat: cat}
		p.failed, p.fixed = failingAndCorrection(bp)
		ex := p.failed.GetExpect()
		seen[ex.GetCause()]++
		checkNoInventedLiteral(t, p)
		check, ok := checkByCause[ex.GetCause()]
		if !ok {
			t.Fatalf("seed %d: failure without a cause: %v", seed, ex)
		}
		check(t, p)
	}
	t.Logf("causes over 60 seeds: %v", seen)
	if len(seen) != 4 {
		t.Fatalf("causes seen over 60 seeds: %v, want all four", seen)
	}
}

// TestValidatorRejectsInventedFailures: a failing call whose value nobody
// states, or a human form the schema accepts, is not a valid plan.
func TestValidatorRejectsInventedFailures(t *testing.T) {
	c := orders()
	cat := catalog.New(c)
	user := func(v string, withhold bool) *blueprintv1.ArgumentBinding_User {
		return &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: v, Description: "the order id", WithholdUntilAsked: withhold}}
	}
	base := func() *blueprintv1.Blueprint {
		return &blueprintv1.Blueprint{Goal: "g", Intents: []string{"i"}, Primitives: []blueprintv1.ReasoningPrimitive{validate.Recovery}, Calls: []*blueprintv1.PlannedCall{
			{Id: "c1", ToolName: "get_order", Arguments: []*blueprintv1.ArgumentBinding{{Param: "order_id", Source: user(`"W1234576"`, false)}},
				Expect: &blueprintv1.ExpectedResult{Fails: true, Cause: blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND, Param: "order_id", BadValueJson: `"W1234576"`, ErrorMessage: "not found"}},
			{Id: "c2", ToolName: "get_order", DependsOn: []string{"c1"}, Arguments: []*blueprintv1.ArgumentBinding{{Param: "order_id", Source: user(`"W1234567"`, true)}},
				Expect: &blueprintv1.ExpectedResult{CorrectsCallId: "c1"}},
		}}
	}
	if v := validate.Blueprint(base(), cat); len(v) > 0 {
		t.Fatalf("a well-caused failure is invalid: %v", v)
	}
	for name, mut := range map[string]func(bp *blueprintv1.Blueprint){
		"invented literal": func(bp *blueprintv1.Blueprint) {
			bp.Calls[0].Arguments[0].Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"W1234576"`}
			bp.Calls[0].Expect.Cause = blueprintv1.FailureCause_FAILURE_CAUSE_UNSPECIFIED
		},
		"keyed on a value nobody states": func(bp *blueprintv1.Blueprint) {
			bp.Calls[0].Expect.BadValueJson = `"W7654321"`
		},
		"correction not asked for": func(bp *blueprintv1.Blueprint) {
			bp.Calls[1].Arguments[0].Source = user(`"W1234567"`, false)
		},
		"human form the schema accepts": func(bp *blueprintv1.Blueprint) {
			bp.Calls[0].Expect.Cause = blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT
			bp.Calls[1].Arguments[0].GetUser().StatedJson = `"W1234576"`
		},
		"state error retried": func(bp *blueprintv1.Blueprint) {
			bp.Calls[0].Expect.Cause = blueprintv1.FailureCause_FAILURE_CAUSE_STATE
		},
	} {
		if v := validate.Blueprint(func() *blueprintv1.Blueprint { bp := base(); mut(bp); return bp }(), cat); len(v) == 0 {
			t.Errorf("%s: the validator accepts it", name)
		}
	}
}
