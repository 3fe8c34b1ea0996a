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

// HasOutput reports whether the tool declares (or was given) an output schema.
func (t *Tool) HasOutput() bool {
	s := bytes.TrimSpace(t.OutputSchema)
	return len(s) > 0 && !bytes.Equal(s, []byte("null")) && !bytes.Equal(s, []byte("{}"))
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
