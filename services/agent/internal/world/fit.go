package world

import (
	"encoding/json"
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// fit makes the values at a need's path acceptable to the parameter they
// feed: an id a later call passes as a uuid (by format or by a description
// saying GUID) is a uuid in the result that returns it, and a value takes
// the shape of the parameter's examples, as it would in a backend whose API
// takes it back. A value the parameter already accepts is kept; the caller keeps the change only
// if the result still matches its own output schema.
func (w *World) fit(doc any, n Need, vals *sim.Values) any {
	if n.Param == "" || strings.HasPrefix(n.Param, "$") {
		return doc
	}
	t := w.tools.Get(n.Reader)
	if t == nil || t.Input == nil {
		return doc
	}
	sch, err := t.Input.At("/properties/" + jsonschema.EscapePointerToken(n.Param))
	if err != nil {
		return doc
	}
	var input map[string]any
	if json.Unmarshal([]byte(t.InputJSON), &input) != nil {
		return doc
	}
	props, _ := input["properties"].(map[string]any)
	ps, ok := jsonschema.Resolve(input, props[n.Param])
	if !ok {
		return doc
	}
	for _, path := range concrete(doc, n.Path) {
		v, ok := plan.GetOne(doc, path)
		if !ok {
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil || len(sch.ValidateJSON(raw)) == 0 && vals.Accepts(input, ps, n.Param, v) {
			continue
		}
		if _, isObj := v.(map[string]any); isObj {
			continue // a whole object is the output's to shape
		}
		doc = set(doc, path, vals.For(input, ps, n.Param))
	}
	return doc
}

// concrete expands a path's first [*] into one path per element of the
// list in doc; a path without [*] is itself. Further [*] stay (set skips them).
func concrete(doc any, path string) []string {
	i := strings.Index(path, "[*]")
	if i < 0 {
		return []string{path}
	}
	list, _ := plan.GetOne(doc, path[:i])
	arr, _ := list.([]any)
	var out []string
	for k := range arr {
		p := path[:i] + "[" + itoa(k) + "]" + path[i+3:]
		if !strings.Contains(p, "[*]") {
			out = append(out, p)
		}
	}
	return out
}

func itoa(k int) string {
	b, _ := json.Marshal(k)
	return string(b)
}
