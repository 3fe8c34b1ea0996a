package sim

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// countFamily is one kind of whole and the parts it splits into: items
// processed split into succeeded, failed and skipped; games played into
// wins, draws and losses.
type countFamily struct {
	wholes []string   // words naming the whole
	parts  [][]string // word groups naming the parts; one of each makes the whole
	extra  []string   // further parts that share the whole when present
	narrow []string   // wholes that are themselves part of the others: processed of the total
}

var countFamilies = []countFamily{
	{
		wholes: []string{"total", "processed", "attempted", "requested", "submitted", "count"},
		parts: [][]string{
			{"succeeded", "success", "successes", "successful", "passed", "ok", "accepted", "imported", "delivered"},
			{"failed", "failure", "failures", "fail", "fails", "errors", "error", "errored", "rejected", "bounced"},
		},
		extra:  []string{"skipped", "ignored", "pending", "duplicates", "duplicate", "invalid", "cancelled", "canceled"},
		narrow: []string{"processed", "attempted"},
	},
	{
		wholes: []string{"played", "games", "matches", "gp", "mp"},
		parts:  [][]string{{"wins", "won", "win", "w"}, {"losses", "lost", "loss", "l"}},
		extra:  []string{"draws", "drawn", "draw", "ties", "tied", "tie", "d"},
	},
}

// notCounted are words that make a "total" something other than a count
// of the things its parts count: pages, bytes, money, time.
var notCounted = []string{"page", "pages", "size", "bytes", "amount", "price", "cost", "sum", "value", "duration", "time", "seconds", "ms",
	"limit", "offset", "points", "score", "goals", "balance", "weight", "distance"}

// agreeCounts makes one object's counts agree: a part (failed, skipped,
// wins, totalRepliesFromVideoAuthor) never exceeds its whole (total,
// processed, played, totalReplies), and where the object has every part of
// a whole ({"processed", "succeeded", "failed"}, {"played", "wins",
// "draws", "losses"}) the parts add up to it. Wholes are kept (a count may
// already agree with a list beside it); parts are redrawn within them.
func (v *Values) agreeCounts(root any, props map[string]any, out map[string]any) {
	counts := map[string]int64{}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		s, _ := jsonschema.Resolve(root, props[k])
		if s == nil {
			continue
		}
		if t := jsonschema.TypeOf(s); t != "integer" && t != "number" || successFlag(k, s) && slices.Contains([]string{"success", "ok", "is_success", "is_ok"}, normalise(k)) {
			continue // a "success": 1 flag is not a count
		}
		if n, ok := num(out[k]); ok && n >= 0 && n == float64(int64(n)) && n < 1e9 {
			counts[k] = int64(n)
		}
	}
	v.agreePageNumber(root, props, out)
	if len(counts) < 2 {
		return
	}
	keys := slices.Sorted(maps.Keys(counts))
	for _, f := range countFamilies {
		v.agreeFamily(root, props, out, counts, keys, f)
	}
	v.agreeNarrowed(root, props, out, counts, keys)
	v.agreePage(root, props, out, counts, keys)
}

// agreePageNumber keeps a page number within the pages there are, and
// the flags for a page before and after it true to where it is: page 4
// of 10 has a previous page and a next one.
func (v *Values) agreePageNumber(root any, props map[string]any, out map[string]any) {
	var page, pages string
	for _, k := range slices.Sorted(maps.Keys(out)) {
		switch normalise(k) {
		case "page", "current_page", "page_number", "page_index":
			page = k
		case "page_count", "total_pages", "pages", "last_page", "num_pages", "pages_count":
			pages = k
		}
	}
	cur, ok := intOf(out[page])
	last, ok2 := intOf(out[pages])
	if !ok || !ok2 || last < 1 {
		return
	}
	if cur > last || cur < 1 {
		cur = 1 + v.r.Int64N(last)
		setNumberLike(root, props, out, page, cur)
	}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		if _, isFlag := out[k].(bool); !isFlag {
			continue
		}
		switch normalise(k) {
		case "has_prev_page", "has_previous_page", "has_prev", "has_previous":
			out[k] = cur > 1
		case "has_next_page", "has_next", "has_more", "has_more_pages":
			out[k] = cur < last
		}
	}
}

// intOf reads a whole number written as a number or as digits.
func intOf(x any) (int64, bool) {
	if s, ok := x.(string); ok {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	n, ok := num(x)
	return int64(n), ok && n == float64(int64(n))
}

// setNumberLike writes n as the value it replaces was written: digits
// stay digits.
func setNumberLike(root any, props map[string]any, out map[string]any, k string, n int64) {
	if _, isText := out[k].(string); isText {
		out[k] = strconv.FormatInt(n, 10)
		return
	}
	setCount(root, props, out, k, n)
}

// agreePage keeps a page of a list within the list's total: a page at
// offset 30 holding two items is of a list of at least 32, not of
// "totalCount": 5.
func (v *Values) agreePage(root any, props map[string]any, out map[string]any, counts map[string]int64, keys []string) {
	offset, total := "", ""
	for _, k := range keys {
		switch n := normalise(k); n {
		case "offset", "skip", "start_index":
			offset = k
		case "total", "total_count", "total_results", "total_items", "total_records", "total_size", "count_total":
			total = k
		}
	}
	if offset == "" || total == "" {
		return
	}
	shown := -1
	for _, k := range slices.Sorted(maps.Keys(out)) {
		if l, ok := out[k].([]any); ok && shown < 0 {
			shown = len(l)
		}
	}
	if shown < 0 {
		return // no page here: the total is the list's, the offset the caller's
	}
	if least := counts[offset] + int64(shown); counts[total] < least {
		if !setCount(root, props, out, total, least+v.r.Int64N(3*int64(shown)+5)) {
			setCount(root, props, out, total, least)
		}
	}
}

// agreeWholes keeps a narrow whole (processed) within the broad ones
// (total, count) of its family, and returns the smallest whole.
func (v *Values) agreeWholes(root any, props map[string]any, out map[string]any, counts map[string]int64, wholes []string, f countFamily) (int64, bool) {
	broad, hasBroad := int64(0), false
	for _, k := range wholes {
		if !anyWord(strings.Split(normalise(k), "_"), f.narrow) && (!hasBroad || counts[k] < broad) {
			broad, hasBroad = counts[k], true
		}
	}
	least, has := broad, hasBroad
	for _, k := range wholes {
		if hasBroad && counts[k] > broad {
			n := broad - v.r.Int64N(broad/4+1)
			if setCount(root, props, out, k, n) {
				counts[k] = n
			}
		}
		if !has || counts[k] < least {
			least, has = counts[k], true
		}
	}
	return least, has
}

// agreeFamily fits the parts of one family to the smallest of its wholes.
func (v *Values) agreeFamily(root any, props map[string]any, out map[string]any, counts map[string]int64, keys []string, f countFamily) {
	var wholes []string
	group := map[string]int{} // part → index of its group, len(parts) for an extra
	for _, k := range keys {
		words := strings.Split(normalise(k), "_")
		if hasAny(normalise(k), notCounted...) {
			continue
		}
		if g := partGroup(words, f); g >= 0 {
			group[k] = g
			continue
		}
		if anyWord(words, f.wholes) {
			wholes = append(wholes, k)
		}
	}
	whole, hasWhole := v.agreeWholes(root, props, out, counts, wholes, f)
	if !hasWhole || len(group) == 0 {
		return
	}
	parts := slices.Sorted(maps.Keys(group))
	complete := true
	for g := range f.parts {
		if !slices.ContainsFunc(parts, func(p string) bool { return group[p] == g }) {
			complete = false
		}
	}
	if complete {
		slices.SortStableFunc(parts, func(a, b string) int { return group[a] - group[b] })
		v.splitWhole(root, props, out, parts, whole)
		return
	}
	left := whole // parts of one whole that are not all there still fit in it together
	for _, p := range parts {
		n := counts[p]
		if n > left {
			n = v.r.Int64N(left + 1)
		}
		left -= n
		setCount(root, props, out, p, n)
	}
}

// splitWhole shares a whole among its parts: most to the first (the
// successes, the wins), the rest drawn among the others.
func (v *Values) splitWhole(root any, props map[string]any, out map[string]any, parts []string, whole int64) {
	left := whole
	for i, p := range parts {
		n := left
		switch {
		case i == 0:
			n = left - v.r.Int64N(left/3+1)
		case i < len(parts)-1:
			n = v.r.Int64N(left + 1)
		}
		left -= n
		setCount(root, props, out, p, n)
	}
}

// agreeNarrowed keeps a count narrowed by a phrase (totalRepliesFromVideoAuthor,
// count_with_errors) within the count it narrows (totalReplies, count).
func (v *Values) agreeNarrowed(root any, props map[string]any, out map[string]any, counts map[string]int64, keys []string) {
	for _, w := range keys {
		nw := normalise(w)
		for _, p := range keys {
			np := normalise(p)
			rest, ok := strings.CutPrefix(np, nw+"_")
			if !ok || p == w {
				continue
			}
			first, _, _ := strings.Cut(rest, "_")
			if !slices.Contains([]string{"from", "by", "with", "without", "in", "on", "for", "of"}, first) {
				continue
			}
			if n, _ := num(out[p]); int64(n) > counts[w] {
				setCount(root, props, out, p, v.r.Int64N(counts[w]+1))
			}
		}
	}
}

// partGroup is the group of a family's parts a name belongs to, the number
// of groups for an extra part, or -1.
func partGroup(words []string, f countFamily) int {
	for g, names := range f.parts {
		if anyWord(words, names) {
			return g
		}
	}
	if anyWord(words, f.extra) {
		return len(f.parts)
	}
	return -1
}

func anyWord(words, set []string) bool {
	for _, w := range words {
		if len(w) == 1 && len(words) > 1 {
			continue // "w", "l", "d" name a column alone, not a word in a longer name
		}
		if slices.Contains(set, w) {
			return true
		}
	}
	return false
}

// setCount writes a count the schema's bounds allow, and reports whether
// it did.
func setCount(root any, props map[string]any, out map[string]any, k string, n int64) bool {
	s, _ := jsonschema.Resolve(root, props[k])
	if s != nil && !withinBounds(s, float64(n)) {
		return false
	}
	if _, isFloat := out[k].(float64); isFloat {
		out[k] = float64(n)
		return true
	}
	out[k] = n
	return true
}

// countsThings reports whether a number counts things, so is whole
// whatever the schema's type ("number"): its description says it is the
// number of something ("total number of results"), its name is a count
// ("num_sites", "total_items") or a plural noun ("drafts",
// "daily_suggestions"), or it sits in an object of counts ("counts":
// {"pending": …}). A meaning the name already gives keeps its own range
// unless it is one of decimals (an amount: the "total" of results is no
// sum of money); units ("seconds", "miles") and money measure, they do not
// count.
func countsThings(f field, head string, k kind) bool {
	if tallyHead.MatchString(head) {
		return k == "" || k == kAmount
	}
	if k != "" && k != kAmount {
		return false
	}
	words := strings.Split(f.norm, "_")
	last := words[len(words)-1]
	if measureWords[last] || measureWords[ident.Singular(last)] || moneyWord(ident.Singular(last)) {
		return false
	}
	if k == kAmount || hasAny(f.norm, notCounted...) {
		// "total_completions" counts; "total_price", "total_refunds" are sums.
		return len(words) > 1 && words[0] == "total" && ident.Singular(last) != last && !hasAny(f.norm, notCounted...)
	}
	if len(words) > 1 && (words[0] == "num" || words[0] == "number" || words[0] == "total" || words[0] == "count") {
		return true // "num_sites", "number_of_rooms", "total_drafts"
	}
	if f.parent == "count" || f.parent == "tally" || f.parent == "counter" {
		return true // {"counts": {"pending": 3, "sent": 20}}
	}
	one := ident.Singular(last)
	return one != last && len(last) > 3 && plainWord(last)
}

// moneyWord reports whether a word names money: a number named by its
// plural is a sum ("total_refunds").
func moneyWord(w string) bool {
	for _, r := range numberRules {
		if r.k == kAmount {
			return slices.Contains(r.tokens, w)
		}
	}
	return false
}

// tallyHead is a description that says how many of something there are:
// "total number of results", "the count of open issues", "how many".
var tallyHead = regexp.MustCompile(`^(?:the |a |an )?(?:summary |total |overall |current )?(?:number|count|total) of\b|\bhow many\b`)

// measureWords are plural nouns of units, money and measures: a number
// named by one measures, it does not count.
var measureWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`second millisecond minute hour day week month year ms millis secs mins hrs
	byte kilobyte megabyte gigabyte kb mb gb bit meter metre kilometer kilometre mile foot feet inch yard knot
	degree radian gram kilogram pound ounce lb kg liter litre gallon calorie kcal watt volt amp hertz decibel
	dollar euro cent credit unit point percent percentage ratio rate price amount cost fee tax value total
	score rating weight average mean stat statistic coord coordinate bound limit threshold balance earning
	saving winning sale revenue expense proceed odd length width height size distance speed temperature
	level probability scale factor margin dimension latitude longitude lat lng lon metric measure reading
	time duration interval delay latency elapsed offset coefficient`) {
		measureWords[w] = true
		measureWords[w+"s"] = true
	}
}
