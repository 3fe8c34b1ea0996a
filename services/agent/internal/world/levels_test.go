package world_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

func levelWorld(t *testing.T, tools []*toolv1.Tool, seed int64) *world.World {
	t.Helper()
	p := plan.New(&blueprintv1.Blueprint{})
	ts, err := toolset.New(tools, p)
	if err != nil {
		t.Fatal(err)
	}
	return world.New(p, ts, world.SimGenerator{}, nil, seed)
}

func callNumber(t *testing.T, w *world.World, tool, args string, path ...string) float64 {
	t.Helper()
	out, err := w.Call(context.Background(), tool, args, nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range path {
		doc = doc.(map[string]any)[k]
	}
	f, ok := doc.(float64)
	if !ok {
		t.Fatalf("%s(%s) = %s: no number at %v", tool, args, out, path)
	}
	return f
}

// A balance moved by an amount is the balance before plus or minus the
// amount; a read after shows it.
func TestBalanceMovesByTheAmount(t *testing.T) {
	amount := `{"type":"object","properties":{"amount":{"type":"number"}},"required":["amount"]}`
	newBalance := `{"type":"object","properties":{"status":{"type":"string"},"new_balance":{"type":"number"}},"required":["status","new_balance"]}`
	tools := []*toolv1.Tool{
		{Name: "get_account_info", InputSchemaJson: `{"type":"object","properties":{}}`,
			OutputSchemaJson: `{"type":"object","properties":{"account_id":{"type":"integer"},"balance":{"type":"number"}},"required":["account_id","balance"]}`},
		{Name: "withdraw_funds", InputSchemaJson: amount, OutputSchemaJson: newBalance},
		{Name: "fund_account", InputSchemaJson: amount, OutputSchemaJson: newBalance},
	}
	for seed := range int64(5) {
		w := levelWorld(t, tools, seed)
		b0 := callNumber(t, w, "get_account_info", `{}`, "balance")
		b1 := callNumber(t, w, "withdraw_funds", `{"amount":122.16}`, "new_balance")
		b2 := callNumber(t, w, "fund_account", `{"amount":443.77}`, "new_balance")
		b3 := callNumber(t, w, "get_account_info", `{}`, "balance")
		if math.Abs(b1-(b0-122.16)) > 0.005 || math.Abs(b2-(b1+443.77)) > 0.005 || b3 != b2 {
			t.Fatalf("seed %d: balance %v, withdraw 122.16 → %v, fund 443.77 → %v, then read %v", seed, b0, b1, b2, b3)
		}
	}
	// The first value known may be a move's own.
	w := levelWorld(t, tools, 9)
	b1 := callNumber(t, w, "withdraw_funds", `{"amount":122.16}`, "new_balance")
	b2 := callNumber(t, w, "fund_account", `{"amount":443.77}`, "new_balance")
	if math.Abs(b2-(b1+443.77)) > 0.005 {
		t.Fatalf("withdraw → %v, then fund 443.77 → %v", b1, b2)
	}
}

// A fill raises a level a status showed, up to the capacity the tool
// gives.
func TestFillRaisesTheLevel(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "displayCarStatus", InputSchemaJson: `{"type":"object","properties":{"option":{"type":"string"}}}`,
			OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"object","properties":{"fuelLevel":{"type":"number","minimum":0,"maximum":40},"engineState":{"type":"string"}},"required":["fuelLevel","engineState"]}},"required":["status"]}`},
		{Name: "fillFuelTank", Description: "Fills the fuel tank of the vehicle. The fuel tank can hold up to 50 gallons.",
			InputSchemaJson:  `{"type":"object","properties":{"fuelAmount":{"type":"number"}},"required":["fuelAmount"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"fuelLevel":{"type":"number"}},"required":["fuelLevel"]}`},
	}
	for seed := range int64(5) {
		w := levelWorld(t, tools, seed)
		before := callNumber(t, w, "displayCarStatus", `{"option":"fuel"}`, "status", "fuelLevel")
		after := callNumber(t, w, "fillFuelTank", `{"fuelAmount":5.5}`, "fuelLevel")
		if math.Abs(after-(before+5.5)) > 0.005 {
			t.Fatalf("seed %d: fuel %v, fill 5.5 → %v", seed, before, after)
		}
		full := callNumber(t, w, "fillFuelTank", `{"fuelAmount":302.47}`, "fuelLevel")
		if full != 50 {
			t.Fatalf("seed %d: fuel %v, fill 302.47 into a 50-gallon tank → %v", seed, after, full)
		}
	}
}
