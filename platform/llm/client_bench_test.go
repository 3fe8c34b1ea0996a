package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// benchRequest is an assistant's request late in a rollout: a dozen
// messages and eight tools with their schemas.
func benchRequest() ChatRequest {
	var req ChatRequest
	req.Messages = append(req.Messages, Message{Role: "system", Content: strings.Repeat("You are a helpful assistant with tools. ", 20)})
	for i := range 6 {
		req.Messages = append(req.Messages,
			Message{Role: "user", Content: fmt.Sprintf("Please look up order <%d> & tell me \"when\" it ships.", i)},
			Message{Role: "assistant", ToolCalls: []ToolCall{{ID: fmt.Sprintf("call_%d", i), Type: "function", Function: FunctionCall{Name: "get_order", Arguments: fmt.Sprintf(`{"order_id": "A-%d"}`, i)}}}},
			Message{Role: "tool", ToolCallID: fmt.Sprintf("call_%d", i), Name: "get_order", Content: `{"status":"shipped","eta":"2024-05-02","items":[{"sku":"X1","qty":2}]}`})
	}
	for i := range 8 {
		req.Tools = append(req.Tools, Tool{Type: "function", Function: FunctionSpec{
			Name:        fmt.Sprintf("tool_%d", i),
			Description: "Looks something up in the shop's records and returns what it finds.",
			Parameters: json.RawMessage(`{
  "type": "object",
  "properties": {"order_id": {"type": "string", "description": "The order's id, e.g. A-1"}, "limit": {"type": "integer", "minimum": 1}},
  "required": ["order_id"]
}`)}})
	}
	seed := int64(7)
	req.Seed = &seed
	return req
}

// BenchmarkComplete is one call through the client against a local server:
// encoding, the HTTP exchange, decoding, metrics and spans.
func BenchmarkComplete(b *testing.B) {
	reply := []byte(`{"id":"c1","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_9","type":"function","function":{"name":"tool_1","arguments":"{\"order_id\": \"A-9\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":900,"completion_tokens":20,"total_tokens":920}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(reply)
	}))
	b.Cleanup(srv.Close)
	c, err := New(Endpoint{Provider: ProviderOpenAI, BaseURL: srv.URL, Model: "m", MaxConcurrency: 4}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	c = c.WithRole(RoleAssistant)
	req := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Complete(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeRequest is the request's encoding alone, by hand and by
// encoding/json.
func BenchmarkEncodeRequest(b *testing.B) {
	req := benchRequest()
	b.Run("encodeRequest", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeRequest(&req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeResponse is a reply's decoding alone, by the client's
// reader and by encoding/json.
func BenchmarkDecodeResponse(b *testing.B) {
	raw := []byte(`{"id":"c1","object":"chat.completion","created":1717000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Your order A-9 shipped on 2 May and should arrive by the 6th; the tracking number is 1Z999.","reasoning_content":"The tool said it shipped.","tool_calls":[{"id":"call_9","type":"function","function":{"name":"tool_1","arguments":"{\"order_id\": \"A-9\"}"}}]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":20,"total_tokens":920}}`)
	b.Run("unmarshalResponse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r ChatResponse
			if err := unmarshalResponse(raw, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r ChatResponse
			if err := json.Unmarshal(raw, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
