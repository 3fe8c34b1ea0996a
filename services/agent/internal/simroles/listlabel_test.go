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
			[]string{"3 entries (IDs 16379 and 78566 among others)"}, []string{"in_queue", "The result is", "comes to"}},
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
