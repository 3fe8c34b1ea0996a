package simroles

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A message that only says the action was done, with when or how many
// ("Contact added at 16:15 UTC.", "Deleted 3 relations."), is folded into
// the confirmation ("… at 16:15 UTC"), never read back in brackets after
// it; any other message is a sentence of its own.
func TestAConfirmingMessageIsFoldedIn(t *testing.T) {
	bracketed := regexp.MustCompile(`\([^()]*[.!]\)`)
	for _, c := range []struct{ desc, args, reply, want string }{
		{"Add a contact to the workspace", `{}`, `{"added_status":true,"message":"Contact added at 16:15 UTC.","user_id":"377e0cd1-0640-4b1a-ad8a-0420812ec9e1"}`, "at 16:15 UTC"},
		{"Delete multiple entities from the knowledge graph", `{}`, `{"message":"Entities deleted at 20:00 UTC.","success":true}`, "at 20:00 UTC"},
		{"Delete multiple relations from the knowledge graph", `{}`, `{"message":"Deleted 3 relations.","success":true}`, "Deleted 3 relations."},
		{"Set a reminder", `{}`, `{"message":"Reminder set for 9:00 tomorrow; 3 left.","success":true}`, "Reminder set for 9:00 tomorrow; 3 left."},
	} {
		for i, got := range oneAnswersWith(t, c.desc, c.args, c.reply, 16) {
			if bracketed.MatchString(got) || !strings.Contains(got, c.want) {
				t.Errorf("%s, seed %d: %q", c.desc, i, got)
			}
		}
	}
}

// restatedAt reads when a confirming message says the action was done.
func TestRestatedAt(t *testing.T) {
	if at, ok := restatedAt("Contact added at 16:15 UTC.", "add a contact to the workspace"); !ok || at != " at 16:15 UTC" {
		t.Errorf("restatedAt: %q %v", at, ok)
	}
	if _, ok := restatedAt("Reminder set for 9:00 tomorrow.", "set a reminder"); ok {
		t.Error("restatedAt: a message saying when something will happen restates nothing")
	}
}

// A credential a tool returns is acknowledged, never read back: "a new
// Bearer access token was issued, valid for 3600 seconds", not the token;
// a password a record holds is not what the user asked about. A paging cursor or a
// coin's token symbol is no credential.
func TestSecretsAreAcknowledgedNotRecited(t *testing.T) {
	for _, c := range []struct{ desc, reply, secret, want string }{
		{"Authenticate the user", `{"access_token":"7U6Ezl7Yim0s4mh8yfH7bOKR","expires_in":3600,"scope":"read write","token_type":"Bearer"}`, "7U6Ezl7Yim0s4mh8yfH7bOKR", "Bearer access token"},
		{"Create an API key for the project", `{"apiKey":"Zx81kQm2rT4vW9pL","name":"ci-runner","expires_at":"2026-03-01T10:00:00Z"}`, "Zx81kQm2rT4vW9pL", "valid until 2026-03-01 at 10:00 UTC"},
		{"Get the config of the SAML handler", `{"name":"Stone falcon","keyStorePassword":"91547182","idpUrl":"https://idp.example.com"}`, "password", "Stone falcon"},
		{"Log in", `{"session":{"user":"mcollins","jwt":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}}`, "eyJhbGciOiJIUzI1NiJ9", "mcollins"},
	} {
		for i, got := range oneAnswers(t, c.desc, c.reply, 16) {
			if strings.Contains(got, c.secret) || !strings.Contains(got, c.want) {
				t.Errorf("%s, seed %d: %q", c.desc, i, got)
			}
		}
	}
	for k, v := range map[string]any{"nextPageToken": "VRErC1crlprmYhf16RFp==", "token_symbol": "ETH", "token_type": "Bearer", "changePassword": true, "key": "region"} {
		if secretField(k, v) {
			t.Errorf("secretField(%q, %v) = true", k, v)
		}
	}
}

// A record's parts are said as a person says them: an object that is the
// record told again is the record ("the travel class is …", not "the
// booking history's travel class is …"), what the call sent is not read
// back while there is news, a route is one ("from LAX to JFK", not "the
// travel from is LAX"), a name given in parts is one name, and a thing
// the record points to is told by one field.
func TestNestedRecordsReadNaturally(t *testing.T) {
	for _, c := range []struct {
		desc, args, reply string
		want              []string
		never             *regexp.Regexp
	}{
		{"Book a flight", `{"access_token":"5IqUEBR3KvFdbc3rU1aGl7FX3bM","travel_class":"economy","travel_date":"2026-02-22","travel_from":"MSP","travel_to":"GRU"}`,
			`{"booking_history":{"booking_id":"BOO-88866","travel_class":"premium_economy","travel_cost":916.65,"travel_date":"2026-02-22","travel_from":"MSP","travel_to":"GRU"},"booking_id":"BOO-88866","booking_status":true,"transaction_id":"tra_Nk0o8NjTpAnYey"}`,
			[]string{"premium_economy", "916.65", "BOO-88866"}, regexp.MustCompile(`history.s|travel from|2026-02-22`)},
		{"Retrieve the invoice", `{}`, `{"travel_cost":256.8,"travel_from":"LAX","travel_to":"JFK"}`,
			[]string{"from LAX to JFK"}, regexp.MustCompile(`travel from is|travel to is`)},
		{"Post a reply", `{"comment":"Happy Thursday!"}`, `{"Comment":"Happy Thursday!","Poster":{"FirstName":"Layne","LastName":"Jacobson","PhotoUrl":"https://images.example.com/eye.png","UserID":6805,"UserName":"ksingh"},"ReviewID":"a58fc8e2-130c-41a4-b2e7-0d12d7e9f29b"}`,
			[]string{"Layne Jacobson"}, regexp.MustCompile(`first name|last name|photo URL|(?s)poster.*poster`)},
	} {
		for i, got := range oneAnswersWith(t, c.desc, c.args, c.reply, 16) {
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q lacks %q", c.desc, i, got, w)
				}
			}
			if c.never.MatchString(got) {
				t.Errorf("%s, seed %d: %q says %q", c.desc, i, got, c.never.FindString(got))
			}
		}
	}
}

// An answer that offers more does so on what it told (one of the things
// it listed) rather than in one of four stock lines, and a computed
// answer opens on its figures more often than on a stock phrase
// ("Computed over the results, …").
func TestOffersAndFiguresAreNotStock(t *testing.T) {
	stock := []string{"Anything else?", "What would you like next?", "Let me know if you need more.", "Want me to look into anything else?"}
	offers := 0
	for i, got := range oneAnswers(t, "List the surveys", `{"resources":[{"name":"Speed skating survey"},{"name":"November checklist"},{"name":"Q3 pulse"}]}`, 60) {
		for _, st := range stock {
			if strings.HasSuffix(got, st) {
				t.Errorf("seed %d: %q offers more in a stock line", i, got)
			}
		}
		if strings.HasSuffix(got, "?") || strings.HasSuffix(got, "if you like.") {
			offers++
		}
	}
	if offers == 0 || offers > 25 {
		t.Errorf("%d of 60 answers offer more", offers)
	}
	opened := 0
	for seed := range uint64(60) {
		got := codeSentence(rand.New(rand.NewPCG(seed, 2)), map[string]any{"stdout": `{"total of the travel costs": 1638.5, "lowest travel cost": 203.81}`})
		if !strings.HasPrefix(got, "The total of the travel costs is 1638.5") {
			opened++
		}
	}
	if opened > 30 {
		t.Errorf("%d of 60 computed answers open on a stock phrase", opened)
	}
}

// A record's fields are said as clauses ("the name is Travel broadcast"),
// never dumped as keys and values after "got" or "found" ("got name
// Travel broadcast and broadcast ID 45678"); counts and lists alone read
// as things found, never as a fragment after a clause ("After I looked
// up your account, 3 browsers (…)"). A time a field names by its verb
// ("started": 1735590314) is read as a date.
func TestFieldsAreClausesNotADump(t *testing.T) {
	dump := regexp.MustCompile(`\b(?:got|found|reports|with|back with|from [a-z_]+:) (?:name|status|broadcast ID) [A-Z0-9]`)
	fragment := regexp.MustCompile(`(?:^|\. )(?:After I|I|For|On)[^.]*?(?:, |: | — )\d+ (?:browsers|instances)\b`)
	for i, got := range oneAnswers(t, "Archive voice broadcast", `{"name":"Travel broadcast","broadcast_id":45678,"status":"inactive","started":1735590314}`, 24) {
		if dump.MatchString(got) || strings.Contains(got, "1735590314") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	for i, got := range oneAnswersWith(t, "Get your account", `{"account":"rachel.carr"}`, `{"browsers":[{"name":"Onboarding"},{"name":"Billing"},{"name":"Research"}],"instances":[{"name":"United Kingdom"},{"name":"Ireland"}]}`, 24) {
		if fragment.MatchString(got) {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// The calls of one iteration are told by what was done for each and by
// the value that differs between them, not by every value each was made
// with nor as "The service for each of the 3".
func TestIterationNamesWhatVaries(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"Request screenshots"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "screenshots.post"}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "screenshots.post", Description: "Request thousands of screenshots at once", InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	msg := llm.Message{Role: "assistant"}
	d := &rollout.Realised{}
	for i, id := range []int{18, 5, 16} {
		callID := fmt.Sprintf("call_%d", i)
		msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: callID, Function: llm.FunctionCall{Name: "screenshots.post", Arguments: fmt.Sprintf(`{"height":612,"instance_id":25930,"browser_id":%d}`, id)}})
		d.CallIDs = append(d.CallIDs, callID)
		d.Outputs = append(d.Outputs, map[string]any{"screenshots": []any{map[string]any{"id": float64(30000 + id)}}})
	}
	s := &rollout.State{Plan: pl, Tools: ts, Messages: []llm.Message{msg}, Done: map[string]*rollout.Realised{"c1": d}}
	for seed := range uint64(12) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		if strings.Contains(got, "612") || strings.Contains(got, "The service for each") || !strings.Contains(got, "browser ID 18") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// A result told for the value it was asked about is a sentence: "For
// rachel.carr, I found 3 user tweets (…)", never "For rachel.carr, 3 user
// tweets (…)".
func TestForTheSubjectIsASentence(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"Get the user's tweets"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "get_user_tweets",
		Arguments: []*blueprintv1.ArgumentBinding{{Param: "username", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"rachel.carr"`}}}}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "get_user_tweets", Description: "Get the tweets of a user", InputSchemaJson: `{"type":"object","properties":{"username":{"type":"string"}}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	reply := `{"user_tweets":[{"content":"Happy Tuesday!"},{"content":"Loving the new bathroom accessories."}]}`
	out, _ := plan.Decode(reply)
	s := &rollout.State{Plan: pl, Tools: ts,
		Messages: []llm.Message{{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "call_1", Function: llm.FunctionCall{Name: "get_user_tweets", Arguments: `{"username":"rachel.carr"}`}}}}},
		Done:     map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}, Contents: []string{reply}}}}
	fragment := regexp.MustCompile(`For rachel\.carr, \d`)
	for seed := range uint64(40) {
		if got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content; fragment.MatchString(got) {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// No sentence of an answer opens in lower case on a tool's name
// ("subtract returned -164.01.", "comment failed the first time …"), and
// a field whose name ends in "-eed" (a speed) is a noun ("the current
// speed is 119.8").
func TestNoSentenceOpensOnAToolName(t *testing.T) {
	lower := regexp.MustCompile(`(?:^|[.!?] )do_it\b`)
	for _, reply := range []string{`{"result":-164.01}`, `{"entities":[{"name":"Ana"},{"name":"Bo"},{"name":"Cy"}]}`} {
		for i, got := range oneAnswers(t, "Subtract one number", reply, 24) {
			if lower.MatchString(got) {
				t.Errorf("seed %d: %q", i, got)
			}
		}
	}
	for seed := range uint64(24) {
		if got := retryNote(rand.New(rand.NewPCG(seed, 1)), "do_it", "503 Service Unavailable"); lower.MatchString(got) {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
	if !nounField("current_speed") {
		t.Error("current_speed is a noun")
	}
}

// Two counts among clauses are one clause ("it has 3 image squares and 1
// ingredient"), and a removal's flag saying the thing is gone is not told
// after the removal ("I removed the group. It is deleted.").
func TestOneHasAndNoGoneAfterRemoval(t *testing.T) {
	for i, got := range oneAnswers(t, "Edit a recipe", `{"title":"March plan","image_squares":[{"url":"a"},{"url":"b"},{"url":"c"}],"ingredients":[{"name":"Amber compass"}]}`, 16) {
		if strings.Count(got, "it has") > 1 {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	for i, got := range append(oneAnswers(t, "Remove a group restriction", `{"deleted":true,"id":"246895a5-3c32-4a52-85b2-cf3cfe266abb","restriction_id":"246895a5-3c32-4a52-85b2-cf3cfe266abb"}`, 16), oneAnswers(t, "Remove a stock from the watchlist", `{"status":"removed"}`, 16)...) {
		if strings.Contains(strings.ToLower(got), "is deleted") || strings.Contains(strings.ToLower(got), "is removed") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// An action done is said and left ("I deleted the relation."), not
// wrapped in a stock frame that recurs answer after answer ("The service
// confirmed it: …", "Finished: …", "… as asked.", "… — done.").
func TestSuccessIsSaidWithoutAStockFrame(t *testing.T) {
	plain := 0
	for _, s := range succeeded("deleted the relation", "") {
		for _, frame := range []string{"The service confirmed it", "Finished:", " as asked.", " — done."} {
			if strings.Contains(s, frame) {
				t.Errorf("%q", s)
			}
		}
		if s == "I deleted the relation." || s == "Deleted the relation." || s == "I've deleted the relation." {
			plain++
		}
	}
	if plain < 3 {
		t.Errorf("%d plain ways", plain)
	}
}

// A condition on a record or a list that did not hold is told by what it
// found ("the data came back as not empty", "3 entries"), never by the
// record's JSON.
func TestASkippedConditionDoesNotDumpJSON(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"View a template, and if it has no data, get its permissions"}, Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "get_template"},
		{Id: "c2", ToolName: "get_permissions", Condition: &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: "c1", Path: "$.data"}, Operator: "empty"}}}}
	pl := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "get_template", Description: "View one form template", InputSchemaJson: `{"type":"object","properties":{}}`},
		{Id: "t2", Name: "get_permissions", Description: "Get the permissions of a template", InputSchemaJson: `{"type":"object","properties":{}}`}}, pl)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{"data": map[string]any{"name": "Maintenance template", "is_active": false}}
	s := &rollout.State{Plan: pl, Tools: ts, Done: map[string]*rollout.Realised{"c1": {CallIDs: []string{"call_1"}, Outputs: []any{out}}}, Skipped: map[string]bool{"c2": true}}
	for seed := range uint64(12) {
		if got := skippedSentence(s, rand.New(rand.NewPCG(seed, 1)), pl.Call("c2")); strings.Contains(got, "{") || !strings.Contains(got, "not empty") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// A value that was not found is asked after in several ways, each naming
// the value: three lines for every such question in a run recur.
func TestNotFoundIsAskedInSeveralWays(t *testing.T) {
	task := &blueprintv1.UserValue{ValueJson: `"TAS-78256"`, WithholdUntilAsked: true, Description: "the task ID"}
	bp := &blueprintv1.Blueprint{Intents: []string{"Get a task"}, Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "get_task", Expect: &blueprintv1.ExpectedResult{Fails: true, Cause: blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND, BadValueJson: `"TAS-78526"`}},
		{Id: "c2", ToolName: "get_task", Expect: &blueprintv1.ExpectedResult{CorrectsCallId: "c1"},
			Arguments: []*blueprintv1.ArgumentBinding{{Param: "task_id", Source: &blueprintv1.ArgumentBinding_User{User: task}}}}}}
	pl := plan.New(bp)
	s := &rollout.State{Plan: pl, Done: map[string]*rollout.Realised{"c1": {Failed: true}}}
	seen := map[string]bool{}
	for seed := range uint64(60) {
		_, content, ok := notFoundAsk(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{Missing: []*blueprintv1.ArgumentBinding{pl.Call("c2").GetArguments()[0]}})
		if !ok || !strings.Contains(content, "TAS-78526") {
			t.Fatalf("seed %d: %q", seed, content)
		}
		seen[strings.Join(strings.Fields(content)[:2], " ")] = true
	}
	if len(seen) < 5 {
		t.Errorf("%d ways: %v", len(seen), seen)
	}
}

// A list of credentials is counted, never read out ("1 auth token", not
// "1 auth token (A8RXoG3h…)"), and a name given in parts inside a name
// object is its owner's ("its profile is Jared Owens", not "its
// profile's name is …").
func TestCredentialListsAndNameObjects(t *testing.T) {
	for i, got := range oneAnswers(t, "Insert a new account", `{"auth_tokens":["A8RXoG3h0x2SWUwWGMPBRpFj"],"features":["Offline sync","CSV export"],"sessions":[{"token":"k2PqWz81LmNx04Tr","device":"laptop"}]}`, 16) {
		if strings.Contains(got, "A8RXoG3h0x2SWUwWGMPBRpFj") || strings.Contains(got, "k2PqWz81LmNx04Tr") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	for i, got := range oneAnswers(t, "Edit a team member's profile", `{"profile":{"email":"brando.robbins@ayasdi.com","name":{"given_name":"Jared","surname":"Owens"}},"status":"active"}`, 16) {
		if strings.Contains(got, "name's") || strings.Contains(got, "profile's name") || !strings.Contains(got, "Jared Owens") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A call that failed once and then went through is told in ways that
// open differently, whether the tool is named or not: the same opening in
// both sets ("There was a temporary error …", "I hit an error …") doubles
// it across a run.
func TestRetryNotesOpenDifferently(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(200) {
		for _, s := range []string{retryNote(rand.New(rand.NewPCG(seed, 1)), "do_it", "503 Service Unavailable"), unnamedRecovery(rand.New(rand.NewPCG(seed, 2)), "get a task", "503 Service Unavailable", nil)} {
			seen[strings.Join(strings.Fields(s)[:4], " ")]++
		}
	}
	for o, n := range seen {
		if n > 60 {
			t.Errorf("%q opens %d of 400 notes", o, n)
		}
	}
}

// A password the user gave for a new record is set, not "a new password
// was issued"; and a message that says the action was done, with how
// many, is the confirmation, said once ("Deleted 2 relations."), never
// read back after another ("I deleted both relations. Its reply: …").
func TestChosenSecretsAndBothAreNotRetold(t *testing.T) {
	for i, got := range oneAnswersWith(t, "Create the config of the SAML handler", `{"keyStorePassword":"91547182","name":"Stone falcon"}`, `{"name":"Stone falcon","keyStorePassword":"91547182","handle":"ezequiel.walker"}`, 16) {
		if strings.Contains(got, "new key store password") || strings.Contains(got, "91547182") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	rel := `{"relations":[{"from":"Aubrey Hernandez","relationType":"knows","to":"Emile Williams"},{"from":"Aubrey Hernandez","relationType":"reports_to","to":"Emile Williams"}]}`
	for i, got := range oneAnswersWith(t, "Delete multiple relations from the knowledge graph", rel, `{"message":"Deleted 2 relations.","success":true}`, 24) {
		if strings.Contains(got, "reply") || strings.Contains(got, "confirmed") || strings.Contains(got, "The service added") || strings.Count(strings.ToLower(got), "deleted") > 1 {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// Two actions done in one answer are not both said in one frame ("Just
// deleted the entities. Just deleted the relations."): the second is
// said plainly.
func TestOneFrameOncePerAnswer(t *testing.T) {
	s := stateOf(t, "Delete the entities, the relations and the tags",
		call{"delete_entities", "Delete multiple entities from the knowledge graph", `{}`, `{"success":true}`},
		call{"delete_relations", "Delete multiple relations from the knowledge graph", `{}`, `{"success":true}`},
		call{"delete_tags", "Delete multiple tags from the knowledge graph", `{}`, `{"success":true}`})
	for seed := range uint64(60) {
		got := answer(s, rand.New(rand.NewPCG(seed, 1)), rollout.Action{}).Content
		for _, f := range []string{"Just ", "OK, I ", "All set — ", "Done — ", "I've "} {
			if strings.Count(got, f) > 1 {
				t.Errorf("seed %d: %q opens twice on %q", seed, got, f)
			}
		}
	}
}

// What an action said with "got" brought back is found, not "got back"
// ("I got all blocks and got back 2 blocks").
func TestGotIsNotSaidTwice(t *testing.T) {
	for i, got := range oneAnswers(t, "Get all blocks", `{"blocks":[{"name":"North river"},{"name":"Cedar falcon"}]}`, 300) {
		if strings.Contains(got, "got all blocks and got") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	if gotOrFound("got all blocks") != "found" || gotOrFound("listed the videos") != "got" {
		t.Error("gotOrFound")
	}
}

// The counts of a record among clauses are said in a few forms chosen by
// what they are, not "and it has 1 …" in every answer (the most common
// 4-gram of a run's answers, past the realism bar).
func TestCountClausesVary(t *testing.T) {
	forms := map[string]bool{}
	for _, n := range []string{"1 ingredient (Amber compass)", "3 members (Ana, Bo and Cy)", "2 groups (basic and business)", "1 address (Work)", "4 tags", "1 mapping (Coral lantern)", "2 spaces (zero-support and pricing-team)", "3 block feeds"} {
		c := hasClause([]string{n})
		forms[strings.TrimSuffix(c, n)] = true
	}
	if len(forms) < 3 {
		t.Errorf("%d forms: %v", len(forms), forms)
	}
}

// Another thing's id in a record ("partnerId" in a job the call edited)
// is told only when nothing else is; the record's own ("job_id") is.
func TestForeignIDsComeLast(t *testing.T) {
	for i, got := range oneAnswers(t, "Edit the exclusive convert collection job", `{"job_id":"JOB-20595","name":"public-key-web","partnerId":10295,"status":"inactive"}`, 16) {
		if strings.Contains(got, "10295") || !strings.Contains(got, "JOB-20595") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}
