package sim_test

import (
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A number named for when something happened ("due_at", "createDate",
// "lastContentCreationTime") is a time since the epoch, not a small count;
// a duration ("response_time") is not one.
func TestNumbersNamedForWhenAreEpochTimes(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["lastContentCreationTime","createDate","due_at","response_time"],"properties":{
		"lastContentCreationTime":{"format":"int64","type":"number"},
		"createDate":{"description":"Date that message was received by system.","format":"int64","type":"integer"},
		"due_at":{"type":"number"},"response_time":{"type":"number"}}}`)
	for seed := range int64(10) {
		o := sim.NewValues(seedrand.New(seed, "when")).Result(s, map[string]any{}).(map[string]any)
		for _, k := range []string{"lastContentCreationTime", "createDate", "due_at"} {
			if x := asFloat(o[k]); x < 1e9 || x != float64(int64(x)) {
				t.Errorf("seed %d: %s = %v, not a time since the epoch", seed, k, o[k])
			}
		}
		if x := asFloat(o["response_time"]); x >= 1e9 {
			t.Errorf("seed %d: response_time = %v, a date for a duration", seed, x)
		}
	}
}
