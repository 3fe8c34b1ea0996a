package simroles

import (
	"strings"
	"testing"
)

// The entries of a list are named by their most telling field, the same
// for each: messages by their text, not by the receiver's id; batches
// without a name by their ids, said to be ids, never one by its id and the
// next by its state ("16379, 78566 and in_queue"). A list is what came
// back, not what the result "is".
func TestListEntriesNamedByTheirMostTellingField(t *testing.T) {
	cases := []struct {
		desc, reply string
		want        []string
		not         []string
	}{
		{"Search for messages containing the keyword", `{"results":[{"message":"Back from Irvine, the trip was great.","receiver_id":"REC-43307"},{"message":"Please send me the q2 checklist.","receiver_id":"REC-15047"}]}`,
			[]string{`2 results ("Back from Irvine, the trip was great." and "Please send me the q2 checklist.")`}, []string{"REC-43307"}},
		{"Host screenshots", `[{"id":16379,"status":"ok","url":"https://a.example/x"},{"id":78566,"status":"in_queue","url":"https://b.example/y"},{"status":"in_queue","url":"https://c.example/z"}]`,
			[]string{"3 host screenshots (IDs 16379 and 78566 among others)"}, []string{"in_queue", "The result is", "comes to", "entries"}},
		// Entries without a name are named by a text a person reads (an
		// email, a description), never by a UUID, and counted as what the
		// purpose says they are.
		{"List the vendor materials", `{"data":[{"id":"a498596d-450a-4cdd-a753-d9c4209f4c5a","barcode":"safety","description":"Material shared with Johnathan from CARFAX."},{"id":"c2ce7e3d-5a01-4dad-846d-107cf537304b","barcode":"safety","description":"Material covering the q1 plan and next steps for the whole team."}]}`,
			[]string{`2 vendor materials ("Material shared with Johnathan from CARFAX." and "Material covering the q1 plan and next…")`}, []string{"a498596d", "entries"}},
		{"Find batches in a call broadcast", `{"items":[{"id":55858,"status":"queued"},{"id":55858,"status":"done"},{"id":55858,"status":"queued"}],"total":25}`,
			[]string{"3 of 25 batches"}, []string{"IDs 55858"}},
		{"List the sessions", `[{"id":"f1d2d2f9-24a1-4b1c-9a3b-3e1f2c4d5e6f","started":"2025-01-02T10:00:00Z"},{"id":"0b8f3c2a-7d4e-4f5a-8b6c-9d0e1f2a3b4c","started":"2025-01-03T10:00:00Z"}]`,
			[]string{"2 sessions"}, []string{"f1d2d2f9", "entries"}},
	}
	for _, c := range cases {
		for i, got := range oneAnswers(t, c.desc, c.reply, 12) {
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q lacks %q", c.desc, i, got, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q reads %q", c.desc, i, got, w)
				}
			}
		}
	}
}

// What a purpose acts on names the entries of a list its field does not
// ("1 of 22 contacts", "1 session"), and only a plural noun does.
func TestEntriesNamedByThePurpose(t *testing.T) {
	for _, c := range []struct{ purpose, value, want string }{
		{"find contacts in a list", "1 of 22 entries (Angus)", "1 of 22 contacts (Angus)"},
		{"list the sessions", "1 entry (Morning sync)", "1 session (Morning sync)"},
		{"get delivery reports by ad hoc criteria", "3 entries (A, B and C)", "3 delivery reports (A, B and C)"},
		{"get the compact representation of all", "3 entries (A, B and C)", "3 entries (A, B and C)"},
		{"request thousands of screenshots at once", "2 entries", "2 entries"},
	} {
		got := entriesNamed([]fact{{value: c.value, list: true}}, c.purpose)[0].value
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.purpose, got, c.want)
		}
	}
}

// An id that names another thing (the parent a reply belongs to) does not
// label the entries; one named for them does.
func TestListEntriesNotNamedByAnotherThingsID(t *testing.T) {
	got := listFact("replies", []any{map[string]any{"parentTopicId": "TOP-10457"}, map[string]any{"parentTopicId": "TOP-37790"}}).value
	if strings.Contains(got, "TOP-") || got != "2 replies" {
		t.Errorf("got %q", got)
	}
	got = listFact("evaluation_data", []any{map[string]any{"evaluation_id": "EVA-101", "status": "queued"}, map[string]any{"evaluation_id": "EVA-202", "status": "done"}}).value
	if !strings.Contains(got, "EVA-101") {
		t.Errorf("got %q", got)
	}
}
