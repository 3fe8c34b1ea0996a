package sim_test

import (
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A record is changed, finished or deleted after it was made.
func TestTimestampsOfOneRecordRunForward(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["created","modified","deleted","date_finished","created_at"],"properties":{
		"created":{"type":"string","format":"date-time"},"modified":{"type":"string","format":"date-time"},
		"deleted":{"type":"string","format":"date-time"},"date_finished":{"type":"string","format":"date-time"},
		"created_at":{"type":"string","format":"date-time"}}}`)
	for seed := range int64(60) {
		out := sim.NewValues(seedrand.New(seed, "timeline")).Result(schema, map[string]any{}).(map[string]any)
		at := func(k string) time.Time {
			x, err := time.Parse(time.RFC3339, out[k].(string))
			if err != nil {
				t.Fatalf("seed %d: %s = %v", seed, k, out[k])
			}
			return x
		}
		born := at("created")
		if c := at("created_at"); c.Before(born) {
			born = c
		}
		for _, k := range []string{"modified", "deleted", "date_finished"} {
			if at(k).Before(born) {
				t.Errorf("seed %d: %s %s before the record was created %s", seed, k, out[k], born.Format(time.RFC3339))
			}
		}
	}
}
