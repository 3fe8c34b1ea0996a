package simroles

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/platform/llm"

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

// An iteration over things named by UUIDs tells each by what it holds,
// not by its UUID, and a count beside the list it counts is not said
// again ("2 replies (mcollins and gage) and 2 replies").
func TestIterationNamesNoUUIDAndCountsOnce(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"look up each review"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "getReview",
		Arguments: []*blueprintv1.ArgumentBinding{{Param: "reviewId", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"x"`}}}}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "getReview", Description: "Get a review by ID", InputSchemaJson: `{"type":"object","properties":{"reviewId":{"type":"string"}}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	replies := []string{`{"Replies":[{"UserName":"mcollins"},{"UserName":"gage.spencer"}],"ReplyCount":2}`, `{"Replies":[{"UserName":"cornell53"}],"ReplyCount":1}`}
	d := &rollout.Realised{}
	msg := llm.Message{Role: "assistant"}
	for i, r := range replies {
		var out any
		_ = json.Unmarshal([]byte(r), &out)
		id := "call_" + strconv.Itoa(i)
		d.CallIDs, d.Outputs, d.Contents = append(d.CallIDs, id), append(d.Outputs, out), append(d.Contents, r)
		uuid := []string{"c215caae-f4f1-4d0b-a114-60e6870378ca", "cfd79efb-5bb7-477d-ad28-b125911827cb"}[i]
		msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: id, Function: llm.FunctionCall{Name: "getReview", Arguments: `{"reviewId":"` + uuid + `"}`}})
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": d}, Messages: []llm.Message{msg}}
	for seed := range uint64(8) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		if strings.Contains(got, "c215caae") || strings.Contains(got, "and 2 replies") || strings.Contains(got, "and 1 repl") || !strings.Contains(got, "mcollins") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}
