package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// answersOf is every seed's answer to one intent whose calls (tools[i]
// called with args[i]) came back with replies[i].
func answersOf(t *testing.T, tools []*toolv1.Tool, args []string, replies []string) []string {
	t.Helper()
	bp := &blueprintv1.Blueprint{Intents: []string{"do it"}}
	for i, tool := range tools {
		bp.Calls = append(bp.Calls, &blueprintv1.PlannedCall{Id: "c" + string(rune('1'+i)), ToolName: tool.GetName()})
	}
	pl := plan.New(bp)
	ts, err := toolset.New(tools, pl)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]*rollout.Realised{}
	var calls []llm.ToolCall
	for i, reply := range replies {
		out, err := plan.Decode(reply)
		if err != nil {
			t.Fatal(err)
		}
		id := "x" + string(rune('1'+i))
		done[bp.Calls[i].GetId()] = &rollout.Realised{CallIDs: []string{id}, Outputs: []any{out}, Contents: []string{reply}}
		calls = append(calls, llm.ToolCall{ID: id, Function: llm.FunctionCall{Name: tools[i].GetName(), Arguments: args[i]}})
	}
	s := &rollout.State{Plan: pl, Tools: ts, Done: done, Messages: []llm.Message{{Role: "assistant", ToolCalls: calls}}}
	var got []string
	for seed := range uint64(20) {
		got = append(got, answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content)
	}
	return got
}

// A result's one unquoted value is said of the thing it belongs to, never
// appended as a leftover field ("I also got created at …", "The created
// at that came back is …"); bookkeeping the answer does not need is left
// out.
func TestLeftoverFieldsAreSaidOfTheirThing(t *testing.T) {
	search := &toolv1.Tool{Id: "t1", Name: "search_campaigns", Description: "Search campaigns by name.",
		InputSchemaJson: `{"type":"object","properties":{"name":{"type":"string"}}}`}
	args := `{"name":"Back to School newsletter 2025"}`
	reply := `{"campaigns":[{"campaign_id":"cam_DvCbM9GntP3u5N","created_at":"2024-06-16T15:30:00Z","name":"Back to School newsletter 2025"},` +
		`{"campaign_id":"cam_6SXcNKVcByrrRU","created_at":"2024-01-17T17:45:00Z","name":"Back to School newsletter 2025"}],"total":95}`
	for _, got := range answersOf(t, []*toolv1.Tool{search}, []string{args}, []string{reply}) {
		if strings.Contains(got, "I also got") || strings.Contains(got, "that came back is") || !strings.Contains(got, "campaigns was created on 2024-06-16T15:30:00Z") {
			t.Errorf("a leftover field read out: %q", got)
		}
	}
	// A list that says nothing of what it holds ("items") holds what the
	// call is about.
	settings := &toolv1.Tool{Id: "t4", Name: "list_notification_settings", Description: "List the notification settings.",
		InputSchemaJson: `{"type":"object","properties":{}}`}
	for _, got := range answersOf(t, []*toolv1.Tool{settings}, []string{`{}`},
		[]string{`{"items":[{"created_at":"2023-07-09T16:45:00Z","enabled":true},{"created_at":"2024-01-02T10:00:00Z","enabled":false}]}`}) {
		if strings.Contains(got, "first entry") || strings.Contains(got, "I also got") {
			t.Errorf("a generic list's entry is not named by what the call is about: %q", got)
		}
	}
	update := &toolv1.Tool{Id: "t2", Name: "update_host", Description: "Update a host.",
		InputSchemaJson: `{"type":"object","properties":{"host_id":{"type":"string"}}}`}
	hosts := &toolv1.Tool{Id: "t3", Name: "list_hosts", Description: "List the hosts.", InputSchemaJson: `{"type":"object","properties":{}}`}
	for _, got := range answersOf(t, []*toolv1.Tool{update}, []string{`{"host_id":"hos_w6hJq7t7fvH8pg"}`},
		[]string{`{"host_id":"hos_w6hJq7t7fvH8pg","updated_at":"2024-09-08T11:45:00Z"}`}) {
		if !strings.Contains(got, "was updated on 2024-09-08T11:45:00Z") {
			t.Errorf("the one value of an update is not said of its thing: %q", got)
		}
	}
	for _, got := range answersOf(t, []*toolv1.Tool{hosts, update}, []string{`{}`, `{"host_id":"hos_w6hJq7t7fvH8pg"}`},
		[]string{`{"hosts":[{"name":"edge-01","region":"eu-west-1"},{"name":"edge-02","region":"us-east-1"}]}`,
			`{"host_id":"hos_w6hJq7t7fvH8pg","updated_at":"2024-09-08T11:45:00Z"}`}) {
		if strings.Contains(got, "2024-09-08T11:45:00Z") {
			t.Errorf("a bookkeeping time the answer does not need is read out: %q", got)
		}
	}
}

// Where a record lives is said as people point to a page, in a few ways,
// and always with the address: "the URL is https" in every such answer
// was a run's most common 4-gram.
func TestLinksAreSaidInAFewWays(t *testing.T) {
	tool := &toolv1.Tool{Id: "t1", Name: "get_repository", Description: "Get a repository.", InputSchemaJson: `{"type":"object","properties":{}}`}
	same, n := 0, 0
	for i := range 12 {
		url := "https://github.com/acme/repo-" + string(rune('a'+i))
		reply := `{"name":"repo-` + string(rune('a'+i)) + `","url":"` + url + `"}`
		for _, got := range answersOf(t, []*toolv1.Tool{tool}, []string{`{}`}, []string{reply})[:1] {
			n++
			if !strings.Contains(got, url) {
				t.Errorf("the address is not given: %q", got)
			}
			if strings.Contains(got, "URL is https") {
				same++
			}
		}
	}
	if same > n/2 {
		t.Errorf("%d of %d answers say \"the URL is https\"", same, n)
	}
}
