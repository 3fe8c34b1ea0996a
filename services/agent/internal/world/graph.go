package world

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A knowledge graph's read answers with named things (entities) and the
// links between them (relations, known by their ends). The sim generator
// draws both lists from the schema alone; a graph holds together:
//
//   - a thing is of the kind its name says ("Project Redwood" is a
//     project, "Dow Jones & Co." an organisation) and its notes
//     (observations) fit that kind; what a thing is and what is noted of it
//     is drawn from its name, so every read of the trajectory shows the
//     same thing the same way (unless a write changed it);
//   - a read of the whole graph lists every thing its links name;
//   - a read of some things (by name, by a search) lists only the links
//     between the things it found, as memory servers filter them.

// graphLists finds the list of named things and the list of links of a
// graph read's output ("" when it has not both).
func graphLists(o map[string]any) (things, links string) {
	for _, k := range slices.Sorted(maps.Keys(o)) {
		items, ok := o[k].([]any)
		if !ok || len(items) == 0 {
			continue
		}
		m, ok := items[0].(map[string]any)
		if !ok {
			continue
		}
		if _, _, isLink := linkEnds(m); isLink {
			if links == "" {
				links = k
			}
		} else if _, named := m["name"].(string); named && things == "" {
			things = k
		}
	}
	if things == "" {
		// A graph whose things were all deleted still lists none.
		for _, k := range slices.Sorted(maps.Keys(o)) {
			if xs, ok := o[k].([]any); ok && len(xs) == 0 && k != links && listFamily(k, "") != "" {
				things = k
				break
			}
		}
	}
	if things == "" || links == "" {
		return "", ""
	}
	return things, links
}

// linkEnds names the fields holding a link's two ends: from and to,
// source and target. A named thing is no link.
func linkEnds(m map[string]any) (from, to string, ok bool) {
	if m["name"] != nil || m["id"] != nil {
		return "", "", false
	}
	for _, p := range [][2]string{{"from", "to"}, {"source", "target"}, {"src", "dst"}, {"head", "tail"}} {
		_, a := m[p[0]].(string)
		_, b := m[p[1]].(string)
		if a && b {
			return p[0], p[1], true
		}
	}
	return "", "", false
}

// kindField names the field of a thing that says its kind (entityType,
// type, kind) when its value is one of the graph's kinds.
func kindField(m map[string]any) string {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w := ident.Words(k)
		if n := len(w); n == 0 || w[n-1] != "type" && w[n-1] != "kind" {
			continue
		}
		if s, ok := m[k].(string); ok && slices.Contains(sim.GraphKinds, s) {
			return k
		}
	}
	return ""
}

// fitThing makes a named thing of the kind its name says, with notes drawn
// for that name: the same thing reads the same in every read.
func fitThing(m map[string]any, seed int64) {
	name, _ := m["name"].(string)
	kf := kindField(m)
	if name == "" || kf == "" {
		return
	}
	kind := sim.EntityKind(name)
	if kind == "" {
		kind = m[kf].(string)
	}
	m[kf] = kind
	if lk := lonelyList(m); lk != "" {
		r := seedrand.New(seed, "world.graph.thing", name)
		n := 1 + r.IntN(3)
		var notes []any
		for _, s := range sim.NewValues(r).Observations(kind, n) {
			notes = append(notes, s)
		}
		m[lk] = notes
	}
}

// fitThings fits every named thing a graph read lists.
func fitThings(doc any, seed int64) any {
	o, ok := doc.(map[string]any)
	if !ok {
		return doc
	}
	things, _ := graphLists(o)
	if things == "" {
		return doc
	}
	for _, it := range o[things].([]any) {
		if m, ok := it.(map[string]any); ok {
			fitThing(m, seed)
		}
	}
	return doc
}

// connect makes a graph read's links agree with its things: a read of the
// whole graph (whole) lists the things its links name, a read of some
// things keeps the links between them — a link drawn between other things
// is drawn again between two of the things found, or dropped.
func connect(o map[string]any, whole bool, seed int64, key string, dead func(list string, link map[string]any) bool) map[string]any {
	things, links := graphLists(o)
	if things == "" {
		return o
	}
	items := o[things].([]any)
	kinds := map[string]string{}
	var names []string
	var template map[string]any
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			if n, ok := m["name"].(string); ok {
				names = append(names, n)
				kinds[n] = kindOf(m)
				if template == nil {
					template = m
				}
			}
		}
	}
	linked := map[string]bool{}
	var kept []any
	var loose []map[string]any
	for _, it := range o[links].([]any) {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		f, t, ok := linkEnds(m)
		if !ok {
			continue
		}
		from, to := m[f].(string), m[t].(string)
		if whole {
			for _, end := range []string{from, to} {
				if _, has := kinds[end]; !has {
					items = append(items, newThing(end, template, seed))
					kinds[end] = sim.EntityKind(end)
				}
			}
		}
		if _, a := kinds[from]; !a {
			loose = append(loose, m)
			continue
		}
		if _, b := kinds[to]; !b {
			loose = append(loose, m)
			continue
		}
		linked[from+"\x00"+to] = true
		kept = append(kept, m)
	}
	// Each loose link is drawn again between two things found that are not
	// linked yet, from a stream of this call.
	r := seedrand.New(seed, "world.graph.link", key)
	vals := sim.NewValues(r)
	for _, m := range loose {
		if len(names) < 2 {
			break
		}
		f, t, _ := linkEnds(m)
		start := r.IntN(len(names) * len(names))
		for k := range len(names) * len(names) {
			i := (start + k) % (len(names) * len(names))
			a, b := names[i/len(names)], names[i%len(names)]
			if a == b || linked[a+"\x00"+b] {
				continue
			}
			m[f], m[t] = a, b
			if tf := typeField(m); tf != "" {
				m[tf] = vals.RelationBetween(kinds[a], kinds[b])
			}
			if dead != nil && dead(links, m) {
				continue // a link the user deleted is not made up again
			}
			linked[a+"\x00"+b] = true
			kept = append(kept, m)
			break
		}
	}
	if kept == nil {
		kept = []any{}
	}
	o[things], o[links] = items, kept
	return o
}

// kindOf is a thing's kind: its kind field, or what its name says.
func kindOf(m map[string]any) string {
	if kf := kindField(m); kf != "" {
		return m[kf].(string)
	}
	n, _ := m["name"].(string)
	return sim.EntityKind(n)
}

// typeField names the field of a link that says what the link is
// (relationType, type).
func typeField(m map[string]any) string {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if w := ident.Words(k); len(w) > 0 && w[len(w)-1] == "type" {
			if _, ok := m[k].(string); ok {
				return k
			}
		}
	}
	return ""
}

// newThing is the thing a link names, shaped as the graph's other things:
// its name, its kind and its notes.
func newThing(name string, template map[string]any, seed int64) map[string]any {
	m := map[string]any{"name": name}
	if kf := kindField(template); kf != "" {
		m[kf] = template[kf]
		if lk := lonelyList(template); lk != "" {
			m[lk] = []any{""} // the thing's own notes, drawn by fitThing
		}
	}
	fitThing(m, seed)
	return m
}

// graphRead reports whether a call reads a graph, and whether it reads the
// whole graph (every thing) or some of it; writes are not graph reads.
func graphRead(t *toolset.Tool, a map[string]any) (read, whole bool) {
	if writeKind(t) != "" {
		return false, false
	}
	return true, wouldList(t, a) && searchTerm(a) == ""
}

// connected is a graph read's output d with its links agreeing with its
// things (connect) — a search keeps only the things that match it, as
// memory servers search names, kinds and notes — as long as what later
// calls read from it is there: otherwise the search finds a second thing
// whose notes name the first, then keeps the other things too, and last a read lists the things its links name rather than lose
// the links.
func (w *World) connected(t *toolset.Tool, a map[string]any, d any, whole bool, query string, planned *blueprintv1.PlannedCall, key string) any {
	o, ok := d.(map[string]any)
	if !ok {
		return d
	}
	if whole {
		o = withLinks(clone(o).(map[string]any), w.knownLinks(planned))
	}
	dead := w.deadItem(t, a, planned.GetParallelGroup())
	needs := w.needs(planned.GetId())
	met := func(x any) bool {
		for _, n := range needs {
			if !resolves(x, n) {
				return false
			}
			if cur, _ := plan.GetOne(x, n.Path); cur != nil {
				if xs, isList := cur.([]any); isList && len(xs) == 0 {
					return false // an empty list gives a later call nothing
				}
			}
		}
		return true
	}
	tries := []func() map[string]any{
		func() map[string]any {
			return connect(matching(clone(o).(map[string]any), query), whole, w.seed, key, dead)
		},
		func() map[string]any {
			return connect(withPartner(clone(o).(map[string]any), query, w.seed), whole, w.seed, key, dead)
		},
		func() map[string]any { return connect(clone(o).(map[string]any), whole, w.seed, key, dead) },
		func() map[string]any { return connect(clone(o).(map[string]any), true, w.seed, key, dead) },
	}
	if out := tries[0](); met(out) {
		return out
	}
	// A search for a kind of thing (person) that found too few finds more
	// things of that kind, rather than things of other kinds.
	if kind := strings.ToLower(query); slices.Contains(sim.GraphKinds, kind) {
		for extra := 1; extra <= 3; extra++ {
			if out := connect(withKind(matching(clone(o).(map[string]any), query), o, kind, extra, w.seed, key), whole, w.seed, key, dead); met(out) {
				return out
			}
		}
	}
	for _, f := range tries[1:] {
		if out := f(); met(out) {
			return out
		}
	}
	return d
}

// withKind adds n new things of kind to the things of a graph read's
// output o, shaped as the things of the output it was drawn as (orig).
func withKind(o, orig map[string]any, kind string, n int, seed int64, key string) map[string]any {
	things, _ := graphLists(orig)
	if things == "" {
		return o
	}
	var template map[string]any
	for _, it := range orig[things].([]any) {
		if m, ok := it.(map[string]any); ok && kindField(m) != "" {
			template = m
			break
		}
	}
	if template == nil {
		return o
	}
	items, _ := o[things].([]any)
	taken := map[string]bool{}
	for _, it := range append(slices.Clone(items), orig[things].([]any)...) {
		if m, ok := it.(map[string]any); ok {
			if name, ok := m["name"].(string); ok {
				taken[name] = true
			}
		}
	}
	vals := sim.NewValues(seedrand.New(seed, "world.graph.kind", key))
	for added, tries := 0, 0; added < n && tries < 20; tries++ {
		name := vals.ThingOfKind(kind)
		if name == "" || taken[name] || sim.EntityKind(name) != kind {
			continue
		}
		taken[name] = true
		m := newThing(name, template, seed)
		if kf := kindField(m); kf != "" {
			m[kf] = kind
		}
		items = append(items, m)
		added++
	}
	o[things] = items
	return o
}

// matching keeps the things of a search's output that match its query q
// (their name, kind or a note contains it): none, when none does.
func matching(o map[string]any, q string) map[string]any {
	things, _ := graphLists(o)
	if q == "" || things == "" {
		return o
	}
	var kept []any
	for _, it := range o[things].([]any) {
		if m, ok := it.(map[string]any); ok && says(m, q) {
			kept = append(kept, it)
		}
	}
	if kept == nil {
		kept = []any{}
	}
	o[things] = kept
	return o
}

// says reports whether a thing's name, kind or a note contains q, in any
// case.
func says(m map[string]any, q string) bool {
	q = strings.ToLower(q)
	for _, v := range m {
		switch x := v.(type) {
		case string:
			if strings.Contains(strings.ToLower(x), q) {
				return true
			}
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok && strings.Contains(strings.ToLower(s), q) {
					return true
				}
			}
		}
	}
	return false
}

// withPartner keeps the things of a search's output that match its query q
// and one thing more, linked to the first of them, whose notes name it (a
// company whose main contact is the person searched for), so that the
// search finds two things and the link between them. Unchanged when no
// thing's name holds q.
func withPartner(o map[string]any, q string, seed int64) map[string]any {
	things, links := graphLists(o)
	if q == "" || things == "" {
		return o
	}
	var kept, others []map[string]any
	for _, it := range o[things].([]any) {
		if m, ok := it.(map[string]any); ok {
			if says(m, q) {
				kept = append(kept, m)
			} else {
				others = append(others, m)
			}
		}
	}
	// A thing a link names is in the graph too.
	var template map[string]any
	if len(kept) > 0 {
		template = kept[0]
	}
	for _, it := range o[links].([]any) {
		m, _ := it.(map[string]any)
		f, t, _ := linkEnds(m)
		for _, end := range []any{m[f], m[t]} {
			name, _ := end.(string)
			if template != nil && !slices.ContainsFunc(append(slices.Clone(kept), others...), func(x map[string]any) bool { return x["name"] == name }) {
				others = append(others, newThing(name, template, seed))
			}
		}
	}
	if len(kept) == 0 || len(others) == 0 {
		return o
	}
	first, _ := kept[0]["name"].(string)
	if !strings.Contains(strings.ToLower(first), strings.ToLower(q)) {
		return o
	}
	partner := others[0]
	for _, it := range o[links].([]any) {
		m, _ := it.(map[string]any)
		f, t, _ := linkEnds(m)
		if m[f] == first || m[t] == first {
			for _, x := range others {
				if x["name"] == m[f] || x["name"] == m[t] {
					partner = x
				}
			}
		}
	}
	lk := lonelyList(partner)
	if lk == "" {
		return o
	}
	note := map[string]string{"organization": "Main contact is ", "project": "Team includes "}[kindOf(partner)]
	if note == "" {
		note = "Works with "
	}
	notes := slices.DeleteFunc(slices.Clone(partner[lk].([]any)), func(x any) bool {
		s, _ := x.(string)
		return strings.HasPrefix(s, note) // one main contact
	})
	partner[lk] = append(notes, note+first)
	out := make([]any, 0, len(kept)+1)
	for _, m := range kept {
		out = append(out, m)
	}
	o[things] = append(out, partner)
	return o
}

// knownLinks are the links the plan's later deletions name by their ends
// ("drop the fact that King Ramos works at Standard and Poor's"): the user
// knows of them, so a read of the whole graph before the deletion lists
// them.
func (w *World) knownLinks(planned *blueprintv1.PlannedCall) []map[string]any {
	if w.plan == nil || planned == nil {
		return nil
	}
	var out []map[string]any
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			if _, _, ok := linkEnds(x); ok {
				out = append(out, x)
				return
			}
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k])
			}
		}
	}
	for _, d := range w.deletedValues(planned.GetId()) {
		walk(d.value)
	}
	return out
}

// deletedValue is a value the user states for a deletion the plan makes.
type deletedValue struct {
	param string
	value any
}

// deletedValues are the values the user states for the plan's deletions —
// those after the call with id after, or all of them when after is "".
func (w *World) deletedValues(after string) []deletedValue {
	var out []deletedValue
	if w.plan == nil {
		return nil
	}
	later := after == ""
	for _, c := range w.plan.Calls {
		if c.GetId() == after {
			later = true
			continue
		}
		if t := w.tools.Get(c.GetToolName()); !later || t == nil || writeKind(t) != "delete" {
			continue
		}
		for _, a := range c.GetArguments() {
			if u := a.GetUser(); u != nil {
				if v, err := plan.Decode(u.GetValueJson()); err == nil {
					out = append(out, deletedValue{param: a.GetParam(), value: v})
				}
			}
		}
	}
	return out
}

// withLinks adds to a whole graph read o the links it does not list yet;
// connect then lists their ends as things.
func withLinks(o map[string]any, links []map[string]any) map[string]any {
	_, key := graphLists(o)
	if key == "" || len(links) == 0 {
		return o
	}
	items := o[key].([]any)
	have := map[string]bool{}
	id := func(m map[string]any) string {
		f, t, _ := linkEnds(m)
		return m[f].(string) + "\x00" + m[t].(string) + "\x00" + fmt.Sprint(m[typeField(m)])
	}
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			if _, _, isLink := linkEnds(m); isLink {
				have[id(m)] = true
			}
		}
	}
	for _, l := range links {
		if !have[id(l)] {
			have[id(l)] = true
			items = append(items, clone(l))
		}
	}
	o[key] = items
	return o
}

// knownNotes are the things the plan's deletions name, with the notes they
// take off them ("strike 'Works as a video editor' from Claire Lindgren's
// notes", "forget Ada Quill"): the user knows of them, so reads before the
// deletion show them — the deletion's change takes them off later reads.
func (w *World) knownNotes() map[string][]string {
	out := map[string][]string{}
	for _, d := range w.deletedValues("") {
		xs, ok := d.value.([]any)
		if !ok {
			continue
		}
		for _, e := range xs {
			switch x := e.(type) {
			case string:
				if family := namesFamily(d.param, ""); family == "entity" {
					if _, seen := out[x]; !seen {
						out[x] = nil
					}
				}
			case map[string]any:
				_, name, named := namesOther(x)
				lk := lonelyList(x)
				if !named || lk == "" {
					continue
				}
				for _, n := range x[lk].([]any) {
					if s, ok := n.(string); ok && !slices.Contains(out[name], s) {
						out[name] = append(out[name], s)
					}
				}
			}
		}
	}
	return out
}

// withKnownNotes gives the things a graph read lists the notes the plan's
// deletions will take off them, and a read of the whole graph the things
// they name that it lacks.
func (w *World) withKnownNotes(d any, whole bool) any {
	o, ok := d.(map[string]any)
	if !ok {
		return d
	}
	key, _ := graphLists(o)
	known := w.knownNotes()
	if key == "" || len(known) == 0 {
		return d
	}
	o = clone(o).(map[string]any)
	items := o[key].([]any)
	var template map[string]any
	listed := map[string]bool{}
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		if template == nil {
			template = m
		}
		name, _ := m["name"].(string)
		listed[name] = true
		addNotes(m, known[name])
	}
	if whole && template != nil {
		for _, name := range slices.Sorted(maps.Keys(known)) {
			if !listed[name] {
				m := newThing(name, template, w.seed)
				addNotes(m, known[name])
				items = append(items, m)
			}
		}
	}
	o[key] = items
	return o
}

// addNotes adds to a thing's notes those it lacks.
func addNotes(m map[string]any, notes []string) {
	lk := lonelyList(m)
	if lk == "" {
		return
	}
	have, _ := m[lk].([]any)
	for _, n := range notes {
		if !slices.Contains(have, any(n)) {
			have = append(have, n)
		}
	}
	m[lk] = have
}
