package sim

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// removes reports whether the tool the values are for removes the thing
// its call names (its verb: delete, remove, destroy, revoke, unregister,
// detach).
func (v *Values) removes() bool {
	t, ok := readTool(v.subj.tool, "", "")
	return ok && t.verbIn(removalVerbs...)
}

// removalVerbs are the verbs of tools that remove the thing their call
// names.
var removalVerbs = []string{"delete", "remove", "destroy", "purge", "erase", "unregister", "revoke", "detach", "unsubscribe"}

// confirmDeletion makes a removal's result speak of the thing removed:
// a list of records it holds (a bare array, "data", "results") keeps one
// record, the one the call named (its ids and name set from the
// arguments), or none where the schema allows an empty list; counts
// beside a list count what is left in it. A removal answers about what
// it removed, never with a list of other records.
func (v *Values) confirmDeletion(root any, out any) any {
	s, _ := jsonschema.Resolve(root, root)
	switch o := out.(type) {
	case string:
		if freeString(s) {
			return v.deletedNote()
		}
	case []any:
		return v.deletedRecords(root, o, s, "")
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(o)) {
			l, ok := o[k].([]any)
			if !ok || len(l) == 0 {
				continue
			}
			if _, records := l[0].(map[string]any); !records {
				continue
			}
			ls, _ := jsonschema.Resolve(root, props[k])
			o[k] = v.deletedRecords(root, l, ls, k)
			for _, c := range slices.Sorted(maps.Keys(o)) {
				if _, isNum := o[c].(float64); !isNum && !isInt(o[c]) {
					continue
				}
				switch normalise(c) {
				case "count", "total", "total_count", "total_results", "num_results", "results_count", "size", "length":
					setCount(root, props, o, c, int64(len(o[k].([]any))))
				}
			}
		}
	}
	return out
}

// freeString reports whether a string schema leaves its value open: no
// enum, const, format or pattern says what it holds.
func freeString(s map[string]any) bool {
	for _, k := range []string{"enum", "const", "format", "pattern"} {
		if _, has := s[k]; has {
			return false
		}
	}
	return jsonschema.TypeOf(s) == "string" || jsonschema.TypeOf(s) == ""
}

// deletedNote is a removal's answer in words, where its result is one
// string: the thing removed, by the id or name the call gave ("Dashboard
// 4821 deleted.", "Token tk-1 revoked."), never words on another subject.
func (v *Values) deletedNote() string {
	t, _ := readTool(v.subj.tool, "", "")
	noun := t.noun // "destroyData": no "Destroy 9399 deleted."
	if !plainWord(noun) {
		noun = "item"
	}
	say := capital(words(noun))
	done := " deleted."
	if t.verb != "" && t.verb != "delete" && t.verb != "destroy" {
		done = " " + strings.TrimSuffix(t.verb, "e") + "ed."
	}
	for _, k := range slices.Sorted(maps.Keys(v.args)) {
		nk := normalise(k)
		if !namesIdentifier(nk) && !hasAny(nk, "name", "uuid", "slug") {
			continue
		}
		switch a := v.args[k].(type) {
		case string:
			if a != "" {
				return say + " " + a + done
			}
		case float64, int64, int:
			return say + " " + strings.TrimSuffix(strconv.FormatFloat(toFloat(a), 'f', -1, 64), ".0") + done
		}
	}
	return say + done
}

func isInt(x any) bool {
	_, ok := x.(int64)
	return ok
}

// deletedRecords is what a removal's list of records holds: the record
// the call named, or nothing.
func (v *Values) deletedRecords(root any, l []any, s map[string]any, name string) []any {
	minItems, _ := num(s["minItems"])
	first, _ := l[0].(map[string]any)
	is, _ := jsonschema.Resolve(root, s["items"])
	props, _ := is["properties"].(map[string]any)
	if v.nameDeleted(root, first, props, ident.Singular(normalise(name))) || minItems >= 1 {
		return l[:1]
	}
	return []any{}
}

// nameDeleted sets the fields of a record that the call's arguments name
// (its id, its name) to the arguments' values, keeping each field's type,
// and reports whether one was set.
func (v *Values) nameDeleted(root any, rec, props map[string]any, listNoun string) bool {
	set := false
	fields := map[string]bool{}
	for f := range rec {
		fields[f] = true
	}
	for f := range props {
		fields[f] = true
	}
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		nf := normalise(f)
		for _, k := range slices.Sorted(maps.Keys(v.args)) {
			nk := normalise(k)
			same := nk == nf
			if !same && (nf == "id" || nf == "name" || nf == "key" || nf == "uuid") {
				owner, _ := strings.CutSuffix(nk, "_"+nf)
				same = owner != nk && (owner == listNoun || owner == v.subj.noun)
			}
			if !same {
				continue
			}
			was := rec[f]
			if _, has := rec[f]; !has {
				was = typed(root, props[f])
			}
			if x, ok := sameType(was, v.args[k]); ok {
				rec[f] = x
				set = true
			}
		}
	}
	return set
}

// sameType is arg written as the value it replaces is: digits for a
// number, a number's digits for a string.
func sameType(old, arg any) (any, bool) {
	switch old.(type) {
	case string:
		switch a := arg.(type) {
		case string:
			return a, true
		case float64, int64, int:
			return strings.TrimSuffix(strconv.FormatFloat(toFloat(a), 'f', -1, 64), ".0"), true
		}
	case float64, int64:
		switch a := arg.(type) {
		case float64, int64, int:
			return a, true
		case string:
			if n, err := strconv.ParseInt(a, 10, 64); err == nil {
				return n, true
			}
		}
	}
	return nil, false
}

// typed is a zero value of a property's schema type: what sameType
// reads a missing field's type from.
func typed(root, schema any) any {
	s, _ := jsonschema.Resolve(root, schema)
	switch jsonschema.TypeOf(s) {
	case "string":
		return ""
	case "integer", "number":
		return float64(0)
	}
	return nil
}

func toFloat(x any) float64 {
	f, _ := num(x)
	return f
}
