package world

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"

	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A result echoes what its call named the thing by. The sim generator
// draws a record's name and ids from the schema, and echo (world.go) puts
// back only the top-level arguments, before the other rules run: a
// DescribeComponent whose request body names the component
// "homogeneous-data" answered with "ComponentName":"background-prod", and
// an UpdateModel(model_name: "actuating-data") with "name":"customizable-
// internal", which the next GetModel then asked for. So, after the other
// rules, the identifying values the call gave (a name, an id, a key, an
// ARN), at its top level or in its request body, are the values of the
// result's fields of the same name — at the result's top level and in the
// records it holds, not in its lists, whose items are other things — and
// a <noun>_name or <noun>_id for a noun of the tool's name (model_name of
// UpdateModel) is the record's bare name or id when it has no field of
// the argument's own name, and a bare id its <noun>_id (UpdateProject's
// body id is the project_id). A value a later call reads is echoed only
// when that call's parameter takes it.

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

// namedValues are a call's identifying scalar arguments: at its top level
// and in a request body object (body, payload, …); the top level wins.
func namedValues(a map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if m, isObj := a[k].(map[string]any); isObj && envelopeParam(k) {
			for k2, v := range m {
				if identifying(k2) && scalar(v) {
					out[k2] = v
				}
			}
		}
	}
	for k, v := range a {
		if identifying(k) && scalar(v) {
			out[k] = v
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

// echoNamed sets the fields of result d that the call's identifying
// arguments name to the values given; takes says whether a later call
// reading the value at a path can take it.
func echoNamed(t *toolset.Tool, a map[string]any, d, root any, takes func(path string, v any) bool) any {
	o, isObj := d.(map[string]any)
	named := namedValues(a)
	if !isObj || len(named) == 0 {
		return d
	}
	toolWords := ident.Words(t.Name)
	props := schemaProps(root, root)
	put := func(rec map[string]any, f string, v any, s any, path string) {
		v = asSchemaType(v, s, root)
		if cur, has := rec[f]; has && scalar(cur) && !sameValue(cur, v) && takes(path, v) {
			rec[f] = v
		}
	}
	for _, k := range slices.Sorted(maps.Keys(named)) {
		v := named[k]
		alias := bareAlias(k, toolWords)
		if _, has := o[k]; has {
			put(o, k, v, props[k], "$."+k)
		} else if f := aliasOf(o, k, alias, toolWords); f != "" {
			put(o, f, v, props[f], "$."+f)
		}
		holders := 0
		for _, m := range slices.Sorted(maps.Keys(o)) {
			if rec, isRec := o[m].(map[string]any); isRec && aliasOf(rec, k, alias, toolWords) != "" {
				holders++
			}
		}
		for _, m := range slices.Sorted(maps.Keys(o)) {
			rec, isRec := o[m].(map[string]any)
			if !isRec {
				continue
			}
			inner := schemaProps(root, props[m])
			if _, has := rec[k]; has {
				put(rec, k, v, inner[k], "$."+m+"."+k)
			} else if f := aliasOf(rec, k, alias, toolWords); f != "" && holders == 1 && aliasOf(o, k, alias, toolWords) == "" && o[k] == nil {
				put(rec, f, v, inner[f], "$."+m+"."+f)
			}
		}
	}
	return o
}

// sameValue reports whether two scalars are one value (14 and "14").
func sameValue(a, b any) bool {
	return a == b || jsonText(a) == jsonText(b)
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
