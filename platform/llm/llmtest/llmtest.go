// Package llmtest is an in-process, OpenAI-compatible chat-completions server
// for tests: it answers from a script or a handler, and can add latency,
// refuse with 429 (with Retry-After) or 500, cap its concurrency, return
// malformed JSON and tool calls. It records what it was sent.
package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm"
)

// Reply is one scripted answer.
type Reply struct {
	// Status, when not 0 or 200, is sent with an error body.
	Status int
	// RetryAfter is sent as the Retry-After header (seconds, or an HTTP date).
	RetryAfter string
	// Raw, when set, is sent as the body verbatim (e.g. malformed JSON).
	Raw string
	// Content and ToolCalls make the assistant message.
	Content   string
	ToolCalls []llm.ToolCall
	// Usage is reported as is; zero reports 10 prompt and 5 completion tokens.
	Usage llm.Usage
}

// Text is a reply with content.
func Text(s string) Reply { return Reply{Content: s} }

// Status is an error reply.
func Status(code int) Reply { return Reply{Status: code} }

// TooMany is a 429 with a Retry-After header.
func TooMany(retryAfter string) Reply {
	return Reply{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// Malformed is a 200 whose body is not JSON.
func Malformed() Reply { return Reply{Raw: `{"id": "x", "choices": [`} }

// Call is a reply with one tool call.
func Call(name, argumentsJSON string) Reply {
	return Reply{ToolCalls: []llm.ToolCall{{ID: "call_1", Type: "function", Function: llm.FunctionCall{Name: name, Arguments: argumentsJSON}}}}
}

// Handler computes a reply for a request; n is the 1-based request number.
type Handler func(req llm.ChatRequest, n int) Reply

// Server is the fake endpoint.
type Server struct {
	// URL is the API root to configure as an endpoint's base URL (ends in /v1).
	URL string

	mu       sync.Mutex
	script   []Reply
	handler  Handler
	requests []Recorded
	latency  time.Duration
	capacity int

	n           atomic.Int64
	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	overloads   atomic.Int64
	srv         *httptest.Server
}

// Recorded is a request as the server saw it.
type Recorded struct {
	Request       llm.ChatRequest
	Authorization string
	At            time.Time
}

// New starts a server that, unless scripted, answers "ok". It stops when
// the test ends.
func New(t testing.TB) *Server {
	s := Start()
	t.Cleanup(s.Close)
	return s
}

// Start starts a server outside a test (benchmark programs); Close stops it.
func Start() *Server {
	s := &Server{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v1"
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Enqueue appends replies; each request takes the next one, and the handler
// (or "ok") answers once the script is used up.
func (s *Server) Enqueue(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, r...)
}

// Handle sets the handler used after the script.
func (s *Server) Handle(h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler = h
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetCapacity makes the server answer 429 to any request that arrives while
// n others are in flight (0 = no limit), as a saturated inference server does.
func (s *Server) SetCapacity(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.capacity = n
}

// Calls is how many requests arrived.
func (s *Server) Calls() int { return int(s.n.Load()) }

// MaxInFlight is the most requests served at once.
func (s *Server) MaxInFlight() int { return int(s.maxInFlight.Load()) }

// Overloads is how many requests were refused for capacity.
func (s *Server) Overloads() int { return int(s.overloads.Load()) }

// Requests returns the requests received so far.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
		return
	}
	cur := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxInFlight.Load()
		if cur <= m || s.maxInFlight.CompareAndSwap(m, cur) {
			break
		}
	}
	var req llm.ChatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"bad request body"}}`, http.StatusBadRequest)
		return
	}
	n := int(s.n.Add(1))
	s.mu.Lock()
	s.requests = append(s.requests, Recorded{Request: req, Authorization: r.Header.Get("Authorization"), At: time.Now()})
	latency, capacity := s.latency, s.capacity
	var reply Reply
	switch {
	case capacity > 0 && cur > int64(capacity):
		reply = TooMany("")
		s.overloads.Add(1)
	case len(s.script) > 0:
		reply = s.script[0]
		s.script = s.script[1:]
	case s.handler != nil:
		h := s.handler
		s.mu.Unlock()
		reply = h(req, n)
		s.mu.Lock()
	default:
		reply = Text("ok")
	}
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	write(w, req, reply, n)
}

func write(w http.ResponseWriter, req llm.ChatRequest, r Reply, n int) {
	w.Header().Set("Content-Type", "application/json")
	if r.RetryAfter != "" {
		w.Header().Set("Retry-After", r.RetryAfter)
	}
	if r.Status != 0 && r.Status != http.StatusOK {
		w.WriteHeader(r.Status)
		fmt.Fprintf(w, `{"error":{"message":"fake error %d","type":"server_error"}}`, r.Status)
		return
	}
	if r.Raw != "" {
		_, _ = w.Write([]byte(r.Raw))
		return
	}
	u := r.Usage
	if u == (llm.Usage{}) {
		u = llm.Usage{PromptTokens: 10, CompletionTokens: 5}
	}
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	finish := "stop"
	if len(r.ToolCalls) > 0 {
		finish = "tool_calls"
	}
	resp := llm.ChatResponse{
		ID:    "chatcmpl-" + strconv.Itoa(n),
		Model: req.Model,
		Choices: []llm.Choice{{
			Message:      llm.Message{Role: "assistant", Content: r.Content, ToolCalls: r.ToolCalls},
			FinishReason: finish,
		}},
		Usage: u,
	}
	_ = json.NewEncoder(w).Encode(resp)
}
