package trajectory

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Dependency is a call argument that came from an earlier result.
type Dependency struct {
	CallID string
	Tool   string
	// Value is the leaf value found in the earlier tool output.
	Value string
}

// FirstDependent finds the first call of a trajectory that has a dependent
// argument (docs/metrics.md): one of its leaf values, a string of 3 or more
// characters or a number written with 3 or more characters, occurs verbatim
// in the content of an earlier tool message. ok is false when no call has
// one.
func FirstDependent(msgs []Message) (dep Dependency, ok bool) {
	var outputs []string
	for _, m := range msgs {
		switch {
		case m.Role == "tool":
			outputs = append(outputs, m.Content)
		case m.Role == "assistant" && len(outputs) > 0:
			for _, c := range m.ToolCalls {
				if v, found := dependentLeaf(c.Function.Arguments, outputs); found {
					return Dependency{CallID: c.ID, Tool: c.Function.Name, Value: v}, true
				}
			}
		}
	}
	return Dependency{}, false
}

// dependentLeaf returns the first leaf value of JSON arguments that occurs
// verbatim in one of the outputs.
func dependentLeaf(raw string, outputs []string) (string, bool) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return "", false
	}
	var found string
	var walk func(any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) { // the same value every time
				if walk(x[k]) {
					return true
				}
			}
		case []any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		case string:
			if utf8.RuneCountInString(x) >= 3 && inAny(x, outputs) {
				found = x
				return true
			}
		case json.Number:
			if len(x) >= 3 && inAny(string(x), outputs) {
				found = string(x)
				return true
			}
		}
		return false
	}
	ok := walk(v)
	return found, ok
}

func inAny(s string, outputs []string) bool {
	for _, o := range outputs {
		if strings.Contains(o, s) {
			return true
		}
	}
	return false
}
