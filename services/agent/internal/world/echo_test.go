package world_test

import (
	"context"
	"encoding/json"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// A record a result holds that the call just made (a booking) agrees with
// the request: book_flight for 2025-12-19 from Columbus reports a booking
// on 2025-12-19 from Columbus, not another trip.
func TestAResultsRecordAgreesWithTheRequest(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"book a flight"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "book_flight"}}}
	p := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "book_flight", Description: "Book a flight given the travel information.",
		InputSchemaJson:  `{"type":"object","properties":{"travel_date":{"type":"string","description":"Date of travel, YYYY-MM-DD"},"travel_from":{"type":"string"},"travel_to":{"type":"string"},"travel_class":{"type":"string"}},"required":["travel_date","travel_from","travel_to","travel_class"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"booking_id":{"type":"string"},"booking_history":{"type":"object","properties":{"travel_date":{"type":"string"},"travel_from":{"type":"string"},"travel_to":{"type":"string"},"travel_class":{"type":"string"},"travel_cost":{"type":"number"}},"required":["travel_date","travel_from","travel_to","travel_class","travel_cost"]}},"required":["booking_id","booking_history"]}`}}, p)
	if err != nil {
		t.Fatal(err)
	}
	args := map[string]any{"travel_date": "2025-12-19", "travel_from": "Columbus", "travel_to": "Nashville", "travel_class": "business"}
	raw, _ := json.Marshal(args)
	for seed := range int64(10) {
		w := world.New(p, ts, world.SimGenerator{}, nil, seed)
		out, err := w.Call(context.Background(), "book_flight", string(raw), p.Call("c1"))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			BookingHistory map[string]any `json:"booking_history"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		for k, v := range args {
			if got.BookingHistory[k] != v {
				t.Fatalf("seed %d: booking_history.%s = %v, want %v: %s", seed, k, got.BookingHistory[k], v, out)
			}
		}
	}
}
