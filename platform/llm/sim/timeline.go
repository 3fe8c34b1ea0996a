package sim

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// agreeTimeline puts one object's timestamps in the order its life runs:
// a thing is changed, finished or deleted after it is made, never before
// ({"created": "2024-12-22", "modified": "2023-07-10"} was common). A later
// stamp drawn before the earliest one is moved to some days after it, in
// its own layout.
func (v *Values) agreeTimeline(root any, props map[string]any, out map[string]any) {
	type stamp struct {
		key    string
		t      time.Time
		layout string
	}
	var born *stamp
	var later []stamp
	for _, k := range slices.Sorted(maps.Keys(out)) {
		s, _ := jsonschema.Resolve(root, props[k])
		t, layout, ok := stampOf(out[k])
		if !ok || s == nil {
			continue
		}
		n := normalise(k)
		switch {
		case hasAny(n, "created", "created_at", "date_created", "creation", "creation_date", "creation_time", "inserted", "inserted_at", "registered", "date_launched", "launched"):
			if born == nil || t.Before(born.t) {
				born = &stamp{k, t, layout}
			}
		case hasAny(n, "updated", "updated_at", "updated_on", "last_update", "modified_on", "edited", "edited_at", "last_edited", "modified", "modified_at", "modification", "modification_time", "last_modified", "date_last_modified", "changed", "last_updated",
			"deleted", "deleted_at", "finished", "date_finished", "completed", "completed_at", "closed", "closed_at", "ended", "ended_at", "archived_at"):
			later = append(later, stamp{k, t, layout})
		}
	}
	if born == nil {
		return
	}
	for _, l := range later {
		if !l.t.Before(born.t) {
			continue
		}
		moved := born.t.AddDate(0, 0, 1+v.r.IntN(90)).Add(time.Duration(v.r.IntN(8)) * time.Hour)
		s, _ := jsonschema.Resolve(root, props[l.key])
		switch l.layout {
		case epochSeconds:
			out[l.key] = moved.Unix()
		case epochMillis:
			out[l.key] = moved.UnixMilli()
		default:
			if x := moved.Format(l.layout); s == nil || fitsString(s, x) {
				out[l.key] = x
			}
		}
	}
}

// stampLayouts are the layouts generated timestamps are written in.
var stampLayouts = []string{time.RFC3339, "2006-01-02T15:04:05.000Z07:00", "2006-01-02 15:04:05", "2006-01-02"}

// agreeRanges puts the end of each range of one object after its start:
// "EntryDateTo" after "EntryDateFrom", "end_time" after "start_time". An
// end drawn before its start is moved to some hours or days after it.
func (v *Values) agreeRanges(root any, props map[string]any, out map[string]any) {
	byNorm := map[string]string{}
	for k := range out {
		byNorm[normalise(k)] = k
	}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		start, layout, ok := stampOf(out[k])
		if !ok {
			continue
		}
		words := strings.Split(normalise(k), "_")
		for i, w := range words {
			ends, isStart := rangeEnds[w]
			if !isStart {
				continue
			}
			for _, e := range ends {
				other := slices.Clone(words)
				other[i] = e
				ek, has := byNorm[strings.Join(other, "_")]
				if !has {
					continue
				}
				end, elayout, ok := stampOf(out[ek])
				if !ok || elayout != layout || !end.Before(start) {
					continue
				}
				moved := start.Add(time.Duration(1+v.r.IntN(72)) * time.Hour)
				if layout == "2006-01-02" {
					moved = start.AddDate(0, 0, 1+v.r.IntN(14))
				}
				s, _ := jsonschema.Resolve(root, props[ek])
				if x, ok := writeStamp(moved, layout); ok && (s == nil || fitsAny(s, x)) {
					out[ek] = x
				}
			}
		}
	}
}

// rangeEnds are, for each word that starts a range, the words that end it.
// One joins before leaving, checks or logs in before out, is first seen
// before last.
var rangeEnds = map[string][]string{"start": {"end", "finish", "stop"}, "begin": {"end"}, "from": {"to", "until", "till"}, "since": {"until"}, "min": {"max"},
	"join": {"leave", "exit"}, "joined": {"left"}, "in": {"out"}, "login": {"logout"}, "checkin": {"checkout"}, "first": {"last"},
	"earliest": {"latest"}, "oldest": {"newest"}, "opened": {"closed"}}

// writeStamp writes t in a layout stampOf read.
func writeStamp(t time.Time, layout string) (any, bool) {
	switch layout {
	case epochSeconds:
		return t.Unix(), true
	case epochMillis:
		return t.UnixMilli(), true
	}
	return t.Format(layout), true
}

// fitsAny reports whether a value written for a schema meets its string
// constraints (numbers have none a timestamp can miss).
func fitsAny(s map[string]any, x any) bool {
	if str, ok := x.(string); ok {
		return fitsString(s, str)
	}
	return true
}

// The "layouts" of timestamps written as numbers since the Unix epoch.
const (
	epochSeconds = "epoch seconds"
	epochMillis  = "epoch milliseconds"
)

// stampOf reads a generated timestamp: a date or date-time string, or a
// number of seconds or milliseconds since the epoch of a recent year.
func stampOf(x any) (time.Time, string, bool) {
	if s, ok := x.(string); ok {
		return parseStamp(s)
	}
	n, ok := num(x)
	switch {
	case !ok:
		return time.Time{}, "", false
	case n >= 1e9 && n < 2.2e9:
		return time.Unix(int64(n), 0).UTC(), epochSeconds, true
	case n >= 1e12 && n < 2.2e12:
		return time.UnixMilli(int64(n)).UTC(), epochMillis, true
	}
	return time.Time{}, "", false
}

// parseStamp reads a generated date or date-time and the layout it is in.
func parseStamp(s string) (time.Time, string, bool) {
	for _, l := range stampLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, l, true
		}
	}
	return time.Time{}, "", false
}
