package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// A value the user gave when asked is said with a verb that agrees with its
// noun: "the entities are […]", never "the entities is".
func TestReasoningAgreesWithTheNounOfAnAskedValue(t *testing.T) {
	for _, tc := range []struct{ noun, verb string }{{"entities", "are"}, {"deletions", "are"}, {"path", "is"}, {"status", "is"}} {
		c := &blueprintv1.PlannedCall{ToolName: "create_entities", Arguments: []*blueprintv1.ArgumentBinding{{
			Param: "x",
			Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{
				ValueJson: `"v1"`, Description: tc.noun, WithholdUntilAsked: true,
			}},
		}}}
		made := []madeCall{{planned: c, args: map[string]any{"x": "v1"}}}
		said := false
		for seed := int64(0); seed < 40; seed++ {
			text := sources(nil, rand.New(rand.NewPCG(uint64(seed), 1)), c, made)
			if strings.Contains(text, "told me the "+tc.noun) {
				said = true
				if want := "the " + tc.noun + " " + tc.verb + " v1"; !strings.Contains(text, want) {
					t.Fatalf("%q: want %q", text, want)
				}
			}
		}
		if !said {
			t.Fatalf("no seed of 40 said where the %s came from", tc.noun)
		}
	}
}

// An action that went through is said in many ways that open differently:
// a dataset whose conversations often end in one should not open a tenth
// of its answers with the same words.
func TestSuccessIsSaidInWaysThatOpenDifferently(t *testing.T) {
	openings := map[string]bool{}
	for _, s := range succeeded("deleted the relation", " (Ana Ruiz)") {
		w := strings.Fields(strings.ToLower(s))
		openings[strings.Join(w[:3], " ")] = true
	}
	if len(openings) < 7 {
		t.Fatalf("%d openings: %v", len(openings), openings)
	}
	// At most half say "I deleted …": one phrase in most of them is a
	// formula across a set of answers.
	withI := 0
	for _, s := range succeeded("deleted the relation", "") {
		if strings.Contains(s, "I deleted") {
			withI++
		}
	}
	if 2*withI > len(succeeded("deleted the relation", "")) {
		t.Errorf("%d of the ways say \"I deleted\"", withI)
	}
}
