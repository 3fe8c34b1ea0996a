package world

import (
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A list answers the filters its call gave. filtered (agree.go) makes the
// items of a list carry the value an argument filters by
// (get_user_tickets(status: open) lists open tickets), whatever kind the
// value is — a number, a flag, an enum's value, a text. The same holds
//
//   - for a result that is itself the list (a collection's GET answers
//     with the array: findFacilities(stationnumber: 5) lists facilities of
//     station 5, not of stations 82 and 74): it is agreed as the one list,
//     bareList, of an object whose schema is bareRoot;
//   - for an argument that lists the values allowed (state: [ACTIVE],
//     equipmentnumbers: [10, 12]): each item's value is one of them;
//   - for a list filtered by its items' own id (getGames(id: 7)): it lists
//     that one thing, not several things sharing one id — when a later
//     call reads several, that thing first and other things, under ids of
//     their own, after it; an id names the thing it is the id of, so it
//     filters no list of other things (a ticket's comments keep theirs),
//     and a bare id its description says is another thing's ("An id of a
//     call broadcast") filters the items by their id of that thing
//     (broadcastId).

// bareList is the member under which a result that is a list is agreed.
const bareList = "items"

// bareRoot is the schema of an object whose one member, bareList, is the
// list root describes; root's definitions stay where its $refs find them.
func bareRoot(root any) any {
	w := map[string]any{"type": "object", "properties": map[string]any{bareList: root}}
	if m, ok := root.(map[string]any); ok {
		for _, k := range []string{"definitions", "$defs", "components"} {
			if v, has := m[k]; has {
				w[k] = v
			}
		}
	}
	return w
}

// allowedValues reports whether an argument lists values a field may take:
// a short list of scalars a list's items can carry.
func allowedValues(v any) bool {
	xs, ok := v.([]any)
	if !ok || len(xs) == 0 || len(xs) > 20 {
		return false
	}
	for _, x := range xs {
		if !filterValue(x) {
			return false
		}
	}
	return true
}

// itemsAmong keeps the field argument k filters (k itself, or its
// singular: equipmentnumbers → equipmentnumber) of every list item among
// the values vs allows.
func (g *agreement) itemsAmong(k string, vs []any) {
	for _, lk := range slices.Sorted(maps.Keys(g.o)) {
		items, isList := g.o[lk].([]any)
		if !isList || len(items) == 0 || g.otherThings(lk, k) {
			continue
		}
		item, _ := jsonschema.Resolve(g.root, schemaOf(g.root, g.props[lk])["items"])
		declared := schemaProps(g.root, item)
		for _, f := range []string{k, ident.Singular(k), strings.TrimSuffix(k, "s")} {
			if !slices.ContainsFunc(items, func(it any) bool { m, _ := it.(map[string]any); _, has := m[f]; return has }) && declared[f] == nil {
				continue
			}
			g.try(func(o map[string]any) {
				for i, it := range o[lk].([]any) {
					if m, isMap := it.(map[string]any); isMap && !among(m[f], vs) {
						m[f] = vs[i%len(vs)]
					}
				}
			})
			break
		}
	}
}

// among reports whether v is one of vs (texts in any case).
func among(v any, vs []any) bool {
	return v != nil && slices.ContainsFunc(vs, func(x any) bool { return strings.EqualFold(plan.Text(x), plan.Text(v)) })
}

// ownID reports whether field k of list lk's items is their own id.
func (g *agreement) ownID(lk, k string) bool {
	return k == "id" || slices.Contains(idFields(listFamily(lk, g.c.noun)), k)
}

// otherThings reports whether argument k is the id of the thing the call
// names while list lk holds other things (a ticket's comments): their own
// ids are theirs.
func (g *agreement) otherThings(lk, k string) bool {
	if _, isID := idStem(k); !isID || !g.ownID(lk, k) {
		return false
	}
	fam := listFamily(lk, g.c.noun)
	return fam != "" && g.c.family != "" && fam != g.c.family && !strings.HasSuffix(g.c.family, "_"+fam)
}

// oneThing keeps one item of list lk when argument k filtered it by the
// items' own id, unless a later call reads more than one.
func (g *agreement) oneThing(lk, k string) {
	items, _ := g.o[lk].([]any)
	if len(items) < 2 || !g.ownID(lk, k) || g.readsSeveral(lk) {
		return
	}
	g.try(func(o map[string]any) { o[lk] = o[lk].([]any)[:1] })
}

// readsSeveral reports whether a later call reads more than the first
// item of list lk.
func (g *agreement) readsSeveral(lk string) bool {
	path := "$." + lk
	if g.bare {
		path = "$"
	}
	for _, n := range g.reads {
		rest, under := strings.CutPrefix(n.Path, path+"[")
		if under && (n.Min > 1 || !strings.HasPrefix(rest, "0]")) {
			return true
		}
	}
	return false
}

// firstCarries gives the first item of list lk the own id k its call
// filtered by, when a later call reads several items: the others are
// other things, under ids of their own, never copies of that one id.
func (g *agreement) firstCarries(lk, k string, v any) {
	g.try(func(o map[string]any) {
		used := map[string]bool{jsonText(v): true}
		for i, it := range o[lk].([]any) {
			m, isMap := it.(map[string]any)
			if !isMap {
				continue
			}
			switch {
			case i == 0:
				m[k] = v
			case m[k] != nil && used[jsonText(m[k])]:
				m[k] = freshID(m[k], func(x any) bool { return used[jsonText(x)] })
			}
			used[jsonText(m[k])] = true
		}
	})
}

// describedOwner is the field of list lk's items that a bare id argument
// k names when its description says whose id it is and that is not the
// items' own ("An id of a call broadcast": the batches' broadcastId); ""
// if it says nothing of the kind or no one field is so named.
func (g *agreement) describedOwner(lk, k string) string {
	if stem, isID := idStem(k); !isID || stem != "" || g.t.Input == nil {
		return ""
	}
	in := g.t.Input.Root()
	d, _ := schemaOf(in, schemaProps(in, in)[k])["description"].(string)
	words := ident.Words(d)
	if len(words) == 0 {
		return ""
	}
	item, _ := jsonschema.Resolve(g.root, schemaOf(g.root, g.props[lk])["items"])
	fields := schemaProps(g.root, item)
	if items, _ := g.o[lk].([]any); len(items) > 0 {
		if m, isMap := items[0].(map[string]any); isMap {
			fields = union(m, fields)
		}
	}
	own := listFamily(lk, g.c.noun)
	found := ""
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		stem, isID := idStem(f)
		if !isID || stem == "" || stem == own || strings.Contains(stem, "_") || !slices.Contains(words, stem) {
			continue
		}
		if found != "" {
			return ""
		}
		found = f
	}
	return found
}
