package planner

import (
	"math/rand/v2"
	"testing"
)

// A cap of one is "just 1 record", not "up to 1 records" nor "up to 1
// record"; a cap of several names the things in the plural.
func TestACapOfOneIsJustOne(t *testing.T) {
	sp := &speaker{r: rand.New(rand.NewPCG(1, 2))}
	for range 10 {
		if got := sp.capPhrase(resultCap{noun: "records", n: "1"}, "look up recipes"); got != "just 1 record" {
			t.Fatalf("a cap of 1: %q", got)
		}
		if got := sp.capPhrase(resultCap{noun: "records", n: "3", skip: "20"}, "look up recipes"); got != "at most 3 records, skipping the first 20" && got != "up to 3 records, skipping the first 20" && got != "no more than 3 records, skipping the first 20" {
			t.Fatalf("a cap of 3: %q", got)
		}
	}
}
