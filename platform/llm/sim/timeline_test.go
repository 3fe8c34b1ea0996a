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

// A number a description calls a UTC timestamp counts from the epoch, and
// a record's modification time comes after its creation time.
func TestEpochTimestampsRunForward(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["creationTime","modificationTime"],"properties":{
		"creationTime":{"type":"number","format":"int64","description":"UTC timestamp when the conversation was created"},
		"modificationTime":{"type":"number","format":"int64","description":"UTC timestamp when the conversation was modified."}}}`)
	for seed := range int64(40) {
		out := sim.NewValues(seedrand.New(seed, "epochs")).Result(schema, map[string]any{}).(map[string]any)
		c, m := asFloat(out["creationTime"]), asFloat(out["modificationTime"])
		if c < 1.5e9 || m < 1.5e9 {
			t.Fatalf("seed %d: timestamps %v and %v are not times since the epoch", seed, out["creationTime"], out["modificationTime"])
		}
		if m < c {
			t.Errorf("seed %d: modified %.0f before created %.0f", seed, m, c)
		}
	}
}

func asFloat(x any) float64 {
	switch n := x.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

// A range in one record ends after it starts.
func TestRangesEndAfterTheyStart(t *testing.T) {
	schema := schemaOf(t, `{"type":"object","required":["EntryDateFrom","EntryDateTo","StartTimeLocal","EndTimeLocal","start_date","end_date"],"properties":{
		"EntryDateFrom":{"type":"string","format":"date-time"},"EntryDateTo":{"type":"string","format":"date-time"},
		"StartTimeLocal":{"type":"string","format":"date-time"},"EndTimeLocal":{"type":"string","format":"date-time"},
		"start_date":{"type":"string","format":"date"},"end_date":{"type":"string","format":"date"}}}`)
	pairs := [][2]string{{"EntryDateFrom", "EntryDateTo"}, {"StartTimeLocal", "EndTimeLocal"}, {"start_date", "end_date"}}
	for seed := range int64(60) {
		out := sim.NewValues(seedrand.New(seed, "ranges")).Result(schema, map[string]any{}).(map[string]any)
		for _, p := range pairs {
			if a, b := out[p[0]].(string), out[p[1]].(string); b < a {
				t.Errorf("seed %d: %s %s ends before %s %s", seed, p[1], b, p[0], a)
			}
		}
	}
}
