package sim_test

import (
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A number that counts things is whole even where the schema says
// "number": a plural noun ("drafts"), an object of counts, a "total" the
// description calls a number of results; money and units keep their
// decimals.
func TestCountsOfThingsAreWhole(t *testing.T) {
	profile := schemaOf(t, `{"type":"object","required":["counts","statistics","total","num_sites","amount","distance_miles","total_completions","total_refunds"],"properties":{
		"counts":{"type":"object","required":["drafts","daily_suggestions","pending","sent"],"properties":{
			"drafts":{"type":"number"},"daily_suggestions":{"type":"number"},"pending":{"type":"number"},"sent":{"type":"number"}}},
		"statistics":{"type":"object","required":["connections"],"properties":{"connections":{"type":"number"}}},
		"total":{"type":"number","description":"total number of results"},
		"num_sites":{"type":"number"},"total_completions":{"type":"number"},"total_refunds":{"type":"number"},
		"amount":{"type":"number","description":"Amount charged"},
		"distance_miles":{"type":"number"}}}`)
	whole := func(x any) bool { f := asFloat(x); return f == float64(int64(f)) }
	decimals := map[string]int{}
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "tally"))
		o := v.Result(profile, map[string]any{}).(map[string]any)
		counts := o["counts"].(map[string]any)
		for _, k := range []string{"drafts", "daily_suggestions", "pending", "sent"} {
			if !whole(counts[k]) {
				t.Errorf("seed %d: counts.%s = %v, not a whole number", seed, k, counts[k])
			}
		}
		stats := o["statistics"].(map[string]any)
		for k, x := range map[string]any{"statistics.connections": stats["connections"], "total": o["total"], "num_sites": o["num_sites"], "total_completions": o["total_completions"]} {
			if !whole(x) {
				t.Errorf("seed %d: %s = %v, not a whole number", seed, k, x)
			}
		}
		for _, k := range []string{"amount", "distance_miles", "total_refunds"} {
			if !whole(o[k]) {
				decimals[k]++
			}
		}
	}
	for _, k := range []string{"amount", "distance_miles", "total_refunds"} {
		if decimals[k] == 0 {
			t.Errorf("%s is always whole: a measure lost its decimals", k)
		}
	}
}
