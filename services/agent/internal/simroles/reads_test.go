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

// subjectAnswers is every seed's answer to one call of tool name made on
// the user's values args (a JSON object of strings) that came back with
// reply.
func subjectAnswers(t *testing.T, name, desc, args, reply string, n uint64) []string {
	t.Helper()
	in, err := plan.Decode(args)
	if err != nil {
		t.Fatal(err)
	}
	var bindings []*blueprintv1.ArgumentBinding
	var props []string
	for k, v := range in.(map[string]any) {
		bindings = append(bindings, &blueprintv1.ArgumentBinding{Param: k, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"` + v.(string) + `"`}}})
		props = append(props, `"`+k+`":{"type":"string"}`)
	}
	schema := `{"type":"object","properties":{` + strings.Join(props, ",") + `}}`
	bp := &blueprintv1.Blueprint{Intents: []string{desc}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: name, Arguments: bindings}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: name, Description: desc, InputSchemaJson: schema}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	out, err := plan.Decode(reply)
	if err != nil {
		t.Fatal(err)
	}
	s := &rollout.State{Plan: pl, Tools: ts,
		Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "call_1", Function: llm.FunctionCall{Name: name, Arguments: args}}}}},
		Done:     map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}, Contents: []string{reply}}}}
	var got []string
	for seed := range n {
		got = append(got, answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content)
	}
	return got
}

// What a call found is said as found, never glued by a time onto the
// request's phrase ("After I got a branded food item, the name is Nora
// Stanley and the food ID is 48081341.").
func TestNoAfterIGlue(t *testing.T) {
	for i, got := range oneAnswers(t, "Get a branded food item", `{"food_id":"48081341","name":"Nora Stanley","country":"United States"}`, 40) {
		if strings.Contains(got, "After I ") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A flag sent as text names nothing ("For false, the username is
// reba46"), and an id the result is told for is cited with what it
// identifies ("For tag ID 28728004"), not bare ("For 28728004, …").
func TestForTheSubjectNamesIt(t *testing.T) {
	for i, got := range subjectAnswers(t, "add_user", "Add a user to a workspace", `{"is_organization":"false"}`,
		`{"username":"reba46","user":"harrison.santos","workspace":"north-prod"}`, 40) {
		if strings.Contains(got, "For false") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	sawFor := false
	for i, got := range subjectAnswers(t, "get_tag", "Get a tag", `{"tagId":"28728004"}`, `{"name":"Blue falcon","color":"teal","usage":"billing"}`, 40) {
		if strings.Contains(got, "For 28728004") {
			t.Errorf("seed %d: %q", i, got)
		}
		sawFor = sawFor || strings.Contains(got, "For tag ID 28728004")
	}
	if !sawFor {
		t.Error("no answer tells the tag for its id")
	}
	for i, got := range subjectAnswers(t, "get_user", "Get a user", `{"id":"88393767"}`, `{"name":"Blue falcon","color":"teal","usage":"billing"}`, 40) {
		if strings.Contains(got, "For 88393767") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A list of empty entries ({"item": [{}]}) is no news: a bulk delete that
// answered so is told as done, not "The reply lists 1 item."
func TestEmptyEntriesAreNoNews(t *testing.T) {
	for i, got := range oneAnswers(t, "Delete custom entity items in bulk", `{"item":[{}]}`, 20) {
		if strings.Contains(got, "1 item") || strings.Contains(got, "reply lists") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A credential the call sent and the result echoes (an application key,
// a user key sent as a header) is not read back in the answer.
func TestEchoedApplicationKeyIsNotReadBack(t *testing.T) {
	args := `{"X-API2CRM-APPLICATION-KEY":"79855683","X-API2CRM-USER-KEY":"a7a200e1-a023","account_id":"ACC-59750"}`
	reply := `{"X-API2CRM-APPLICATION-KEY":"79855683","X-API2CRM-USER-KEY":"a7a200e1-a023","account_id":"ACC-59750","deleted":true}`
	for i, got := range oneAnswersWith(t, "Delete an account", args, reply, 20) {
		if strings.Contains(got, "79855683") || strings.Contains(got, "a7a200e1-a023") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// Whose a record is varies in how it is said: "and the owner is" closing
// every such answer was a run's most common answer 4-gram.
func TestTheOwnerIsSaidInMoreThanOneWay(t *testing.T) {
	stock := 0
	names := []string{"zoey", "clare_j", "tanya57", "abecker", "adelle", "franz", "janice", "bknight", "amanda", "jimmie73"}
	for i, who := range names {
		reply := `{"branch_id":"fix/b` + string(rune('a'+i)) + `","protected":false,"owner":"` + who + `"}`
		for _, got := range oneAnswers(t, "Create a new branch", reply, 1) {
			if strings.Contains(got, "the owner is") {
				stock++
			}
		}
	}
	if stock > len(names)/2 {
		t.Errorf("%d of %d answers say \"the owner is\"", stock, len(names))
	}
}

// A value of a list's first entry is said of the entries the purpose
// names ("the first screenshot"), else of the ones just counted ("the
// first one"), never of "the first entry".
func TestTheFirstEntryIsNamed(t *testing.T) {
	cases := []struct {
		purpose string
		at      leafPlace
		want    string
	}{
		{"Search screenshots", leafPlace{n: 3}, "the first screenshot"},
		{"Get data", leafPlace{n: 3, list: "data"}, "the first one"},
		{"Get data", leafPlace{n: 1, list: "items"}, "the only one"},
	}
	for _, c := range cases {
		if got := ownerPhrase(c.purpose, c.at); got != c.want {
			t.Errorf("ownerPhrase(%q, %+v) = %q, want %q", c.purpose, c.at, got, c.want)
		}
	}
}

// A field inside the record that already says whose it is ("group_name"
// of a "group") is not owned twice ("the group's group name", "the
// group's group management type's tag"), and when a thing inside it was
// so is said as such ("the deprecations were completed on …"), not "the
// deprecations' completed on is …".
func TestNestedFieldsReadOnce(t *testing.T) {
	reply := `{"group":{"group_name":"pricing-support","group_management_type":{"tag":"video-gaming"}},"deprecations":{"completed_on":"2025-04-21T11:00:00Z"},"members":[{"name":"Ana"},{"name":"Ben"}]}`
	for i, got := range oneAnswers(t, "Add members to a group", reply, 20) {
		if strings.Contains(got, "group's group") || strings.Contains(got, " on is ") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	if f, _ := owned(fact{key: "average_attendance_time", words: "average attendance time", value: "262 seconds"}, 262, []string{"source", "attendance"}); f.words != "source's average attendance time" {
		t.Errorf("owned words = %q", f.words)
	}
	if got := ownerWords([]string{"group", "group_management_type"}); got != "group management type" {
		t.Errorf("ownerWords = %q", got)
	}
	f, _ := owned(fact{key: "completed_on", words: "completed on", value: "2025-04-21"}, "2025-04-21", []string{"deprecations"})
	if got := factPhrases([]fact{f, {key: "name", words: "name", value: "Ana"}}, true); got[0] != "the deprecations were completed on 2025-04-21" {
		t.Errorf("factPhrases = %q", got)
	}
}

// A reply whose first news is a clause ("the diagnostic image is …") is
// said as one after the confirmation, never "It came back with the
// diagnostic image is …".
func TestClauseAfterConfirmationIsNoList(t *testing.T) {
	reply := `{"diagnostic_image":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==","texts":[{"text":"Poised location."}],"converted":true}`
	for i, got := range oneAnswers(t, "Convert a photo of a document into words", reply, 20) {
		if strings.Contains(got, "came back with the") || strings.Contains(got, "ack came the") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A condition on a credential that did not hold is told by whether it is
// there ("the x API 2crm application key is set"), never by the key.
func TestASkippedConditionOnAKeyDoesNotReadIt(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"Drop the attachment, and if the key is blank, drop the call"}, Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "delete_attachment"},
		{Id: "c2", ToolName: "delete_call", Condition: &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: "c1", Path: "$.X-API2CRM-APPLICATION-KEY"}, Operator: "empty"}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "delete_attachment", Description: "Delete an attachment", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "delete_call", Description: "Delete a call", InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{"X-API2CRM-APPLICATION-KEY": "7ae5b17008fb414d84981191cf3b66a476ef8bef", "deleted": true}
	s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}}}, Skipped: map[string]bool{"c2": true}}
	for seed := range uint64(12) {
		if got := skippedSentence(s, rand.New(rand.NewPCG(seed, 1)), pl.Call("c2")); strings.Contains(got, "7ae5b") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// What was done is said plainly: "I created a GitHub repository", "I
// added a comment to the issue", never "a new" and "an existing", which
// recurred across a run's answers and tell nothing.
func TestPurposesAreSaidPlainly(t *testing.T) {
	cases := map[string]string{
		"create a new GitHub repository":     "create a GitHub repository",
		"add a comment to an existing issue": "add a comment to the issue",
		"make a new order":                   "make an order",
		"update an existing issue":           "update the issue",
		"show the new releases":              "show the new releases",
		"list new":                           "list new",
	}
	for in, want := range cases {
		if got := plainly(in); got != want {
			t.Errorf("plainly(%q) = %q, want %q", in, got, want)
		}
	}
	for i, got := range oneAnswers(t, "Create a new GitHub repository", `{"name":"artificial-person-cli","stars":2,"private":false}`, 20) {
		if strings.Contains(got, "a new") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A record is told for the value of the thing it is, never for the scope
// it was looked up in: "For benton_l, the status is closed" of an issue
// in benton_l's repository names the wrong thing.
func TestForTheSubjectIsTheThing(t *testing.T) {
	for i, got := range subjectAnswers(t, "get_issue", "Get an issue", `{"owner":"benton_l"}`,
		`{"status":"closed","title":"Wrong result when syncing","priority":"urgent"}`, 40) {
		if strings.Contains(got, "For benton_l") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	if !namesThing("issue_number", "Get an issue") || namesThing("owner", "Get an issue") || !namesThing("owner", "Do it") {
		t.Error("namesThing")
	}
}

// A yes/no field reads as the fact it states whatever its form: "it does
// not exist" (not "exists: no"), "the email is verified" (not "email
// verified: yes"), "it is not private".
func TestMoreFlagsReadAsFacts(t *testing.T) {
	cases := []struct {
		words string
		yes   bool
		want  string
	}{
		{"exists", false, "it does not exist"},
		{"exists", true, "it exists"},
		{"email verified", true, "the email is verified"},
		{"private", false, "it is not private"},
	}
	for _, c := range cases {
		if got, ok := flagClause(c.words, c.yes); !ok || got != c.want {
			t.Errorf("flagClause(%q, %v) = %q, %v; want %q", c.words, c.yes, got, ok, c.want)
		}
	}
}

// The user's thanks before a follow-up is a sentence a person writes
// ("Thanks, that's clear."), never "Thanks, is clear."
func TestFollowUpThanksAreSentences(t *testing.T) {
	for seed := range uint64(60) {
		for _, reg := range []register{terse, chatty, formal, nonNative} {
			if got := followUp(rand.New(rand.NewPCG(seed, 1)), reg, "count the notes", false); strings.Contains(got, ", is clear") {
				t.Errorf("seed %d: %q", seed, got)
			}
		}
	}
}

// A time the reply gives of nothing the answer names is said as when it
// was so ("it was created on …"), never as a label ("the reply also gives
// the created at: …").
func TestAnUnownedTimeIsSaidAsWhen(t *testing.T) {
	for seed := range uint64(8) {
		got := unquotedSentence(rand.New(rand.NewPCG(seed, 1)), "Unlike this post", result{out: map[string]any{"created_at": "2025-01-02T11:00:00Z"}}, "created_at", "2025-01-02T11:00:00Z")
		if strings.Contains(got, "created at") || !strings.Contains(got, "created on 2025-01-02T11:00:00Z") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// The same leftover value of each result of an iteration is said in one
// sentence ("For the first one, the default is 11.81; in the other
// results it is 34.61 and 64.11."), never one frame three times.
func TestOneFrameForEachIteratedResult(t *testing.T) {
	search := &toolv1.Tool{Id: "t1", Name: "search_shots", Description: "Search screenshot data", InputSchemaJson: `{"type":"object","properties":{"url":{"type":"string"}}}`}
	tools := []*toolv1.Tool{search, search, search}
	args := []string{`{"url":"a"}`, `{"url":"b"}`, `{"url":"c"}`}
	replies := []string{`[{"default":11.81},{"default":96.09}]`, `[{"default":34.61},{"default":85.98}]`, `[{"default":64.11},{"default":12.5}]`}
	for _, got := range answersOf(t, tools, args, replies) {
		if strings.Count(got, "default") > 1 || !strings.Contains(got, "34.61") || !strings.Contains(got, "64.11") {
			t.Errorf("%q", got)
		}
	}
}

// A result told in clauses also opens on what was done without "I"
// ("Pulled up the issue — the status is …"): with the glued "After I …"
// gone, "I pulled up the" otherwise recurs across a run's answers.
func TestClausesAlsoOpenWithoutI(t *testing.T) {
	bare := 0
	for _, got := range oneAnswers(t, "Get a branded food item", `{"food_id":"48081341","name":"Nora Stanley","country":"United States"}`, 60) {
		for _, sentence := range strings.Split(got, ". ") {
			if strings.Contains(sentence, " — the ") && !strings.HasPrefix(sentence, "I ") && !strings.HasPrefix(sentence, "Done") {
				bare++
			}
		}
	}
	if bare == 0 {
		t.Error("no answer opens on what was done without I")
	}
}
