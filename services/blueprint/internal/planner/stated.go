package planner

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A person asking for something says what they need and leaves the rest to
// the service's defaults: the required values, and the one or two optional
// ones that change what they get (a name, a filter, a date range), not the
// delay, the hosting scale and the cookie of a screenshot API. Every value
// a call carries is one the user says (the assistant cannot know a value
// nobody said), so a value left unsaid is left out of the call too.

// maxOptional is the most optional values a person states for one call, or
// for one object inside a value.
const maxOptional = 2

// smallObject is the size up to which an object is said whole: a
// coordinate, an amount with its currency, a range are one thing.
const smallObject = 3

// Weights of what an optional value does for the person asking.
const (
	// weightSetting: how the service does it (a delay, a retry, a header).
	weightSetting = iota
	// weightOther: anything else.
	weightOther
	// weightScope: what comes back (a filter, a date range, a sort, a count).
	weightScope
	// weightSubject: which thing (its name, id, file, the query).
	weightSubject
)

// settingWords are name words of parameters that tune how a service does
// its work, not what it does: nobody asking for screenshots mentions the
// delay after page load or the S3 headers.
var settingWords = map[string]bool{
	"delay": true, "wait": true, "timeout": true, "retry": true, "retries": true, "priority": true, "scale": true,
	"cookie": true, "cookies": true, "header": true, "headers": true, "referer": true, "referrer": true, "agent": true,
	"script": true, "verbose": true, "debug": true, "trace": true, "async": true, "webhook": true, "cache": true,
	"encoding": true, "charset": true, "compress": true, "compression": true, "pretty": true, "indent": true,
	"details": true, "hosting": true, "proxy": true, "ttl": true, "flash": true, "dry": true, "post": true,
	"notify": true, "silent": true, "quiet": true, "version": true, "locking": true,
}

// scopeWords are name words of parameters that narrow or order what comes
// back, or say what kind of thing is made.
var scopeWords = map[string]bool{
	"status": true, "state": true, "type": true, "kind": true, "category": true, "categories": true, "tag": true,
	"tags": true, "genre": true, "topic": true, "since": true, "until": true, "after": true, "before": true,
	"start": true, "end": true, "from": true, "to": true, "date": true, "year": true, "month": true, "day": true,
	"lang": true, "language": true, "locale": true, "country": true, "region": true, "location": true,
	"currency": true, "amount": true, "price": true, "min": true, "max": true, "limit": true, "count": true,
	"top": true, "sort": true, "order": true, "direction": true, "filter": true, "role": true, "level": true,
	"mode": true, "color": true, "colour": true, "size": true, "city": true, "zip": true, "radius": true,
	"latitude": true, "longitude": true, "lat": true, "lon": true, "lng": true, "rating": true, "duration": true,
}

// subjectWords are name words of parameters that say which thing a request
// is about: what the user knows and says first.
var subjectWords = map[string]bool{
	"name": true, "title": true, "label": true, "query": true, "q": true, "search": true, "keyword": true,
	"keywords": true, "term": true, "terms": true, "file": true, "filename": true, "path": true, "url": true,
	"email": true, "username": true, "id": true, "ids": true, "uuid": true, "slug": true, "symbol": true,
	"ticker": true, "message": true, "subject": true, "text": true, "content": true, "body": true, "address": true,
	"phone": true, "handle": true, "isbn": true, "code": true, "number": true,
}

// paging are name words of parameters that page through results.
var paging = map[string]bool{"page": true, "offset": true, "skip": true, "per": true, "cursor": true}

// weight is how much an optional value named name matters to the person
// asking, by the words of its name and, where the name says nothing, its
// description; s is its schema.
func weight(name string, s map[string]any) int {
	ws := lowerWords(name)
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	for _, w := range ws {
		if settingWords[w] {
			return weightSetting
		}
	}
	if strings.Contains(d, "http header") || strings.Contains(d, "cookie") || strings.Contains(d, "for debugging") {
		return weightSetting
	}
	switch jsonschema.TypeOf(s) {
	case "object", "boolean":
		return weightOther
	}
	for _, w := range ws {
		if paging[w] {
			return weightOther // which page is the service's business, not the request's
		}
	}
	if len(ws) == 0 {
		return weightOther
	}
	first, last := ws[0], ws[len(ws)-1]
	// The thing itself ("name", "file", "query") or what identifies it
	// ("instance_id", "batch_name"); a URL or an email of something else
	// ("redirect_url", "notify_email") is a detail of it.
	if len(ws) == 1 && subjectWords[last] || identifying[last] {
		return weightSubject
	}
	if scopeWords[first] || scopeWords[last] {
		return weightScope
	}
	return weightOther
}

// identifying are the last name words of parameters that identify a thing
// (an instance ID, a batch name, an order number).
var identifying = map[string]bool{"id": true, "ids": true, "uuid": true, "name": true, "names": true, "title": true,
	"number": true, "code": true, "slug": true, "username": true, "query": true, "symbol": true}

func lowerWords(name string) []string {
	ws := wording.Words(name)
	for i := range ws {
		ws[i] = strings.ToLower(ws[i])
	}
	return ws
}

// partners reports whether two parameters are the two halves of one thing a
// person says together (latitude and longitude, min_price and max_price,
// start_date and end_date): either alone says half of it.
func partners(a, b string) bool {
	wa, wb := lowerWords(a), lowerWords(b)
	if len(wa) != len(wb) || len(wa) == 0 {
		return false
	}
	diff := -1
	for i := range wa {
		if wa[i] != wb[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	if diff < 0 {
		return false
	}
	pair := map[string]string{"lat": "lon", "latitude": "longitude", "min": "max", "start": "end", "from": "to",
		"first": "last", "since": "until", "after": "before", "lng": "lat", "minimum": "maximum", "begin": "end"}
	x, y := wa[diff], wb[diff]
	return pair[x] == y || pair[y] == x
}

// keepFew picks, of the optional keys present (in the order they were
// drawn), the few a person says: the ones that matter most, at most
// maxOptional of them, each with its partner.
func keepFew(present []string, weigh func(string) int) map[string]bool {
	keep := map[string]bool{}
	ranked := slices.Clone(present)
	slices.SortStableFunc(ranked, func(x, y string) int { return weigh(y) - weigh(x) })
	n := 0
	for _, k := range ranked {
		if n >= maxOptional {
			break
		}
		if keep[k] {
			continue
		}
		keep[k] = true
		n++
		for _, o := range present {
			if partners(k, o) {
				keep[o] = true
			}
		}
	}
	return keep
}

// fewOptional leaves in a call's chosen arguments the optional values a
// person would say: none equal to the service's default (asking for the
// default is asking for nothing), and of the others the few that matter
// most. drawn lists the optional parameters in the order they were chosen.
func fewOptional(t *catalog.Tool, chosen map[string]*blueprintv1.ArgumentBinding, drawn []string) {
	var present []string
	for _, p := range drawn {
		a := chosen[p]
		if a == nil || a.GetUser() == nil {
			continue
		}
		s, _ := t.ParamSchema(p)
		if isDefault(s, a.GetUser().GetValueJson()) {
			delete(chosen, p)
			continue
		}
		present = append(present, p)
	}
	weigh := func(p string) int {
		s, _ := t.ParamSchema(p)
		return weight(p, s)
	}
	// How the service does its work is left to it.
	present = slices.DeleteFunc(present, func(p string) bool {
		if weigh(p) == weightSetting {
			delete(chosen, p)
			return true
		}
		return false
	})
	keep := keepFew(present, weigh)
	for _, p := range present {
		if !keep[p] {
			delete(chosen, p)
		}
	}
}

// isDefault reports whether valueJSON is the schema's default.
func isDefault(s map[string]any, valueJSON string) bool {
	d, ok := s["default"]
	if !ok {
		return false
	}
	var v any
	if json.Unmarshal([]byte(valueJSON), &v) != nil {
		return false
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return false
	}
	var dv any
	if json.Unmarshal(raw, &dv) != nil {
		return false
	}
	return reflect.DeepEqual(v, dv)
}

// spare trims a value the user states to what a person says of it: in
// every object larger than a small one, its required fields and the few
// optional ones that matter most; a list's items each so. The value is
// JSON text; what comes back still validates against sch (else the value
// is kept whole).
func spare(root any, schema map[string]any, valueJSON string, sch *jsonschema.Schema) string {
	dec := json.NewDecoder(strings.NewReader(valueJSON))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return valueJSON
	}
	trimmed, changed := spareValue(root, schema, v, 0)
	if !changed {
		return valueJSON
	}
	raw, err := json.Marshal(trimmed)
	if err != nil || sch != nil && len(sch.ValidateJSON(raw)) > 0 {
		return valueJSON
	}
	return string(raw)
}

func spareValue(root any, schema any, v any, depth int) (any, bool) {
	s, ok := jsonschema.Resolve(root, schema)
	if !ok || depth > 8 {
		return v, false
	}
	switch x := v.(type) {
	case []any:
		items := s["items"]
		changed := false
		out := make([]any, len(x))
		for i, e := range x {
			var c bool
			out[i], c = spareValue(root, items, e, depth+1)
			changed = changed || c
		}
		return out, changed
	case map[string]any:
		return spareObject(root, s, x, depth)
	}
	return v, false
}

func spareObject(root any, s map[string]any, x map[string]any, depth int) (any, bool) {
	props, required := objectProps(root, s)
	if props == nil {
		return x, false
	}
	out := map[string]any{}
	changed := false
	var optional []string
	for _, k := range slices.Sorted(maps.Keys(x)) {
		if _, known := props[k]; known && !required[k] {
			// A page cursor, an idempotency token, a fixed value: the
			// protocol's, not what the person asks for.
			if ps, _ := props[k].(map[string]any); ps != nil && plumbing(root, k, ps) {
				changed = true
				continue
			}
			optional = append(optional, k)
		}
	}
	weigh := func(k string) int {
		ps, _ := jsonschema.Resolve(root, props[k])
		return weight(k, ps)
	}
	keep := map[string]bool{}
	if len(x) > smallObject && len(optional) > maxOptional {
		optional = slices.DeleteFunc(optional, func(k string) bool { return weigh(k) == weightSetting })
		keep = keepFew(optional, weigh)
	} else {
		for _, k := range optional {
			keep[k] = true
		}
	}
	for k, e := range x {
		if _, known := props[k]; known && !required[k] && !keep[k] {
			changed = true
			continue
		}
		var c bool
		out[k], c = spareValue(root, props[k], e, depth+1)
		changed = changed || c
	}
	return out, changed
}

// objectProps are an object schema's properties and required ones, its
// allOf parts merged; nil when it is an alternative of several (oneOf,
// anyOf), whose fields depend on which.
func objectProps(root any, s map[string]any) (map[string]any, map[string]bool) {
	if s["oneOf"] != nil || s["anyOf"] != nil {
		return nil, nil
	}
	props := map[string]any{}
	required := map[string]bool{}
	add := func(part map[string]any) {
		if ps, ok := part["properties"].(map[string]any); ok {
			maps.Copy(props, ps)
		}
		if req, ok := part["required"].([]any); ok {
			for _, r := range req {
				if name, ok := r.(string); ok {
					required[name] = true
				}
			}
		}
	}
	add(s)
	if all, ok := s["allOf"].([]any); ok {
		for _, part := range all {
			ps, ok := jsonschema.Resolve(root, part)
			if !ok || ps["oneOf"] != nil || ps["anyOf"] != nil {
				return nil, nil
			}
			add(ps)
		}
	}
	if len(props) == 0 {
		return nil, nil
	}
	return props, required
}

// propsFor are the properties and required ones of the object schema s
// that value obj is: s's own, or, for an alternative of several (anyOf,
// oneOf), those of the first alternative that has every field obj has.
func propsFor(root any, s map[string]any, obj map[string]any) (map[string]any, map[string]bool) {
	if props, required := objectProps(root, s); props != nil {
		return props, required
	}
	has := func(props map[string]any) bool {
		return props != nil && !slices.ContainsFunc(slices.Collect(maps.Keys(obj)), func(f string) bool { _, known := props[f]; return !known })
	}
	// Its own fields beside the alternatives (a filter's common fields).
	own := maps.Clone(s)
	delete(own, "anyOf")
	delete(own, "oneOf")
	if props, required := objectProps(root, own); has(props) {
		return props, required
	}
	for _, k := range []string{"anyOf", "oneOf"} {
		alts, _ := s[k].([]any)
		for _, alt := range alts {
			as, ok := jsonschema.Resolve(root, alt)
			if !ok {
				continue
			}
			if props, required := propsFor(root, as, obj); has(props) {
				return props, required
			}
		}
	}
	return nil, nil
}

// literalParts takes out of every object the user states the fields that
// can hold one value only (a filter's objectType: KalturaLikeFilter) and
// the idempotency tokens the client makes up: the protocol's, which the
// assistant fills in, bound as literals by their
// paths ($.body.filter.objectType) after the value they belong in. The
// user says what the filter asks for, never its type's name.
func (b *builder) literalParts() {
	for _, in := range b.intents {
		for _, c := range in.calls {
			t := b.tool[c.GetId()]
			if t == nil || t.Builtin {
				continue
			}
			var out []*blueprintv1.ArgumentBinding
			for _, a := range c.GetArguments() {
				out = append(out, a)
				u := a.GetUser()
				s, ok := t.ParamSchema(a.GetParam())
				if u == nil || !ok || strings.HasPrefix(a.GetParam(), "$") {
					continue
				}
				v, err := jsonschema.Decode([]byte(u.GetValueJson()))
				obj, isObj := v.(map[string]any)
				if err != nil || !isObj {
					continue
				}
				parts := b.constFields(t.Input, s, obj, []string{a.GetParam()}, 0)
				if len(parts) == 0 {
					continue
				}
				raw, err := json.Marshal(obj)
				if err != nil {
					continue
				}
				u.ValueJson = string(raw)
				out = append(out, parts...)
			}
			c.Arguments = out
		}
	}
}

// constFields removes from obj (schema s under root, at path) the fields
// that hold the one value their schema allows, and returns them as
// literal bindings by their paths; objects inside are searched too.
func (b *builder) constFields(root any, s map[string]any, obj map[string]any, path []string, depth int) []*blueprintv1.ArgumentBinding {
	rs, ok := jsonschema.Resolve(root, s)
	if !ok || depth > 6 {
		return nil
	}
	props, _ := propsFor(root, rs, obj)
	var out []*blueprintv1.ArgumentBinding
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		ps, ok := jsonschema.Resolve(root, props[k])
		if !ok {
			continue
		}
		at := append(slices.Clone(path), k)
		lit, fixed := constOf(root, ps)
		if !fixed && typeName(root, rs, obj[k]) {
			// The name of the schema type the value is (a filter's
			// objectType: KalturaConferenceEntryServerNodeFilter).
			lit, fixed = jsonText(obj[k])
		}
		if !fixed && idempotencyToken(k, ps) {
			// A required idempotency token (optional ones are left out):
			// the client makes it up.
			drawn := obj[k]
			lit, fixed = b.clientToken(ps, func() string { raw, _ := json.Marshal(drawn); return string(raw) }), true
		}
		if fixed {
			steps := make([]jsonpath.Step, 0, len(at))
			for _, f := range at {
				steps = append(steps, jsonpath.Step{Field: f})
			}
			out = append(out, &blueprintv1.ArgumentBinding{Param: "$" + jsonpath.Format(steps), Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: lit}})
			delete(obj, k)
			continue
		}
		if inner, isObj := obj[k].(map[string]any); isObj {
			out = append(out, b.constFields(root, ps, inner, at, depth+1)...)
		}
	}
	return out
}

// typeName reports whether v is the title of one of the alternatives
// (anyOf, oneOf) of object schema s: the value names which schema type the
// object is, the protocol's discriminator, no word of the user's.
func typeName(root any, s map[string]any, v any) bool {
	name, ok := v.(string)
	if !ok || name == "" {
		return false
	}
	for _, k := range []string{"anyOf", "oneOf"} {
		alts, _ := s[k].([]any)
		for _, alt := range alts {
			if as, ok := jsonschema.Resolve(root, alt); ok && (as["title"] == name || as["x-ref"] == name) {
				return true
			}
			if am, ok := alt.(map[string]any); ok && (am["title"] == name || am["x-ref"] == name) {
				return true
			}
		}
	}
	return false
}

// jsonText is v as JSON text.
func jsonText(v any) (string, bool) {
	raw, err := json.Marshal(v)
	return string(raw), err == nil
}
