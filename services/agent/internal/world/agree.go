package world

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// agree makes a sim-generated output agree with its call and with the
// trajectory's entities; valid says whether a document still matches the
// tool's output schema; reads are the paths later calls read from it.
func (w *World) agree(t *toolset.Tool, args, doc, root any, vals *sim.Values, valid func(any) bool, group int32, reads []Need) any {
	if xs, isList := doc.([]any); isList {
		// A result that is itself the list (a collection's GET) is agreed
		// as the one list of an object (filter.go).
		o := map[string]any{bareList: xs}
		g := &agreement{w: w, t: t, o: o, root: bareRoot(root), valid: func(d any) bool {
			m, _ := d.(map[string]any)
			return valid(m[bareList])
		}, group: group, reads: reads, bare: true}
		if xs2, ok := g.agree(args, vals)[bareList].([]any); ok {
			return xs2
		}
		return doc
	}
	o, isObj := doc.(map[string]any)
	if !isObj {
		return doc
	}
	g := &agreement{w: w, t: t, o: o, root: root, valid: valid, group: group, reads: reads}
	return g.agree(args, vals)
}

// agree applies the agreement rules to the output.
func (g *agreement) agree(args any, vals *sim.Values) map[string]any {
	t, root := g.t, g.root
	g.props = schemaProps(root, root)
	g.try(func(o map[string]any) { fillEmpty(o, root, g.props, vals) })
	g.a, _ = args.(map[string]any)
	if r, _, ok := computed(t, g.a); ok {
		g.computedResult(r)
		return g.o
	}
	g.c = classify(t, g.a)
	for _, rule := range agreementRules {
		rule(g)
	}
	return g.o
}

// agreementRules make an output agree with its call, in this order: a
// later rule may set a field an earlier one set.
var agreementRules = []func(*agreement){
	(*agreement).sameEntity,
	(*agreement).knownFields,
	(*agreement).writtenValues,
	(*agreement).stateSet,
	(*agreement).chosenSettings,
	(*agreement).addedToList,
	(*agreement).succeeded,
	(*agreement).freshIDs,
	(*agreement).filtered,
	(*agreement).knownItems,
	(*agreement).found,
}

// agreement is one output being made to agree with its call. Each change
// is tried on a copy and kept only if the output still validates.
type agreement struct {
	w     *World
	t     *toolset.Tool
	a     map[string]any // the call's arguments
	c     call
	o     map[string]any // the output as agreed so far
	root  any
	props map[string]any // the properties the output schema declares
	valid func(any) bool
	group int32
	reads []Need
	// bare says the output is a list agreed as the object {bareList: …}.
	bare bool
}

// try applies f to a copy of the output and keeps the copy when it still
// matches the output schema (or the tool declares none).
func (g *agreement) try(f func(o map[string]any)) {
	o2 := clone(g.o).(map[string]any)
	f(o2)
	if g.t.Output == nil || g.valid(o2) {
		g.o = o2
	}
}

// set tries the output with field k set to v.
func (g *agreement) set(k string, v any) {
	g.try(func(o map[string]any) { o[k] = v })
}

// declared reports whether the output has field k or its schema declares it.
func (g *agreement) declared(k string) bool {
	_, has := g.o[k]
	_, decl := g.props[k]
	return has || decl
}

// computedResult puts a calculator's true result in its result field.
func (g *agreement) computedResult(r float64) {
	if f := resultField(g.o, g.props); f != "" {
		g.set(f, numberJSON(r))
	}
}

// sameEntity: the entity asked for is the entity returned.
func (g *agreement) sameEntity() {
	c := g.c
	if !c.returnsEntity() {
		return
	}
	keys := []string{"id", c.idParam, c.family + "_id", lowerCamel(c.family + "_id")}
	for _, k := range keys {
		if k != "" && g.declared(k) {
			g.set(k, asSchemaType(c.id, g.props[k], g.root))
		}
	}
	// {"data": {"id": …}, "success": true}: the entity is the one object
	// the answer wraps.
	if w := g.wrapped(keys); w != "" {
		inner := schemaProps(g.root, g.props[w])
		for _, k := range keys {
			if _, has := g.o[w].(map[string]any)[k]; has && k != "" {
				g.try(func(o map[string]any) { o[w].(map[string]any)[k] = asSchemaType(c.id, inner[k], g.root) })
			}
		}
	}
}

// wrapped is the member of the answer that holds the entity (wrappedIn).
func (g *agreement) wrapped(keys []string) string { return wrappedIn(g.o, keys) }

// wrappedIn is the member of an answer that holds the entity when the
// answer itself names none of keys: its one object member that does
// ({"data": {...}, "success": true}); "" if none or several.
func wrappedIn(o map[string]any, keys []string) string {
	for _, k := range keys {
		if _, has := o[k]; has && k != "" {
			return ""
		}
	}
	found := ""
	for _, m := range slices.Sorted(maps.Keys(o)) {
		inner, isObj := o[m].(map[string]any)
		if !isObj {
			continue
		}
		if !slices.ContainsFunc(keys, func(k string) bool { _, has := inner[k]; return has && k != "" }) {
			continue
		}
		if found != "" {
			return ""
		}
		found = m
	}
	return found
}

// knownFields: what earlier calls set on the entity, field by field.
func (g *agreement) knownFields() {
	c := g.c
	if !c.onEntity() {
		return
	}
	// Under the other ids the call names it by (parents): 7czb of
	// application t8mj is not the 7czb just updated under 0ium.
	ids := parents(g.a, c)
	known := g.w.ents.getIn(c.family, c.id, g.group, ids)
	if len(known) == 0 && c.noun != "" && strings.HasSuffix(c.family, "_"+c.noun) {
		// time_entry_intervals.get listed it as an "interval".
		known = g.w.ents.getIn(c.noun, c.id, g.group, ids)
	}
	for _, k := range slices.Sorted(maps.Keys(known)) {
		if g.declared(k) && k != c.idParam {
			// In the form the field takes: a latitude written as
			// "-22.2182" reads as the number.
			g.set(k, asSchemaType(known[k], g.props[k], g.root))
		}
	}
	if w := g.wrapped([]string{"id", c.idParam, c.family + "_id", lowerCamel(c.family + "_id")}); w != "" {
		for _, k := range slices.Sorted(maps.Keys(known)) {
			if _, has := g.o[w].(map[string]any)[k]; has && k != c.idParam && k != "id" {
				g.try(func(o map[string]any) { o[w].(map[string]any)[k] = clone(known[k]) })
			}
		}
	}
}

// knownItems: a listed thing the conversation already holds (by its id)
// is listed as it is known, field by field, in the fields the item shows
// (get_candidate's results[0] is the candidate an earlier call showed);
// items of one list that are one thing (a candidate's history, one entry
// a cycle) carry the first one's name.
func (g *agreement) knownItems() {
	for _, lk := range slices.Sorted(maps.Keys(g.o)) {
		items, isList := g.o[lk].([]any)
		fam := listFamily(lk, g.c.noun)
		if !isList || fam == "" {
			continue
		}
		first := map[string]map[string]any{}
		for i := range items {
			m, isMap := items[i].(map[string]any)
			if !isMap {
				continue
			}
			for _, idk := range idFields(fam) {
				id, has := m[idk]
				if !has || id == nil {
					continue
				}
				known := g.w.ents.get(fam, id, g.group)
				if f, seen := first[plan.Text(id)]; seen && len(known) == 0 {
					known = naming(f)
				}
				g.try(func(o map[string]any) {
					it := o[lk].([]any)[i].(map[string]any)
					for _, k := range slices.Sorted(maps.Keys(known)) {
						if _, shows := it[k]; shows && k != idk {
							it[k] = clone(known[k])
						}
					}
				})
				if _, seen := first[plan.Text(id)]; !seen {
					first[plan.Text(id)], _ = g.o[lk].([]any)[i].(map[string]any)
				}
				break
			}
		}
	}
}

// naming is the fields of a record that name it.
func naming(rec map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range rec {
		switch strings.Join(ident.Words(k), "_") {
		case "name", "title", "full_name", "display_name", "first_name", "last_name", "username":
			out[k] = v
		}
	}
	return out
}

// unsetLists: a thing made without the list a parameter gives it (a post
// without mentions or tags) has none; the answer does not invent them.
// A list a later call reads (reads names the plan's paths) is kept.
func unsetLists(t *toolset.Tool, args map[string]any, doc any, reads []Need) any {
	o, isObj := doc.(map[string]any)
	if !isObj || t.Input == nil || !classify(t, args).create {
		return doc
	}
	root := t.Input.Root()
	in := schemaProps(root, root)
	for _, k := range slices.Sorted(maps.Keys(in)) {
		if _, given := args[k]; given {
			continue
		}
		if slices.ContainsFunc(reads, func(n Need) bool { return strings.HasPrefix(n.Path, "$."+k) }) {
			continue
		}
		s, _ := jsonschema.Resolve(root, in[k])
		if jsonschema.TypeOf(s) != "array" {
			continue
		}
		if l, isList := o[k].([]any); isList && len(l) > 0 {
			o[k] = []any{}
		}
	}
	return o
}

// writtenValues: an update returns the new values, a create what was
// passed (nested "updates" or "body" objects too).
func (g *agreement) writtenValues() {
	c := g.c
	if !c.update && !c.create {
		return
	}
	updated := updatedFields(g.a, c.idParam)
	for _, k := range slices.Sorted(maps.Keys(updated)) {
		if g.declared(k) {
			g.set(k, asSchemaType(updated[k], g.props[k], g.root)) // "64.8348" sent, a number kept
		}
	}
	// create_branch(branch: "feature/x") makes the branch named
	// feature/x: the new thing's name is the value given for it.
	if name, ok := g.a[c.noun].(string); ok && c.create && c.noun != "" && g.declared("name") {
		g.set("name", name)
	}
}

// stateSet: a state verb (close, cancel, resolve, …) reports the state it
// set.
func (g *agreement) stateSet() {
	c := g.c
	if c.state == nil {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(union(g.o, g.props))) {
		if !stateField(k, c.noun) {
			continue
		}
		if s := stateValue(c.state, g.props[k], g.root); s != "" {
			g.set(k, s)
		}
	}
}

// chosenSettings: a setting the call chose is the setting reported:
// setHeadlights(off) reports headlights off, lockDoors(unlock) unlocked.
func (g *agreement) chosenSettings() {
	if g.c.read {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(g.props)) {
		if v := chosenState(g.a, k, g.props[k], g.root); v != "" {
			g.set(k, v)
		}
	}
	// adjustClimateControl(temperature: 20.3) reports the current
	// temperature it set: 20.3.
	for _, p := range slices.Sorted(maps.Keys(g.a)) {
		if _, isID := idStem(p); isID || secretParam(p) || !scalar(g.a[p]) {
			continue
		}
		want := strings.Join(ident.Words(p), "_")
		for _, k := range slices.Sorted(maps.Keys(g.props)) {
			switch strings.Join(ident.Words(k), "_") {
			case "current_" + want, "new_" + want, want + "_set", "set_" + want:
				g.set(k, asSchemaType(g.a[p], g.props[k], g.root))
			}
		}
	}
}

// addedToList: adding a value to a list returns the list with it
// (add_to_watchlist).
func (g *agreement) addedToList() {
	switch g.c.verb {
	case "add", "append", "insert", "include":
	default:
		return
	}
	v, single := singleString(g.a)
	if !single {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(g.o)) {
		if list, isList := g.o[k].([]any); isList && len(list) > 0 && allStrings(list) && !containsValue(list, v) {
			g.try(func(o map[string]any) { o[k] = append(o[k].([]any), v) })
		}
	}
}

// succeeded: a successful action reports success, in its outcome flags and
// in a free-text status of the operation (login, funding, a comment); a
// life-cycle status is the state verbs' to set.
func (g *agreement) succeeded() {
	c := g.c
	if !c.action {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(g.props)) {
		if outcomeFlag(k, g.props[k], g.root, c) {
			g.set(k, true)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(g.o)) {
		if _, isBool := g.o[k].(bool); isBool && outcomeFlag(k, nil, g.root, c) {
			g.set(k, true)
		}
	}
	if c.state != nil {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(g.props)) {
		if operationStatus(k, g.props[k], g.root, c) {
			g.set(k, "success")
		}
	}
}

// freshIDs: a created entity gets an id no other entity of its family has.
func (g *agreement) freshIDs() {
	c := g.c
	if !c.create {
		return
	}
	taken := func(x any) bool { return g.w.ents.has(c.noun, x, g.group) }
	for _, k := range idFields(c.noun) {
		if id, has := g.o[k]; has && taken(id) {
			g.set(k, freshID(id, taken))
		}
	}
}

// filtered: a list filtered by a value lists things that have it; an
// object read for an id is that id's (retrieve_invoice(booking_id) → the
// booking's invoice).
// An action on a thing named by id (share_screenshot(id)) answers about
// that thing: its id filters, its other arguments are the action's.
func (g *agreement) filtered() {
	reads := g.c.read || g.c.verb == "" || g.c.verb == "search"
	if !reads && !g.c.returnsEntity() {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(g.a)) {
		if !reads && k != g.c.idParam {
			continue
		}
		switch v := g.a[k]; {
		case filterValue(v):
			g.filteredBy(k, v)
		case allowedValues(v):
			g.itemsAmong(k, v.([]any))
		}
	}
}

// filteredBy makes the output's lists and objects carry argument k's value v.
func (g *agreement) filteredBy(k string, v any) {
	for _, lk := range slices.Sorted(maps.Keys(g.o)) {
		switch x := g.o[lk].(type) {
		case []any:
			switch owner := g.describedOwner(lk, k); {
			case len(x) == 0 || g.otherThings(lk, k):
			case owner != "":
				g.itemsCarry(lk, owner, v) // batches of broadcast 9150
			case g.ownID(lk, k) && g.readsSeveral(lk):
				g.firstCarries(lk, k, v)
			default:
				g.itemsCarry(lk, k, v)
				g.oneThing(lk, k)
			}
		case map[string]any:
			if _, isID := idStem(k); isID {
				g.memberCarries(lk, x, k, v)
			}
		}
	}
}

// itemsCarry sets field k to v in the items of list lk that have it or
// whose schema declares it.
func (g *agreement) itemsCarry(lk, k string, v any) {
	item, _ := jsonschema.Resolve(g.root, schemaOf(g.root, g.props[lk])["items"])
	_, declaredInItems := schemaProps(g.root, item)[k]
	g.try(func(o map[string]any) {
		for _, it := range o[lk].([]any) {
			if m, isMap := it.(map[string]any); isMap {
				if _, has := m[k]; has || declaredInItems {
					m[k] = v
				}
			}
		}
	})
}

// memberCarries sets field k of object member lk (x) to v when it has the
// field or its schema declares it.
func (g *agreement) memberCarries(lk string, x map[string]any, k string, v any) {
	_, declaredInside := schemaProps(g.root, g.props[lk])[k]
	if _, has := x[k]; has || declaredInside {
		g.try(func(o map[string]any) { o[lk].(map[string]any)[k] = v })
	}
}

// found: a search finds what it asked for. A search for a name lists a
// thing so named (search_nodes("Gibbs") lists Cole Gibbs, a search for
// "Acme Corp" lists Acme Corp); a search for a kind of thing lists things of
// that kind (search_nodes("person") lists people).
func (g *agreement) found() {
	if !searches(g.t.Name) {
		return
	}
	q := searchTerm(g.a)
	if q == "" {
		return
	}
	for _, lk := range slices.Sorted(maps.Keys(g.o)) {
		items, _ := g.o[lk].([]any)
		if len(items) == 0 {
			continue
		}
		if kept := ofType(items, q); len(kept) > 0 {
			if len(kept) < len(items) {
				g.try(func(o map[string]any) { o[lk] = kept })
			}
			continue
		}
		if mentions(items, q) {
			continue
		}
		if i, name := renamed(lk, items, q); i >= 0 {
			g.try(func(o map[string]any) { o[lk].([]any)[i].(map[string]any)["name"] = name })
		}
	}
}

// searches reports whether a tool's name says it searches.
func searches(name string) bool {
	for _, w := range ident.Words(name) {
		switch w {
		case "search", "find", "lookup", "query":
			return true
		}
	}
	return false
}

// searchTerm is the free-text query of a search call, or "".
func searchTerm(args map[string]any) string {
	for _, k := range []string{"query", "q", "search", "keyword", "term", "search_term", "search_query"} {
		if s, ok := args[k].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// mentions reports whether any item's name or type contains q.
func mentions(items []any, q string) bool {
	lq := strings.ToLower(q)
	for _, it := range items {
		m, _ := it.(map[string]any)
		for _, k := range []string{"name", "entityType", "type"} {
			if s, ok := m[k].(string); ok && strings.Contains(strings.ToLower(s), lq) {
				return true
			}
		}
	}
	return false
}

// ofType keeps the items whose type is q, or returns nil when none is.
func ofType(items []any, q string) []any {
	var kept []any
	for _, it := range items {
		m, _ := it.(map[string]any)
		for _, k := range []string{"entityType", "type"} {
			if s, ok := m[k].(string); ok && strings.EqualFold(s, q) {
				kept = append(kept, it)
				break
			}
		}
	}
	return kept
}

// renamed picks the item to carry a searched name and the name it gets: a
// surname goes to a person's full name ("Cole Friesen" → "Cole Gibbs"; a
// person is typed so, or listed under people, users, contacts…), any other
// name (capitalised words) to an item of another kind, or the first. It
// returns -1 when q is no name or no item can carry it.
func renamed(list string, items []any, q string) (int, string) {
	if q == "" || !unicode.IsUpper([]rune(q)[0]) {
		return -1, ""
	}
	surname := !strings.Contains(q, " ")
	people := peopleList(list)
	other := -1
	for i, it := range items {
		m, _ := it.(map[string]any)
		name, ok := m["name"].(string)
		if !ok {
			continue
		}
		typ, typed := m["entityType"].(string)
		person := typ == "person" || !typed && people
		if w := strings.Fields(name); surname && person && len(w) == 2 {
			return i, w[0] + " " + q
		}
		if other < 0 && !person {
			other = i
		}
	}
	return other, q
}

// peopleList reports whether a list's name says it holds people.
func peopleList(name string) bool {
	for _, w := range ident.Words(name) {
		switch ident.Singular(w) {
		case "user", "person", "people", "contact", "member", "customer", "employee", "author", "attendee", "participant":
			return true
		}
	}
	return false
}
