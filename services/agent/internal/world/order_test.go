package world

import (
	"encoding/json"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A listing is in the order its call asks for, with what the conversation
// made in its place, not at the end: getConversations(order: DESCENDING),
// alphabetical by default, after createConversation listed the new one
// last.
func TestAListingIsInTheOrderItsCallAsks(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"create a conversation, then list them"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "createConversation"}, {Id: "c2", ToolName: "getConversations"}, {Id: "c3", ToolName: "getConversations"}}}
	p := plan.New(bp)
	conv := `{"type":"object","properties":{"convId":{"type":"string"},"topic":{"type":"string"},"creationTime":{"type":"number"}},"required":["convId","topic","creationTime"]}`
	ts := toolsFor(t, []*toolv1.Tool{
		{Id: "t1", Name: "createConversation", Description: "Create a conversation.",
			InputSchemaJson:  `{"type":"object","properties":{"topic":{"type":"string"}},"required":["topic"]}`,
			OutputSchemaJson: conv},
		{Id: "t2", Name: "getConversations", Description: "Get the conversations.",
			InputSchemaJson:  `{"type":"object","properties":{"sort":{"type":"string","enum":["ALPHABETICALLY","RECENT_ACTIVITY"],"default":"ALPHABETICALLY"},"order":{"type":"string","enum":["ASCENDING","DESCENDING"],"default":"ASCENDING"}}}`,
			OutputSchemaJson: `{"type":"array","minItems":3,"items":` + conv + `}`},
	}, p)
	for seed := range int64(10) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callOut(t, w, "createConversation", `{"topic":"Aardvark"}`, p.Call("c1"))
		out := callOut(t, w, "getConversations", `{"order":"DESCENDING"}`, p.Call("c2"))
		var got []struct{ Topic string }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if len(got) < 2 || got[len(got)-1].Topic != "Aardvark" {
			t.Fatalf("seed %d: want the conversations Z to A, the new Aardvark last: %s", seed, out)
		}
		for i := 1; i < len(got); i++ {
			if strings.ToLower(got[i-1].Topic) < strings.ToLower(got[i].Topic) {
				t.Fatalf("seed %d: %q before %q in a listing Z to A: %s", seed, got[i-1].Topic, got[i].Topic, out)
			}
		}
		out = callOut(t, w, "getConversations", `{"order":"ASCENDING","sort":"ALPHABETICALLY"}`, p.Call("c3"))
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if len(got) < 2 || got[0].Topic != "Aardvark" {
			t.Fatalf("seed %d: want the conversations A to Z, the new Aardvark first: %s", seed, out)
		}
	}
}
