package sim

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// Settle makes a finished result agree with itself again after steps that
// ran after its generation (a list lengthened to what a plan reads, an
// entity's remembered fields copied in) changed some of its values: in
// every object, a count of the items returned is the number of items, a
// total of all matches is at least that, a remark "Returned 12 of 59
// queues" says so too, the same instant written as a date and as epoch
// seconds is one instant, a thing is updated after it is created, and a
// part never exceeds its whole. doc is changed in place and returned.
func (v *Values) Settle(root, doc any) any {
	v.output++
	defer func() { v.output-- }()
	s, _ := jsonschema.Resolve(root, root)
	v.settle(root, s, doc)
	return doc
}

func (v *Values) settle(root any, s map[string]any, x any) {
	switch d := x.(type) {
	case []any:
		var items map[string]any
		if s != nil {
			items, _ = jsonschema.Resolve(root, s["items"])
		}
		for _, it := range d {
			v.settle(root, items, it)
		}
	case map[string]any:
		var props map[string]any
		if s != nil {
			props, _ = s["properties"].(map[string]any)
		}
		for _, k := range slices.Sorted(maps.Keys(d)) {
			var ps map[string]any
			if props != nil {
				ps, _ = jsonschema.Resolve(root, props[k])
			}
			v.settle(root, ps, d[k])
		}
		v.agreeListCount(root, props, d)
		v.agreeStamps(root, props, d)
		v.agreeTimeline(root, props, d)
		agreeUnfinished(root, s, props, d)
		v.agreeCounts(root, props, d)
		agreeRemark(d)
	}
}

// returnedNames are the names of a count of the items a result returns.
var returnedNames = []string{"count", "returned", "returned_count", "result_count", "results_count", "num_results",
	"item_count", "items_count", "num_items", "number_of_results", "number_of_items", "count_returned"}

// totalNames are the names of a count of all the matches, of which a page
// returns some.
var totalNames = []string{"total", "total_count", "total_results", "total_items", "total_records", "total_hits",
	"total_entries", "total_matches", "count_total", "num_found", "matches", "total_found"}

// onlyList is the key of an object's one list, "" when it has none or
// several (then no count can be told to be of one of them).
func onlyList(out map[string]any) string {
	found := ""
	for k, x := range out {
		if _, ok := x.([]any); !ok {
			continue
		}
		if found != "" {
			return ""
		}
		found = k
	}
	return found
}

// agreeListCount makes the counts beside an object's one list agree with
// it: the number returned is the list's length ("queue_count" for
// "queues" too), a total of all matches is at least what this page holds
// past its offset.
func (v *Values) agreeListCount(root any, props map[string]any, out map[string]any) {
	lk := onlyList(out)
	if lk == "" {
		return
	}
	n := int64(len(out[lk].([]any)))
	v.countsOf(root, props, out, lk, n)
	// {"data": [...], "pagination": {"count": 10, …}}: the page's numbers
	// sit beside the list, in an object of their own.
	for _, k := range slices.Sorted(maps.Keys(out)) {
		inner, isObj := out[k].(map[string]any)
		if !isObj || !pageObjects[normalise(k)] {
			continue
		}
		var ps map[string]any
		if s, _ := jsonschema.Resolve(root, props[k]); s != nil {
			ps, _ = s["properties"].(map[string]any)
		}
		v.countsOf(root, ps, inner, lk, n)
	}
}

// pageObjects are the names of the object that holds a page's numbers.
var pageObjects = map[string]bool{"pagination": true, "paging": true, "page_info": true, "pageinfo": true, "meta": true, "metadata": true, "page": true, "paginator": true, "result_info": true}

// countsOf makes the counts of object out agree with the n items of list
// lk (beside it or beside the object).
func (v *Values) countsOf(root any, props map[string]any, out map[string]any, lk string, n int64) {
	ln := normalise(lk)
	one := ident.Singular(ln)
	offset := int64(0)
	for _, k := range slices.Sorted(maps.Keys(out)) {
		switch normalise(k) {
		case "offset", "skip", "start_index":
			if o, ok := intOf(out[k]); ok && o > 0 {
				offset = o
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		nk := normalise(k)
		c, ok := intOf(out[k])
		if !ok || k == lk {
			continue
		}
		switch {
		case slices.Contains(returnedNames, nk) || nk == ln+"_count" || nk == one+"_count" || nk == "num_"+ln || nk == "number_of_"+ln ||
			nk == "quantity" && countsItems(props[k]):
			if c != n {
				setNumberLike(root, props, out, k, n)
			}
		case slices.Contains(totalNames, nk) || nk == "total_"+ln:
			if c < offset+n {
				setNumberLike(root, props, out, k, offset+n+v.r.Int64N(2*n+3))
			}
		}
	}
}

// countsItems reports whether a "Quantity" beside a list counts its items
// (CloudFront's lists: "The number of cache policies returned"), as its
// description says or, saying nothing, leaves to its place.
func countsItems(p any) bool {
	s, _ := p.(map[string]any)
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	return d == "" || strings.Contains(d, "number of")
}

// remarkCounts are a service's notes that count what it returned.
var (
	returnedOf = regexp.MustCompile(`^Returned (\d+) of (\d+) (.+)\.$`)
	nFound     = regexp.MustCompile(`^(\d+) (.+) found\.$`)
)

// agreeRemark makes a note that counts what a result returned ("Returned
// 12 of 59 queues.") count the object's list and total.
func agreeRemark(out map[string]any) {
	lk := onlyList(out)
	if lk == "" {
		return
	}
	n := len(out[lk].([]any))
	total := -1
	for k, x := range out {
		if slices.Contains(totalNames, normalise(k)) {
			if t, ok := intOf(x); ok && t >= int64(n) {
				total = int(t)
			}
		}
	}
	for k, x := range out {
		s, ok := x.(string)
		if !ok {
			continue
		}
		if m := returnedOf.FindStringSubmatch(s); m != nil {
			all, _ := strconv.Atoi(m[2])
			if total >= 0 {
				all = total
			}
			if all < n {
				all = n
			}
			out[k] = fmt.Sprintf("Returned %d of %d %s.", n, all, m[3])
		} else if m := nFound.FindStringSubmatch(s); m != nil && total < 0 {
			out[k] = fmt.Sprintf("%d %s found.", n, m[2])
		} else if m != nil {
			out[k] = fmt.Sprintf("%d %s found.", total, m[2])
		}
	}
}

// stampSuffixes are the words that say how an instant is written, not
// which instant it is: created_at, created_epoch and createdTimestamp are
// one instant.
var stampSuffixes = []string{"at", "on", "time", "timestamp", "date", "datetime", "ts", "epoch", "unix", "ms", "millis", "iso", "utc", "str", "string", "seconds", "secs"}

// stampStem is the instant a timestamp field names.
func stampStem(k string) string {
	words := strings.Split(normalise(k), "_")
	for len(words) > 1 && slices.Contains(stampSuffixes, words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && (words[0] == "date" || words[0] == "time") {
		words = words[1:]
	}
	return strings.Join(words, "_")
}

// agreeStamps writes one instant that an object gives twice (as a date
// string and as epoch seconds: created_at and created_epoch) the same
// both times: the number is made to say what the string says, which is
// what a reader reads.
func (v *Values) agreeStamps(root any, props map[string]any, out map[string]any) {
	type stamp struct {
		key    string
		t      time.Time
		layout string
	}
	byStem := map[string][]stamp{}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		if t, layout, ok := stampOf(out[k]); ok {
			st := stampStem(k)
			byStem[st] = append(byStem[st], stamp{k, t, layout})
		}
	}
	for _, st := range slices.Sorted(maps.Keys(byStem)) {
		group := byStem[st]
		var text *stamp
		for i, s := range group {
			if s.layout != epochSeconds && s.layout != epochMillis && (text == nil || len(s.layout) > len(text.layout)) {
				text = &group[i] // the most precise text
			}
		}
		if text == nil {
			continue
		}
		for _, s := range group {
			if s.key == text.key || s.layout != epochSeconds && s.layout != epochMillis {
				continue
			}
			d := s.t.Sub(text.t)
			if d < 0 {
				d = -d
			}
			limit := time.Minute
			if text.layout == "2006-01-02" {
				limit = 24 * time.Hour
			}
			if d < limit {
				continue
			}
			x, _ := writeStamp(text.t, s.layout)
			if ps, _ := jsonschema.Resolve(root, props[s.key]); ps == nil || fitsAny(ps, x) {
				if _, isFloat := out[s.key].(float64); isFloat {
					n, _ := num(x)
					x = n
				}
				out[s.key] = x
			}
		}
	}
}
