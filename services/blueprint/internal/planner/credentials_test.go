package planner_test

import (
	"encoding/json"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A user has one key for a service: every call of a conversation carries the
// same required credential, and the user says it once, in the first request
// that needs it — not a different key for each call, recited again and again.
func TestOneCredentialSaidOnce(t *testing.T) {
	schema := func(param string) string {
		return `{"type":"object","properties":{"X-API2CRM-USER-KEY":{"type":"string","description":"User API key"},"` + param +
			`":{"type":"string"}},"required":["X-API2CRM-USER-KEY","` + param + `"]}`
	}
	c := &clusterv1.Cluster{Id: "cl_crm", Domain: "crm", Tools: []*toolv1.Tool{
		{Id: "t_acc", Name: "getAccountCount", Service: "api2crm", Domain: "crm", Description: "Count accounts matching a filter.", InputSchemaJson: schema("filter")},
		{Id: "t_proj", Name: "getProjectCount", Service: "api2crm", Domain: "crm", Description: "Count projects matching a filter.", InputSchemaJson: schema("query")},
		{Id: "t_lead", Name: "getLeadCount", Service: "api2crm", Domain: "crm", Description: "Count leads in a campaign.", InputSchemaJson: schema("campaign")},
	}}
	multi := 0
	for seed := range int64(20) {
		bp, err := draft(t, c, seed, 5, validate.MultiIntent)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		keys := map[string]bool{}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if a.GetParam() == "X-API2CRM-USER-KEY" {
					keys[userValue(a)] = true
				}
			}
		}
		if len(keys) != 1 {
			t.Fatalf("seed %d: %d user keys in one conversation: %v", seed, len(keys), keys)
		}
		if len(bp.GetCalls()) < 2 {
			continue
		}
		multi++
		for key := range keys {
			said := 0
			for _, in := range bp.GetIntents() {
				said += strings.Count(in, key)
			}
			if said != 1 {
				t.Errorf("seed %d: the key %s said %d times in %q", seed, key, said, bp.GetIntents())
			}
		}
	}
	if multi == 0 {
		t.Fatal("no plan with two calls")
	}
}

func userValue(a *blueprintv1.ArgumentBinding) string {
	var s string
	if json.Unmarshal([]byte(a.GetUser().GetValueJson()), &s) != nil {
		return a.GetUser().GetValueJson()
	}
	return s
}

// Two cases compared differ in what is compared, never in the user's key:
// one access token for both.
func TestComparedCasesShareTheKey(t *testing.T) {
	in := `{"type":"object","properties":{"access_token":{"type":"string","description":"Access token obtained via the authenticateUser operation"},
		"filePaths":{"type":"array","items":{"type":"string"},"minItems":1,"description":"The paths to check."}},"required":["access_token","filePaths"]}`
	out := `{"type":"object","properties":{"results":{"type":"array","items":{"type":"object","properties":{"exists":{"type":"boolean"},"size":{"type":"integer"}}}},"success":{"type":"integer"}}}`
	c := &clusterv1.Cluster{Id: "cl_st", Domain: "storage", Tools: []*toolv1.Tool{
		{Id: "t_cf", Name: "checkFilesExist", Service: "storage", Domain: "storage", Description: "Checks whether files exist.", InputSchemaJson: in, OutputSchemaJson: out},
	}}
	for seed := range int64(12) {
		bp, err := draft(t, c, seed, 3, validate.Aggregate)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		keys := map[string]bool{}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if a.GetParam() == "access_token" {
					keys[userValue(a)] = true
				}
			}
		}
		if len(keys) > 1 {
			t.Errorf("seed %d: %d access tokens: %q", seed, len(keys), bp.GetIntents())
		}
	}
}

// A key named after its API's header (X-API2CRM-APPLICATION-KEY) is said
// as a person says their key, not as "API 2crm application key", and not
// the same way in every conversation; its value is still said.
func TestCredentialSaidAsAPersonSaysIt(t *testing.T) {
	in := `{"type":"object","properties":{"X-API2CRM-APPLICATION-KEY":{"type":"string","description":"Application key"},"filter":{"type":"string"}},"required":["X-API2CRM-APPLICATION-KEY","filter"]}`
	c := &clusterv1.Cluster{Id: "cl_crm", Domain: "crm", Tools: []*toolv1.Tool{
		{Id: "t_acc", Name: "getAccountCount", Service: "api2crm", Domain: "crm", Description: "Count accounts matching a filter.", InputSchemaJson: in},
	}}
	forms := map[string]bool{}
	for seed := range int64(16) {
		bp, err := draft(t, c, seed, 1, validate.MultiIntent)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		key := userValue(bp.GetCalls()[0].GetArguments()[0])
		for _, a := range bp.GetCalls()[0].GetArguments() {
			if a.GetParam() == "X-API2CRM-APPLICATION-KEY" {
				key = userValue(a)
			}
		}
		said := strings.Join(bp.GetIntents(), " ")
		if strings.Contains(said, "API 2crm") {
			t.Errorf("seed %d: %q", seed, said)
		}
		i := strings.Index(said, key)
		if i < 0 {
			t.Errorf("seed %d: key %s not said in %q", seed, key, said)
			continue
		}
		ws := strings.Fields(said[:i])
		if len(ws) >= 3 {
			forms[strings.Trim(strings.Join(ws[len(ws)-3:], " "), "(—,")] = true
		}
	}
	if len(forms) < 2 {
		t.Errorf("the key said one way only: %v", forms)
	}
}

// Deleting things in bulk deletes the things, not the user's account: the
// calls after a deletion keep the user's application key (a key header is
// named like a record's key, X-API2CRM-APPLICATION-KEY), not one key per
// call.
func TestDeletionKeepsTheKey(t *testing.T) {
	in := `{"type":"object","properties":{"X-API2CRM-USER-KEY":{"type":"string","description":"User Key"},"X-API2CRM-APPLICATION-KEY":{"type":"string","description":"Application Key"},
		"body":{"type":"object","properties":{"item":{"type":"array","description":"Item","items":{"type":"object","title":"Item"}}}}},"required":["X-API2CRM-APPLICATION-KEY","X-API2CRM-USER-KEY","body"]}`
	c := &clusterv1.Cluster{Id: "cl_crm", Domain: "crm", Tools: []*toolv1.Tool{
		{Id: "t_call", Name: "deleteCallCollectionBulk", Service: "api2crm", Domain: "crm", Description: "DELETE bulk for call", InputSchemaJson: in},
		{Id: "t_tag", Name: "deleteTagCollectionBulk", Service: "api2crm", Domain: "crm", Description: "DELETE bulk for tag", InputSchemaJson: in},
		{Id: "t_lead", Name: "deleteLeadCollectionBulk", Service: "api2crm", Domain: "crm", Description: "DELETE bulk for lead", InputSchemaJson: in},
	}}
	multi := 0
	for seed := range int64(16) {
		bp, err := draft(t, c, seed, 7, validate.MultiIntent)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if len(bp.GetCalls()) > 1 {
			multi++
		}
		for _, param := range []string{"X-API2CRM-APPLICATION-KEY", "X-API2CRM-USER-KEY"} {
			keys := map[string]bool{}
			for _, call := range bp.GetCalls() {
				for _, a := range call.GetArguments() {
					if a.GetParam() == param {
						keys[userValue(a)] = true
					}
				}
			}
			if len(keys) > 1 {
				t.Errorf("seed %d: %d values of %s: %q", seed, len(keys), param, bp.GetIntents())
			}
		}
	}
	if multi == 0 {
		t.Fatal("no plan with two calls")
	}
}
