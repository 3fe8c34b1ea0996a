// Package jsonpath is the small JSON path dialect of plans: "$", "$.a.b",
// "$.items[0].id", "$.items[*].id", "$['odd key']". The planner writes
// these paths into blueprints and the agent reads results by them, so both
// use this one implementation.
package jsonpath

import (
	"fmt"
	"strconv"
	"strings"
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

// Parse parses the JSON paths plans use: "$", "$.a.b", "$.items[0].id",
// "$.items[*].id", "$['odd key']". A leading "$" is optional.
func Parse(p string) ([]Step, error) {
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

// Get returns the values at path in doc (decoded JSON): one value, or one
// per element where the path has [*]. ok is false when the path does not
// resolve.
func Get(doc any, path string) (vals []any, ok bool) {
	steps, err := Parse(path)
	if err != nil {
		return nil, false
	}
	cur := []any{doc}
	for _, st := range steps {
		var next []any
		for _, v := range cur {
			switch {
			case st.IsIndex:
				arr, isArr := v.([]any)
				if !isArr {
					continue
				}
				if st.Index < 0 {
					next = append(next, arr...)
				} else if st.Index < len(arr) {
					next = append(next, arr[st.Index])
				}
			default:
				obj, isObj := v.(map[string]any)
				if !isObj {
					continue
				}
				if x, has := obj[st.Field]; has {
					next = append(next, x)
				}
			}
		}
		cur = next
	}
	return cur, len(cur) > 0
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
