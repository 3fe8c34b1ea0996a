package realism

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// leaf is one scalar of a JSON document: a string, a number (kept as
// written) or a bool/null, with the object keys on its way (array indexes
// are not keys, so the items of a list share their parameter).
type leaf struct {
	path   []string
	text   string // the string's value, or the number as written
	number bool
	str    bool
}

// decode parses JSON keeping numbers as written; ok is false for text that
// is not one JSON value.
func decode(raw string) (any, bool) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return nil, false
	}
	return v, true
}

// leaves lists the scalars of v in a fixed order (object keys sorted), so
// every measure that picks "the first" is deterministic.
func leaves(v any) []leaf {
	var out []leaf
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k], append(slices.Clip(path), k))
			}
		case []any:
			for _, e := range x {
				walk(e, path)
			}
		case string:
			out = append(out, leaf{path: path, text: x, str: true})
		case json.Number:
			out = append(out, leaf{path: path, text: string(x), number: true})
		}
	}
	walk(v, nil)
	return out
}

// objectKeys lists every key of every object inside v.
func objectKeys(v any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				out = append(out, k)
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}
