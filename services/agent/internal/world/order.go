package world

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tdscaling/tdscaling/platform/ident"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A listing is in the order its call asks for. withMade (made.go) adds
// what the conversation made after what the generator drew, so a listing
// sorted newest first (getCommunityConversations(order: DESCENDING),
// sort: "-created_at") showed the conversation just created last. When
// the call names an order — a field to sort by (sort_by: created_at,
// sort: "-likes", "name:desc"), a kind of order (RECENT_ACTIVITY,
// ALPHABETICALLY) or only a direction (order: desc), read with the sort
// parameter's default — the listing's items are sorted so: by that field,
// by the items' time of the kind named (newest first for "recent"), or by
// their name; items without the field go last.

// sortSpec is the order a listing's call asks for.
type sortSpec struct {
	field string // a field of the items, or "" with kind
	kind  string // "time", "recent", "name" when the call names a kind of order
	desc  bool
	set   bool // a direction was given
}

// sortParam reports whether parameter k chooses an order: sort, sort_by,
// order, order_by, sortOrder, direction (not order_id or order_type).
func sortParam(k string) bool {
	w := ident.Words(k)
	if len(w) == 0 {
		return false
	}
	for _, x := range w {
		switch x {
		case "sort", "sorting", "direction", "dir", "ordering":
			return true
		}
	}
	return w[len(w)-1] == "order" || len(w) == 2 && w[0] == "order" && w[1] == "by"
}

// direction reads an ascending or descending word ("DESCENDING", "desc").
func direction(s string) (desc, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "asc", "ascending", "up", "a-z", "oldest", "oldest_first":
		return false, true
	case "desc", "descending", "down", "z-a", "newest", "newest_first", "latest":
		return true, true
	}
	return false, false
}

// askedOrder reads the order a call of t with arguments a asks of items
// like first; ok is false when it asks none.
func askedOrder(t *toolset.Tool, a map[string]any, first map[string]any) (sortSpec, bool) {
	var sp sortSpec
	values := map[string]string{}
	for k, v := range a {
		if s, isStr := v.(string); isStr && s != "" {
			values[k] = s
		}
	}
	if !slices.ContainsFunc(slices.Collect(maps.Keys(values)), sortParam) {
		return sp, false
	}
	// An order the call leaves to a parameter's default is that one
	// (order: DESCENDING of a sort that is alphabetical by default).
	if t.Input != nil {
		in := t.Input.Root()
		for k, s := range schemaProps(in, in) {
			if _, given := values[k]; !given && sortParam(k) {
				if d, isStr := schemaOf(in, s)["default"].(string); isStr && d != "" {
					values[k] = d
				}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if !sortParam(k) {
			continue
		}
		s := values[k]
		if d, ok := direction(s); ok {
			sp.desc, sp.set = d, true
			continue
		}
		field, desc, set := splitOrder(s)
		if f := itemField(first, field); f != "" {
			sp.field = f
		} else if kind := orderKind(field); kind != "" {
			sp.kind = kind
		} else {
			continue
		}
		if set {
			sp.desc, sp.set = desc, true
		}
	}
	if sp.field == "" && sp.kind == "" {
		return sp, false
	}
	if sp.kind == "recent" && !sp.set {
		sp.desc = true
	}
	return sp, true
}

// splitOrder splits "-created_at", "name:desc", "date DESC" into the field
// and the direction given with it.
func splitOrder(s string) (field string, desc, set bool) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "-"):
		return s[1:], true, true
	case strings.HasPrefix(s, "+"):
		return s[1:], false, true
	}
	for _, sep := range []string{":", " ", ","} {
		if i := strings.LastIndex(s, sep); i > 0 {
			if d, ok := direction(s[i+1:]); ok {
				return strings.TrimSpace(s[:i]), d, true
			}
		}
	}
	return s, false, false
}

// itemField is the field of item first that name spells (created_at,
// createdAt, CreatedAt), "".
func itemField(first map[string]any, name string) string {
	want := strings.Join(ident.Words(name), "_")
	if want == "" {
		return ""
	}
	for _, k := range slices.Sorted(maps.Keys(first)) {
		if strings.Join(ident.Words(k), "_") == want {
			return k
		}
	}
	return ""
}

// orderKind is the kind of order a word names: by time, most recent
// first, or by name; "" for another (popularity, relevance).
func orderKind(s string) string {
	l := strings.ToLower(s)
	for _, w := range []string{"recent", "latest", "newest", "activity", "modif", "updat", "last"} {
		if strings.Contains(l, w) {
			return "recent"
		}
	}
	for _, w := range []string{"alpha", "name", "title", "lexic"} {
		if strings.Contains(l, w) {
			return "name"
		}
	}
	for _, w := range []string{"date", "time", "creat", "chrono"} {
		if strings.Contains(l, w) {
			return "time"
		}
	}
	return ""
}

// orderField is the field of item first an order of kind sorts by.
func orderField(first map[string]any, kind string) string {
	var prefer []string
	switch kind {
	case "name":
		for _, k := range slices.Sorted(maps.Keys(first)) {
			if w := ident.Words(k); len(w) > 0 && (w[len(w)-1] == "name" || w[len(w)-1] == "title" || w[len(w)-1] == "topic" || w[len(w)-1] == "subject") {
				if _, isStr := first[k].(string); isStr {
					return k
				}
			}
		}
		return ""
	case "recent":
		prefer = []string{"modification", "modified", "updated", "activity", "last", "creation", "created"}
	default:
		prefer = []string{"creation", "created", "date", "time", "timestamp"}
	}
	for _, p := range prefer {
		for _, k := range slices.Sorted(maps.Keys(first)) {
			if w := ident.Words(k); slices.Contains(w, p) && timeLike(first[k]) {
				return k
			}
		}
	}
	return ""
}

// timeLike reports whether a value can be a time: a number or a date text.
func timeLike(v any) bool {
	if _, ok := plan.Number(v); ok {
		return true
	}
	_, ok := asTime(v)
	return ok
}

func asTime(v any) (time.Time, bool) {
	s, isStr := v.(string)
	if !isStr {
		return time.Time{}, false
	}
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// compareValues orders two values of one field: numbers by number, times
// by time, texts by text (letter case aside).
func compareValues(a, b any) int {
	if x, ok := plan.Number(a); ok {
		if y, ok := plan.Number(b); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	if x, ok := asTime(a); ok {
		if y, ok := asTime(b); ok {
			return x.Compare(y)
		}
	}
	return strings.Compare(strings.ToLower(plan.Text(a)), strings.ToLower(plan.Text(b)))
}

// inAskedOrder sorts a listing's items as its call asks, when it asks an
// order the items can be put in.
func inAskedOrder(t *toolset.Tool, a map[string]any, items []any) []any {
	first, _ := firstRecord(items)
	if first == nil {
		return items
	}
	sp, ok := askedOrder(t, a, first)
	if !ok {
		return items
	}
	field := sp.field
	if field == "" {
		field = orderField(first, sp.kind)
	}
	if field == "" {
		return items
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(x, y any) int {
		mx, _ := x.(map[string]any)
		my, _ := y.(map[string]any)
		vx, hx := mx[field]
		vy, hy := my[field]
		switch {
		case !hx || vx == nil:
			if !hy || vy == nil {
				return 0
			}
			return 1
		case !hy || vy == nil:
			return -1
		}
		c := compareValues(vx, vy)
		if sp.desc {
			c = -c
		}
		return c
	})
	return out
}

// firstRecord is the first item of a list that is a record.
func firstRecord(items []any) (map[string]any, int) {
	for i, it := range items {
		if m, ok := it.(map[string]any); ok {
			return m, i
		}
	}
	return nil, -1
}
