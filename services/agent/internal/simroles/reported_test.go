package simroles

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// Every call a request made is reported: a delete whose reply repeats
// the record a post made is still told as deleted, a removal answering
// with the record it removed says it removed it, and calls that returned
// nothing worth reading are each told as done, never "the calls went
// through".
func TestEveryCallOfTheRequestIsReported(t *testing.T) {
	const removed = `(?i)delet|remov|rid of`
	cases := []struct {
		name  string
		calls []call
		want  []string
	}{
		{"post then delete", []call{
			{"postBulkContact", "Post bulk for contact", `{}`, `{"items":[{"name":"Cedar beacon"}],"id":87975764}`},
			{"deleteBulkContact", "Delete bulk for contact", `{}`, `{"items":[{"name":"Cedar beacon"}],"id":87975764}`},
		}, []string{"Cedar beacon", removed}},
		{"a removal answering with the record", []call{
			{"conversions.delete", "Delete conversion specified by id", `{"conversionId":"25790"}`, `{"code":635357,"name":"Blue beacon","value":123.86}`},
		}, []string{removed}},
		{"nothing worth reading", []call{
			{"deleteOpportunityCollectionBulk", "Delete opportunities in bulk", `{}`, `{}`},
			{"deleteTicketCollectionBulk", "Delete tickets in bulk", `{}`, `{}`},
		}, []string{"opportunities", "tickets"}},
	}
	for _, c := range cases {
		s := stateOf(t, "do it", c.calls...)
		for seed := range uint64(12) {
			got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
			for _, w := range c.want {
				if w == removed && !regexp.MustCompile(removed).MatchString(got) || w != removed && !strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q lacks %q", c.name, seed, got, w)
				}
			}
			if strings.Contains(got, "went through but returned nothing") || strings.Contains(got, "results came back empty") {
				t.Errorf("%s, seed %d: %q", c.name, seed, got)
			}
		}
	}
}

// Two removals in a request that pulls results together are told as
// removed, not compared as if they were still there.
func TestRemovalsAreNotCompared(t *testing.T) {
	reply := `{"users":[{"name":"Bill Schroeder"}]}`
	bp := &blueprintv1.Blueprint{Intents: []string{"remove user 1 and user 2 from the project and sum it up"},
		Checks: []*blueprintv1.Check{{Name: plan.AggregationCheck}},
		Calls:  []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "removeProjectUser"}, {Id: "c2", ToolName: "removeProjectUser"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "removeProjectUser", Description: "Remove a user from a project", InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	_ = json.Unmarshal([]byte(reply), &out)
	s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": {Outputs: []any{out}, Contents: []string{reply}}, "c2": {Outputs: []any{out}, Contents: []string{reply}}}}
	for seed := range uint64(8) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		if strings.Contains(got, "The first has") || strings.Contains(got, "the second has") || !regexp.MustCompile(`(?i)remov|rid of|delet`).MatchString(got) {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}
