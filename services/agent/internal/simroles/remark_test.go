package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

func TestRemark(t *testing.T) {
	for text, want := range map[string]bool{
		"Request processed successfully.": true,
		"Operation completed.":            true,
		"No further action needed.":       true,
		"The change has been saved.":      true,
		"Done.":                           true,
		"Reminder set for 9:00 tomorrow.": false,
		"Quota exceeded, 3 retries left":  false,
		"":                                false,
	} {
		if got := remark(text); got != want {
			t.Errorf("remark(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestRestates(t *testing.T) {
	for _, tc := range []struct {
		text, purpose string
		want          bool
	}{
		{"Relations deleted successfully.", "delete multiple relations from the knowledge graph", true},
		{"Entities created.", "create multiple new entities in the knowledge graph", true},
		{"Deleted 2 relations.", "delete multiple relations from the knowledge graph", false},
		{"The observations were deleted.", "delete specific observations from entities in the knowledge graph", true},
		{"Relations deleted; 3 entities left without relations.", "delete multiple relations from the knowledge graph", false},
		{"Reminder set for 9:00 tomorrow.", "set a reminder", false},
		{"", "delete a file", false},
	} {
		if got := restates(tc.text, tc.purpose); got != tc.want {
			t.Errorf("restates(%q, %q) = %v, want %v", tc.text, tc.purpose, got, tc.want)
		}
	}
}

func TestBeAgreesWithTheNoun(t *testing.T) {
	for noun, want := range map[string]string{
		"entity types seen": "are", "number of entities": "is", "files found": "are", "balance": "is",
		"status": "is", "rows written": "are", "total (USD)": "is", "word count": "is",
		"lines in the file": "are", "files by extension": "are", "number of files in the folder": "is", "total for the month": "is",
	} {
		if got := be(noun); got != want {
			t.Errorf("be(%q) = %q, want %q", noun, got, want)
		}
	}
}

func TestAcknowledges(t *testing.T) {
	for text, want := range map[string]bool{
		"OK, I removed the relation.": true, "Done — I deleted it.": true, "All set: I created it.": true,
		"Here's the rundown.": true, "Finished — I moved it.": true, "read_graph reports 3 entities.": false,
		"In /home/ana there is 1 folder.": false, "The balance is 435.43 USD.": false,
	} {
		if got := acknowledges(text); got != want {
			t.Errorf("acknowledges(%q) = %v, want %v", text, got, want)
		}
	}
}

// A first message thanks once: "… — thanks." is not followed by "Thanks.",
// "I would appreciate it if you could …" not by "I appreciate your help."
func TestOpeningThanksOnce(t *testing.T) {
	p := &blueprintv1.Persona{Name: "Ana Ruiz", Role: "analyst"}
	for _, reg := range []register{terse, chatty, formal, nonNative} {
		for seed := range uint64(400) {
			got := opening(rand.New(rand.NewPCG(seed, 7)), reg, p, "open /home/ana/notes.md", false)
			n := 0
			for _, s := range strings.FieldsFunc(got, func(r rune) bool { return r == '.' || r == '!' || r == '?' }) {
				if l := strings.ToLower(strings.TrimSpace(s)); strings.Contains(l, "thank") || strings.Contains(l, "appreciate") || l == "ta" {
					n++
				}
			}
			if n > 1 {
				t.Fatalf("register %v, seed %d: %q thanks twice", reg, seed, got)
			}
		}
	}
}
