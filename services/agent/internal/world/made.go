package world

import (
	"maps"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// What the conversation made is there when it lists. The sim generator
// draws a listing from the schema alone, so a conversation that posted a
// tweet, placed an order or created a conversation listed the user's
// tweets, orders or conversations without it. A call that lists things
// (no verb that writes, not a read of one thing by its id) lists, after
// what it drew, the things of the list's family that earlier turns made
// (created, posted, added, sent) and that its filters let through — every
// argument it filters by is a field the made thing has, with that value —
// in the shape of the list's items; a list of ids or keys lists theirs.
// A search by text finds held things already (search.go); a graph lists
// what writes made of it (changes.go).

// listPaging are arguments that page or order a listing, filtering nothing.
var listPaging = set_("limit", "offset", "page", "cursor", "page_size", "pagesize", "per_page", "sort", "order", "sort_by",
	"order_by", "direction", "max_results", "page_token", "size", "count", "fields", "expand", "include", "format")

// withMade adds to the lists of output d the things earlier turns made
// that the call of t with arguments a lists.
func (w *World) withMade(t *toolset.Tool, a map[string]any, d, root any, planned *blueprintv1.PlannedCall) any {
	if xs, isList := d.([]any); isList {
		o, _ := w.withMade(t, a, map[string]any{bareList: xs}, bareRoot(root), planned).(map[string]any)
		if out, ok := o[bareList].([]any); ok {
			return out
		}
		return d
	}
	o, ok := d.(map[string]any)
	c := classify(t, a)
	if !ok || !lists(t, c) || w.gatesOnEmpty(planned) {
		return d
	}
	if _, q := searchedFor(t, a); q != "" {
		return d // a search by text lists what it finds (search.go)
	}
	if things, _ := graphParts(o); things != "" {
		return d
	}
	group := planned.GetParallelGroup()
	props := schemaProps(root, root)
	for _, lk := range slices.Sorted(maps.Keys(o)) {
		if rec, isObj := o[lk].(map[string]any); isObj && collectionWord(lk) {
			w.asLastMade(rec, listFamily(lk, c.noun), a, c, group)
			continue
		}
		items, isList := o[lk].([]any)
		if !isList || filterList(lk) {
			continue
		}
		family := listFamily(lk, c.noun)
		if keyList(lk) {
			family = keysOf(t, a)
		}
		if f := w.collectionOf(t, c); f != "" {
			family = f
		}
		itemSchema, _ := jsonschema.Resolve(root, schemaOf(root, props[lk])["items"])
		items = withoutUnmade(items, w.unmade(family, group), family)
		for _, m := range w.madeThings(family, group) {
			if !listedBy(m.fields, a, c) {
				continue
			}
			items = withThing(items, m, family, itemSchema, root)
		}
		o[lk] = inAskedOrder(t, a, items) // made things too (order.go)
	}
	return o
}

// lists reports whether a call of t lists things: no verb of it writes,
// and it reads no one thing by its id.
func lists(t *toolset.Tool, c call) bool {
	if writeKind(t) != "" || c.create || c.update || c.state != nil || c.returnsEntity() {
		return false
	}
	return c.read || c.verb == "" || c.verb == "search"
}

// keyList reports whether a list names the things it lists by their keys,
// ids or names (core_memory_list_keys' keys).
func keyList(lk string) bool {
	switch strings.Join(ident.Words(lk), "_") {
	case "keys", "ids", "names", "key_list", "id_list":
		return true
	}
	return false
}

// keysOf is the family whose keys a call listing keys lists: the thing its
// name names (core_memory_list_keys → core_memory).
func keysOf(t *toolset.Tool, a map[string]any) string {
	var rest []string
	for _, w := range withoutPlaceholders(ident.Words(t.Name), a) {
		if !readVerbs[w] && w != "key" && w != "keys" && w != "ids" && w != "names" {
			rest = append(rest, w)
		}
	}
	return qualifiedNoun(rest)
}

// madeThing is a thing an earlier turn made, as it now stands.
type madeThing struct {
	id     any
	fields map[string]any
}

// madeThings are the things of a family that writes a call of group sees
// made and that are still there, in the order they were made.
func (w *World) madeThings(family string, group int32) []madeThing {
	if family == "" {
		return nil
	}
	var out []madeThing
	for _, key := range w.ents.keysInOrder(family) {
		ws := w.ents.visible(family, key, group)
		if !slices.ContainsFunc(ws, func(x entityWrite) bool { return x.made }) || w.ents.deleted(family, key, group, nil) {
			continue
		}
		fields := w.ents.get(family, key, group)
		if len(fields) == 0 || gone(fields) {
			continue
		}
		out = append(out, madeThing{id: key, fields: fields})
	}
	return out
}

// unmade are the keys of the things of a family earlier turns made and
// then deleted (a stock added to the watchlist, then removed).
func (w *World) unmade(family string, group int32) map[string]bool {
	out := map[string]bool{}
	if family == "" {
		return out
	}
	for _, key := range w.ents.keysInOrder(family) {
		ws := w.ents.visible(family, key, group)
		if slices.ContainsFunc(ws, func(x entityWrite) bool { return x.made }) && w.ents.deleted(family, key, group, nil) {
			out[key] = true
		}
	}
	return out
}

// withoutUnmade drops from a list the things made and deleted since: an
// id or key of them, or an item under its id.
func withoutUnmade(items []any, gone map[string]bool, family string) []any {
	if len(gone) == 0 {
		return items
	}
	return slices.DeleteFunc(slices.Clone(items), func(it any) bool {
		if m, ok := it.(map[string]any); ok {
			return slices.ContainsFunc(idFields(family), func(k string) bool { return m[k] != nil && gone[plan.Text(m[k])] })
		}
		return scalar(it) && gone[plan.Text(it)]
	})
}

// listedBy reports whether a made thing with fields is among what a
// listing with arguments a lists: each argument that filters (not paging,
// not a credential, not the id of the thing listed under) names a field
// the thing has, with the value given.
func listedBy(fields, a map[string]any, c call) bool {
	for k, v := range a {
		if listPaging[strings.Join(ident.Words(k), "_")] || secretParam(k) || v == nil {
			continue
		}
		have, has := fields[k]
		switch {
		case !has:
			return false
		case allowedValues(v):
			if !among(have, v.([]any)) {
				return false
			}
		case !strings.EqualFold(plan.Text(have), plan.Text(v)):
			return false
		}
	}
	return true
}

// withThing adds made thing m to a list's items unless it is listed: in
// the shape of the items (their fields, its id under theirs), or its id
// or key in a list of them.
func withThing(items []any, m madeThing, family string, itemSchema map[string]any, root any) []any {
	id := m.id
	if s, ok := id.(string); ok && strings.HasPrefix(s, unnamed) {
		id = nil // held without an id of its own
	}
	first, _ := first(items).(map[string]any)
	declared := schemaProps(root, itemSchema)
	if first == nil && len(declared) == 0 {
		// A list of ids or keys (order_history, keys).
		if id == nil || len(items) == 0 && jsonschema.TypeOf(itemSchema) == "object" {
			return items
		}
		v := asSchemaType(id, itemSchema, root)
		if slices.ContainsFunc(items, func(x any) bool { return plan.Text(x) == plan.Text(v) }) {
			return items
		}
		return append(items, v)
	}
	rec := map[string]any{}
	for k, v := range m.fields {
		_, shows := first[k]
		if shows || declared[k] != nil {
			rec[k] = clone(v)
		}
	}
	idKey := ""
	for _, k := range idFields(family) {
		if _, shows := first[k]; shows || declared[k] != nil {
			idKey = k
			break
		}
	}
	if idKey == "" {
		idKey = createdIDField(family, first) // convId
	}
	if idKey != "" && id != nil {
		rec[idKey] = asSchemaType(id, declared[idKey], root)
	}
	if len(rec) == 0 {
		return items
	}
	for _, it := range items {
		x, _ := it.(map[string]any)
		if idKey != "" && x != nil && plan.Text(x[idKey]) == plan.Text(rec[idKey]) || plan.Canonical(subsetOf(x, rec)) == plan.Canonical(rec) {
			return items // already listed
		}
	}
	return append(items, rec)
}

// subsetOf is x's fields that rec has.
func subsetOf(x, rec map[string]any) map[string]any {
	out := map[string]any{}
	for k := range rec {
		if v, has := x[k]; has {
			out[k] = v
		}
	}
	return out
}

// memberArg is the one thing an add to a collection names (a stock
// symbol, a conversation's id): the call's one argument, a scalar, when
// its verb adds and it names no thing of the collection's own by id.
func memberArg(c call, a map[string]any) (string, any, bool) {
	switch c.verb {
	case "add", "append", "insert", "remove", "delete":
	default:
		return "", nil, false
	}
	if len(a) != 1 || c.noun == "" {
		return "", nil, false
	}
	for p, v := range a {
		if scalar(v) && !secretParam(p) && plan.Text(v) != "" {
			return p, v, true
		}
	}
	return "", nil, false
}

// addMembers notes that calls added things to a collection.
func (w *World) addMembers(family string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.members == nil {
		w.members = map[string]bool{}
	}
	w.members[family] = true
}

// collectionOf is the collection a listing's name names other than what it
// lists, when calls added things to it (getFavoriteConversations lists
// the favourites, the conversations added to them): "" if none.
func (w *World) collectionOf(t *toolset.Tool, c call) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, word := range ident.Words(t.Name) {
		if f := ident.Singular(word); w.members[f] && f != c.noun {
			return f
		}
	}
	return ""
}

// collectionWord reports whether a member's name says it holds many
// things (credit_card_list, messages, booking_history): a schema that
// gives it one record's fields shows one of them.
func collectionWord(k string) bool {
	w := lastWord(k)
	return w == "list" || w == "history" || w == "collection" || ident.Singular(w) != w
}

// asLastMade makes a record that stands for a collection of a family (a
// list flattened to one record's fields: get_all_credit_cards'
// credit_card_list) show the thing of the family made last, when the
// listing lists it and the record shares at least two of its fields; the
// fields it shows are the thing's.
func (w *World) asLastMade(rec map[string]any, family string, a map[string]any, c call, group int32) {
	made := w.madeThings(family, group)
	if len(made) == 0 || !listedBy(made[len(made)-1].fields, a, c) {
		return
	}
	last := made[len(made)-1].fields
	var shared []string
	for k, v := range last {
		if _, has := rec[k]; has && scalar(v) {
			if _, isID := idStem(k); !isID && k != "id" {
				shared = append(shared, k)
			}
		}
	}
	if len(shared) < 2 {
		return
	}
	for _, k := range shared {
		rec[k] = clone(last[k])
	}
}
