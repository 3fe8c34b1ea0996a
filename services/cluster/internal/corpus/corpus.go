// Package corpus defines the tool record every other package of the cluster
// service works on, its stable identifier and the JSON Lines form in which
// corpora are stored and exchanged (the format of ../shared/corpora).
package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
)

// Tool is one callable definition. Schemas stay raw JSON so nothing is lost.
type Tool struct {
	ID           string          `json:"id,omitempty"`
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	InputSchema  json.RawMessage `json:"input_schema"`
	OutputSchema json.RawMessage `json:"output_schema,omitempty"`
	// OutputInferred marks an output schema inferred by the cluster service.
	OutputInferred bool   `json:"output_inferred,omitempty"`
	Service        string `json:"service"`
	Domain         string `json:"domain"`
	Source         string `json:"source,omitempty"`
	License        string `json:"license,omitempty"`
}

// HasOutput reports whether the tool declares (or was given) an output
// schema that says what the result holds. A schema that only names its
// type ({"type": "object", "title": "BrandedFoodObject"}, as OpenAPI
// converters leave an unresolved reference) says nothing a simulator could
// fill, and counts as none: the cluster service infers one instead.
func (t *Tool) HasOutput() bool {
	var v any
	if err := json.Unmarshal(t.OutputSchema, &v); err != nil {
		return false
	}
	// An operation that declares only its error body, one no answer of a
	// call that worked fits (Azure's required CloudError on a DELETE
	// answered 204), says nothing of its success either.
	return describes(v) && !sim.ErrorOnly(t.Name, v)
}

// describes reports whether a schema gives a result any structure: fields,
// items, a map's values, choices, alternatives, or a type that is not an
// object.
func describes(v any) bool {
	s, ok := v.(map[string]any)
	if !ok {
		return v == true // the JSON Schema "anything" is no description either
	}
	if p, ok := s["properties"].(map[string]any); ok && len(p) > 0 {
		return true
	}
	if _, ok := s["items"]; ok {
		return true
	}
	if _, ok := s["additionalProperties"].(map[string]any); ok {
		return true
	}
	for _, k := range []string{"enum", "oneOf", "anyOf", "allOf", "const", "$ref"} {
		if _, ok := s[k]; ok {
			return true
		}
	}
	switch t := s["type"].(type) {
	case string:
		return t != "object"
	case []any:
		return len(t) > 0
	}
	return false
}

// OutputHint is what an output schema that says nothing else still names:
// its title or unresolved reference ("BrandedFoodObject"), for inference.
func (t *Tool) OutputHint() string {
	var s map[string]any
	if json.Unmarshal(t.OutputSchema, &s) != nil || sim.ErrorOnly(t.Name, s) {
		return "" // an error body's title ("CloudError") names no result
	}
	for _, k := range []string{"title", "x-ref"} {
		if v, ok := s[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}

// ComputeID returns the stable identifier of a tool: a hash of its service,
// name and canonical input schema. Two imports of the same definition get the
// same id, which is how imports deduplicate.
func ComputeID(service, name string, inputSchema json.RawMessage) string {
	h := sha256.New()
	h.Write([]byte(service))
	h.Write([]byte{0})
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(Canonical(inputSchema))
	return "t" + hex.EncodeToString(h.Sum(nil)[:10])
}

// Canonical re-encodes JSON with sorted keys and no insignificant space, so
// equal schemas hash equally whatever their key order. Invalid JSON is
// returned as is.
func Canonical(raw json.RawMessage) []byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return raw
	}
	var buf bytes.Buffer
	writeCanonical(&buf, v)
	return buf.Bytes()
}

func writeCanonical(buf *bytes.Buffer, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			buf.Write(kb)
			buf.WriteByte(':')
			writeCanonical(buf, x[k])
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeCanonical(buf, e)
		}
		buf.WriteByte(']')
	default:
		b, _ := json.Marshal(x)
		buf.Write(b)
	}
}
