package world

import (
	"context"
	"strings"
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// The backend's account holder is the person the conversation is with:
// the cards listed for "This is Brendon Myers" are in his name.
func TestTheUsersCardsAreInTheirName(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "get_all_credit_cards", Description: "Get all registered credit cards of the user.",
		InputSchemaJson: `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"cards":{"type":"array","items":{"type":"object","properties":{
			"card_number":{"type":"string"},"cardholder_name":{"type":"string","description":"The name of the cardholder"}},"required":["card_number","cardholder_name"]}}},"required":["cards"]}`}}
	ts := toolsFor(t, tools, plan.New(nil))
	for seed := range int64(10) {
		out, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get("get_all_credit_cards"), Args: map[string]any{}, Seed: seed, Tools: ts, User: "Brendon Myers"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, `"cardholder_name":"Brendon Myers"`) || strings.Count(out, "cardholder_name") != strings.Count(out, "Brendon Myers") {
			t.Fatalf("seed %d: Brendon Myers's cards are %s", seed, out)
		}
	}
}

// The people a listing lists are other people: both AppInstanceUsers
// listed for "I am Dandre" were named "Dandre Rodriguez", because each
// user's name is "the full name of the user".
func TestListedPeopleAreOtherPeople(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "ListAppInstanceUsers", Description: "List all AppInstanceUsers created under a single app instance.",
			InputSchemaJson:  `{"type":"object","properties":{"app-instance-arn":{"type":"string"}},"required":["app-instance-arn"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"AppInstanceUsers":{"type":"array","minItems":2,"items":{"type":"object","title":"AppInstanceUserSummary"}}},"required":["AppInstanceUsers"]}`},
		{Name: "list_members", Description: "List the members of a team.",
			InputSchemaJson:  `{"type":"object","properties":{"team_id":{"type":"string"}},"required":["team_id"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"users":{"type":"array","minItems":2,"items":{"type":"object","properties":{"user_id":{"type":"string"},"name":{"type":"string","description":"Full name of the user"}},"required":["user_id","name"]}}},"required":["users"]}`},
	}
	ts := toolsFor(t, tools, plan.New(nil))
	for _, c := range []struct{ tool, args string }{{"ListAppInstanceUsers", `{"app-instance-arn":"arn:aws:chime:us-east-1:665496250156:app-instance/day"}`}, {"list_members", `{"team_id":"T1"}`}} {
		for seed := range int64(10) {
			args, _ := plan.Decode(c.args)
			out, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get(c.tool), Args: args, Seed: seed, Tools: ts, User: "Dandre Rodriguez"})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out, "Dandre") {
				t.Fatalf("seed %d: %s lists the user: %s", seed, c.tool, out)
			}
		}
	}
}
