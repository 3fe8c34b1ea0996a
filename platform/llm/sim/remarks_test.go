package sim_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// chatLine matches the lines people write to each other that the
// synthesiser draws for conversations.
var chatLine = regexp.MustCompile(`^(Thanks \w+, that works|Can we move this|Just finished a|Running 10 minutes|Loving the new|Has anyone tried|Reminder: the|Great to meet everyone|Does anyone have a good|Happy \w+day!|The .* is ready for review|Back from|Please send me the)`)

// TestFreeTextFitsTheField: a free text field outside a conversation says
// what the field is (a service's note on the call, an error, an address
// line, a reading, text about the record), never a chat line; inside one
// it is a person's line.
func TestFreeTextFitsTheField(t *testing.T) {
	cases := []struct {
		tool, desc, schema string
		path               []string
		want               func(string) bool
		what               string
	}{
		{"air_rest_services.get_facilities.get", "Clean Air Act Facility Search",
			`{"type":"object","properties":{"Message":{"type":"string","description":"Field to record messages (typically performance-related) about packet processing"}},"required":["Message"]}`,
			[]string{"Message"}, regexp.MustCompile(`(?i)\b(processed|completed|retrieved)\b.*\d`).MatchString, "a note on the query's processing"},
		{"post-refundFundsTransfer", "Refunds a funds transfer and sends a notification",
			`{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}`,
			[]string{"message"}, regexp.MustCompile(`(?i)(success|was |\bOK\b|completed|refunded)`).MatchString, "the service's note on the refund"},
		{"post-ACCOUNT_CLOSED", "Sent when an account is closed",
			`{"type":"object","properties":{"error":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}},"required":["error"]}`,
			[]string{"error", "message"}, regexp.MustCompile(`(?i)(declined|insufficient|closed|verified|limit|timed out|invalid|not found|failed)`).MatchString, "an error"},
		{"post-refundFundsTransfer", "Refunds a funds transfer",
			`{"type":"object","properties":{"invalidFields":{"type":"object","properties":{"errorDescription":{"type":"string"}},"required":["errorDescription"]}},"required":["invalidFields"]}`,
			[]string{"invalidFields", "errorDescription"}, regexp.MustCompile(`(?i)(declined|insufficient|closed|verified|limit|timed out|invalid|not found|failed)`).MatchString, "an error"},
		{"getLabel", "Get a label of a conversation",
			`{"type":"object","properties":{"value":{"type":"string"}},"required":["value"]}`,
			[]string{"value"}, func(s string) bool { return s != "" }, "a label's value"},
		{"organisations.partyId.addresses.get", "List the addresses of an organisation",
			`{"type":"object","title":"Address","properties":{"line1":{"type":"string"},"line2":{"type":"string"}},"required":["line1","line2"]}`,
			[]string{"line2"}, regexp.MustCompile(`^((Suite|Apt|Floor|Unit|Appartement|Room|lgh) \d+|\dº .+|\d+e étage|Bâtiment [A-C]|\d\. OG|Hinterhaus|Aufgang [AB]|Scala [AB], Interno \d+|huis|\d-hoog)$`).MatchString, "the unit of an address, in its country's words"},
		{"app.api_parma.endpoints.PARMA.ambient_dose", "Ambient dose equivalent rate",
			`{"type":"object","properties":{"value":{"type":"string"}},"required":["value"]}`,
			[]string{"value"}, func(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }, "a reading"},
		{"project_statuses.project_status_id.get", "View project status",
			`{"type":"object","title":"status","properties":{"description":{"type":"string"}},"required":["description"]}`,
			[]string{"description"}, func(s string) bool { return s != "" }, "text about the status"},
	}
	for _, c := range cases {
		var schema any
		if err := json.Unmarshal([]byte(c.schema), &schema); err != nil {
			t.Fatal(err)
		}
		for seed := range int64(20) {
			v := sim.NewValues(seedrand.New(seed, "free text"))
			v.Subject(c.tool, c.desc)
			x := v.For(schema, schema, "")
			for _, k := range c.path {
				x = x.(map[string]any)[k]
			}
			s, _ := x.(string)
			if chatLine.MatchString(s) || !c.want(s) {
				t.Fatalf("%s %v (seed %d) = %q, want %s", c.tool, c.path, seed, s, c.what)
			}
		}
	}
	// What a text reader is given to read is what people write.
	a := sim.NewValues(seedrand.New(2, "free text"))
	a.Subject("AdultContentDetection", "Classify the document as adult or noadult")
	if got, _ := a.For(map[string]any{"type": "string"}, map[string]any{"type": "string"}, "text").(string); !chatLine.MatchString(got) {
		t.Fatalf("AdultContentDetection text = %q, want a line someone wrote", got)
	}
	// The "message" of a send's or a delete's response is the service's
	// note; what a search finds is what people wrote.
	reply := decode(t, `{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}`)
	for _, c := range []struct {
		tool string
		note bool
	}{{"send_message", true}, {"delete_message", true}, {"message_login", true}, {"search_messages", false}} {
		v := sim.NewValues(seedrand.New(3, "free text"))
		v.Subject(c.tool, "")
		got, _ := v.Result(reply, nil).(map[string]any)["message"].(string)
		if chatLine.MatchString(got) == c.note {
			t.Fatalf("%s response message = %q, want a note on the call: %v", c.tool, got, c.note)
		}
	}
	// In a conversation the text is a person's line.
	v := sim.NewValues(seedrand.New(1, "free text"))
	v.Subject("send_message", "Send a message to a contact")
	s := map[string]any{"type": "string"}
	if got, _ := v.For(s, s, "message").(string); !chatLine.MatchString(got) {
		t.Fatalf("send_message message = %q, want a person's line", got)
	}
}

// A service's note counts the things the call named, not a number of its
// own: deleting one relation is never "Deleted 2 relations."
func TestDoneNotesCountWhatTheCallNamed(t *testing.T) {
	var schema any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}`), &schema)
	counted := regexp.MustCompile(`(\d+) relations?\b`)
	for _, n := range []int{1, 3} {
		rels := make([]any, n)
		for i := range rels {
			rels[i] = map[string]any{"from": "Ana Ruiz", "relationType": "works_at", "to": "Acme"}
		}
		seen := false
		for seed := range int64(60) {
			v := sim.NewValues(seedrand.New(seed, "done notes"))
			v.Subject("delete_relations", "Delete multiple relations from the knowledge graph")
			out, _ := v.Result(schema, map[string]any{"relations": rels}).(map[string]any)
			msg, _ := out["message"].(string)
			if m := counted.FindStringSubmatch(msg); m != nil {
				seen = true
				if m[1] != strconv.Itoa(n) {
					t.Fatalf("seed %d: %d relations deleted, the note says %q", seed, n, msg)
				}
			}
		}
		if !seen {
			t.Fatalf("no seed of 60 counted the %d relations deleted", n)
		}
	}
}

// A response's message that mentions a code (an error code, the code of a
// status) is a message, not a program.
func TestMessagesMentioningCodesAreNotPrograms(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["code","message"],"properties":{
		"code":{"type":"integer","description":"Error code"},
		"message":{"type":"string","description":"Message explaining the error code"}}}`)
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "messages"))
		v.Subject("changePassword", "Change the password of an account")
		out := v.Result(schema, map[string]any{}).(map[string]any)
		if m, _ := out["message"].(string); strings.Contains(m, "print(") {
			t.Fatalf("seed %d: message is a program: %q", seed, m)
		}
	}
}
