package sim

import (
	"encoding/json"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/paramdoc"
)

const maxDepth = 6

// typeNames are JSON and language type names that some schemas put where a
// value belongs ("default": "Int"); never a value.
var typeNames = map[string]bool{"int": true, "integer": true, "string": true, "str": true, "number": true, "float": true,
	"double": true, "long": true, "boolean": true, "bool": true, "object": true, "array": true, "null": true, "any": true}

func usableLiteral(x any) bool {
	s, ok := x.(string)
	if !ok {
		return true
	}
	t := strings.TrimSpace(s)
	// "{user}", "<name>", "${TOKEN}": a template's slot, not a value.
	slot := len(t) > 2 && (t[0] == '{' && t[len(t)-1] == '}' || t[0] == '<' && t[len(t)-1] == '>' || strings.HasPrefix(t, "${"))
	return t != "" && !typeNames[strings.ToLower(t)] && !slot
}

// gen generates a value for schema: a value the schema fixes, one of the
// alternatives it combines, a default or example it gives, else a value of
// its type. The steps draw from v.r in this order, which keeps a dataset
// the same for the same seed (docs/design.md, "Models").
func (v *Values) gen(root, schema any, name, parent string, depth int) any {
	s, ok := jsonschema.Resolve(root, schema)
	if !ok {
		return v.str(map[string]any{}, name, parent)
	}
	if depth > maxDepth {
		return v.shallow(root, s, name, parent, depth)
	}
	if x, ok := v.fixed(s); ok {
		return x
	}
	if merged, ok := combined(root, s); ok {
		return v.gen(root, merged, name, parent, depth+1)
	}
	if x, ok := v.given(s); ok {
		return x
	}
	return v.ofType(root, s, name, parent, depth)
}

// shallow is a value below the depth values are drawn to: still of the
// schema's type (a number, a list, an object of its required fields), as
// small as the schema allows, so that a deep record stays valid.
func (v *Values) shallow(root any, s map[string]any, name, parent string, depth int) any {
	if x, ok := v.fixed(s); ok {
		return x
	}
	if merged, ok := combined(root, s); ok && depth < maxDepth+4 {
		return v.shallow(root, merged, name, parent, depth+1)
	}
	switch jsonschema.TypeOf(s) {
	case "integer":
		return v.numberFor(s, name, parent, true)
	case "number":
		return v.numberFor(s, name, parent, false)
	case "boolean":
		return false
	case "null":
		return nil
	case "array":
		out := []any{}
		if m, _ := num(s["minItems"]); m > 0 && depth < maxDepth+4 {
			if is, ok := jsonschema.Resolve(root, s["items"]); ok {
				for range int(m) {
					out = append(out, v.shallow(root, is, ident.Singular(name), parent, depth+1))
				}
			}
		}
		return out
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(requiredOf(s))) {
			ps, ok := jsonschema.Resolve(root, props[k])
			if !ok || depth >= maxDepth+4 {
				out[k] = v.str(map[string]any{}, k, parent)
				continue
			}
			out[k] = v.shallow(root, ps, k, parent, depth+1)
		}
		return out
	}
	return v.str(s, name, parent)
}

// fixed is the value a schema fixes: its const, or one of its enum.
func (v *Values) fixed(s map[string]any) (any, bool) {
	if c, ok := s["const"]; ok {
		return c, true
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[v.r.IntN(len(e))], true
	}
	return nil, false
}

// combined is the schema a oneOf, anyOf or allOf stands for: the first
// non-null alternative (the one authors mean) with the siblings beside it,
// or all parts merged.
func combined(root any, s map[string]any) (map[string]any, bool) {
	for _, k := range []string{"oneOf", "anyOf"} {
		if alts, ok := s[k].([]any); ok && len(alts) > 0 {
			for _, alt := range alts {
				if as, ok := jsonschema.Resolve(root, alt); ok && jsonschema.TypeOf(as) != "null" {
					return mergeSiblings(s, as, k), true
				}
			}
		}
	}
	all, ok := s["allOf"].([]any)
	if !ok || len(all) == 0 {
		return nil, false
	}
	merged := map[string]any{}
	for _, part := range all {
		if ps, ok := jsonschema.Resolve(root, part); ok {
			mergeInto(merged, ps)
		}
	}
	for k, val := range s {
		if k != "allOf" {
			merged[k] = val
		}
	}
	return merged, true
}

// given is, now and then, the schema's default or one of its examples: the
// values an API's users send most.
func (v *Values) given(s map[string]any) (any, bool) {
	if d, ok := s["default"]; ok && v.r.IntN(3) == 0 && usableLiteral(d) {
		return d, true
	}
	if ex, ok := s["examples"].([]any); ok && len(ex) > 0 && v.r.IntN(2) == 0 {
		if x := ex[v.r.IntN(len(ex))]; usableLiteral(x) {
			return x, true
		}
	}
	return nil, false
}

// ofType generates a value of the schema's type.
func (v *Values) ofType(root any, s map[string]any, name, parent string, depth int) any {
	switch jsonschema.TypeOf(s) {
	case "object":
		return v.object(root, s, name, parent, depth)
	case "array":
		return v.array(root, s, name, parent, depth)
	case "integer":
		return v.numberFor(s, name, parent, true)
	case "number":
		return v.numberFor(s, name, parent, false)
	case "boolean":
		return v.r.IntN(2) == 0
	case "null":
		return nil
	default:
		return v.str(s, name, parent)
	}
}

// objectNoun is the entity an object describes: its title, the property
// holding it ("customer", the items of "orders"), else the enclosing one.
func objectNoun(s map[string]any, name, parent string) string {
	if t, ok := s["title"].(string); ok && t != "" && !strings.Contains(t, " ") && !codeTitle(t) {
		parts := strings.Split(normalise(t), "_")
		for len(parts) > 1 && titleQualifiers[parts[len(parts)-1]] {
			parts = parts[:len(parts)-1] // "ConditionProbability_Public": a condition's probability, not a public
		}
		if last := parts[len(parts)-1]; !typeWords[last] || name == "" {
			return ident.Singular(last) // BigOven.Model.Recipe: a recipe
		}
		// "VideoConstantNumber": a type's name, the property says the thing ("licence").
	}
	if n := normalise(name); n != "" && n != "item" && n != "data" && n != "result" && n != "results" && n != "body" && n != "value" && n != "response" {
		parts := strings.Split(n, "_")
		if len(parts) > 1 && endPrepositions[parts[len(parts)-1]] {
			return n // "shared_with": whom it is shared with, not a "with"
		}
		return ident.Singular(parts[len(parts)-1])
	}
	return parent
}

// titleQualifiers end a schema's title after the thing it is: which
// edition of the schema it is, not a thing.
var titleQualifiers = map[string]bool{"public": true, "private": true, "dto": true, "model": true, "schema": true, "response": true,
	"request": true, "input": true, "output": true, "v1": true, "v2": true, "v3": true, "internal": true, "full": true, "summary": true,
	"info": true, "details": true}

// endPrepositions end a property's name that says whom or what its
// object is for ("shared_with", "assigned_to").
var endPrepositions = map[string]bool{"with": true, "to": true, "by": true, "for": true, "from": true}

// typeWords end a schema's title that names a type, not a thing.
var typeWords = map[string]bool{"number": true, "string": true, "constant": true, "enum": true, "object": true, "integer": true,
	"boolean": true, "map": true, "array": true, "list": true}

// codeTitle reports whether a schema title is a code ("dfr061", "air06"),
// not the name of a thing: letters then digits.
func codeTitle(t string) bool {
	i := strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' })
	return i > 0 && strings.TrimLeft(t[i:], "0123456789") == "" && len(t)-i >= 2
}

// object generates an object: most of its properties, as real payloads
// carry most of their fields, every required one, and entries of a map
// where the schema leaves the keys open.
func (v *Values) object(root any, s map[string]any, name, parent string, depth int) any {
	props, _ := s["properties"].(map[string]any)
	noun := objectNoun(s, name, parent)
	if depth == 0 && noun == "" {
		noun = v.subj.noun
	}
	// An object the schema leaves open ({"type": "object", "title":
	// "ApiKey"}, an unresolved reference) holds what such a thing holds,
	// not nothing: the fields output inference gives the noun.
	addl, _ := s["additionalProperties"].(map[string]any)
	if len(props) == 0 && s["additionalProperties"] != false && len(addl) == 0 && depth < 4 {
		// A map ({"additionalProperties": {"type": "string"}}) says what its
		// entries hold: mapEntries fills it.
		if n := thingNoun(noun); n != "" && n != "item" {
			shape := entity(n)
			return v.object(shape, shape, name, parent, depth+1)
		}
	}
	// The fields of one object that name places name one place.
	scope, siblings := v.scope, v.siblings
	v.scope, v.siblings = &placeScope{us: americanFields(props)}, props
	defer func() { v.scope, v.siblings = scope, siblings }()
	if _, ok := props[".tag"]; ok {
		union := v.union
		desc, _ := s["description"].(string)
		v.union = unionCase{name: name, desc: desc}
		if depth == 0 && v.output > 0 {
			v.union.name = "result" // a response that is a union says how the call went
		}
		defer func() { v.union = union }()
	}
	required := requiredOf(s)
	out := v.properties(root, props, required, noun, depth)
	for _, k := range slices.Sorted(maps.Keys(required)) { // in order: each draws from v.r
		if _, ok := out[k]; !ok {
			out[k] = v.str(map[string]any{}, k, noun)
		}
	}
	v.agreePatch(props, out)
	if v.output > 0 {
		v.agreeOutcome(root, props, required, out)
		v.agreeTimeline(root, props, out)
		v.agreeContact(root, props, noun, out)
		v.agreeRanges(root, props, out)
		v.agreeCounts(root, props, out)
	}
	minP, _ := num(s["minProperties"])
	if len(out) < int(minP) || len(props) == 0 && s["additionalProperties"] != nil && s["additionalProperties"] != false && v.r.IntN(2) == 0 {
		v.mapEntries(root, s, out, int(minP), noun, depth)
	}
	return out
}

// httpFields reports whether an object's properties are those of an HTTP
// request or of a place in an HTTP API: a method, a status code, a route.
func httpFields(props map[string]any) bool {
	for k := range props {
		switch normalise(k) {
		case "method", "http_method", "verb", "http_verb", "status_code", "http_status", "route_key", "resource_method", "operation_id":
			return true
		}
	}
	return false
}

// errorField reports whether a property holds what went wrong ("Error",
// "error_message"): a response that worked leaves it out.
func errorField(name string) bool {
	switch normalise(name) {
	case "error", "errors", "error_message", "error_description", "error_code", "error_details", "failure_reason":
		return true
	}
	return false
}

// requiredOf is the set of the properties a schema requires.
func requiredOf(s map[string]any) map[string]bool {
	required := map[string]bool{}
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			if name, ok := r.(string); ok {
				required[name] = true
			}
		}
	}
	return required
}

// properties generates the required properties and most of the others
// (an empty object says nothing); sibling strings of one kind differ: an
// origin and a destination are two airports.
func (v *Values) properties(root any, props map[string]any, required map[string]bool, noun string, depth int) map[string]any {
	out := map[string]any{}
	seen := map[string]bool{}
	keys := slices.Sorted(maps.Keys(props))
	// Where or which a thing is goes first: a file's content is written
	// for the path it will have, an entity's facts for the entity.
	slices.SortStableFunc(keys, func(a, b string) int { return namesPlace(b) - namesPlace(a) })
	keep := map[string]bool{}
	listing := depth <= 1 && v.listsThings()
	for _, k := range keys {
		keep[k] = required[k] || v.r.IntN(6) > 0 || listing && isList(root, props[k]) && !troubleList(k)
	}
	if len(required) == 0 && len(keys) > 0 {
		keep[keys[v.r.IntN(len(keys))]] = true
	}
	for _, k := range keys {
		if !keep[k] {
			continue
		}
		withheld := v.output > 0 && v.withheld(root, props[k], k)
		if withheld && !required[k] || v.output > 0 && !required[k] && errorField(k) {
			continue // a response does not send a password back, nor an error when the call worked
		}
		x := v.gen(root, props[k], k, noun, depth+1)
		if withheld {
			ps, _ := jsonschema.Resolve(root, props[k])
			x = masked(ps, x)
		}
		if str, ok := x.(string); ok && seen[str] && len(str) > 1 && !v.scope.names(str) {
			x = v.Different(root, props[k], k, x)
		}
		if str, ok := x.(string); ok {
			seen[str] = true
		}
		out[k] = x
	}
	return out
}

// mapEntries fills a map: keys of the kind the description or the entity
// suggests, values of the schema's additionalProperties, at least minP
// entries in all.
func (v *Values) mapEntries(root any, s, out map[string]any, minP int, noun string, depth int) {
	addl, _ := jsonschema.Resolve(root, s["additionalProperties"])
	for i := 0; (len(out) < minP || i < 2) && i < 32; i++ {
		k := v.mapKey(noun, i)
		if _, dup := out[k]; dup {
			continue
		}
		if len(addl) > 0 {
			out[k] = v.gen(root, addl, k, noun, depth+1)
		} else {
			out[k] = v.str(map[string]any{}, k, noun)
		}
	}
}

// mapKeys are keys of free-form maps (labels, metadata, settings).
var mapKeys = []string{"environment", "team", "owner", "source", "region", "priority", "project", "cost_center", "tier", "channel"}

func (v *Values) mapKey(noun string, i int) string {
	return mapKeys[(v.r.IntN(len(mapKeys))+i)%len(mapKeys)]
}

// listBounds are how many items a list of schema s at depth holds, at
// least and at most.
func (v *Values) listBounds(s map[string]any, name string, depth int) (int, int) {
	lo, hi := 1, 3
	if m, ok := num(s["minItems"]); ok {
		lo = int(m)
		if hi < lo {
			hi = lo
		}
	}
	if m, ok := num(s["maxItems"]); ok && int(m) < hi {
		hi = int(m)
		if lo > hi {
			lo = hi
		}
	}
	if lo < 2 && hi >= 2 && depth <= 2 && !troubleList(name) && v.listsThings() {
		lo = 2 // a listing's own list lists several things
	}
	return lo, hi
}

func (v *Values) array(root any, s map[string]any, name, parent string, depth int) any {
	lo, hi := v.listBounds(s, name, depth)
	n := lo + v.r.IntN(hi-lo+1)
	item := ident.Singular(strings.TrimSuffix(strings.TrimSuffix(name, "_list"), "List"))
	// A list's description often speaks for its items ("countries by
	// 2-letter ISO code, such as DE or US" over items that say nothing).
	items := s["items"]
	if is, ok := jsonschema.Resolve(root, items); ok {
		if _, has := is["description"]; !has {
			if d, ok := s["description"].(string); ok && d != "" && jsonschema.TypeOf(is) != "object" {
				withDesc := maps.Clone(is)
				withDesc["description"] = d
				items = withDesc
			}
		}
	}
	if crit, ok := v.criteria(root, s, n); ok {
		return crit
	}
	itemRoot, itemDepth := root, depth
	if shape, ok := openItems(root, items, name, s, parent, v.subj.noun); ok {
		// Items the schema leaves without fields hold what such a thing
		// holds, never nothing ({}), at any depth.
		items, itemRoot, itemDepth = shape, shape, min(depth, maxDepth-2)
	}
	out := make([]any, 0, n)
	seen := map[string]bool{}
	// Items of a list are different entities: none comes from memory, and
	// repeats are drawn again.
	v.fresh++
	scope := v.scope
	v.scope = nil // each item is a place of its own
	defer func() { v.fresh--; v.scope = scope }()
	for tries := 0; len(out) < n && tries < 8*n+8; tries++ {
		var x any
		if tuple, ok := s["prefixItems"].([]any); ok && len(out) < len(tuple) {
			x = v.gen(root, tuple[len(out)], item, parent, depth+1)
		} else {
			x = v.gen(itemRoot, items, item, parent, itemDepth+1)
		}
		if o, ok := x.(map[string]any); ok && itemDepth != depth {
			// A shape of our own: no one settles it against the schema.
			ps, _ := items.(map[string]any)
			props, _ := ps["properties"].(map[string]any)
			agreeUnfinished(itemRoot, ps, props, o)
		}
		b, _ := json.Marshal(x)
		if seen[string(b)] && (s["uniqueItems"] == true || tries < 4*n) {
			continue
		}
		seen[string(b)] = true
		out = append(out, x)
	}
	return out
}

// openItems is the shape of a list's items that the schema leaves as
// objects without fields ({"type": "object", "title": "Runway"}, an
// unresolved reference): the fields a thing the list's name, the items'
// title, the list's description, the object around it or the tool names
// has ("Words" hold words, "BoundingPoints" points, a deleted material's
// "data" the material), else the ids of the things listed.
func openItems(root, items any, name string, list map[string]any, parent, subject string) (map[string]any, bool) {
	is, ok := jsonschema.Resolve(root, items)
	if !ok || jsonschema.TypeOf(is) != "object" {
		return nil, false
	}
	if props, _ := is["properties"].(map[string]any); len(props) > 0 {
		return nil, false
	}
	if _, open := is["additionalProperties"].(map[string]any); open {
		return nil, false // a map: its entries say what it holds
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf", "const", "enum"} {
		if _, has := is[k]; has {
			return nil, false
		}
	}
	title, _ := is["title"].(string)
	desc, _ := list["description"].(string)
	for _, n := range []string{thingNoun(normalise(name)), thingNoun(normalise(title)), describedThing(desc), parent, subject} {
		if n != "" && n != "item" && plainWord(n) {
			shape := entity(n)
			props, _ := shape["properties"].(map[string]any)
			var all []any
			for _, k := range slices.Sorted(maps.Keys(props)) {
				if !endStamp(k) { // work not ended has no end
					all = append(all, k)
				}
			}
			shape["required"] = all // the items of one list are alike
			return shape, true
		}
	}
	return object("", props{"id": str("Identifier of the listed item", "", "")}), true
}

// describedThing is the thing a list's description says it holds: "Word
// objects in the line", "A list of the negative balances compensated".
func describedThing(desc string) string {
	m := listOfRe.FindStringSubmatch(strings.ToLower(desc))
	if m == nil {
		return ""
	}
	return ident.Singular(m[1])
}

// listOfRe reads the plural a list's description names first.
var listOfRe = regexp.MustCompile(`^(?:an? |the )?(?:list|array|set|collection)? ?(?:of )?(?:the |all )?(?:[a-z]+ )?([a-z]{3,}s)\b`)

var (
	betweenRe = regexp.MustCompile(`(?i)(?:between|from|range(?:s)?(?: from)?|in the range(?: of)?)\s+\[?(-?\d+(?:\.\d+)?)\s*(?:and|to|-|–|,)\s*(-?\d+(?:\.\d+)?)`)
	parenRe   = regexp.MustCompile(`\((-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\)`)
	maxRe     = regexp.MustCompile(`(?i)(?:maximum(?: value)?(?: of| is|:)?|max(?:imum)?\.?:?|up to|at most|no more than|cannot exceed|limit(?: of| is)?)\s+(\d+(?:\.\d+)?)`)
	minRe     = regexp.MustCompile(`(?i)(?:minimum(?: value)?(?: of| is|:)?|at least|min\.?:?)\s+(-?\d+(?:\.\d+)?)`)
)

// kindRange is the range a number of this meaning takes, and its decimals:
// the field's own words narrow some meanings (a birth year, a change in
// percent, a thermostat's setting), the others have one range each.
func kindRange(f field, integer bool) (lo, hi float64, decimals int) {
	switch f.kind {
	case kYear:
		if strings.Contains(f.text, "birth") {
			return 1950, 2004, 0
		}
		return 2019, 2026, 0
	case kPercent:
		if hasAny(f.norm, "change", "delta", "diff", "growth") || strings.Contains(f.text, "change") {
			return -8, 8, 2
		}
		if hasAny(f.norm, "vat", "tax", "sales_tax", "vat_rate", "tax_rate") {
			return 5, 25, 0 // the rates countries levy
		}
		return 1, 99, 1
	case kRating:
		if strings.Contains(f.text, "10") && !strings.Contains(f.text, "5") {
			return 1, 10, 1
		}
		if hasAny(f.norm, "priority", "severity") {
			return 1, 5, 0
		}
		return 1, 5, 1
	case kPressure:
		if strings.Contains(f.text, "bar") {
			return 2, 2.8, 1
		}
		return 28, 36, 1
	case kAngle:
		if strings.Contains(f.text, "slope") || hasAny(f.norm, "slope") {
			return 0, 15, 1
		}
		return 0, 359, 0
	case kSubSecond:
		if hasAny(f.norm, "nanos", "nanoseconds") {
			return 0, 999_999_999, 0
		}
		return 0, 999_999, 0
	case kTemp:
		if strings.Contains(f.text, "fahrenheit") {
			return 20, 95, 1
		}
		if f.settable {
			return 17, 26, 1 // what one sets a room or a car to
		}
		return -5, 35, 1
	}
	if r, ok := kindRanges[f.kind]; ok {
		return r.lo, r.hi, r.decimals
	}
	return 1, 100, 2
}

// numberRange is an inclusive range of numbers and the decimals they are
// written with.
type numberRange struct {
	lo, hi   float64
	decimals int
}

// kindRanges are the ranges of the numeric meanings whose range the
// field's words do not change.
var kindRanges = map[kind]numberRange{
	kCount:      {5, 50, 0},
	kPage:       {1, 5, 0},
	kOffset:     {0, 100, 0},
	kQuantity:   {1, 6, 0},
	kMonth:      {1, 12, 0},
	kDay:        {1, 28, 0},
	kHour:       {0, 23, 0},
	kMinute:     {0, 59, 0},
	kAge:        {18, 80, 0},
	kLatitude:   {-55, 65, 4},
	kLongitude:  {-150, 150, 4},
	kFraction:   {0, 1, 2},
	kSampling:   {0, 1, 2},
	kVoltage:    {11.8, 14.6, 1},
	kRGB:        {0, 255, 0},
	kSeconds:    {5, 300, 0},
	kMillis:     {100, 5000, 0},
	kEpoch:      {1.70e9, 1.79e9, 0},
	kEpochMilli: {1.70e12, 1.79e12, 0},
	kSubSecond:  {0, 999_999, 0},
	kSpeed:      {30, 130, 1},
	kDistance:   {1, 500, 1},
	kVolume:     {1000, 5e6, 0},
	kWeight:     {1, 80, 1},
	kSize:       {1, 1000, 0},
	kNumID:      {1000, 99999, 0},
	kZip:        {10001, 99950, 0},
	kCVV:        {100, 999, 0},
	kTally:      {0, 120, 0},
	kAmount:     {5, 950, 2},
}

// numberFor returns a number that fits the schema and the field's meaning.
func (v *Values) numberFor(s map[string]any, name, parent string, integer bool) any {
	f := classify(name, s, parent, true, v.subj.text)
	if x, ok := v.placedGeo(f.kind); ok && !integer && withinBounds(s, x) {
		return x // the object's city is where it is
	}
	x, decimals := v.numberIn(s, f, integer)
	if integer || decimals == 0 && s["multipleOf"] == nil && jsonschema.TypeOf(s) == "integer" {
		return int64(x)
	}
	return x
}

// rangeFor is the inclusive range and decimals of a number for the field:
// the meaning's range, narrowed by what the description states, within the
// schema's bounds.
func rangeFor(s map[string]any, f field, integer bool) (lo, hi float64, decimals int) {
	lo, hi, decimals = kindRange(f, integer)
	if f.kind == kText {
		// A number of no known meaning ranges over what the schema allows.
		a, okA := num(s["minimum"])
		b, okB := num(s["maximum"])
		if okA && okB && a < b {
			lo, hi = a, b
		}
	}
	lo, hi = describedRange(f, lo, hi)
	return schemaRange(s, lo, hi, decimals, integer)
}

// describedRange narrows a meaning's range to the one the description
// states, which wins over the meaning's.
func describedRange(f field, lo, hi float64) (float64, float64) {
	if m := betweenRe.FindStringSubmatch(f.raw); m != nil {
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		if a < b {
			lo, hi = clampRange(lo, hi, a, b)
		}
	} else if m := parenRe.FindStringSubmatch(f.raw); m != nil {
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		if a < b {
			lo, hi = clampRange(lo, hi, a, b)
		}
	}
	if m := maxRe.FindStringSubmatch(f.raw); m != nil {
		if b, err := strconv.ParseFloat(m[1], 64); err == nil && b > 0 && b < hi {
			hi = b
			if lo > hi {
				lo = 0
			}
		}
	}
	if m := minRe.FindStringSubmatch(f.raw); m != nil {
		if a, err := strconv.ParseFloat(m[1], 64); err == nil && a > lo && a <= hi {
			lo = a
		}
	}
	return lo, hi
}

// schemaRange narrows a range to the schema's bounds.
func schemaRange(s map[string]any, lo, hi float64, decimals int, integer bool) (float64, float64, int) {
	step := math.Pow(10, -float64(decimals))
	if integer {
		step = 1
		decimals = 0
	}
	if m, ok := num(s["minimum"]); ok {
		lo = math.Max(lo, m)
		if hi < lo {
			hi = lo + 10*math.Max(1, math.Abs(lo)/10)
		}
	}
	if m, ok := num(s["exclusiveMinimum"]); ok {
		lo = math.Max(lo, m+step)
		if hi < lo {
			hi = lo + 100
		}
	}
	if m, ok := num(s["maximum"]); ok {
		hi = math.Min(hi, m)
		if lo > hi {
			lo = hi - 100
			if mn, ok := num(s["minimum"]); ok && lo < mn {
				lo = mn
			}
		}
	}
	if m, ok := num(s["exclusiveMaximum"]); ok {
		hi = math.Min(hi, m-step)
		if lo > hi {
			lo = hi
		}
	}
	return lo, hi, decimals
}

func (v *Values) numberIn(s map[string]any, f field, integer bool) (float64, int) {
	lo, hi, decimals := rangeFor(s, f, integer)
	step := math.Pow(10, -float64(decimals))
	if integer {
		step = 1
	}
	if m, ok := num(s["multipleOf"]); ok && m > 0 {
		a, b := math.Ceil(lo/m), math.Floor(hi/m)
		if b < a {
			b = a
		}
		k := a + float64(v.r.Int64N(int64(math.Min(b-a, 1e12))+1))
		return math.Round(k*m*1e6) / 1e6, decimals
	}
	if integer || decimals == 0 {
		a, b := math.Ceil(lo), math.Floor(hi)
		if b < a {
			b = a
		}
		// Page sizes and limits are round numbers.
		if f.kind == kCount {
			var round []float64
			for _, c := range []float64{5, 10, 10, 20, 25, 50, 100} {
				if c >= a && c <= b {
					round = append(round, c)
				}
			}
			if len(round) > 0 {
				return round[v.r.IntN(len(round))], 0
			}
		}
		if f.kind == kOffset {
			return math.Min(b, a+float64(10*v.r.IntN(6))), 0
		}
		return a + float64(v.r.Int64N(int64(math.Min(b-a, 1e15))+1)), 0
	}
	x := lo + v.r.Float64()*(hi-lo)
	p := math.Pow(10, float64(decimals))
	x = math.Round(x*p) / p
	if x < lo {
		x += step
	}
	if x > hi {
		x -= step
	}
	return x, decimals
}

// clampRange narrows the meaning's range to the stated one, or takes the
// stated one when they do not meet.
func clampRange(lo, hi, a, b float64) (float64, float64) {
	if lo >= a && hi <= b {
		return lo, hi
	}
	nlo, nhi := math.Max(lo, a), math.Min(hi, b)
	if nlo > nhi {
		return a, b
	}
	return nlo, nhi
}

// numericString writes a number of the field's meaning as a string field
// holds it.
func (v *Values) numericString(s map[string]any, f field) string {
	x, decimals := v.numberIn(map[string]any{}, f, false)
	if decimals == 0 {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', decimals, 64)
}

// str returns a string that fits the schema and the field's meaning.
func (v *Values) str(s map[string]any, name, parent string) string {
	if name == ".tag" && v.union.name != "" {
		return v.unionTag() // which case of a tagged union a value is
	}
	s = v.described(s, name)
	f := classify(name, s, parent, false, v.subj.text)
	if f.kind == kPath && httpFields(v.siblings) {
		f.kind = kAPIPath // a documentation part's location: {method, path, statusCode}
	}
	key := v.memoKey(f)
	if key != "" && v.fresh == 0 {
		if m, ok := v.mem[key]; ok && fitsString(s, m) && v.suitsTool(f, m) {
			return m
		}
	}
	var out string
	for try := range 6 {
		out = v.fit(s, f, v.rawString(s, f))
		if fitsString(s, out) && usableLiteral(out) || try == 5 {
			break
		}
	}
	if key != "" && v.fresh == 0 {
		v.mem[key] = out
	}
	if v.output > 0 && v.translating() {
		if t, ok := v.translationAnswer(f); ok && fitsString(s, t) {
			out = t
		}
	}
	if v.output > 0 && storedSecret(f) && !v.issues() {
		if p := partly(out); fitsString(s, p) {
			out = p
		}
	}
	if f.kind == kPath {
		v.mem["path:last"] = out // the file a content beside it is for
	}
	return out
}

// described is a string's schema with the description another schema of
// the cluster gives a field of its name, where it has none of its own.
func (v *Values) described(s map[string]any, name string) map[string]any {
	if d, _ := s["description"].(string); d != "" || name == "" {
		return s
	}
	learnt := v.descs[normalise(name)]
	if learnt == "" {
		return s
	}
	c := make(map[string]any, len(s)+1)
	for k, x := range s {
		c[k] = x
	}
	c["description"] = learnt
	return c
}

// memoKey names the entity a field holds, for the kinds that name one.
func (v *Values) memoKey(f field) string {
	if perRequest(f) {
		return "" // each request carries its own
	}
	switch f.kind {
	case kID, kPerson, kFirstName, kLastName, kUsername, kEmail, kPhone, kCompany, kCity, kAddress, kStreet, kZip,
		kTicker, kProduct, kCountryName, kFileName, kFolder, kPath, kRepo, kCardNumber, kIBAN, kSecret, kPassword:
		if f.kind == kID && f.noun != "" {
			return "id:" + f.noun
		}
		if f.kind == kPath && v.wantsDir(f) && v.makesFolder() {
			return "newdir:" + f.norm // a folder made is not the one worked in
		}
		if f.kind == kPath && v.wantsDir(f) {
			return "dir:" + f.norm // a folder and a file are not one path
		}
		if f.kind == kPath && v.mediaTool() {
			return "media:" + f.norm // an image is not the document the plan writes
		}
		return string(f.kind) + ":" + f.norm
	}
	return ""
}

// perRequest reports whether a field identifies one request rather than an
// entity: a request, correlation or trace id, an idempotency key, a nonce.
// A client makes a new one for every call, so no two calls of a
// conversation share it (a response echoes the one its request sent).
func perRequest(f field) bool {
	n := f.norm
	switch {
	case hasAny(n, "correlation_id", "trace_id", "span_id", "idempotency_key", "nonce", "client_request_id"):
		return true
	case strings.HasPrefix(n, "x_") && strings.Contains(n, "request_id"):
		return true // a request header: X-Request-Id, X-Bunq-Client-Request-Id
	}
	for _, w := range []string{"each request", "every request", "per request", "idempotenc", "correlat"} {
		if strings.Contains(f.text, w) {
			return true
		}
	}
	return false
}

// rawString generates a string of the field's meaning, before the schema's
// pattern and lengths are applied.
func (v *Values) rawString(s map[string]any, f field) string {
	if numericKinds[f.kind] {
		return v.numericString(s, f)
	}
	if fm, _ := s["format"].(string); numberFormats[strings.ToLower(fm)] != 0 && f.kind != kID {
		return v.formattedNumber(s, f, numberFormats[strings.ToLower(fm)] == 1)
	}
	exs := paramdoc.Examples(f.raw, f.name)
	// An id's or a code's example is its format; free text may say more.
	// Prose may say more than its example; anything else takes the
	// example's shape.
	freeText := f.kind == kMessage || f.kind == kDescription || f.kind == kTitle
	if len(exs) > 0 && (!freeText || hasDigit(exs[0]) || v.r.IntN(5) > 0) {
		if out, ok := v.fromExample(f, exs); ok {
			return out
		}
	}
	if cs := choices(f.raw); len(cs) > 0 && f.kind != kMessage && f.kind != kDescription && f.kind != kID {
		return cs[v.r.IntN(len(cs))]
	}
	if f.kind == kDomain && slugPattern(s) {
		// A service's own "domain" (a search domain, a package domain),
		// named in a slug its pattern allows, a letter first.
		out := v.slug()
		for i := 0; i < 4 && (out[0] < 'a' || out[0] > 'z'); i++ {
			out = v.slug()
		}
		return out
	}
	if f.kind == kDate || f.kind == kDateTime || f.kind == kTime || f.kind == kDOB {
		if l := schemaLayout(s, layoutIn(f.raw)); l != "" {
			return v.date(f).Format(l)
		}
	}
	return v.byKind(f)
}

// numberFormats are the formats of numbers an API writes as strings (a
// Google API's int64 "nanos"): 1 for whole numbers, 2 for decimals.
var numberFormats = map[string]int{"int32": 1, "int64": 1, "uint32": 1, "uint64": 1, "integer": 1, "long": 1,
	"double": 2, "float": 2, "decimal": 2, "number": 2}

// formattedNumber is a number a string holds, of the meaning the field's
// name gives a number ("nanos", "size", "count"), as digits.
func (v *Values) formattedNumber(s map[string]any, f field, whole bool) string {
	g := classify(f.name, s, f.parent, true, v.subj.text)
	if g.kind == kText && whole {
		g.kind = kTally
	}
	x, decimals := v.numberIn(map[string]any{}, g, whole)
	if whole || decimals == 0 {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', decimals, 64)
}

// fromExample returns a value shaped like one of the description's
// examples: a known format drawn again in the example's shape, an id with
// fresh digits, or the example itself.
func (v *Values) fromExample(f field, exs []string) (string, bool) {
	ex := exs[v.r.IntN(len(exs))]
	if list := strings.Split(ex, ","); len(list) > 1 && f.kind != kMessage {
		ex = strings.TrimSpace(list[0])
	}
	if q := strings.Trim(ex, `"'`); q != ex && q != "" && !strings.ContainsAny(q, `"'`) {
		ex = q // "(for example, <code>\"2019-06-01T00:00:00Z\"</code>)": the quotes are not the value's
	}
	if l := layoutOf(ex); l != "" {
		return v.date(f).Format(l), true
	}
	if f.kind == kUUID || strings.Trim(ex, "0-") == "" && len(ex) == 36 {
		return v.uuid(), true
	}
	if f.kind != kText && f.kind != kID && f.kind != kThingName && f.kind != kCategory && f.kind != kCode {
		// A named format: the generator's value, in the example's shape.
		want := shapeOf(ex)
		for range 12 {
			if x := v.byKind(f); shapeOf(x) == want {
				return x, true
			}
		}
		if !hasDigit(ex) {
			return ex, true
		}
	}
	if hasDigit(ex) || randomLooking(ex) {
		return v.likeExample(ex), true
	}
	// A word or a name: the example itself.
	return ex, true
}

// fit applies the schema's pattern and lengths to a generated string.
func (v *Values) fit(s map[string]any, f field, str string) string {
	if pat, ok := s["pattern"].(string); ok {
		if re, err := compilePattern(pat); err == nil && !re.MatchString(str) {
			dated := f.kind == kDate || f.kind == kDateTime || f.kind == kDOB
			if alt, ok := v.shapedBy(pat, re, f); ok && dated {
				str = alt // a moment in the pattern's layout, not digits and letters its classes allow
			} else if alt, ok := v.fromPattern(pat, idWord4(f.noun)); ok && re.MatchString(alt) {
				str = alt
			} else if alt, ok := v.shapedBy(pat, re, f); ok {
				str = alt
			}
		}
	}
	minL, hasMin := num(s["minLength"])
	maxL, hasMax := num(s["maxLength"])
	r := []rune(str)
	if hasMax && len(r) > int(maxL) {
		r = []rune(strings.TrimSpace(string(r[:int(maxL)])))
		if len(r) == 0 {
			r = []rune(str)[:int(maxL)]
		}
	}
	// A single token (a handle, a code) grows by digits, as people lengthen
	// a taken username; text grows by words.
	token := len(r) > 0 && !strings.ContainsRune(string(r), ' ')
	for i := 0; hasMin && len(r) < int(minL) && i < 64; i++ {
		if token {
			r = append(r, rune('0'+v.r.IntN(10)))
		} else {
			r = append(r, []rune(" "+strings.ToLower(v.f.NounCommon()))...)
		}
		if hasMax && len(r) > int(maxL) {
			r = r[:int(maxL)]
		}
	}
	if t := strings.TrimRight(string(r), " "); len([]rune(t)) >= int(minL) {
		return t
	}
	return string(r)
}

// fitsString reports whether str meets the schema's string constraints
// that generation can miss (pattern, lengths, enum).
func fitsString(s map[string]any, str string) bool {
	if pat, ok := s["pattern"].(string); ok {
		if re, err := compilePattern(pat); err == nil && !re.MatchString(str) {
			return false
		}
	}
	n := len([]rune(str))
	if m, ok := num(s["minLength"]); ok && n < int(m) {
		return false
	}
	if m, ok := num(s["maxLength"]); ok && n > int(m) {
		return false
	}
	if e, ok := s["enum"].([]any); ok {
		for _, x := range e {
			if x == str {
				return true
			}
		}
		return false
	}
	return true
}

// toolNoun is the thing a tool acts on: "ticket" for get_user_tickets.
func toolNoun(tool string) string {
	words := strings.Split(normalise(tool), "_")
	n := ""
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if w == "" || toolVerbs[w] || len(w) < 3 || w == "by" || w == "all" || w == "for" || w == "info" || w == "details" || w == "list" || w == "data" || w == "name" {
			continue
		}
		if n == "" {
			n = ident.Singular(w)
		}
		if !bulkWords[w] {
			return ident.Singular(w) // "createTicketEntityBulk": tickets, not a bulk
		}
	}
	return n
}

// bulkWords say how a tool takes its things, after the thing's word: in
// bulk, as an entity of a collection.
var bulkWords = map[string]bool{"bulk": true, "batch": true, "entity": true, "entities": true, "collection": true, "async": true}

var toolVerbs = map[string]bool{"get": true, "list": true, "search": true, "find": true, "create": true, "update": true, "delete": true,
	"set": true, "add": true, "remove": true, "fetch": true, "retrieve": true, "post": true, "put": true, "patch": true, "query": true,
	"check": true, "calculate": true, "compute": true, "send": true, "cancel": true, "book": true, "edit": true, "modify": true,
	"show": true, "view": true, "read": true, "write": true, "upload": true, "download": true, "make": true, "close": true,
	"open": true, "start": true, "stop": true, "run": true, "execute": true, "lookup": true, "current": true, "new": true}

// idWord4 is the lower-case word an id of the entity may start with:
// "prod" for product, "ord" for order.
func idWord4(noun string) string {
	w := strings.ToLower(strings.ReplaceAll(noun, "_", ""))
	if len(w) > 4 {
		w = w[:4]
	}
	return w
}

// namesPlace is 1 for a field that says where or which a thing is (path,
// file name, an entity's name), else 0: what the rest of a record says
// depends on it.
func namesPlace(k string) int {
	switch normalise(k) {
	case "path", "file_path", "filepath", "filename", "file_name", "entity_name":
		return 1
	}
	return 0
}

// withinBounds reports whether x is within the schema's bounds.
func withinBounds(s map[string]any, x float64) bool {
	if lo, ok := num(s["minimum"]); ok && x < lo {
		return false
	}
	if hi, ok := num(s["maximum"]); ok && x > hi {
		return false
	}
	return s["multipleOf"] == nil && s["exclusiveMinimum"] == nil && s["exclusiveMaximum"] == nil && s["enum"] == nil
}

// listsThings reports whether the values are the response of a tool that
// lists things (toolRead.lists: its verb lists, searches or finds, it gets
// things named in the plural, or its description says it returns all of
// them).
func (v *Values) listsThings() bool {
	if v.output == 0 || v.subj.tool == "" {
		return false
	}
	t, ok := readTool(v.subj.tool, strings.TrimPrefix(v.subj.text, strings.ToLower(v.subj.tool)+" "), "")
	return ok && t.lists()
}

// troubleList reports whether a list's name says it holds what went wrong
// (Failures, UnprocessedItems, warnings): a listing does not always send
// one, nor several entries in it.
func troubleList(name string) bool {
	return hasAny(normalise(name), "fail", "failed", "failure", "failures", "unprocessed", "error", "errors", "warning", "warnings", "invalid", "rejected", "skipped")
}

// isList reports whether schema s (in root) is an array: a listing always
// sends its list.
func isList(root, s any) bool {
	m, ok := jsonschema.Resolve(root, s)
	return ok && jsonschema.TypeOf(m) == "array"
}
