package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// A call that went through on a retry is told of in many ways: a third of
// a write-heavy set of answers carries such a note, and no one sentence
// may stand for a tenth of them.
func TestRetryNoteVaries(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(300) {
		note := retryNote(rand.New(rand.NewPCG(seed, 2)), "write_file", "503 Service Unavailable")
		if !strings.Contains(note, "write_file") || !strings.Contains(note, "503 Service Unavailable") {
			t.Fatalf("note %q leaves out the tool or the error", note)
		}
		seen[note]++
	}
	if len(seen) < 6 {
		t.Fatalf("only %d ways to tell of a retry: %v", len(seen), seen)
	}
}

// A call through an operation id no person would say is told of by what it
// was for, not by its id ("tags.tagId.groups.count.get first returned an
// error").
func TestUnnamedRecoveryNamesThePurpose(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 2))
		for _, changes := range [][]string{nil, {"33069 instead of 30369"}} {
			note := unnamedRecovery(r, "count the groups associated", "No tag found with tagId 30369", changes)
			if !strings.Contains(note, "No tag found with tagId 30369") || changes == nil && !strings.Contains(note, "count the groups associated") ||
				changes != nil && !strings.Contains(note, "33069 instead of 30369") {
				t.Fatalf("note %q", note)
			}
		}
	}
}

// An answer that tells several results opens in many ways when it opens
// with a lead-in at all: one in four does, and four lead-ins made one of
// them the most repeated phrase of a set of answers.
func TestLeadInsVary(t *testing.T) {
	for _, n := range []int{2, 3} {
		seen := map[string]bool{}
		for seed := range uint64(400) {
			if l := leadIn(rand.New(rand.NewPCG(seed, 3)), n); l != "" {
				seen[l] = true
			}
		}
		if len(seen) < 6 {
			t.Errorf("%d results: only %d lead-ins: %v", n, len(seen), seen)
		}
	}
}
