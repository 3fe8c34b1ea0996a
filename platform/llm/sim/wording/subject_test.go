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

// Things listed by name take the place of the request's object, and
// relations are said as what they say.
func TestNameThingsAndRelate(t *testing.T) {
	for _, c := range [][3]string{
		{"add entities", "Laura Nguyen (a person) and Acme (an organization)", "add Laura Nguyen (a person) and Acme (an organization)"},
		{"look at specific nodes", "Project Redwood", "look at Project Redwood"},
		{"get rid of a few entities and their associated relations", "Camilla Harrison", "get rid of Camilla Harrison and their associated relations"},
		{"set up entities in memory", "Acme", "set up Acme in memory"},
	} {
		if got, ok := NameThings(c[0], []string{c[1]}); !ok || got != c[2] {
			t.Errorf("NameThings(%q) = %q, %v, want %q", c[0], got, ok, c[2])
		}
	}
	for _, request := range []string{"read a file", "check what's in the entire knowledge graph", "summarise"} {
		if got, ok := NameThings(request, []string{"Acme"}); ok {
			t.Errorf("NameThings(%q) = %q: no plural object to name", request, got)
		}
	}
	rels := []string{"Ana Ruiz works at Acme", "Ana Ruiz knows Li Wei"}
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 1))
		made, ok := Relate(r, "add relations between entities", rels)
		if !ok || strings.Contains(made, "relations") || !strings.HasSuffix(made, "that Ana Ruiz works at Acme and that Ana Ruiz knows Li Wei") {
			t.Fatalf("Relate(add) = %q, %v", made, ok)
		}
		gone, ok := Relate(r, "get rid of a few relations", rels[:1])
		if !ok || strings.Contains(gone, "relations") || !strings.HasSuffix(gone, "that Ana Ruiz works at Acme") || strings.HasPrefix(gone, "record") {
			t.Fatalf("Relate(delete) = %q, %v", gone, ok)
		}
	}
	if got, ok := Relate(rand.New(rand.NewPCG(1, 1)), "look up relations", rels); ok {
		t.Errorf("Relate(look up) = %q: a lookup neither makes nor removes", got)
	}
}

// A search is asked for by what is looked for, never the store's word for
// its records ("find nodes for Jordan"); with that said later, as a search.
func TestLookForSaysNoStoreJargon(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 5))
		got, ok := LookFor(r, "find nodes", "Jordan")
		if !ok || strings.Contains(got, "nodes") || !strings.Contains(got, "Jordan") {
			t.Fatalf("LookFor = %q, %v", got, ok)
		}
		unsaid, ok := LookForUnsaid(r, "dig up nodes in memory based on a query")
		if !ok || strings.Contains(unsaid, "nodes") || !strings.HasSuffix(unsaid, " in memory") {
			t.Fatalf("LookForUnsaid = %q, %v", unsaid, ok)
		}
	}
	if got, ok := LookForUnsaid(rand.New(rand.NewPCG(1, 5)), "find files"); ok {
		t.Errorf("LookForUnsaid(find files) = %q: files are what a person looks for", got)
	}
	kept := 0
	for seed := range uint64(40) {
		if got, _ := LookFor(rand.New(rand.NewPCG(seed, 5)), "find files", "budget"); strings.Contains(got, "files") {
			kept++
		}
	}
	if kept == 0 {
		t.Errorf("LookFor never says files, a thing a person looks for")
	}
}

// Reading is asked for in many openings, none the usual one by far.
func TestAskReadsInManyWays(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(600) {
		got := Ask(rand.New(rand.NewPCG(seed, 9)), "read the contents of a file")
		seen[strings.TrimSuffix(got, "a file")]++
	}
	if len(seen) < 10 {
		t.Errorf("only %d openings: %v", len(seen), seen)
	}
	for open, n := range seen {
		if n > 600/8 {
			t.Errorf("%q opens %d of 600", open, n)
		}
	}
}

// A move is said from where to where.
func TestMoveTo(t *testing.T) {
	if Ends("source") != -1 || Ends("destination") != 1 || Ends("old_path") != -1 || Ends("newPath") != 1 || Ends("path") != 0 || Ends("content") != 0 {
		t.Fatalf("Ends misreads a parameter")
	}
	if Ends("unit_in") != -1 || Ends("unit_out") != 1 || Ends("from_currency") != -1 || Ends("toCurrency") != 1 || Ends("in") != 0 || Ends("check") != 0 {
		t.Fatalf("Ends misreads a conversion's parameter")
	}
	got, ok := MoveTo("relocate files and folders", "/home/ana/a.txt", "/home/ana/old/a.txt")
	if !ok || got != "relocate /home/ana/a.txt to /home/ana/old/a.txt" {
		t.Fatalf("MoveTo = %q, %v", got, ok)
	}
	// Another name in the same folder is a rename.
	got, ok = MoveTo("relocate files and folders", "/home/ana/plan_wip.txt", "/home/ana/plan.txt")
	if !ok || got != "rename /home/ana/plan_wip.txt to /home/ana/plan.txt" {
		t.Fatalf("MoveTo = %q, %v", got, ok)
	}
	if got, ok := MoveTo("delete files", "/a", "/b"); ok {
		t.Fatalf("MoveTo(delete) = %q: not a move", got)
	}
}

// The one thing a request acts on is said by the kind its path is, never
// as the choice the specification offers.
func TestOneKind(t *testing.T) {
	for _, c := range []struct{ request, path, want string }{
		{"check metadata about a file or folder", "/home/ana/a.txt", "check metadata about a file"},
		{"check metadata about a file or folder", "/home/ana/docs", "check metadata about a folder"},
		{"pull up metadata about a file or directory", "/home/ana/docs", "pull up metadata about a directory"},
		{"relocate files and folders", "/home/ana/a.txt", "relocate a file"},
		{"relocate files and folders", "/home/ana/docs", "relocate files and folders"},
		{"list all files and directories", "/home/ana/a.txt", "list all files and directories"},
		{"open a file", "/home/ana/a.txt", "open a file"},
	} {
		if got := OneKind(c.request, c.path); got != c.want {
			t.Errorf("OneKind(%q, %q) = %q, want %q", c.request, c.path, got, c.want)
		}
	}
}
