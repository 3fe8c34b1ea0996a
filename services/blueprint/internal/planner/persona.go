package planner

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// literalPaths are the absolute paths the plan's calls fix or the user
// states: the persona is the person whose home they are in.
func literalPaths(calls []*blueprintv1.PlannedCall) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if strings.HasPrefix(x, "/") {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k])
			}
		}
	}
	for _, c := range calls {
		for _, a := range c.GetArguments() {
			text := a.GetLiteralJson()
			if u := a.GetUser(); u != nil {
				text = u.GetValueJson()
			}
			var v any
			if json.Unmarshal([]byte(text), &v) == nil {
				walk(v)
			}
		}
	}
	return out
}
