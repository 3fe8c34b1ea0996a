package sim_test

import (
	"slices"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A tagged union's ".tag" says which case the value is: a state word for
// its parent (a member's status is active or invited, a role member_only
// or team_admin), one of the cases the description lists — never a hobby
// ("beauty-pageants", "judo").
func TestUnionTagsNameTheirCase(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["status","role","membership_type","sync"],"properties":{
		"status":{"type":"object","required":[".tag"],"properties":{".tag":{"type":"string"}}},
		"role":{"type":"object","required":[".tag"],"properties":{".tag":{"type":"string"}}},
		"membership_type":{"type":"object","required":[".tag"],"properties":{".tag":{"type":"string"}}},
		"sync":{"type":"object","description":"The sync setting: 'default', 'not_synced' or 'not_synced_inactive'.","required":[".tag"],"properties":{".tag":{"type":"string"}}}}}`)
	known := map[string][]string{
		"status": {"active", "invited", "suspended", "removed"},
		"role":   {"member_only", "team_admin", "user_management_admin", "support_admin", "billing_admin"},
		"sync":   {"default", "not_synced", "not_synced_inactive"},
	}
	for seed := range int64(12) {
		o := sim.NewValues(seedrand.New(seed, "union")).Result(s, map[string]any{}).(map[string]any)
		for k, want := range known {
			if got := o[k].(map[string]any)[".tag"].(string); !slices.Contains(want, got) {
				t.Errorf("seed %d: %s .tag = %q", seed, k, got)
			}
		}
		if got := o["membership_type"].(map[string]any)[".tag"].(string); !slices.Contains([]string{"full", "limited"}, got) {
			t.Errorf("seed %d: membership_type .tag = %q", seed, got)
		}
	}
}

// A response that is itself a tagged union says how the call went.
func TestARootUnionTagSaysHowTheCallWent(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":[".tag"],"properties":{".tag":{"type":"string"}}}`)
	for seed := range int64(6) {
		v := sim.NewValues(seedrand.New(seed, "root-union"))
		v.Subject("sharing.relinquish_folder_membership.post", "Remove yourself from a shared folder")
		if got := v.Result(s, map[string]any{}).(map[string]any)[".tag"]; got != "complete" {
			t.Errorf("seed %d: .tag = %q", seed, got)
		}
	}
}
