package world_test

import (
	"context"
	"strings"
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// The backend's account holder is the person the conversation is with:
// the cards listed for "This is Brendon Myers" are in his name.
func TestTheUsersCardsAreInTheirName(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "get_all_credit_cards", Description: "Get all registered credit cards of the user.",
		InputSchemaJson: `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"cards":{"type":"array","items":{"type":"object","properties":{
			"card_number":{"type":"string"},"cardholder_name":{"type":"string","description":"The name of the cardholder"}},"required":["card_number","cardholder_name"]}}},"required":["cards"]}`}}
	ts, err := toolset.New(tools, plan.New(nil))
	if err != nil {
		t.Fatal(err)
	}
	for seed := range int64(10) {
		out, _, err := world.SimGenerator{}.Generate(context.Background(), world.Request{Tool: ts.Get("get_all_credit_cards"), Args: map[string]any{}, Seed: seed, Tools: ts, User: "Brendon Myers"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, `"cardholder_name":"Brendon Myers"`) || strings.Count(out, "cardholder_name") != strings.Count(out, "Brendon Myers") {
			t.Fatalf("seed %d: Brendon Myers's cards are %s", seed, out)
		}
	}
}
