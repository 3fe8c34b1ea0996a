package llm

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// pieces are the fragments random strings are made of: every kind of byte
// encoding/json escapes, multi-byte runes, invalid UTF-8 and plain text.
var pieces = []string{"a", "Hello world", " ", "\"", "\\", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
	"é", "日本", "\u2028", "\u2029", "\xff", "\xe2\x80", "😀", "{", "}", "'", "/"}

func randString(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

var raws = []string{`{"type":"object"}`, "{\n  \"type\": \"object\",\n  \"properties\": {\"a <b>\": {\"type\": \"string\", \"description\": \"x & y\u2028\"}}\n}",
	`[1, 2,  3]`, `"auto"`, ` {"x" : null } `, `{"type":`, `not json`, `{"s":"\u00e9\u003c"}`, `12.50`}

var floats = []float64{0, 1, 0.7, -0.2, 1e-7, 1.5e-9, 1e21, 123456789.125, 1e20, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1)}

func randRequest(r *rand.Rand) ChatRequest {
	req := ChatRequest{Model: randString(r), Stream: r.IntN(2) == 0, MaxTokens: r.IntN(3) * 512}
	if r.IntN(4) > 0 {
		req.Messages = []Message{}
		for range r.IntN(4) {
			m := Message{Role: randString(r), Content: randString(r)}
			if r.IntN(3) == 0 {
				m.Name, m.ToolCallID, m.ReasoningContent = randString(r), randString(r), randString(r)
			}
			for range r.IntN(3) {
				m.ToolCalls = append(m.ToolCalls, ToolCall{ID: randString(r), Type: randString(r), Function: FunctionCall{Name: randString(r), Arguments: randString(r)}})
			}
			if r.IntN(4) == 0 {
				m.ToolCalls = []ToolCall{}
			}
			req.Messages = append(req.Messages, m)
		}
	}
	for range r.IntN(3) {
		t := Tool{Type: randString(r), Function: FunctionSpec{Name: randString(r), Description: randString(r)}}
		if r.IntN(3) > 0 {
			t.Function.Parameters = json.RawMessage(raws[r.IntN(len(raws))])
		}
		req.Tools = append(req.Tools, t)
	}
	if r.IntN(10) == 0 {
		req.Tools = []Tool{}
	}
	if r.IntN(4) == 0 {
		req.ToolChoice = json.RawMessage(raws[r.IntN(len(raws))])
	}
	if r.IntN(3) == 0 {
		b := r.IntN(2) == 0
		req.ParallelToolCalls = &b
	}
	if r.IntN(3) == 0 {
		req.ResponseFormat = &ResponseFormat{Type: randString(r)}
		if r.IntN(2) == 0 {
			req.ResponseFormat.JSONSchema = json.RawMessage(raws[r.IntN(len(raws))])
		}
	}
	if r.IntN(2) == 0 {
		f := floats[r.IntN(len(floats))]
		req.Temperature = &f
	}
	if r.IntN(2) == 0 {
		f := -floats[r.IntN(len(floats))]
		req.TopP = &f
	}
	if r.IntN(2) == 0 {
		s := r.Int64() - r.Int64()
		req.Seed = &s
	}
	return req
}

// TestEncodeRequestIsJSONMarshal: the hand-written encoding gives exactly
// json.Marshal's bytes (the cache keys and what servers see depend on
// them), and its errors, over random requests with every kind of string,
// raw value and number.
func TestEncodeRequestIsJSONMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	failed := 0
	for i := range 20000 {
		req := randRequest(r)
		want, wantErr := json.Marshal(req)
		got, err := encodeRequest(&req)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("request %d: error %v, json.Marshal's %v", i, err, wantErr)
		}
		if wantErr != nil {
			failed++
			continue
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("request %d:\n got %s\nwant %s", i, got, want)
		}
	}
	if failed == 0 || failed > 15000 {
		t.Fatalf("%d of 20000 requests failed to encode: the test does not cover both cases", failed)
	}
	bench := benchRequest()
	want, _ := json.Marshal(bench)
	if got, _ := encodeRequest(&bench); !bytes.Equal(got, want) {
		t.Fatalf("benchmark request:\n got %s\nwant %s", got, want)
	}
}

// rawJSON is how JSONSchemaFormat wrote its schema through json.Marshal.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("{}"), nil
	}
	return r, nil
}

// TestJSONSchemaFormatIsJSONMarshal: the format's JSON is what json.Marshal
// makes of {"name": name, "schema": schema}, and nothing when the schema is
// not JSON.
func TestJSONSchemaFormatIsJSONMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		name := randString(r)
		var schema []byte
		if r.IntN(5) > 0 {
			schema = []byte(raws[r.IntN(len(raws))])
		}
		want, _ := json.Marshal(map[string]any{"name": name, "schema": rawJSON(schema)})
		got := JSONSchemaFormat(name, schema)
		if got.Type != StructuredJSONSchema || !bytes.Equal(got.JSONSchema, want) {
			t.Fatalf("%q %q: got %s, want %s", name, schema, got.JSONSchema, want)
		}
	}
}
