package world

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"

	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// echo makes a result restate what its call gave, as a backend's answer
// does: get_product for P reports product_id P, book_flight's booking is
// on the date asked for, UpdateDeployment's description is the one just
// set. The sim generator draws every field from the schema, so each of
// the call's values — at its top level, and in a request body (body,
// payload, …), the top level winning — is put into the result's field of
// the same name, matched by words whatever the spelling (normKey:
// "app-instance-arn", appInstanceArn and AppInstanceArn are one name):
// at the result's top level (a field it has or its schema declares) and
// in the records it holds (book_flight's booking_history is the booking
// just made), not in its lists, whose items are other things. It runs
// after the rules that draw or recall a record's fields, so the thing the
// call named is the thing answered: a DescribeComponent whose body named
// the component "homogeneous-data" answered "background-prod", and a
// ListAppInstanceUsers("app-instance-arn": X) another instance's
// AppInstanceArn, which every later call then followed.
//
// A <noun>_name or <noun>_id for a noun of the tool's name (model_name of
// UpdateModel) is the record's bare name or id when it has no field of
// the argument's name, and a bare id its <noun>_id (UpdateProject's body
// id is the project_id). A secret or page token is not restated (the next
// page's token is not the one asked with), nor is the content a write
// gave into a result that is one text (a write's confirmation). A value a
// later call reads is echoed only when that call's parameter takes it.
//
// A call that gives a list of things by name or id is answered with those
// things, one record each (answerLists); that runs first, so that the
// other rules fill in the records it named.

// credentialWords qualify a key that is a secret, not a thing's key.
var credentialWords = set_("api", "access", "secret", "private", "public", "license", "encryption", "signing", "ssh", "client")

// identifying reports whether argument k names or identifies a thing.
func identifying(k string) bool {
	if secretParam(k) {
		return false
	}
	w := ident.Words(k)
	n := len(w)
	if n == 0 {
		return false
	}
	switch w[n-1] {
	case "name", "id", "arn":
		return true
	case "key":
		return n == 1 || !credentialWords[w[n-2]]
	}
	return false
}

// given is one value a call gave, under its argument's name; updated says
// it is a new value (new_X) for the field it is given under.
type given struct {
	arg     string
	v       any
	updated bool
}

// newValueWords are the words that mark an argument as the new value of a
// field (new_given_name, external_id_new, updated_status); notFields are
// what follows them in a name that is no field's new value (updated_at,
// updated_by: when and by whom).
var (
	newValueWords = set_("new", "updated")
	notFields     = set_("at", "by", "on", "after", "before", "since", "date", "time", "timestamp", "value", "values")
)

// updatedName is the field whose new value argument k gives, by
// normalised name: given_name for new_given_name, newGivenName or
// given_name_new; "" if k gives none.
func updatedName(k string) string {
	w := ident.Words(k)
	n := len(w)
	var rest []string
	switch {
	case n >= 2 && newValueWords[w[0]]:
		rest = w[1:]
	case n >= 2 && w[n-1] == "new":
		rest = w[:n-1]
	}
	if len(rest) == 0 || len(rest) == 1 && notFields[rest[0]] {
		return ""
	}
	return strings.Join(rest, "_")
}

// givenValues are the values a call gave, by normalised name: its
// arguments and the members of a request body object (body, payload, …);
// the top level wins. Secrets and tokens are left out.
func givenValues(a map[string]any) map[string]given {
	out := map[string]given{}
	add := func(m map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !secretParam(k) {
				out[normKey(k)] = given{arg: k, v: m[k]}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if m, isObj := a[k].(map[string]any); isObj && envelopeParam(k) {
			add(m)
		}
	}
	add(a)
	// A new value sets its field, over the value it replaces given beside
	// it (rename(name, new_name) is named new_name after).
	for _, n := range slices.Sorted(maps.Keys(out)) {
		if f := updatedName(n); f != "" && !out[n].updated {
			out[f] = given{arg: f, v: out[n].v, updated: true}
		}
	}
	return out
}

// bareAlias is the field a record names argument k by when it is a
// <noun>_name or <noun>_id for a noun of the tool's name: "name" of a
// model for model_name of UpdateModel ("" if k is none).
func bareAlias(k string, toolWords []string) string {
	w := ident.Words(k)
	n := len(w)
	if n < 2 || w[n-1] != "name" && w[n-1] != "id" {
		return ""
	}
	stem := strings.Join(w[:n-1], "_")
	if !containsWord(toolWords, stem) && abbreviated(toolWords, stem) == "" {
		return ""
	}
	return w[n-1]
}

// bareField is rec's field whose only word is word (Name, name, ID), "".
func bareField(rec map[string]any, word string) string {
	for _, f := range slices.Sorted(maps.Keys(rec)) {
		if fw := ident.Words(f); len(fw) == 1 && fw[0] == word {
			return f
		}
	}
	return ""
}

// nounField is rec's one field that is a <noun>_id or <noun>_name for a
// noun of the tool's name, by which a record names what a bare "id" or
// "name" argument names (UpdateProject({body: {id}}) → project_id); "" if
// k is no bare id or name, or rec has none or several such fields.
func nounField(rec map[string]any, k string, toolWords []string) string {
	kw := ident.Words(k)
	if len(kw) != 1 || kw[0] != "id" && kw[0] != "name" {
		return ""
	}
	found := ""
	for _, f := range slices.Sorted(maps.Keys(rec)) {
		if bareAlias(f, toolWords) != kw[0] {
			continue
		}
		if found != "" {
			return ""
		}
		found = f
	}
	return found
}

// aliasOf is the field of rec that names what argument k names when rec
// has no field k: its bare name or id for a <noun>_name or <noun>_id, its
// <noun>_id for a bare id.
func aliasOf(rec map[string]any, k, alias string, toolWords []string) string {
	if alias != "" {
		return bareField(rec, alias)
	}
	return nounField(rec, k, toolWords)
}

// echo sets the fields of result d that name what the call gave to the
// values given, each kept only if d stays valid; takes says whether a
// later call reading the value at a path can take it.
func echo(t *toolset.Tool, a map[string]any, d, root any, valid func(any) bool, takes func(path string, v any) bool) any {
	o, isObj := d.(map[string]any)
	vals := givenValues(a)
	if !isObj || len(vals) == 0 {
		return d
	}
	e := &echoing{o: o, root: root, vals: vals, props: schemaProps(root, root), text: normKey(sim.TextResultField(root)), toolWords: ident.Words(t.Name), valid: valid, takes: takes}
	// The result's top level: each field it has or its schema declares
	// (any field, when it declares none).
	top := fieldsByName(o, e.props, root == nil, vals)
	for _, n := range slices.Sorted(maps.Keys(top)) {
		for _, f := range top[n] {
			e.put(o, f, vals[n].v, e.props[f], "$."+f)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(vals)) {
		if g := vals[n]; identifying(g.arg) && scalar(g.v) {
			e.alias(n, top[n] != nil)
		}
	}
	// The records the result holds: their fields of the names given.
	for _, m := range slices.Sorted(maps.Keys(o)) {
		rec, isRec := o[m].(map[string]any)
		if !isRec || e.text != "" && normKey(m) == e.text {
			continue
		}
		inner := schemaProps(root, e.props[m])
		for _, f := range slices.Sorted(maps.Keys(rec)) {
			if g, ok := vals[normKey(f)]; ok && scalar(g.v) && !g.updated {
				e.put(rec, f, g.v, inner[f], "$."+m+"."+f)
			}
		}
	}
	e.updatedWithin()
	return o
}

// updatedWithin puts the new values the call gave into the records the
// result holds deeper than the records at its top level, by normalised
// name, at the shallowest depth that has the field: set_profile(
// new_given_name: Darwin) answers profile.name.given_name Darwin, while
// update_order(new_status) sets the order's status, not its customer's.
// Only new values go this deep: an id given names the thing, not what it
// holds; and not into lists, whose items are other things.
func (e *echoing) updatedWithin() {
	type record struct {
		rec, props map[string]any
		path       string
	}
	placed := map[string]bool{}
	var level []record
	for _, m := range slices.Sorted(maps.Keys(e.o)) {
		rec, isRec := e.o[m].(map[string]any)
		if !isRec || e.text != "" && normKey(m) == e.text {
			continue
		}
		level = append(level, record{rec, schemaProps(e.root, e.props[m]), "$." + m})
	}
	for f := range e.o {
		placed[normKey(f)] = true
	}
	for len(level) > 0 {
		var next []record
		found := map[string]bool{}
		for _, r := range level {
			for _, f := range slices.Sorted(maps.Keys(r.rec)) {
				n := normKey(f)
				if g, ok := e.vals[n]; ok && g.updated && scalar(g.v) && !placed[n] {
					e.put(r.rec, f, g.v, r.props[f], r.path+"."+f)
				}
				found[n] = true
				if inner, isRec := r.rec[f].(map[string]any); isRec {
					next = append(next, record{inner, schemaProps(e.root, r.props[f]), r.path + "." + f})
				}
			}
		}
		for n := range found {
			placed[n] = true
		}
		level = next
	}
}

// echoing is one result being made to restate its call.
type echoing struct {
	o, props  map[string]any
	root      any
	vals      map[string]given
	text      string // the normalised name of a result that is one text
	toolWords []string
	valid     func(any) bool
	takes     func(path string, v any) bool
}

// put sets rec's field f (whose schema is s, at path) to v, in the type
// the schema gives it, unless a reader cannot take it or the result no
// longer validates.
func (e *echoing) put(rec map[string]any, f string, v, s any, path string) {
	if e.text != "" && normKey(f) == e.text {
		return
	}
	v = asSchemaType(v, s, e.root)
	cur, had := rec[f]
	if sameValue(cur, v) || !e.takes(path, v) {
		return
	}
	rec[f] = clone(v)
	if !e.valid(e.o) {
		if rec[f] = cur; !had {
			delete(rec, f)
		}
	}
}

// alias puts the identifying value given under normalised name n into the
// field that names it by another word (aliasOf) — at the top level when
// it has no field n (named says it has), else in the one record that does
// when the top level names the thing by no field at all.
func (e *echoing) alias(n string, named bool) {
	g, o := e.vals[n], e.o
	alias := bareAlias(g.arg, e.toolWords)
	if named {
		return
	}
	if f := aliasOf(o, g.arg, alias, e.toolWords); f != "" {
		e.put(o, f, g.v, e.props[f], "$."+f)
		return
	}
	holder := ""
	for _, m := range slices.Sorted(maps.Keys(o)) {
		if rec, isRec := o[m].(map[string]any); isRec && fieldOf(rec, n) == "" && aliasOf(rec, g.arg, alias, e.toolWords) != "" {
			if holder != "" {
				return
			}
			holder = m
		}
	}
	if holder != "" {
		rec := o[holder].(map[string]any)
		f := aliasOf(rec, g.arg, alias, e.toolWords)
		e.put(rec, f, g.v, schemaProps(e.root, e.props[holder])[f], "$."+holder+"."+f)
	}
}

// fieldsByName are the fields of o, and those its schema's props declare
// (or, when any says so, every name given), that have a value given, by
// normalised name.
func fieldsByName(o, props map[string]any, any_ bool, vals map[string]given) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	add := func(f string) {
		n := normKey(f)
		if _, ok := vals[n]; ok && !seen[f] {
			seen[f] = true
			out[n] = append(out[n], f)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(o)) {
		add(f)
	}
	for _, f := range slices.Sorted(maps.Keys(props)) {
		add(f)
	}
	if any_ {
		for _, n := range slices.Sorted(maps.Keys(vals)) {
			if out[n] == nil {
				add(vals[n].arg)
			}
		}
	}
	return out
}

// fieldOf is rec's field of normalised name n, "" if none.
func fieldOf(rec map[string]any, n string) string {
	for _, f := range slices.Sorted(maps.Keys(rec)) {
		if normKey(f) == n {
			return f
		}
	}
	return ""
}

func scalar(v any) bool {
	switch v.(type) {
	case string, float64, bool, json.Number, int, int64:
		return true
	}
	return false
}

// sameValue reports whether two values are one (14 and "14").
func sameValue(a, b any) bool {
	if scalar(a) && scalar(b) && a == b {
		return true
	}
	return jsonText(a) == jsonText(b)
}

func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// takesNamed says whether the later calls reading path from planned's
// output take v in the parameter the value feeds (its schema validates v).
func (w *World) takesNamed(id string) func(path string, v any) bool {
	return func(path string, v any) bool {
		if w.plan == nil || id == "" {
			return true
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return false
		}
		for _, n := range w.needs(id) {
			if n.Path != path || n.Param == "" || strings.HasPrefix(n.Param, "$") {
				continue
			}
			t := w.tools.Get(n.Reader)
			if t == nil || t.Input == nil {
				continue
			}
			sch, err := t.Input.At("/properties/" + jsonschema.EscapePointerToken(n.Param))
			if err == nil && len(sch.ValidateJSON(raw)) > 0 {
				return false
			}
		}
		return true
	}
}

// validOr is valid, or always true for a tool that declares no output.
func validOr(t *toolset.Tool, valid func(any) bool) func(any) bool {
	if t.Output == nil {
		return func(any) bool { return true }
	}
	return valid
}

// answerLists makes a result that answers a list of things name those
// things: open_nodes(names: [A, B]) returns the entities A and B, and
// add_observations(observations: [{entityName: A, …}]) returns one result
// for A. Only names and ids are matched, one element per element asked
// for; a list the call only filters by (labels) is left alone. A record
// asked for by name is also given the other values it was asked with
// that the result's record holds (createPanelists([{name, email}]) lists
// those panelists with those emails), and a result that is itself the
// list is answered the same way.
func answerLists(doc, args, root any) any {
	if xs, isList := doc.([]any); isList {
		o := map[string]any{bareList: xs}
		answerLists(o, args, bareRoot(root))
		return o[bareList]
	}
	o, ok := doc.(map[string]any)
	a, ok2 := args.(map[string]any)
	if !ok || !ok2 {
		return doc
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		asked, ok := a[k].([]any)
		if !ok || len(asked) == 0 || len(asked) > 10 {
			continue
		}
		for _, ok2k := range slices.Sorted(maps.Keys(o)) {
			outs, ok := o[ok2k].([]any)
			if !ok || len(outs) == 0 {
				continue
			}
			first, ok := outs[0].(map[string]any)
			if !ok {
				continue
			}
			item, _ := jsonschema.Resolve(root, schemaOf(root, schemaProps(root, root)[ok2k])["items"])
			declared := schemaProps(root, item)
			fields := namingFields(k, asked[0], first, declared)
			if len(fields) == 0 {
				continue
			}
			answered := make([]any, len(asked))
			for i, q := range asked {
				rec, _ := clone(outs[i%len(outs)]).(map[string]any)
				for _, f := range fields {
					switch x := q.(type) {
					case string:
						rec[f] = x
					case map[string]any:
						rec[f] = x[f]
					}
				}
				// The one list of texts given is the one returned
				// (contents added → addedObservations).
				if x, ok := q.(map[string]any); ok {
					if in, out := lonelyList(x), lonelyList(rec); in != "" && out != "" {
						rec[out] = x[in]
					}
					for _, f := range slices.Sorted(maps.Keys(x)) {
						if _, has := rec[f]; (has || declared[f] != nil) && scalar(x[f]) {
							rec[f] = x[f]
						}
					}
				}
				answered[i] = rec
			}
			o[ok2k] = answered
		}
	}
	return o
}

// pathWords are the words of an argument that name the things asked
// about one by one: a path, a file, a symbol.
var pathWords = map[string]bool{"path": true, "file": true, "filename": true, "url": true, "symbol": true, "ticker": true, "email": true}

// namedBy are the fields of a result's record that an argument's naming
// words name: "path" and "file" for filePath.
func namedBy(arg string, first map[string]any) []string {
	words := ident.Words(arg)
	if len(words) == 0 || !pathWords[words[len(words)-1]] {
		return nil
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(first)) {
		if _, isText := first[k].(string); !isText {
			continue
		}
		kw := ident.Words(k)
		if len(kw) == 1 && slices.Contains(words, kw[0]) && pathWords[kw[0]] {
			out = append(out, k)
		}
	}
	return out
}

// filterList reports whether a list argument filters what a call returns
// (tags, labels, types) rather than naming the things it is about.
func filterList(k string) bool {
	w := ident.Words(k)
	switch ident.Singular(w[len(w)-1]) {
	case "tag", "label", "type", "category", "status", "filter", "field", "column":
		return true
	}
	return false
}

// namingKey reports whether a field names or identifies a thing.
func namingKey(f string) bool {
	l := strings.ToLower(f)
	return l == "name" || l == "id" || l == "entityname" || l == "entity_name" || strings.HasSuffix(l, "_id") || strings.HasSuffix(f, "Id")
}

// lonelyList names a record's only list of strings, "" if it has none or
// several.
func lonelyList(rec map[string]any) string {
	found := ""
	for k, v := range rec {
		xs, ok := v.([]any)
		if !ok || len(xs) == 0 {
			continue
		}
		if _, isStr := xs[0].(string); !isStr {
			continue
		}
		if found != "" {
			return ""
		}
		found = k
	}
	return found
}

// namingFields are the fields of a result's records (first holds, or the
// item schema declares) that name what an argument k asked for: "name"
// for names: [...], the naming fields a record asked for shares with the
// result's.
func namingFields(k string, asked any, first, declared map[string]any) []string {
	var fields []string
	switch x := asked.(type) {
	case string:
		if f := strings.TrimSuffix(k, "s"); namingKey(f) && first[f] != nil {
			fields = []string{f}
		} else if n := namedBy(f, first); len(n) > 0 && !filterList(k) {
			fields = n // filePaths: [a.log, b.txt] → one result whose path is a.log, one b.txt
		}
	case map[string]any:
		for _, f := range slices.Sorted(maps.Keys(x)) {
			if namingKey(f) && (first[f] != nil || declared[f] != nil) {
				fields = append(fields, f)
			}
		}
	}
	return fields
}
