package simroles

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A reply of one success word ({"status": "success"}) is told as an action
// done successfully, never read back after the confirmation ("Logged out —
// done. Its reply: success"), even in an answer that draws on two results.
func TestBareSuccessIsNotReadBack(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"log in, then log out, and pull the results together"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls:  []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "trading_login"}, {Id: "c2", ToolName: "trading_logout"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "trading_login", Description: "Log in to the trading system", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "trading_logout", Description: "Log out of the trading system", InputSchemaJson: `{"type":"object","properties":{}}`},
	}, pl)
	if err != nil {
		t.Fatal(err)
	}
	for _, reply := range []string{`{"status":"success"}`, `{"message":"Success","success":true}`} {
		done := map[string]*rollout.Realised{}
		for _, id := range []string{"c1", "c2"} {
			var out any
			_ = json.Unmarshal([]byte(reply), &out)
			done[id] = &rollout.Realised{Outputs: []any{out}, Contents: []string{reply}}
		}
		s := &rollout.State{Plan: pl, Tools: ts, Done: done}
		word := bareSuccess(done["c1"].Outputs[0])
		for seed := range uint64(20) {
			got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
			if strings.Contains(got, "confirmed: "+word) || strings.Contains(got, "reply: "+word) {
				t.Fatalf("seed %d: %q", seed, got)
			}
			if strings.Count(got, word) < 2 {
				t.Fatalf("seed %d: the two results are not both told: %q", seed, got)
			}
		}
	}
}
