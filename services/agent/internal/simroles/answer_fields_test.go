package simroles

import (
	"encoding/json"
	"fmt"
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

// call is one tool call of a one-request test state: the tool, its
// description, the arguments sent and the raw output.
type call struct {
	tool, desc, args, out string
}

// stateOf builds a state whose one request made the calls, in order.
func stateOf(t *testing.T, intent string, calls ...call) *rollout.State {
	t.Helper()
	bp := &blueprintv1.Blueprint{Intents: []string{intent}}
	var tools []*toolv1.Tool
	seen := map[string]bool{}
	done := map[string]*rollout.Realised{}
	var msg llm.Message
	msg.Role = "assistant"
	for i, c := range calls {
		id := fmt.Sprintf("c%d", i+1)
		bp.Calls = append(bp.Calls, &blueprintv1.PlannedCall{Id: id, ToolName: c.tool})
		if !seen[c.tool] {
			seen[c.tool] = true
			tools = append(tools, &toolv1.Tool{Id: "t" + id, Name: c.tool, Description: c.desc, InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}}}`})
		}
		var out any
		if err := json.Unmarshal([]byte(c.out), &out); err != nil {
			t.Fatal(err)
		}
		callID := "call_" + id
		msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: callID, Function: llm.FunctionCall{Name: c.tool, Arguments: c.args}})
		done[id] = &rollout.Realised{CallIDs: []string{callID}, Outputs: []any{out}, Contents: []string{c.out}}
	}
	pl := plan.New(bp)
	ts, err := toolset.New(tools, pl)
	if err != nil {
		t.Fatal(err)
	}
	return &rollout.State{Plan: pl, Tools: ts, Done: done, Messages: []llm.Message{msg}}
}

// Where a page of a list sits (limit, offset, page, pages, per_page, a
// pagination envelope) is never read out; the list is, and a total beyond
// what is shown is told with it. A limit alone (a quota) is news.
func TestFactsLeavePagingOut(t *testing.T) {
	for _, c := range []struct{ out, want string }{
		{`{"pagination":{"count":1,"page":4,"pages":91,"per_page":20},"results":[{"name":"Silver river","size":170}]}`, "1 result (Silver river)"},
		{`{"pagination":{"count":58,"page":1,"pages":3},"results":[{"name":"Silver river"},{"name":"Bright harbour"}]}`, "2 of 58 results"},
		{`{"items":[{"name":"Amber compass"}],"limit":10,"offset":20}`, "1 entry (Amber compass)"},
		{`{"limit":20,"offset":10,"total":62}`, "total 62"},
		{`{"count":2,"cursor":"UXCkY2t7","items":[{"name":"Amber compass"},{"name":"Blue meadow"}],"total":2}`, "2 entries (Amber compass and Blue meadow)"},
		{`{"currentPage":1,"currentElements":3,"totalElements":489,"proteins":[{"name":"P1"},{"name":"P2"},{"name":"P3"}]}`, "3 of 489 proteins"},
		{`{"limit":5000,"remaining":4999}`, "limit 5000"},
	} {
		got := factsSaid(t, c.out)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: facts %q, want %q among them", c.out, got, c.want)
		}
		if c.want != "limit 5000" {
			for _, w := range []string{"page", "offset", "limit", "count"} {
				if strings.Contains(got, w) {
					t.Errorf("%s: facts %q read out a paging field (%s)", c.out, got, w)
				}
			}
		}
	}
}

// A page cursor (NextToken, Marker, nextLink, an opaque position beside a
// list) is never read out: that it came back says more results are
// available, once, with the list.
func TestFactsTellCursorAsMoreAvailable(t *testing.T) {
	for _, c := range []struct{ out, want, cursor string }{
		{`{"NextToken":"uGeL7mrbXumanDp8n1yz==","Categories":[{"Name":"Compute"},{"Name":"Storage"}]}`, "2 categories (Compute and Storage), with more available", "uGeL7mrbXumanDp8n1yz"},
		{`{"position":"SlmG9Yjy5zmSqLs20u3l==","items":[{"name":"next-api"}]}`, "1 entry (next-api), with more available", "SlmG9Yjy5zmSqLs20u3l"},
		{`{"Marker":"Wi7exawolrW5od4djCbx==","Buckets":[{"Name":"logs"}]}`, "1 bucket (logs), with more available", "Wi7exawolrW5od4djCbx"},
		{`{"nextLink":"https://example.com/vms?page=2&skiptoken=AbC123xyz","value":[{"name":"vm1"}]}`, "with more available", "skiptoken"},
		{`{"NextContinuationToken":"1ueGcxLPRx1Tr","Contents":[{"Key":"a.txt"}]}`, "1 content (a.txt), with more available", "1ueGcxLPRx1Tr"},
		{`{"NextToken":"","Categories":[{"Name":"Compute"}]}`, "1 category (Compute)", "more"},
	} {
		got := factsSaid(t, c.out)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: facts %q, want %q among them", c.out, got, c.want)
		}
		if strings.Contains(got, c.cursor) {
			t.Errorf("%s: facts %q read out the cursor", c.out, got)
		}
	}
}

// A time sent as seconds or milliseconds since 1970 reads as its date;
// the same number in a field that is no time stays a number.
func TestFactsTellEpochTimesAsDates(t *testing.T) {
	for _, c := range []struct {
		key  string
		v    any
		want string
	}{
		{"creationTime", 1735743263.0, "2025-01-01 at 14:54 UTC"},
		{"expires_at", 1735743263000.0, "2025-01-01 at 14:54 UTC"},
		{"leaseBegin", 1740331068.0, "2025-02-23 at 17:17 UTC"},
		{"phone", 1735743263.0, "1735743263"},
		{"leaseEnd", 32.0, "32"},
	} {
		f, ok := leafFact(c.key, c.v, "")
		if !ok || f.value != c.want {
			t.Errorf("leafFact(%s, %v) = %q, want %q", c.key, c.v, f.value, c.want)
		}
	}
}

// A field that names the list as a whole ("transaction_history") counts
// its entries: "3 transactions", not "3 transaction histories".
func TestListFactCountsTheEntriesOfACollective(t *testing.T) {
	entries := []any{map[string]any{"amount": 1.0}, map[string]any{"amount": 2.0}, map[string]any{"amount": 3.0}}
	for key, want := range map[string]string{"transaction_history": "3 transactions", "log": "3 log entries", "auditLog": "3 audit log entries", "history": "3 history entries", "orders": "3 orders"} {
		if got := listFact(key, entries).value; !strings.HasPrefix(got, want) {
			t.Errorf("listFact(%s) = %q, want %q", key, got, want)
		}
	}
	if got := listFact("transaction_history", entries[:1]).value; !strings.HasPrefix(got, "1 transaction") || strings.Contains(got, "history") {
		t.Errorf("listFact of one = %q", got)
	}
}

// One folder listed twice in a request (with and without sizes) is told
// once, with its sizes.
func TestAnswerTellsARepeatedListingOnce(t *testing.T) {
	s := stateOf(t, "show me what is in /home/ana/notes, with sizes",
		call{"list_directory", "Get a detailed listing of all files and directories in a specified path", `{"path":"/home/ana/notes"}`,
			`{"content":"[FILE] a.log\n[FILE] b.md\n[DIR] old"}`},
		call{"list_directory_with_sizes", "Get a detailed listing of all files and directories in a specified path, including sizes", `{"path":"/home/ana/notes"}`,
			`{"content":"[FILE] a.log     1.20 KB\n[FILE] b.md      300 B\n[DIR] old\n\nTotal: 2 files, 1 directories\nCombined size: 1.49 KB"}`})
	for seed := range uint64(8) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
		if n := strings.Count(got, "notes"); n != 1 {
			t.Errorf("seed %d: the folder is told %d times: %q", seed, n, got)
		}
		if !strings.Contains(got, "1.20 KB") {
			t.Errorf("seed %d: not the listing with sizes: %q", seed, got)
		}
	}
}

// An action done to named things is told in the user's terms: to them by
// name, with how many were added, not in the description's ("added new
// observations to existing entities (Michaela Vasquez)").
func TestAnswerTellsAnActionOnNamedThings(t *testing.T) {
	s := stateOf(t, "add two notes to Michaela Vasquez's record",
		call{"add_observations", "Add new observations to existing entities in the knowledge graph", `{"observations":[{"entityName":"Michaela Vasquez","contents":["Prefers email","Moved to Oslo"]}]}`,
			`{"results":[{"addedObservations":["Prefers email","Moved to Oslo"],"entityName":"Michaela Vasquez"}]}`})
	for seed := range uint64(8) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
		if !strings.Contains(strings.ToLower(got), "added 2 observations to michaela vasquez") || strings.Contains(got, "existing") || strings.Contains(got, "new observations") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
	// The members added to a group name members, not the group.
	s = stateOf(t, "add Ana and Bob to the design group",
		call{"add_members", "Add members to a group", `{"group":"design","members":["ana","bob"]}`,
			`[{"memberName":"Ana Ruiz"},{"memberName":"Bob Lee"}]`})
	for seed := range uint64(8) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
		if strings.Contains(got, "to Ana Ruiz") {
			t.Errorf("seed %d: the members are told as the group: %q", seed, got)
		}
	}
}

// A record's state is not said in one form in every answer ("the status
// is pending", then "its status is inactive", recurred across a set of
// answers); each form reads right.
func TestFactPhrasesVaryAState(t *testing.T) {
	forms := map[string]bool{}
	for _, v := range []string{"pending", "inactive", "completed", "active", "failed", "queued"} {
		for _, other := range []string{"Amber compass", "Blue meadow", "Coral orchard"} {
			got := factPhrases([]fact{{key: "status", words: "status", value: v}, {key: "name", words: "name", value: other}}, true)[0]
			form := strings.TrimSuffix(got, v)
			if form != "the status is " && form != "its status is " && form != "it is " && form != "it shows as " {
				t.Fatalf("status %s reads %q", v, got)
			}
			forms[form] = true
		}
	}
	if len(forms) < 4 {
		t.Errorf("a status is said in %d forms only: %v", len(forms), forms)
	}
}

// A question about values the user left out agrees with them: "What are the
// observations for each entity?", never "What is the observations…".
func TestAskAgreesWithWhatItAsksFor(t *testing.T) {
	s := stateOf(t, "strike some notes", call{"delete_observations", "Delete specific observations from entities", `{}`, `{}`})
	missing := rollout.Action{Calls: s.Plan.Calls, Missing: []*blueprintv1.ArgumentBinding{{Param: "deletions", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `[]`, Description: "Observations for each entity"}}}}}
	for seed := range uint64(40) {
		got := ask(s, rand.New(rand.NewPCG(seed, 1)), missing).Content
		if strings.Contains(got, "is the observations") || strings.Contains(got, "what's the observations") || strings.Contains(got, "what is it?") {
			t.Fatalf("seed %d: %q", seed, got)
		}
	}
}

// A page that came back with nothing but its cursor says so, and gives the
// cursor as what it is: the answer reports the one value there is.
func TestAnswerTellsAnEmptyPageWithItsCursor(t *testing.T) {
	s := stateOf(t, "check the deployments of time-frame-staging",
		call{tool: "ListDeployments", desc: "Lists the deployments in a deployment group.", args: `{"applicationName":"time-frame-staging"}`, out: `{"nextToken":"nhPCxpXVNz7T80kNNYX4=="}`})
	for seed := uint64(1); seed <= 8; seed++ {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
		if !strings.Contains(got, "nhPCxpXVNz7T80kNNYX4==") || !strings.Contains(got, "page") {
			t.Errorf("seed %d: %q: want the empty page told with its cursor", seed, got)
		}
	}
}

// That more results are available is said once in an answer, not after
// every list a page cursor came with.
func TestAnswerSaysMoreAvailableOnce(t *testing.T) {
	s := stateOf(t, "show me the models and the resources of api 78396904",
		call{tool: "GetModels", desc: "Describes the models of a RestApi.", args: `{"restApiId":"78396904"}`, out: `{"position":"SlmG9Yjy5zmSqLs20u3l==","items":[{"name":"next-api"},{"name":"dedicated-v2"}]}`},
		call{tool: "GetResources", desc: "Lists the resources of a RestApi.", args: `{"restApiId":"78396904"}`, out: `{"position":"Kq2mZ8pLw0aXn4Rt7Vb1==","items":[{"path":"/customer-data"}]}`})
	for seed := uint64(1); seed <= 8; seed++ {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
		if n := strings.Count(got, "more available"); n != 1 {
			t.Errorf("seed %d: %q: says more results are available %d times, want once", seed, got, n)
		}
	}
}

// An answer tells what was found in the user's terms, never by the name
// of the function that found it ("Result from get_stock_info: …", "The
// search_nodes call came back with …").
func TestAnswerNamesNoTool(t *testing.T) {
	states := []*rollout.State{
		stateOf(t, "what is ACME trading at",
			call{tool: "get_stock_info", desc: "Gets the stock info of a symbol.", args: `{"symbol":"ACME"}`, out: `{"price":889.47,"volume":120033}`}),
		stateOf(t, "find the nodes about billing",
			call{tool: "search_nodes", desc: "Searches the graph for nodes.", args: `{"query":"billing"}`, out: `{"nodes":[{"name":"Billing API"},{"name":"Invoice store"}]}`}),
		stateOf(t, "subtract 3 from 10",
			call{tool: "subtract", desc: "Subtracts b from a.", args: `{"a":10,"b":3}`, out: `{"result":7}`}),
	}
	for _, s := range states {
		tool := s.Plan.BP.GetCalls()[0].GetToolName()
		for seed := uint64(1); seed <= 40; seed++ {
			got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
			if strings.Contains(got, tool) {
				t.Errorf("seed %d: %q names the tool %s", seed, got, tool)
			}
		}
	}
}

// A base64 blob is told by what it is and its size ("a PNG image of about
// 62 bytes"), never read out ("That comes to iVBORw0…").
func TestAnswerTellsABlobByKindAndSize(t *testing.T) {
	const png = "iVBORw0KGgoAAAANSUhEUt1RsI2/UAr3+AJhY2nVMI1X3cJ0iDfXmROX2uCeIYw5pRGHI43GbiDtHgwA5jRm4UA="
	s := stateOf(t, "read the text of the receipt photo and give me its diagnostic image",
		call{tool: "DetectText", desc: "Detects the text in a photo.", args: `{"path":"receipt.png"}`, out: `{"Successful":true,"TextElements":[{"Text":"Updated element after the review on Tuesday."}]}`},
		call{tool: "GetDiagnosticImage", desc: "Gets the diagnostic image.", args: `{"path":"receipt.png"}`, out: `"` + png + `"`})
	for seed := uint64(1); seed <= 12; seed++ {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Last: true}).Content
		if strings.Contains(got, "iVBORw0") || !strings.Contains(got, "PNG image of about 65 bytes") {
			t.Errorf("seed %d: %q: want the image told by kind and size, not its data", seed, got)
		}
	}
	if f, ok := leafFact("checksum", "d41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204e9800998ecf8427e", ""); !ok || strings.Contains(f.value, "bytes") {
		t.Errorf("a hex digest is no blob: %q", f.value)
	}
}

// factsSaid is what the answer would say of result out (JSON): its first
// six facts, each its words and value, joined by "; ".
func factsSaid(t *testing.T, out string) string {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, f := range facts(doc, 6) {
		said = append(said, strings.TrimSpace(f.words+" "+f.value))
	}
	return strings.Join(said, "; ")
}
