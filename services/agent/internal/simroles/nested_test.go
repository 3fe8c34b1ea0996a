package simroles

import (
	"regexp"
	"strings"
	"testing"
)

// A field of an object inside the record belongs to that object: its
// namespace's name is said with the namespace ("its namespace is
// leading-prod", "namespace leading-prod"), never as the record's own
// name, and no label is said twice in one sentence.
func TestNestedFieldsAreSaidWithTheirOwner(t *testing.T) {
	cases := []struct{ desc, reply, own, nested string }{
		{"Get an existing connection", `{"headers":[{"name":"government"}],"namespace":{"name":"leading-prod","id":"ns_1"},"parameters":[{"key":"a"},{"key":"b"},{"key":"c"}]}`, "", "leading-prod"},
		{"Get a connection role", `{"role":{"name":"quality-focused-web","namespace":{"name":"client-driven-staging"}}}`, "quality-focused-web", "client-driven-staging"},
		{"Get a question", `{"bucket":{"id":25938,"name":"Stone compass"},"creator":{"company":{"name":"Golden maple"},"email_address":"buford.swift@inrix.co.uk","admin":true},"status":"pending","title":"September roadmap"}`, "September roadmap", "Stone compass"},
	}
	twice := regexp.MustCompile(`\bthe ([a-z]+(?: [a-z]+)?) (?:is|are) `)
	for _, c := range cases {
		for i, got := range oneAnswers(t, c.desc, c.reply, 16) {
			if strings.Contains(got, "name is "+c.nested) || strings.Contains(got, "name "+c.nested) || strings.Contains(got, "title is "+c.nested) {
				t.Errorf("%s, seed %d: %q says a nested name as the record's", c.desc, i, got)
			}
			if c.own != "" && !strings.Contains(got, c.own) {
				t.Errorf("%s, seed %d: %q lacks the record's own %q", c.desc, i, got, c.own)
			}
			for _, sent := range strings.Split(got, ". ") {
				labs := twice.FindAllStringSubmatch(sent, -1)
				seen := map[string]bool{}
				for _, l := range labs {
					if seen[l[1]] {
						t.Errorf("%s, seed %d: %q says %q twice", c.desc, i, got, l[1])
					}
					seen[l[1]] = true
				}
			}
		}
	}
}

// Two records with as many entries say what is equal ("Both have 1
// header"), never "They hold as many".
func TestEqualCountsSayWhatIsEqual(t *testing.T) {
	a := []fact{{key: "headers", value: "1 header (government)", list: true, labels: []string{"government"}}}
	b := []fact{{key: "headers", value: "1 header (plan)", list: true, labels: []string{"plan"}}}
	got := listComparison(a, b, "the first", "the second")
	if strings.Contains(got, "as many") || !strings.Contains(got, "Both have 1 header.") {
		t.Errorf("got %q", got)
	}
	got = listComparison([]fact{{key: "items", value: "3 of 25 entries (IDs 1, 2 and 3)", list: true}}, []fact{{key: "items", value: "3 of 30 entries (IDs 4, 5 and 6)", list: true}}, "A", "B")
	if !strings.Contains(got, "Both have 3 entries.") {
		t.Errorf("got %q", got)
	}
}

// Where a page sits, nested in an envelope of its own
// ("token_pagination": {"previous_page_token": 1}), is not news about
// the record.
func TestNestedPagingIsNotNews(t *testing.T) {
	for i, got := range oneAnswers(t, "List the surveys", `{"resources":[{"name":"Speed skating survey"},{"name":"November checklist"}],"token_pagination":{"previous_page_token":"1","next_page_token":"3"},"meta":{"request_id":"req_1234"}}`, 12) {
		if strings.Contains(got, "page token") || strings.Contains(got, "request ID") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}

// A part's list under a word that says nothing is counted as the part's
// ("3 energies"), and a plural owner takes a bare apostrophe ("the
// energies' units are MeV").
func TestAPartsListAndPluralOwner(t *testing.T) {
	for i, got := range oneAnswers(t, "Get the energy differential intensity of a particle", `{"energies":{"data":[43.9,66.81,13.25],"units":"MeV"},"intensities":{"units":"/cm²/s/sr/MeV"}}`, 12) {
		if strings.Contains(got, "entries") || strings.Contains(got, "energies's") || !strings.Contains(got, "3 energies") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
	if got := ownerWords([]string{"creator", "company"}); got != "creator's company" {
		t.Errorf("ownerWords: %q", got)
	}
}

// A unit told beside the one figure it measures is said with it
// ("40.18 µSv/h"), not as a field of its own ("value 40.18 and units
// µSv/h").
func TestAUnitGoesWithItsFigure(t *testing.T) {
	for i, got := range oneAnswers(t, "Get the ambient dose equivalent rate", `{"units":"µSv/h","value":"40.18"}`, 12) {
		if !strings.Contains(got, "40.18 µSv/h") || strings.Contains(got, "units") {
			t.Errorf("seed %d: %q", i, got)
		}
	}
}
