package wording

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// A search is asked for by what is looked for ("look up Jordan"), never as
// the search's object with a query beside it.
func TestLookForSaysWhatIsLookedFor(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(40) {
		got, ok := LookFor(rand.New(rand.NewPCG(seed, 1)), "track down nodes", "Jordan")
		if !ok || !strings.Contains(got, "Jordan") || strings.Contains(got, "query") {
			t.Fatalf("LookFor = %q, %v", got, ok)
		}
		seen[got] = true
	}
	if len(seen) < 4 {
		t.Fatalf("only %d ways to look something up: %v", len(seen), seen)
	}
	if _, ok := LookFor(rand.New(rand.NewPCG(1, 1)), "delete several relations", "Jordan"); ok {
		t.Fatalf("a deletion was worded as a search")
	}
}

func TestQueriedAndCounted(t *testing.T) {
	for _, c := range []struct {
		param, noun, v string
		want           bool
	}{
		{"query", "query", "person", true},
		{"searchTerm", "search term", "Ana Ruiz", true},
		{"query", "query", "SELECT * FROM users", false},
		{"text", "text", "hello", false},
		{"path", "path", "/home/ana", false},
	} {
		if got := Queried(c.param, c.noun, c.v); got != c.want {
			t.Fatalf("Queried(%q, %q, %q) = %v", c.param, c.noun, c.v, got)
		}
	}
	if got := Counted("If provided, returns only the first N lines of the file", "10"); got != "the first 10 lines of " {
		t.Fatalf("Counted = %q", got)
	}
	if got := Counted("Sort entries by name or size", "name"); got != "" {
		t.Fatalf("Counted = %q", got)
	}
}

func TestReads(t *testing.T) {
	for req, want := range map[string]bool{"list everything": true, "go over the files and folders": true, "move files and folders": false, "get rid of files": false} {
		if Reads(req) != want {
			t.Fatalf("Reads(%q) = %v", req, !want)
		}
	}
}

func TestNoteOnSaysTheRecordAndEveryNote(t *testing.T) {
	if !Noting("log observations on entities") || !Noting("add observations to entities") || Noting("add relations between entities") {
		t.Fatalf("Noting misreads a request")
	}
	got := NoteOn(rand.New(rand.NewPCG(1, 2)), []string{"Chanel Morris", "SpaceCurve"}, [][]any{{"Works as a musician", "Birthday is on September 8"}, {"Uses Slack"}})
	// Every note is in quotes, short ones too: "Uses Slack" and "Works as a
	// musician" are two notes, not one.
	for _, want := range []string{"Chanel Morris", `"Works as a musician"`, `"Birthday is on September 8"`, "SpaceCurve", `"Uses Slack"`} {
		if !strings.Contains(got, want) {
			t.Fatalf("NoteOn = %q lost %q", got, want)
		}
	}
	if strings.Contains(got, "observations") || strings.Contains(got, "contents") {
		t.Fatalf("NoteOn = %q says the parameters", got)
	}
}

func TestNoteOff(t *testing.T) {
	if !Unnoting("delete specific observations from entities") || Unnoting("delete several relations") {
		t.Fatalf("Unnoting misreads a request")
	}
	got := NoteOff(rand.New(rand.NewPCG(1, 2)), []string{"Asia Craig"}, [][]any{{"Speaks Mandarin"}})
	if !strings.Contains(got, "Asia Craig") || !strings.Contains(got, "Speaks Mandarin") || strings.Contains(got, "observations") {
		t.Fatalf("NoteOff = %q", got)
	}
}
