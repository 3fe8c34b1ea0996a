package simroles

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
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
