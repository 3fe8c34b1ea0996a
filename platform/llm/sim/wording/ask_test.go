package wording

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// A request says what the person wants in several words, never the
// description's own: the object stays, the opening varies by kind.
func TestAskVariesAndKeepsTheObject(t *testing.T) {
	for _, c := range []struct {
		purpose, object, never string
		min                    int
	}{
		{"add new observations to existing entities", " entities", "new observations to existing", 4},
		{"read the contents of a file", "a file", "read the contents of", 4},
		{"search for nodes", "nodes", "", 4},
		{"delete several relations", "relations", "", 3},
		{"move files", "files", "", 3},
		{"list the allowed folders", "the allowed folders", "", 3},
	} {
		seen := map[string]bool{}
		for seed := range uint64(60) {
			got := Ask(rand.New(rand.NewPCG(seed, 3)), c.purpose)
			if !strings.Contains(got, c.object) {
				t.Fatalf("Ask(%q) = %q lost the object %q", c.purpose, got, c.object)
			}
			if c.never != "" && strings.Contains(got, c.never) {
				t.Fatalf("Ask(%q) = %q says the description's words", c.purpose, got)
			}
			seen[strings.TrimSuffix(got, c.object)] = true
		}
		if len(seen) < c.min {
			t.Errorf("Ask(%q): only %d openings: %v", c.purpose, len(seen), seen)
		}
	}
	// Something made is not noted down; something written down is.
	for seed := range uint64(60) {
		if got := Ask(rand.New(rand.NewPCG(seed, 3)), "create a new directory"); strings.HasPrefix(got, "note") || strings.HasPrefix(got, "record") {
			t.Fatalf("a directory asked for as %q", got)
		}
	}
	if got := Ask(rand.New(rand.NewPCG(1, 1)), "translate the text"); got != "translate the text" {
		t.Fatalf("Ask changed %q", got)
	}
}

// How a tool answers is not part of what is asked for.
func TestAskDropsTheAnswersManner(t *testing.T) {
	for seed := range uint64(20) {
		if got := Ask(rand.New(rand.NewPCG(seed, 1)), "read the complete contents of a file as text"); !strings.HasSuffix(got, " a file") {
			t.Fatalf("asked as %q", got)
		}
	}
}

// Something noted down is noted on or for a record, added to it.
func TestAskNotesOnARecord(t *testing.T) {
	for seed := range uint64(40) {
		got := Ask(rand.New(rand.NewPCG(seed, 5)), "add new observations to existing entities")
		if strings.Contains(got, " to entities") != strings.HasPrefix(got, "add ") {
			t.Fatalf("asked as %q", got)
		}
	}
}

// The whole of a store is asked for in many words: no one way of saying
// it ("the entire knowledge graph") stands for a fifth of the requests.
func TestAskSaysTheWholeInManyWays(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(400) {
		got := Ask(rand.New(rand.NewPCG(seed, 4)), "read the entire knowledge graph")
		if !strings.HasSuffix(got, "graph") {
			t.Fatalf("Ask = %q lost the object", got)
		}
		ws := strings.Fields(got)
		seen[strings.Join(ws[len(ws)-4:], " ")]++
	}
	for words, n := range seen {
		if n > 400/5 {
			t.Errorf("%q in %d of 400 requests", words, n)
		}
	}
}

// Dropping "existing" keeps the article right: "delete an existing
// permission" is asked as "… a permission", never "an permission".
func TestAskKeepsTheArticleRight(t *testing.T) {
	for seed := range uint64(20) {
		got := Ask(rand.New(rand.NewPCG(seed, 6)), "delete an existing permission")
		if !strings.HasSuffix(got, " a permission") {
			t.Fatalf("Ask = %q", got)
		}
		if got := Ask(rand.New(rand.NewPCG(seed, 6)), "delete a existing order"); !strings.HasSuffix(got, " an order") {
			t.Fatalf("Ask = %q", got)
		}
	}
}

// What is added to a place is added, never "created" or "set up" to it:
// "set up a contact to the workspace" is no English.
func TestAskAddsToAPlace(t *testing.T) {
	for seed := range uint64(40) {
		got := Ask(rand.New(rand.NewPCG(seed, 3)), "add a contact to the workspace")
		if !strings.HasPrefix(got, "add ") {
			t.Fatalf("Ask(add a contact to the workspace) = %q", got)
		}
	}
}
