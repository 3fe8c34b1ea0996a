package catalog

import (
	"fmt"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// ResolveOutput resolves a JSON path in a tool's output schema and returns
// the schema of the value it points at.
func ResolveOutput(t *Tool, path string) (map[string]any, error) {
	if t.Output == nil {
		return nil, fmt.Errorf("%s declares no output schema", t.Name)
	}
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return nil, err
	}
	return Resolve(t.Output, t.Output, steps, path)
}

// Resolve walks steps through schema (root resolves local $refs).
func Resolve(root, schema any, steps []jsonpath.Step, path string) (map[string]any, error) {
	cur, ok := jsonschema.Resolve(root, schema)
	if !ok {
		return nil, fmt.Errorf("path %q: schema is not an object", path)
	}
	for i, st := range steps {
		next, ok := step(root, cur, st, 0)
		if !ok {
			where := "$" + jsonpath.Format(steps[:i])
			if st.IsIndex {
				return nil, fmt.Errorf("path %q: %s is not an array in the output schema", path, where)
			}
			return nil, fmt.Errorf("path %q: %s has no field %q in the output schema", path, where, st.Field)
		}
		cur = next
	}
	return cur, nil
}

func step(root any, s map[string]any, st jsonpath.Step, depth int) (map[string]any, bool) {
	if depth > 8 {
		return nil, false
	}
	if st.IsIndex {
		if items, ok := s["items"]; ok {
			if r, ok := jsonschema.Resolve(root, items); ok {
				return r, true
			}
		}
		if pre, ok := s["prefixItems"].([]any); ok && len(pre) > 0 {
			i := st.Index
			if i < 0 || i >= len(pre) {
				i = 0
			}
			if r, ok := jsonschema.Resolve(root, pre[i]); ok {
				return r, true
			}
		}
	} else {
		if props, ok := s["properties"].(map[string]any); ok {
			if p, ok := props[st.Field]; ok {
				if r, ok := jsonschema.Resolve(root, p); ok {
					return r, true
				}
			}
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			if r, ok := jsonschema.Resolve(root, ap); ok {
				return r, true
			}
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if alts, ok := s[k].([]any); ok {
			for _, a := range alts {
				if as, ok := jsonschema.Resolve(root, a); ok {
					if r, ok := step(root, as, st, depth+1); ok {
						return r, true
					}
				}
			}
		}
	}
	return nil, false
}
