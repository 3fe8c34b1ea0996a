package world

import (
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// remember records the entities a shaped output shows (and the state a
// call set) so that later calls of the trajectory agree with them.
func (w *World) remember(t *toolset.Tool, args, doc any, group int32) {
	o, isObj := doc.(map[string]any)
	if !isObj {
		return
	}
	a, _ := args.(map[string]any)
	if _, _, ok := computed(t, a); ok {
		return
	}
	c := classify(t, a)
	order := t.Name + "\x00" + plan.Canonical(args)
	// Under the other ids the call named it by: a thing is the same
	// thing only under the same parents.
	ids := parents(a, c)
	put := func(family string, id any, fields map[string]any) {
		w.ents.putIn(family, id, fields, ids, group, order)
	}
	// What a call makes is held as made: later listings show it (made.go).
	made := func(family string, id any, fields map[string]any) {
		w.ents.putMade(family, id, fields, ids, group, order)
	}
	switch {
	case c.returnsEntity():
		rememberAddressed(c, a, o, put)
		if removesEntity(t, c, a) {
			w.ents.remove(c.family, c.id, scope(a, c.idParam), group, order)
		}
	case c.create && c.idParam == "key":
		// add(key, value): the value is held under the key it was given.
		made(c.family, c.id, withoutKey(a, "key"))
	case c.create && c.noun != "":
		w.rememberMade(c, a, o, made, order)
	case c.action && c.id == nil && c.state == nil && !c.update && writesText(c.noun, a):
		// send_message(message) made that message: it is held as sent,
		// under the id the answer gives it (a later search finds it).
		if !rememberCreated(c, a, o, made) {
			made(c.noun, unnamed+order, withArgs(o, a))
		}
	}
	if p, v, ok := memberArg(c, a); ok && writeKind(t) == "delete" && c.id == nil {
		// remove_stock_from_watchlist(symbol), deleteFavorite(convId).
		w.ents.remove(c.noun, v, map[string]any{p: v}, group, order)
	}
	rememberListed(c, o, put)
	// A read without an id whose output is one entity (a top-level id).
	if c.id == nil && c.read && c.noun != "" {
		if id, has := o["id"]; has && id != nil {
			put(c.noun, id, withoutKey(o, "id"))
		}
	}
}

// rememberMade records what a create call made: the thing under the id
// its answer or its arguments give it (under none when they give none), or the
// thing an add to a collection names (add_to_watchlist(stock),
// addFavorite(convId): by its id, or the call's one value) in the
// collection.
func (w *World) rememberMade(c call, a, o map[string]any, made entityWriter, order string) {
	p, v, member := memberArg(c, a)
	_, byID := idStem(p)
	switch {
	case member && byID:
	case rememberCreated(c, a, o, made):
		return
	case writesText(c.noun, a) || !member:
		// A tweet posted, a card registered whose id the answer left
		// blank: the thing is there, with what the call gave it.
		made(c.noun, unnamed+order, withArgs(o, updatedFields(a, "")))
		return
	}
	made(c.noun, v, map[string]any{p: v})
	w.addMembers(c.noun)
}

// entityWriter puts the fields a call showed of an entity into the store.
type entityWriter func(family string, id any, fields map[string]any)

// rememberAddressed records the entity a call addressed by id as its
// output shows it, with the values an update wrote and the state a state
// verb set.
func rememberAddressed(c call, a, o map[string]any, put entityWriter) {
	fields := maps.Clone(o)
	if w := wrappedIn(o, []string{"id", c.idParam, c.family + "_id", lowerCamel(c.family + "_id")}); w != "" {
		fields = maps.Clone(o[w].(map[string]any)) // the entity the answer wraps
		delete(fields, "id")
	}
	if c.update {
		maps.Copy(fields, updatedFields(a, c.idParam))
	}
	if _, has := fields["status"]; c.state != nil && !has {
		fields["status"] = c.state[0]
	}
	delete(fields, c.idParam)
	put(c.family, c.id, fields)
}

// rememberCreated records a created entity under the id its output gives
// it, with the arguments it was created from.
// An answer that tells no id (a problem report, a bare status) leaves the
// thing under the id the call gave it (createClient(body: {client_id})),
// with the fields the call's body gave it.
func rememberCreated(c call, a, o map[string]any, put entityWriter) bool {
	given := updatedFields(a, "")
	for _, src := range []map[string]any{o, given} {
		k := createdIDField(c.noun, src)
		if k == "" {
			continue
		}
		id := src[k]
		fields := withArgs(o, given)
		delete(fields, k)
		put(c.noun, id, fields)
		return true
	}
	return false
}

// createdIDField is the field of a created thing's record that holds its
// id: "id", ticket_id, ticketId, or an id named for the noun shortened
// (convId of a conversation); "" if none.
func createdIDField(noun string, rec map[string]any) string {
	for _, k := range idFields(noun) {
		if rec[k] != nil && rec[k] != "" {
			return k
		}
	}
	for _, k := range slices.Sorted(maps.Keys(rec)) {
		if stem, isID := idStem(k); isID && rec[k] != nil && rec[k] != "" && stem != "" && abbreviated([]string{noun}, stem) != "" {
			return k
		}
	}
	return ""
}

// withArgs is output o with the arguments it does not show (but secrets).
func withArgs(o, a map[string]any) map[string]any {
	fields := maps.Clone(o)
	for p, v := range a {
		if _, has := fields[p]; !has && !secretParam(p) {
			fields[p] = v
		}
	}
	return fields
}

// unnamed starts the key of a thing held without an id of its own.
const unnamed = "\x01"

// writesText reports whether a call's arguments give the text of a thing
// of its noun (send_message(message), add_comment(text)).
func writesText(noun string, a map[string]any) bool {
	if noun == "" {
		return false
	}
	for _, k := range []string{noun, "text", "content", "body"} {
		if s, ok := a[k].(string); ok && strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

// rememberListed records the entities an output lists
// (get_user_tickets): each item with an id is known.
func rememberListed(c call, o map[string]any, put entityWriter) {
	// In key order: an entity listed twice keeps the fields of the same
	// list on every run.
	for _, lk := range slices.Sorted(maps.Keys(o)) {
		items, isList := o[lk].([]any)
		if !isList {
			continue
		}
		fam := listFamily(lk, c.noun)
		if fam == "" {
			continue
		}
		for _, it := range items {
			if m, isMap := it.(map[string]any); isMap {
				rememberItem(fam, m, put)
			}
		}
	}
}

// listFamily is the family of a list's items: the singular of its name,
// or the call's noun when the name is generic (items, results).
func listFamily(list, noun string) string {
	fam := ident.Singular(lastWord(list))
	if genericNouns[fam] || fam == "item" || fam == "result" || fam == "entry" || fam == "record" {
		return noun
	}
	return fam
}

// rememberItem records a listed item, known by "id" or by its family's id
// field (search_products' items carry product_id).
func rememberItem(fam string, m map[string]any, put entityWriter) {
	for _, k := range idFields(fam) {
		if id, has := m[k]; has && id != nil {
			put(fam, id, withoutKey(m, k))
			return
		}
	}
}

// idFields are the output fields that may hold the id of an entity of a
// family: "id", ticket_id, ticketId.
func idFields(family string) []string {
	return []string{"id", family + "_id", lowerCamel(family + "_id")}
}
