package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
)

// Step is one segment of a JSON path: a field name, an index, or [*].
type Step struct {
	Field string
	Index int // -1 for [*]; meaningful when IsIndex
	// IsIndex is true for [n] and [*].
	IsIndex bool
}

// Wildcard reports whether the step is [*].
func (s Step) Wildcard() bool { return s.IsIndex && s.Index < 0 }

// ParsePath parses the JSON paths plans use: "$", "$.a.b", "$.items[0].id",
// "$.items[*].id", "$['odd key']". A leading "$" is optional.
func ParsePath(p string) ([]Step, error) {
	s := strings.TrimSpace(p)
	if s == "" {
		return nil, fmt.Errorf("empty path")
	}
	s = strings.TrimPrefix(s, "$")
	var out []Step
	for len(s) > 0 {
		switch s[0] {
		case '.':
			s = s[1:]
			n := strings.IndexAny(s, ".[")
			if n < 0 {
				n = len(s)
			}
			if n == 0 {
				return nil, fmt.Errorf("path %q: empty field name", p)
			}
			if strings.ContainsAny(s[:n], "]'\"") {
				return nil, fmt.Errorf("path %q: write field %q as ['name']", p, s[:n])
			}
			out = append(out, Step{Field: s[:n]})
			s = s[n:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, fmt.Errorf("path %q: unclosed [", p)
			}
			inner := s[1:end]
			s = s[end+1:]
			switch {
			case inner == "*":
				out = append(out, Step{IsIndex: true, Index: -1})
			case len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0]:
				name := inner[1 : len(inner)-1]
				if strings.ContainsRune(name, rune(inner[0])) {
					return nil, fmt.Errorf("path %q: quote inside [%s]", p, inner)
				}
				out = append(out, Step{Field: name})
			default:
				i, err := strconv.Atoi(inner)
				if err != nil || i < 0 {
					return nil, fmt.Errorf("path %q: want [n], [*] or ['name'], got [%s]", p, inner)
				}
				out = append(out, Step{IsIndex: true, Index: i})
			}
		default:
			if len(out) == 0 && !strings.HasPrefix(p, "$") {
				// A bare field name: "items.id".
				s = "." + s
				continue
			}
			return nil, fmt.Errorf("path %q: unexpected %q", p, s[0])
		}
	}
	return out, nil
}

// ResolveOutput resolves a JSON path in a tool's output schema and returns
// the schema of the value it points at.
func ResolveOutput(t *Tool, path string) (map[string]any, error) {
	if t.Output == nil {
		return nil, fmt.Errorf("%s declares no output schema", t.Name)
	}
	steps, err := ParsePath(path)
	if err != nil {
		return nil, err
	}
	return Resolve(t.Output, t.Output, steps, path)
}

// Resolve walks steps through schema (root resolves local $refs).
func Resolve(root, schema any, steps []Step, path string) (map[string]any, error) {
	cur, ok := sim.Resolve(root, schema)
	if !ok {
		return nil, fmt.Errorf("path %q: schema is not an object", path)
	}
	for i, st := range steps {
		next, ok := step(root, cur, st, 0)
		if !ok {
			where := "$" + Format(steps[:i])
			if st.IsIndex {
				return nil, fmt.Errorf("path %q: %s is not an array in the output schema", path, where)
			}
			return nil, fmt.Errorf("path %q: %s has no field %q in the output schema", path, where, st.Field)
		}
		cur = next
	}
	return cur, nil
}

func step(root any, s map[string]any, st Step, depth int) (map[string]any, bool) {
	if depth > 8 {
		return nil, false
	}
	if st.IsIndex {
		if items, ok := s["items"]; ok {
			if r, ok := sim.Resolve(root, items); ok {
				return r, true
			}
		}
		if pre, ok := s["prefixItems"].([]any); ok && len(pre) > 0 {
			i := st.Index
			if i < 0 || i >= len(pre) {
				i = 0
			}
			if r, ok := sim.Resolve(root, pre[i]); ok {
				return r, true
			}
		}
	} else {
		if props, ok := s["properties"].(map[string]any); ok {
			if p, ok := props[st.Field]; ok {
				if r, ok := sim.Resolve(root, p); ok {
					return r, true
				}
			}
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			if r, ok := sim.Resolve(root, ap); ok {
				return r, true
			}
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if alts, ok := s[k].([]any); ok {
			for _, a := range alts {
				if as, ok := sim.Resolve(root, a); ok {
					if r, ok := step(root, as, st, depth+1); ok {
						return r, true
					}
				}
			}
		}
	}
	return nil, false
}

// Format writes steps back as a path without the leading "$".
func Format(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		switch {
		case s.Wildcard():
			b.WriteString("[*]")
		case s.IsIndex:
			fmt.Fprintf(&b, "[%d]", s.Index)
		case strings.ContainsRune(s.Field, '\''):
			fmt.Fprintf(&b, "[\"%s\"]", s.Field)
		case s.Field == "" || strings.ContainsAny(s.Field, ".[]\" "):
			fmt.Fprintf(&b, "['%s']", s.Field)
		default:
			b.WriteString("." + s.Field)
		}
	}
	return b.String()
}
