package sim_test

import (
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A field whose schema says date-time holds a date-time even when its
// description spells a plain date ("in the ISO-8601 format YYYY-MM-DD"):
// the schema is what a validator checks. A date field whose description
// spells a date and a time still holds a plain date.
func TestSchemaFormatWinsOverSpelledLayout(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["current_business_day","opened","checked_on"],"properties":{
		"current_business_day":{"description":"Return the current business day of the hotel in the ISO-8601 format \"YYYY-MM-DD\"","format":"date-time","type":"string"},
		"opened":{"description":"When the hotel opened, YYYY-MM-DD","format":"date-time","type":"string"},
		"checked_on":{"description":"Day of the check, as YYYY-MM-DD HH:MM:SS","format":"date","type":"string"}}}`)
	for seed := range int64(10) {
		o := sim.NewValues(seedrand.New(seed, "fmt")).Result(s, map[string]any{}).(map[string]any)
		for _, k := range []string{"current_business_day", "opened"} {
			if _, err := time.Parse(time.RFC3339, o[k].(string)); err != nil {
				t.Errorf("seed %d: %s = %q, not a date-time", seed, k, o[k])
			}
		}
		if _, err := time.Parse("2006-01-02", o["checked_on"].(string)); err != nil {
			t.Errorf("seed %d: checked_on = %q, not a date", seed, o["checked_on"])
		}
	}
}

// A field named for when something was done ("joined_on", "posted_on")
// holds a date, even where the schema leaves it undescribed; "based_on"
// names a thing.
func TestDoneOnFieldsAreDates(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["joined_on","posted_on","based_on"],"properties":{"posted_on":{"type":"string"},"based_on":{"type":"string"}}}`)
	for seed := range int64(10) {
		o := sim.NewValues(seedrand.New(seed, "on")).Result(s, map[string]any{}).(map[string]any)
		for _, k := range []string{"joined_on", "posted_on"} {
			x, _ := o[k].(string)
			_, e1 := time.Parse(time.RFC3339, x)
			_, e2 := time.Parse("2006-01-02", x)
			if e1 != nil && e2 != nil {
				t.Errorf("seed %d: %s = %q, not a date", seed, k, x)
			}
		}
		if x, _ := o["based_on"].(string); len(x) == 10 && x[4] == '-' {
			t.Errorf("seed %d: based_on = %q, a date", seed, x)
		}
	}
}

// One attendee leaves after joining, a thing was last seen after it was
// first seen, a guest checks out after checking in.
func TestLaterEndsOfAPairFollowTheirStart(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["joinTime","leaveTime","first_seen","last_seen","check_in","check_out"],"properties":{
		"joinTime":{"type":"string","format":"date-time"},"leaveTime":{"type":"string","format":"date-time"},
		"first_seen":{"type":"string","format":"date-time"},"last_seen":{"type":"string","format":"date-time"},
		"check_in":{"type":"string","format":"date"},"check_out":{"type":"string","format":"date"}}}`)
	for seed := range int64(20) {
		o := sim.NewValues(seedrand.New(seed, "pairs")).Result(s, map[string]any{}).(map[string]any)
		for _, p := range [][2]string{{"joinTime", "leaveTime"}, {"first_seen", "last_seen"}, {"check_in", "check_out"}} {
			if a, b := o[p[0]].(string), o[p[1]].(string); a > b {
				t.Errorf("seed %d: %s %s after %s %s", seed, p[0], a, p[1], b)
			}
		}
	}
}
