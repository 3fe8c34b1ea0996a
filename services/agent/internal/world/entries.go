package world

import (
	"maps"
	"slices"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A record's entries are what calls put in it. A write on a record named
// by id whose answer holds a list of entries (a keystore's aliases) names
// the entry it adds by a parameter of the entry's field (alias, newAlias):
// the sim generator drew the keystore's aliases without it, and a later
// read of the keystore did not list it either. So the value given is an
// entry of that list in the write's answer and in every later answer
// about the same record (its family and id) that lists such entries, and
// a parameter that removes one (removeAlias) takes it off.

// entryValue is an entry a call added to a record's list (or removed).
type entryValue struct {
	value string
	group int32
	gone  bool
}

// entryKey keys the values added to list lk of a record.
func entryKey(c call, lk string) string {
	return c.family + "\x00" + plan.Text(c.id) + "\x00" + lk
}

// entryField is the field of list lk's items that names an entry (alias
// of aliases), "" when the items are texts themselves, and the word an
// entry is named by; ok is false for a list that holds no entries so
// named.
func entryField(lk string, items []any) (field, word string, ok bool) {
	w := ident.Words(lk)
	if len(w) == 0 {
		return "", "", false
	}
	plural := w[len(w)-1]
	first, _ := firstRecord(items)
	if first == nil {
		one := ident.Singular(plural)
		if one != plural && len(items) > 0 && allStrings(items) {
			return "", one, true
		}
		return "", "", false
	}
	for _, k := range slices.Sorted(maps.Keys(first)) {
		if kw := ident.Words(k); len(kw) == 1 && pluralOf(plural, kw[0]) {
			return k, kw[0], true
		}
	}
	return "", "", false
}

// pluralOf reports whether plural is one's plural (aliases of alias).
func pluralOf(plural, one string) bool {
	return plural != one && (plural == one+"s" || plural == one+"es" || ident.Singular(plural) == one)
}

// entryArgs are the values a call of c gives entries named word (alias):
// added by its parameters alias, newAlias; removed by removeAlias.
func entryArgs(a map[string]any, word string) (added, removed []string) {
	for _, k := range slices.Sorted(maps.Keys(a)) {
		s, isStr := a[k].(string)
		w := ident.Words(k)
		if !isStr || s == "" || len(w) == 0 || w[len(w)-1] != word || secretParam(k) {
			continue
		}
		switch w[0] {
		case "remove", "delete", "old", "current", "previous", "from":
			if removalVerbs[w[0]] {
				removed = append(removed, s)
			}
		default:
			added = append(added, s)
		}
	}
	return added, removed
}

// withEntries puts in the entry lists of output d what calls on the same
// record added, and keeps what this call adds for later answers.
func (w *World) withEntries(t *toolset.Tool, a map[string]any, d, root any, group int32) any {
	o, isObj := d.(map[string]any)
	c := classify(t, a)
	if !isObj || c.id == nil || c.family == "" || c.create && c.idParam == "key" {
		return d
	}
	writes := c.action && !removalVerbs[c.verb]
	lists := map[string]map[string]any{"": o}
	for _, m := range slices.Sorted(maps.Keys(o)) {
		if rec, isRec := o[m].(map[string]any); isRec {
			lists[m] = rec
		}
	}
	props := schemaProps(root, root)
	for _, holder := range slices.Sorted(maps.Keys(lists)) {
		rec := lists[holder]
		inner := props
		if holder != "" {
			inner = schemaProps(root, props[holder])
		}
		// A list the answer leaves out is still the record's: what the
		// call adds to it or takes off is kept.
		for _, lk := range slices.Sorted(maps.Keys(union(rec, inner))) {
			items, isList := rec[lk].([]any)
			_, shown := rec[lk]
			if !shown {
				isList = jsonschema.TypeOf(schemaOf(root, inner[lk])) == "array"
			}
			// Its items' fields: the first's and those the schema gives.
			fields := map[string]any{}
			for k := range schemaProps(root, schemaOf(root, inner[lk])["items"]) {
				fields[k] = nil
			}
			shape := items
			if first, _ := firstRecord(items); first != nil || len(items) == 0 {
				shape = []any{union(first, fields)}
			}
			field, word, ok := entryField(lk, shape)
			if !isList || !ok {
				continue
			}
			held, gone := w.entriesOf(entryKey(c, lk), word, a, writes, group)
			if shown || len(held) > 0 {
				// The record has entries: an answer that left the list
				// out lists them.
				rec[lk] = withEntryValues(items, field, held, gone)
			}
		}
	}
	return o
}

// withEntryValues lists the values held in items (in the shape of the
// first, under field) and none of gone.
func withEntryValues(items []any, field string, held, gone []string) []any {
	value := func(it any) string {
		if m, ok := it.(map[string]any); ok {
			s, _ := m[field].(string)
			return s
		}
		s, _ := it.(string)
		return s
	}
	out := slices.DeleteFunc(slices.Clone(items), func(it any) bool { return slices.Contains(gone, value(it)) })
	first, i := firstRecord(items)
	for _, h := range held {
		if slices.ContainsFunc(out, func(it any) bool { return value(it) == h }) {
			continue
		}
		if field == "" {
			out = append(out, h)
			continue
		}
		rec := map[string]any{field: h}
		if i >= 0 {
			rec = clone(first).(map[string]any)
			rec[field] = h
		}
		out = append(out, rec)
	}
	return out
}

// entriesOf are the entries a record's list holds for a call of group
// (what calls of other turns added and did not take off), with what this
// call adds when it writes, and the entries it takes off; what it adds
// and takes off is kept for later turns.
func (w *World) entriesOf(key, word string, a map[string]any, writes bool, group int32) (held, gone []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.entries[key] {
		// Another call of this turn runs beside this one: its entry is
		// there for later turns.
		if group == 0 || e.group != group {
			held = slices.DeleteFunc(held, func(s string) bool { return s == e.value })
			if !e.gone {
				held = append(held, e.value)
			}
		}
	}
	if !writes {
		return held, nil
	}
	added, removed := entryArgs(a, word)
	held = slices.DeleteFunc(append(held, added...), func(s string) bool { return slices.Contains(removed, s) })
	if w.entries == nil {
		w.entries = map[string][]entryValue{}
	}
	for _, v := range added {
		w.entries[key] = append(w.entries[key], entryValue{value: v, group: group})
	}
	for _, v := range removed {
		w.entries[key] = append(w.entries[key], entryValue{value: v, group: group, gone: true})
	}
	return slices.Compact(held), removed
}
