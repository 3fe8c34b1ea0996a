package world

import (
	"encoding/json"
	"fmt"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// An order read back is of a type orders have: get_order_details left its
// order_type free and read back "premium", where place_order's schema says
// orders are Buy or Sell; after a Sell placed, orders read are Sells.
func TestAValueReadBackIsOfItsFieldsVocabulary(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"check an order, place one"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "get_order_details"}, {Id: "c2", ToolName: "place_order"}, {Id: "c3", ToolName: "get_order_details"}}}
	p := plan.New(bp)
	ts := toolsFor(t, []*toolv1.Tool{
		{Id: "t1", Name: "get_order_details", Description: "Get the details of an order.",
			InputSchemaJson:  `{"type":"object","properties":{"order_id":{"type":"integer","description":"ID of the order."}},"required":["order_id"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"order_type":{"type":"string","description":"Type of the order."},"symbol":{"type":"string"},"price":{"type":"number"},"status":{"type":"string","description":"Current status of the order. [Enum]: [\"Open\", \"Pending\", \"Completed\", \"Cancelled\"]"}},"required":["id","order_type","symbol","price","status"]}`},
		{Id: "t2", Name: "place_order", Description: "Place an order.",
			InputSchemaJson:  `{"type":"object","properties":{"order_type":{"type":"string","description":"Type of the order (Buy/Sell)."},"symbol":{"type":"string"},"price":{"type":"number"},"amount":{"type":"integer"}},"required":["order_type","symbol","price","amount"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"order_id":{"type":"integer"},"order_type":{"type":"string","description":"Type of the order (Buy/Sell)."},"status":{"type":"string"}},"required":["order_id","order_type","status"]}`},
	}, p)
	for seed := range int64(12) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		read := func(call string, id int) string {
			out := callOut(t, w, "get_order_details", fmt.Sprintf(`{"order_id":%d}`, id), p.Call(call))
			var got struct {
				OrderType string `json:"order_type"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("seed %d: %v: %s", seed, err, out)
			}
			return got.OrderType
		}
		if ty := read("c1", 12446); ty != "Buy" && ty != "Sell" {
			t.Fatalf("seed %d: order_type %q read back, want Buy or Sell", seed, ty)
		}
		callOut(t, w, "place_order", `{"order_type":"Sell","symbol":"AAPL","price":12.5,"amount":3}`, p.Call("c2"))
		if ty := read("c3", 12447); ty != "Sell" {
			t.Fatalf("seed %d: order_type %q read after a Sell placed, want Sell", seed, ty)
		}
	}
}
