package world

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A backend's later reads show what its earlier writes did. The sim
// generator draws every read afresh, so the world keeps the writes that
// act on things a tool lists — items passed in a list argument — and
// applies them to each later output:
//
//   - a created item exists: a read of everything (read_graph) or a search
//     it matches lists it, and a listed item of its name has its fields;
//   - a deleted item is gone, and so are the links (relations) that name it;
//   - values added to or deleted from an item's list (observations of an
//     entity) are there or gone when the item is listed again.
//
// Writes are kept per family (entity, relation), in the entities store's
// order: a call sees the writes of earlier turns only.

// Change kinds of an entityWrite in the changes store.
const (
	changeSet = iota // fields set: the item exists with them
	changeGone
	changeAdd // values added to a list field
	changeCut // values removed from a list field
)

// removalVerbs are the verbs of a tool that deletes what it is given.
var removalVerbs = set_("delete", "remove", "erase", "destroy", "purge", "drop", "unlink", "rm", "del")

// writeKind says whether a call creates or deletes what its list
// arguments hold: "create", "delete" or "".
func writeKind(t *toolset.Tool) string {
	for _, w := range ident.Words(t.Name) {
		switch {
		case removalVerbs[w]:
			return "delete"
		case createVerbs[w] && w != "open":
			// open_nodes opens what exists; it creates nothing.
			return "create"
		case readVerbs[w] || updateVerbs[w] || stateVerbs[w] != nil || otherActions[w]:
			return ""
		}
	}
	return ""
}

// recordChanges keeps what a successful write call did to the items its
// list arguments name; it reports whether the call wrote any.
func (w *World) recordChanges(t *toolset.Tool, a map[string]any, group int32, order string) bool {
	kind := writeKind(t)
	if kind == "" || a == nil {
		return false
	}
	noun := classify(t, a).noun
	wrote := false
	put := func(family, key string, ch entityWrite) {
		ch.group, ch.order = group, order
		w.changes.write(family, key, ch)
		wrote = true
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		list, ok := a[k].([]any)
		if !ok {
			continue
		}
		for _, e := range list {
			switch x := e.(type) {
			case string:
				// delete_entities(entityNames): the named items go.
				if kind == "delete" {
					put(namesFamily(k, noun), x, entityWrite{kind: changeGone})
				}
			case map[string]any:
				recordItem(kind, k, noun, x, put)
			}
		}
	}
	return wrote
}

// recordItem keeps the change one element of a write's list argument k
// makes: to the item it is (create_entities, delete_relations), or to the
// list of another item it names (add_observations(entityName, contents)).
func recordItem(kind, k, noun string, x map[string]any, put func(family, key string, ch entityWrite)) {
	if family, name, ok := namesOther(x); ok {
		if lk := lonelyList(x); lk != "" {
			field := lk
			if ident.Singular(lastWord(k)) == noun && ident.Singular(lastWord(lk)) != noun {
				// add_observations(observations: [{entityName, contents}]):
				// the contents are the entity's observations.
				field = k
			}
			ch := entityWrite{kind: changeAdd, field: field, values: x[lk].([]any)}
			if kind == "delete" {
				ch.kind = changeCut
			}
			put(family, name, ch)
		}
		return
	}
	// Only a list named for what it holds (entities, relations) is a list
	// of things created or deleted: the items of create_order(items: …) are
	// the order's lines, not orders.
	family := listFamily(k, "")
	if family == "" {
		return
	}
	for _, key := range itemKeys(family, x) {
		if kind == "delete" {
			put(family, key, entityWrite{kind: changeGone})
		} else {
			put(family, key, entityWrite{kind: changeSet, fields: x})
		}
	}
}

// namesFamily is the family of the items a list of names or ids stands
// for: entityNames → entity; bare names → the tool's noun.
func namesFamily(k, noun string) string {
	w := ident.Words(k)
	if n := len(w); n > 1 && (w[n-1] == "names" || w[n-1] == "ids" || w[n-1] == "keys") {
		return ident.Singular(strings.Join(w[:n-1], "_"))
	}
	if fam := listFamily(k, noun); fam != "" && fam != "name" {
		return fam
	}
	return noun
}

// namesOther reports the item an element refers to when it names another
// item rather than being one: {entityName: A, …} refers to entity A.
func namesOther(x map[string]any) (family, name string, ok bool) {
	if x["name"] != nil || x["id"] != nil {
		return "", "", false
	}
	for _, f := range slices.Sorted(maps.Keys(x)) {
		s, isStr := x[f].(string)
		w := ident.Words(f)
		if !isStr || len(w) < 2 || w[len(w)-1] != "name" && w[len(w)-1] != "id" {
			continue
		}
		return ident.Singular(strings.Join(w[:len(w)-1], "_")), s, true
	}
	return "", "", false
}

// itemKeys are the keys an item of a family is known by: its id and its
// name; an item that has neither (a relation) is known by all it says.
func itemKeys(family string, m map[string]any) []string {
	var keys []string
	for _, k := range append(idFields(family), "name") {
		switch v := m[k].(type) {
		case string, json.Number, bool:
			keys = append(keys, plan.Text(v))
		}
	}
	if len(keys) == 0 {
		keys = []string{plan.Canonical(m)}
	}
	return keys
}

// itemView is list item m of family as the writes of earlier turns left
// it; false when one deleted it or a thing it links (gone).
func (w *World) itemView(family string, m map[string]any, gone map[string]bool, group int32) (map[string]any, bool) {
	ks := itemKeys(family, m)
	v, alive := w.changes.view(family, ks, group, m)
	return v, alive && !linksGone(m, ks, gone)
}

// deadItem reports whether an item of an output's list the writes of
// earlier turns deleted (or that links a thing they deleted).
func (w *World) deadItem(t *toolset.Tool, a map[string]any, group int32) func(list string, m map[string]any) bool {
	noun := classify(t, a).noun
	gone := w.changes.goneNames(group)
	return func(list string, m map[string]any) bool {
		family := listFamily(list, noun)
		if family == "" {
			return false
		}
		_, alive := w.itemView(family, m, gone, group)
		return !alive
	}
}

// applyChanges makes the lists of a read's output o agree with the writes
// of earlier turns: deleted items and the links that name them are
// dropped, known items carry what was written to them, and a read of
// everything or a search lists the created items it would find.
func (w *World) applyChanges(t *toolset.Tool, a map[string]any, o map[string]any, group int32) map[string]any {
	noun := classify(t, a).noun
	gone := w.changes.goneNames(group)
	base := graphBase(o, w.seed)
	lists := map[string][]any{}
	shown := map[string]bool{}
	changed := map[string]bool{}
	var keys []string
	for _, lk := range slices.Sorted(maps.Keys(o)) {
		items, ok := o[lk].([]any)
		if !ok || listFamily(lk, noun) == "" {
			continue
		}
		family := listFamily(lk, noun)
		keys = append(keys, lk)
		kept := []any{}
		for _, it := range items {
			m, isMap := it.(map[string]any)
			if !isMap {
				kept = append(kept, it)
				continue
			}
			v, alive := w.itemView(family, m, gone, group)
			if !alive {
				changed[lk] = true
				continue
			}
			if plan.Canonical(v) != plan.Canonical(m) {
				changed[lk] = true
			}
			for _, k := range itemKeys(family, m) {
				shown[k] = true
			}
			kept = append(kept, v)
		}
		lists[lk] = kept
	}
	if wouldList(t, a) {
		q := searchTerm(a)
		// Things first, then links: a search lists a link only between
		// two things it found, as memory servers filter them.
		for _, links := range []bool{false, true} {
			for _, lk := range keys {
				for _, c := range w.changes.created(listFamily(lk, noun), group, base) {
					_, _, isLink := linkEnds(c.fields)
					if isLink != links || shown[c.key] || linksGone(c.fields, []string{c.key}, gone) || !matches(c.fields, q) {
						continue
					}
					if isLink && q != "" && !endsShown(c.fields, shown) {
						continue
					}
					lists[lk] = append(lists[lk], c.fields)
					shown[c.key] = true
					changed[lk] = true
				}
			}
		}
	}
	for lk := range changed {
		o[lk] = lists[lk]
	}
	return o
}

// endsShown reports whether both ends of a link are things already listed.
func endsShown(m map[string]any, shown map[string]bool) bool {
	f, t, _ := linkEnds(m)
	from, _ := m[f].(string)
	to, _ := m[t].(string)
	return shown[from] && shown[to]
}

// wouldList reports whether a read lists every item of what it reads that
// it finds: a read of everything (no arguments but paging), or a search.
func wouldList(t *toolset.Tool, a map[string]any) bool {
	if searches(t.Name) {
		return searchTerm(a) != ""
	}
	c := classify(t, a)
	if !c.read {
		return false
	}
	for k := range a {
		switch strings.ToLower(k) {
		case "limit", "offset", "page", "cursor", "page_size", "pagesize", "per_page", "sort", "order":
		default:
			return false
		}
	}
	return true
}

// matches reports whether an item is found by a search for q (anything,
// when q is ""): a value of it contains q.
func matches(m map[string]any, q string) bool {
	if q == "" {
		return true
	}
	return strings.Contains(strings.ToLower(plan.Canonical(m)), strings.ToLower(q))
}

// linksGone reports whether an item that is a link (known only by what it
// says) names an item that was deleted: a relation from or to a deleted
// entity goes with it.
func linksGone(m map[string]any, keys []string, gone map[string]bool) bool {
	if len(keys) != 1 || keys[0] != plan.Canonical(m) {
		return false
	}
	for _, v := range m {
		if s, ok := v.(string); ok && gone[s] {
			return true
		}
	}
	return false
}

// write adds a change to an item.
func (e *entities) write(family, key string, ch entityWrite) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.writes == nil {
		e.writes = map[string][]entityWrite{}
	}
	e.seq++
	ch.seq = e.seq
	if ch.fields != nil {
		ch.fields = clone(ch.fields).(map[string]any)
	}
	k := entityKey(family, key)
	e.writes[k] = append(e.writes[k], ch)
}

// view is item m (known by keys) as the changes a call of group sees left
// it; alive is false when it was deleted.
func (e *entities) view(family string, keys []string, group int32, m map[string]any) (map[string]any, bool) {
	var ws []entityWrite
	for _, k := range keys {
		ws = append(ws, e.visible(family, k, group)...)
	}
	slices.SortStableFunc(ws, func(a, b entityWrite) int { return a.seq - b.seq })
	out, alive := clone(m).(map[string]any), true
	for _, w := range ws {
		alive = applyChange(out, w, alive)
	}
	return out, alive
}

// applyChange applies one change to an item and reports whether it exists
// after it.
func applyChange(out map[string]any, w entityWrite, alive bool) bool {
	switch w.kind {
	case changeGone:
		return false
	case changeSet:
		for f, v := range w.fields {
			out[f] = clone(v)
		}
		return true
	case changeAdd:
		list, _ := out[w.field].([]any)
		for _, v := range w.values {
			if !containsValue(list, v) {
				list = append(list, v)
			}
		}
		out[w.field] = list
	case changeCut:
		if list, ok := out[w.field].([]any); ok {
			out[w.field] = slices.DeleteFunc(slices.Clone(list), func(v any) bool { return containsValue(w.values, v) })
		}
	}
	return alive
}

// visible lists the changes to an item that a call of group sees, in the
// order they apply (entities.get's order).
func (e *entities) visible(family, key string, group int32) []entityWrite {
	e.mu.Lock()
	ws := slices.Clone(e.writes[entityKey(family, key)])
	e.mu.Unlock()
	ordered(ws)
	return slices.DeleteFunc(ws, func(w entityWrite) bool { return group != 0 && w.group == group })
}

// createdItem is an item a write created, as it now stands.
type createdItem struct {
	key    string
	fields map[string]any
}

// created lists the items of a family that writes a call of group sees
// made (or read) and that still exist, in the order they were first
// written. With base, an item a write only added to or cut from
// (observations of an entity never seen) is listed too, as base draws it.
func (e *entities) created(family string, group int32, base func(key string) map[string]any) []createdItem {
	var out []createdItem
	seen := map[string]bool{}
	for _, key := range e.keysInOrder(family) {
		ws := e.visible(family, key, group)
		if len(ws) == 0 {
			continue
		}
		fields := map[string]any{}
		if !slices.ContainsFunc(ws, func(w entityWrite) bool { return w.kind == changeSet }) {
			if base == nil || ws[0].kind != changeAdd && ws[0].kind != changeCut {
				continue
			}
			if fields = base(key); fields == nil {
				continue
			}
		}
		alive := true
		for _, w := range ws {
			alive = applyChange(fields, w, alive)
		}
		// An item known by id and name is listed once.
		if c := plan.Canonical(fields); alive && !seen[c] {
			seen[c] = true
			out = append(out, createdItem{key: key, fields: fields})
		}
	}
	return out
}

// keysInOrder lists the keys of a family's items in the order they were
// first written. Turns run one after another, the calls of a turn
// together, so within a turn the calls' order, not the clock's, says
// what came first.
func (e *entities) keysInOrder(family string) []string {
	e.mu.Lock()
	type first struct {
		key   string
		w     entityWrite
		start int
	}
	turnStart := map[int32]int{}
	for _, ws := range e.writes {
		for _, w := range ws {
			if s, ok := turnStart[w.group]; w.group != 0 && (!ok || w.seq < s) {
				turnStart[w.group] = w.seq
			}
		}
	}
	var keys []first
	prefix := family + "\x00"
	for k, ws := range e.writes {
		if !strings.HasPrefix(k, prefix) || len(ws) == 0 {
			continue
		}
		f := first{key: strings.TrimPrefix(k, prefix), start: -1}
		for _, w := range ws {
			start := w.seq
			if w.group != 0 {
				start = turnStart[w.group]
			}
			if f.start < 0 || start < f.start || start == f.start && w.order < f.w.order {
				f.w, f.start = w, start
			}
		}
		keys = append(keys, f)
	}
	e.mu.Unlock()
	slices.SortFunc(keys, func(a, b first) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if c := strings.Compare(a.w.order, b.w.order); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.key
	}
	return out
}

// goneNames are the names and ids of the items deleted (and not made
// again) in the writes a call of group sees.
func (e *entities) goneNames(group int32) map[string]bool {
	e.mu.Lock()
	keys := slices.Collect(maps.Keys(e.writes))
	e.mu.Unlock()
	out := map[string]bool{}
	for _, k := range keys {
		family, key, _ := strings.Cut(k, "\x00")
		ws := e.visible(family, key, group)
		alive := true
		for _, w := range ws {
			alive = applyChange(map[string]any{}, w, alive)
		}
		if !alive && !strings.HasPrefix(key, "{") {
			out[key] = true
		}
	}
	return out
}
