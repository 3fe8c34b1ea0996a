package realism

import (
	"encoding/json"
	"fmt"
	"github.com/tdscaling/tdscaling/platform/paramdoc"
	"strings"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// param is what a tool's JSON Schema says about one parameter: its name,
// description, format and pattern, the literal values the schema itself
// offers (enum, const, default, example, examples) and the examples its
// description gives.
type param struct {
	name        string
	description string
	format      string
	pattern     string
	literals    []string
	examples    []string
}

// schemas maps each tool of a record to its decoded parameters schema.
type schemas map[string]map[string]any

// schemaMemo keeps, for an accumulator, the schemas it decoded and the
// parameters it read from them, by the schema's text: every record of a
// dataset carries its tools' schemas, and decoding them again for each
// record was a third of the measure. Both are only ever read once made.
type schemaMemo struct {
	decoded map[string]map[string]any // nil: not a JSON object
	params  map[string]*paramInfo
}

// schemaMemoMax bounds each of the memo's maps; past it, one starts again.
const schemaMemoMax = 4096

func newSchemaMemo() *schemaMemo {
	return &schemaMemo{decoded: map[string]map[string]any{}, params: map[string]*paramInfo{}}
}

func (m *schemaMemo) keep(into map[string]*paramInfo, key string, p *paramInfo) {
	if len(into) >= schemaMemoMax {
		clear(into)
	}
	into[key] = p
}

// toolSchemas decodes each tool's parameters schema (the last tool of a
// name whose schema is an object wins) and says which text each came from.
func (m *schemaMemo) toolSchemas(tools []trajectory.Tool) (schemas, map[string]string) {
	out, from := schemas{}, map[string]string{}
	for _, t := range tools {
		text := string(t.Function.Parameters)
		obj, ok := m.decoded[text]
		if !ok {
			if v, ok := decode(text); ok {
				obj, _ = v.(map[string]any)
			}
			if m.decoded != nil {
				if len(m.decoded) >= schemaMemoMax {
					clear(m.decoded)
				}
				m.decoded[text] = obj
			}
		}
		if obj != nil {
			out[t.Function.Name], from[t.Function.Name] = obj, text
		}
	}
	return out, from
}

// param finds the schema of the parameter at path (object keys from the
// arguments' top) and reads it; the zero param when the schema does not
// declare it.
func (s schemas) param(tool string, path []string) param {
	node := s[tool]
	for _, k := range path {
		node = property(node, k)
		if node == nil {
			return param{name: lastOf(path)}
		}
	}
	if node == nil || len(path) == 0 {
		return param{name: lastOf(path)}
	}
	p := param{name: lastOf(path)}
	p.description, _ = node["description"].(string)
	if t, ok := node["title"].(string); ok && p.description == "" {
		p.description = t
	}
	// An array parameter describes its items.
	items, _ := node["items"].(map[string]any)
	for _, n := range []map[string]any{node, items} {
		if n == nil {
			continue
		}
		if f, ok := n["format"].(string); ok && p.format == "" {
			p.format = f
		}
		if f, ok := n["pattern"].(string); ok && p.pattern == "" {
			p.pattern = f
		}
		for _, k := range []string{"enum", "const", "default", "example", "examples"} {
			p.literals = append(p.literals, scalars(n[k])...)
		}
		if d, ok := n["description"].(string); ok && n != nil && p.description != d {
			p.description = strings.TrimSpace(p.description + " " + d)
		}
	}
	p.examples = paramdoc.Examples(p.description, p.name)
	for _, k := range []string{"example", "examples"} {
		p.examples = append(p.examples, scalars(node[k])...)
		if items != nil {
			p.examples = append(p.examples, scalars(items[k])...)
		}
	}
	return p
}

// property is the schema of key inside node: its properties, the
// properties of its items, or those of an anyOf/oneOf/allOf branch.
func property(node map[string]any, key string) map[string]any {
	if node == nil {
		return nil
	}
	if props, ok := node["properties"].(map[string]any); ok {
		if p, ok := props[key].(map[string]any); ok {
			return p
		}
	}
	if items, ok := node["items"].(map[string]any); ok {
		if p := property(items, key); p != nil {
			return p
		}
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		branches, _ := node[k].([]any)
		for _, b := range branches {
			if bm, ok := b.(map[string]any); ok {
				if p := property(bm, key); p != nil {
					return p
				}
			}
		}
	}
	return nil
}

// scalars renders the scalars of a schema keyword's value as text (numbers
// as written), flattening a list.
func scalars(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case json.Number:
		return []string{string(x)}
	case bool:
		return []string{fmt.Sprint(x)}
	case []any:
		var out []string
		for _, e := range x {
			switch e.(type) {
			case string, json.Number, bool:
				out = append(out, scalars(e)...)
			}
		}
		return out
	}
	return nil
}

func lastOf(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}
