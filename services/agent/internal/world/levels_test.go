package world

import (
	"encoding/json"
	"math"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

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
		w, _ := simWorld(t, tools, nil, seed)
		b0 := callNumber(t, w, "get_account_info", `{}`, "balance")
		b1 := callNumber(t, w, "withdraw_funds", `{"amount":122.16}`, "new_balance")
		b2 := callNumber(t, w, "fund_account", `{"amount":443.77}`, "new_balance")
		b3 := callNumber(t, w, "get_account_info", `{}`, "balance")
		if math.Abs(b1-(b0-122.16)) > 0.005 || math.Abs(b2-(b1+443.77)) > 0.005 || b3 != b2 {
			t.Fatalf("seed %d: balance %v, withdraw 122.16 → %v, fund 443.77 → %v, then read %v", seed, b0, b1, b2, b3)
		}
	}
	// The first value known may be a move's own.
	w, _ := simWorld(t, tools, nil, 9)
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
			OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"object","properties":{"fuelLevel":{"type":"number","minimum":0,"maximum":400},"engineState":{"type":"string"}},"required":["fuelLevel","engineState"]}},"required":["status"]}`},
		{Name: "fillFuelTank", Description: "Fills the fuel tank of the vehicle. The fuel tank can hold up to 50 gallons.",
			InputSchemaJson:  `{"type":"object","properties":{"fuelAmount":{"type":"number"}},"required":["fuelAmount"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"fuelLevel":{"type":"number"}},"required":["fuelLevel"]}`},
	}
	for seed := range int64(5) {
		// A first fill of more than the tank holds fills it.
		if full := callNumber(t, firstOf(simWorld(t, tools, nil, seed)), "fillFuelTank", `{"fuelAmount":465.13}`, "fuelLevel"); full != 50 {
			t.Fatalf("seed %d: a first fill of 465.13 into a 50-gallon tank → %v", seed, full)
		}
		w, _ := simWorld(t, tools, nil, seed)
		before := callNumber(t, w, "displayCarStatus", `{"option":"fuel"}`, "status", "fuelLevel")
		if before > 50 {
			t.Fatalf("seed %d: fuel %v in a 50-gallon tank", seed, before)
		}
		after := callNumber(t, w, "fillFuelTank", `{"fuelAmount":5.5}`, "fuelLevel")
		if math.Abs(after-min(before+5.5, 50)) > 0.005 {
			t.Fatalf("seed %d: fuel %v, fill 5.5 → %v", seed, before, after)
		}
		full := callNumber(t, w, "fillFuelTank", `{"fuelAmount":302.47}`, "fuelLevel")
		if full != 50 {
			t.Fatalf("seed %d: fuel %v, fill 302.47 into a 50-gallon tank → %v", seed, after, full)
		}
	}
}

// Moves of one turn start from one balance: fund and withdraw of the same
// amount at once report balances that differ by twice the amount.
func TestMovesOfOneTurnStartFromOneBalance(t *testing.T) {
	amount := `{"type":"object","properties":{"amount":{"type":"number"}},"required":["amount"]}`
	newBalance := `{"type":"object","properties":{"status":{"type":"string"},"new_balance":{"type":"number"}},"required":["status","new_balance"]}`
	tools := []*toolv1.Tool{
		{Name: "withdraw_funds", InputSchemaJson: amount, OutputSchemaJson: newBalance},
		{Name: "fund_account", InputSchemaJson: amount, OutputSchemaJson: newBalance},
	}
	lit := func(v string) []*blueprintv1.ArgumentBinding {
		return []*blueprintv1.ArgumentBinding{{Param: "amount", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: v}}}
	}
	p := plan.New(&blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "fund_account", Arguments: lit("872.94"), ParallelGroup: 1},
		{Id: "c2", ToolName: "withdraw_funds", Arguments: lit("872.94"), ParallelGroup: 1},
	}})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		get := func(tool, id string) float64 {
			out := callOut(t, w, tool, `{"amount":872.94}`, p.Call(id))
			var r struct {
				NewBalance float64 `json:"new_balance"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			return r.NewBalance
		}
		up, down := get("fund_account", "c1"), get("withdraw_funds", "c2")
		if math.Abs(up-down-2*872.94) > 0.005 {
			t.Fatalf("seed %d: fund 872.94 → %v and withdraw 872.94 → %v in one turn", seed, up, down)
		}
	}
}

// A balance first drawn covers the withdrawals the plan makes.
func TestBalanceCoversThePlannedWithdrawals(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "get_account_info", InputSchemaJson: `{"type":"object","properties":{}}`,
			OutputSchemaJson: `{"type":"object","properties":{"balance":{"type":"number","minimum":0}},"required":["balance"]}`},
		{Name: "withdraw_funds", InputSchemaJson: `{"type":"object","properties":{"amount":{"type":"number"}},"required":["amount"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"new_balance":{"type":"number"}},"required":["new_balance"]}`},
	}
	p := plan.New(&blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "get_account_info"},
		{Id: "c2", ToolName: "withdraw_funds", Arguments: []*blueprintv1.ArgumentBinding{{Param: "amount", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: "680.63"}}}},
	}})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		b := callNumber(t, w, "get_account_info", `{}`, "balance")
		if after := callNumber(t, w, "withdraw_funds", `{"amount":680.63}`, "new_balance"); after < 0 {
			t.Fatalf("seed %d: balance %v, withdraw 680.63 → %v", seed, b, after)
		}
	}
}
