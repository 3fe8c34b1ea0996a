package world

import (
	"encoding/json"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// ownedTools: a list whose "id" parameter is, by its description, another
// thing's (a broadcast's batches), and a list filtered by its items' own
// id (shared screenshots).
var ownedTools = []*toolv1.Tool{
	{Id: "t1", Name: "getCallBroadcastBatches", Description: "Find batches in a call broadcast",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"integer","description":"An id of a call broadcast"},"limit":{"type":"integer"}},"required":["id"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"broadcastId":{"type":"integer"},"name":{"type":"string"}},"required":["id","broadcastId","name"]}},"totalCount":{"type":"integer"}},"required":["items"]}`},
	{Id: "t2", Name: "startVoiceBroadcast", Description: "Start a voice broadcast",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"}}}`},
	{Id: "t3", Name: "ShareScreenshot", Description: "Share a screenshot",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"integer","description":"screenshot ID"}},"required":["id"]}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"url":{"type":"string"}},"required":["id","url"]}}`},
	{Id: "t4", Name: "SearchScreenshot", Description: "Search screenshots",
		InputSchemaJson:  `{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"}}}}`},
}

func ownedWorld(t *testing.T, seed int64, calls ...*blueprintv1.PlannedCall) (*World, *plan.Plan) {
	t.Helper()
	return simWorld(t, ownedTools, &blueprintv1.Blueprint{Intents: []string{"x"}, Calls: calls}, seed)
}

// The batches of broadcast 9150 are batches of that broadcast, under ids
// of their own: getCallBroadcastBatches(id: 9150) listed three batches
// whose own id was 9150, each of another broadcast.
func TestAnIDOfAnotherThingFiltersByThatThing(t *testing.T) {
	for seed := range int64(8) {
		w, p := ownedWorld(t, seed, &blueprintv1.PlannedCall{Id: "c1", ToolName: "getCallBroadcastBatches"})
		out := callOut(t, w, "getCallBroadcastBatches", `{"id":9150,"limit":10}`, p.Call("c1"))
		var got struct {
			Items []struct {
				ID          json.Number `json:"id"`
				BroadcastID json.Number `json:"broadcastId"`
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		for _, it := range got.Items {
			if it.BroadcastID != "9150" || it.ID == "9150" && len(got.Items) > 1 {
				t.Fatalf("seed %d: batch %s of broadcast %s listed for broadcast 9150: %s", seed, it.ID, it.BroadcastID, out)
			}
		}
	}
}

// A list filtered by its items' own id that the plan iterates over holds
// that thing first and other things after it, never copies of one id
// (ShareScreenshot(id: 33336) listed 33336 three times, each with
// another url, and the plan deleted 33336 three times).
func TestAListByOwnIDThePlanIteratesHoldsNoCopies(t *testing.T) {
	for seed := range int64(8) {
		w, p := ownedWorld(t, seed,
			&blueprintv1.PlannedCall{Id: "c1", ToolName: "ShareScreenshot"},
			&blueprintv1.PlannedCall{Id: "c2", ToolName: "SearchScreenshot", ForEach: &blueprintv1.CallReference{CallId: "c1", Path: "$"},
				Arguments: []*blueprintv1.ArgumentBinding{{Param: "url", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$[*].url"}}}}})
		out := callOut(t, w, "ShareScreenshot", `{"id":33336}`, p.Call("c1"))
		var got []struct {
			ID json.Number `json:"id"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if len(got) < 2 || got[0].ID != "33336" {
			t.Fatalf("seed %d: want screenshot 33336 first of several: %s", seed, out)
		}
		seen := map[json.Number]bool{}
		for _, it := range got {
			if seen[it.ID] {
				t.Fatalf("seed %d: screenshot %s listed twice: %s", seed, it.ID, out)
			}
			seen[it.ID] = true
		}
	}
}
