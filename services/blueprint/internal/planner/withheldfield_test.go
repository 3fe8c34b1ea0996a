package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A clarification about a request body asks for a value the user knows
// (which accounts), never "what is the body?", and the user's answer is
// that value, not "the body is body with …": the user holds back one field
// of the body, bound by its path, and says the rest up front.
func TestClarificationAsksForAFieldOfTheBody(t *testing.T) {
	in := `{"type":"object","properties":{"body":{"type":"object","required":["AccountIds","BudgetName"],"properties":{
		"AccountIds":{"type":"array","items":{"type":"string","pattern":"^[0-9]{12}$"},"description":"The accounts to share the budget with."},
		"BudgetName":{"type":"string","description":"The name of the budget."},
		"NextToken":{"type":"string","description":"The token returned from the previous call."}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_b", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_sb", Name: "ShareBudget", Service: "budgets", Domain: "cloud", Description: "Shares a budget with accounts.", InputSchemaJson: in},
	}}
	for seed := range int64(12) {
		bp := mustRealise(t, c, seed, 3, validate.Clarify)
		withheld := 0
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				if u == nil || !u.GetWithholdUntilAsked() {
					continue
				}
				withheld++
				if !strings.HasPrefix(a.GetParam(), "$.body.") || strings.EqualFold(u.GetDescription(), "body") || a.GetParam() == "$.body.NextToken" {
					t.Errorf("seed %d: withholds %s (%q) = %s", seed, a.GetParam(), u.GetDescription(), u.GetValueJson())
				}
				for _, in := range bp.GetIntents() {
					if strings.Contains(in, strings.Trim(u.GetValueJson(), `"[]`)) {
						t.Errorf("seed %d: the request says the withheld %s: %q", seed, a.GetParam(), in)
					}
				}
			}
		}
		if withheld != 1 {
			t.Errorf("seed %d: %d values withheld", seed, withheld)
		}
	}
}

// A body whose fields are all objects is asked about by a field inside
// one ("after how many days should backups be deleted?"), not as "the
// body".
func TestClarificationAsksForANestedField(t *testing.T) {
	in := `{"type":"object","properties":{"body":{"type":"object","required":["Lifecycle"],"properties":{
		"Lifecycle":{"type":"object","required":["DeleteAfterDays"],"properties":{
			"DeleteAfterDays":{"type":"integer","minimum":1,"maximum":365,"description":"Days after creation that a recovery point is deleted."},
			"MoveToColdStorageAfterDays":{"type":"integer","minimum":1,"maximum":365}}}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_bk", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_up", Name: "UpdateRecoveryPointLifecycle", Service: "backup", Domain: "cloud", Description: "Sets the transition lifecycle of a recovery point.", InputSchemaJson: in},
	}}
	for seed := range int64(8) {
		bp := mustRealise(t, c, seed, 3, validate.Clarify)
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if u := a.GetUser(); u != nil && u.GetWithholdUntilAsked() && !strings.HasPrefix(a.GetParam(), "$.body.Lifecycle.") {
					t.Errorf("seed %d: withholds %s (%q) = %s", seed, a.GetParam(), u.GetDescription(), u.GetValueJson())
				}
			}
		}
	}
}

// A switch is not what a clarification asks for: the user holds back the
// stack's name, not "true".
func TestClarificationNeverAsksForASwitch(t *testing.T) {
	in := `{"type":"object","properties":{"EnableTerminationProtection":{"type":"boolean","description":"Whether to enable termination protection."},
		"StackName":{"type":"string","description":"The name of the stack."}},"required":["EnableTerminationProtection","StackName"]}`
	c := &clusterv1.Cluster{Id: "cl_tp", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_tp", Name: "UpdateTerminationProtection", Service: "cloudformation", Domain: "cloud", Description: "Updates termination protection for the stack.", InputSchemaJson: in},
	}}
	for seed := range int64(10) {
		bp := mustRealise(t, c, seed, 3, validate.Clarify)
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if u := a.GetUser(); u != nil && u.GetWithholdUntilAsked() && a.GetParam() != "StackName" {
					t.Errorf("seed %d: withholds %s = %s", seed, a.GetParam(), u.GetValueJson())
				}
			}
		}
	}
}

// A page cursor is nothing the user holds back: only an earlier page gives
// one. With nothing else to ask for, the user holds back the filter.
func TestClarificationNeverAsksForACursor(t *testing.T) {
	in := `{"type":"object","properties":{"NextToken":{"type":"string","description":"Pagination token"},
		"Prefix":{"type":"string","description":"Only reports whose name starts with this."}}}`
	c := &clusterv1.Cluster{Id: "cl_rp", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_rp", Name: "ListReports", Service: "codeguru", Domain: "cloud", Description: "Lists the reports.", InputSchemaJson: in},
	}}
	for seed := range int64(10) {
		bp, err := draft(t, c, seed, 3, validate.Clarify)
		if err != nil {
			continue
		}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if a.GetParam() == "NextToken" {
					t.Errorf("seed %d: binds NextToken = %v", seed, a)
				}
			}
		}
	}
}

// A body of fields its schema does not declare gives nothing to ask for by
// itself: the clarification asks for another value (the partner's id).
func TestClarificationNeverAsksForAnUndeclaredBody(t *testing.T) {
	in := `{"type":"object","properties":{"partnerId":{"type":"integer","minimum":1,"description":"The partner."},
		"body":{"type":"object","required":["distributionProfile"],"properties":{"distributionProfile":{"type":"object","title":"KalturaDistributionProfile"}}}},"required":["body","partnerId"]}`
	c := &clusterv1.Cluster{Id: "cl_dp", Domain: "media", Tools: []*toolv1.Tool{
		{Id: "t_dp", Name: "distributionProfile.add", Service: "kaltura", Domain: "media", Description: "Add a distribution profile.", InputSchemaJson: in},
	}}
	for seed := range int64(10) {
		bp := mustRealise(t, c, seed, 3, validate.Clarify)
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if u := a.GetUser(); u != nil && u.GetWithholdUntilAsked() && strings.HasPrefix(a.GetParam(), "body") {
					t.Errorf("seed %d: withholds the body %s", seed, u.GetValueJson())
				}
			}
		}
	}
}
