package planner_test

import (
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A conversation never adds the same contact twice: a contact asked for
// once and a later request to add one (even one the user mistypes and
// corrects) name two contacts. Only a failed call and its correction
// share the thing they name.
func TestNoSameThingTwice(t *testing.T) {
	in := `{"type":"object","properties":{"user_name":{"type":"string","description":"User name of contact to be added."}},"required":["user_name"]}`
	out := `{"type":"object","properties":{"added_status":{"type":"boolean"},"user_id":{"type":"string","description":"User ID of the added contact."}}}`
	c := &clusterv1.Cluster{Id: "cl_msg", Domain: "messaging", Tools: []*toolv1.Tool{
		{Id: "t_add", Name: "add_contact", Service: "MessageAPI", Domain: "messaging", Description: "Add a contact to the workspace.", InputSchemaJson: in, OutputSchemaJson: out},
		{Id: "t_stats", Name: "get_message_stats", Service: "MessageAPI", Domain: "messaging", Description: "Get statistics about messages for the current user.", InputSchemaJson: `{"type":"object","properties":{}}`,
			OutputSchemaJson: `{"type":"object","properties":{"stats":{"type":"object","properties":{"received_count":{"type":"integer"}}}}}`},
		{Id: "t_login", Name: "message_login", Service: "MessageAPI", Domain: "messaging", Description: "Log a user in.", InputSchemaJson: `{"type":"object","properties":{"user_id":{"type":"string","description":"User ID of the user."}},"required":["user_id"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"login_status":{"type":"boolean"}}}`},
	}}
	twice := 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 6, validate.Recovery, validate.Clarify, validate.MultiIntent)
		if err != nil {
			continue
		}
		seen := map[string]string{} // user name -> call id
		for _, call := range bp.GetCalls() {
			if call.GetToolName() != "add_contact" || call.GetExpect().GetCorrectsCallId() != "" {
				continue // a correction names what its failed call meant
			}
			for _, a := range call.GetArguments() {
				if a.GetParam() != "user_name" || a.GetUser() == nil {
					continue
				}
				v := userValue(a)
				if call.GetExpect().GetFails() {
					// The mistyped value is of the thing the correction names.
					for _, fix := range bp.GetCalls() {
						if fix.GetExpect().GetCorrectsCallId() == call.GetId() {
							for _, fa := range fix.GetArguments() {
								if fa.GetParam() == "user_name" && fa.GetUser() != nil {
									v = userValue(fa)
								}
							}
						}
					}
				}
				if other, ok := seen[v]; ok {
					twice++
					t.Errorf("seed %d: %s and %s both add contact %s: %q", seed, other, call.GetId(), v, bp.GetIntents())
				}
				seen[v] = call.GetId()
			}
		}
	}
	_ = twice
}

// A second request with the same tool asks about other things: the
// distance between two other cities, not the same two again.
func TestSecondRequestNamesOtherThings(t *testing.T) {
	in := `{"type":"object","properties":{"cityA":{"type":"string","description":"The zipcode of the first city."},"cityB":{"type":"string","description":"The zipcode of the second city."}},"required":["cityA","cityB"]}`
	c := &clusterv1.Cluster{Id: "cl_car", Domain: "travel", Tools: []*toolv1.Tool{
		{Id: "t_dist", Name: "estimate_distance", Service: "VehicleControlAPI", Domain: "travel", Description: "Estimate the distance between two cities.", InputSchemaJson: in,
			OutputSchemaJson: `{"type":"object","properties":{"distance":{"type":"number"}}}`},
	}}
	multi := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 5, validate.MultiIntent)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, call := range bp.GetCalls() {
			key := ""
			for _, a := range call.GetArguments() {
				key += a.GetParam() + "=" + a.GetUser().GetValueJson() + ";"
			}
			if seen[key] {
				t.Errorf("seed %d: the same call twice (%s): %q", seed, key, bp.GetIntents())
			}
			seen[key] = true
		}
		if len(bp.GetCalls()) > 1 {
			multi++
		}
	}
	if multi == 0 {
		t.Fatal("no plan with two calls")
	}
}
