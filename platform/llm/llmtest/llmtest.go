// Package llmtest is an in-process, OpenAI-compatible chat-completions server
// for tests: it answers from a script or a handler, and can add latency,
// refuse with 429 (with Retry-After and rate-limit headers) or 500, cap its
// concurrency (refusing, or queueing as an inference server does), return
// malformed JSON and tool calls, and play the quirks of real models and
// servers (Quirks): templates that refuse a late system message, servers
// without structured output or without a tool parser, reasoning written as
// <think> blocks. It records what it was sent.
package llmtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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
	// Header holds more response headers (e.g. x-ratelimit-remaining-requests).
	Header map[string]string
	// Immediate sends the reply at once, without the server's latency or a
	// slot (SetSlots): a refusal at the door, as a rate limiter in front of
	// an inference server answers.
	Immediate bool
	// Raw, when set, is sent as the body verbatim (e.g. malformed JSON).
	Raw string
	// Content and ToolCalls make the assistant message; Reasoning is its
	// reasoning_content.
	Content   string
	ToolCalls []llm.ToolCall
	Reasoning string
	// FinishReason overrides "stop" / "tool_calls" (e.g. "length").
	FinishReason string
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

// Quirks make the server answer as a particular model behind a particular
// server does.
type Quirks struct {
	// RejectLateSystem answers 400 to a request with a system message after
	// the first message, as the Gemma and Mistral-Instruct templates do.
	RejectLateSystem bool
	// RejectJSONSchema answers 400 to response_format json_schema, as a
	// server without structured output does.
	RejectJSONSchema bool
	// ToolCallsAsText writes a reply's tool calls into its content, as a
	// server run without a tool parser returns them: "hermes" (Qwen,
	// Hermes: <tool_call> blocks), "llama" (<|python_tag|> JSON), "json"
	// (the bare JSON object) or "mistral" ([TOOL_CALLS] list).
	ToolCallsAsText string
	// ThinkInContent writes a reply's reasoning as a <think> block at the
	// head of its content, as a server without a reasoning parser does.
	ThinkInContent bool
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
	quirks   Quirks
	slots    chan struct{}
	// busy is the time-integral of requests being served (past the
	// handler, in their latency), in request-seconds, up to busyAt.
	busy    float64
	busyAt  time.Time
	serving int

	n           atomic.Int64
	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	overloads   atomic.Int64
	// served counts the completions answered (status 200 with usage) and
	// the prompt and completion tokens they reported.
	completions      atomic.Int64
	promptServed     atomic.Int64
	completionServed atomic.Int64
	srv              *httptest.Server
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

// StartAt starts a server outside a test on addr (host:port), for programs
// that point a configuration at a fixed address; Close stops it.
func StartAt(addr string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	_ = s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	s.URL = s.srv.URL + "/v1"
	return s, nil
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

// SetSlots makes the server serve at most n requests at once and queue the
// rest, as an inference server with n sequences in its batch does (0 = no
// limit). Set it before the first request.
func (s *Server) SetSlots(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slots = nil
	if n > 0 {
		s.slots = make(chan struct{}, n)
	}
}

// Busy is the time-integral of the requests being served (in their
// latency, holding a slot), in request-seconds: over a period, its growth
// divided by the period is the mean number of requests served at once.
func (s *Server) Busy() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(time.Now())
	return s.busy
}

func (s *Server) advance(now time.Time) {
	if !s.busyAt.IsZero() {
		s.busy += now.Sub(s.busyAt).Seconds() * float64(s.serving)
	}
	s.busyAt = now
}

func (s *Server) served(d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(time.Now())
	s.serving += d
}

// SetQuirks sets how the server deviates from the OpenAI API.
func (s *Server) SetQuirks(q Quirks) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quirks = q
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
	latency, capacity, q := s.latency, s.capacity, s.quirks
	var reply Reply
	switch {
	case q.RejectLateSystem && lateSystem(req):
		reply = Reply{Status: http.StatusBadRequest, Raw: `{"error":{"message":"Conversation roles must alternate user/assistant/user/assistant/... (a system message is only allowed first)","type":"BadRequestError"}}`}
	case q.RejectJSONSchema && req.ResponseFormat != nil && req.ResponseFormat.Type == "json_schema":
		reply = Reply{Status: http.StatusBadRequest, Raw: `{"error":{"message":"response_format json_schema is not supported","type":"BadRequestError"}}`}
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
	slots := s.slots
	s.mu.Unlock()
	if !reply.Immediate {
		if slots != nil {
			select {
			case slots <- struct{}{}:
				defer func() { <-slots }()
			case <-r.Context().Done():
				return
			}
		}
		s.served(1)
		defer s.served(-1)
		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done():
				return
			}
		}
	}
	if u, ok := write(w, req, q.apply(reply), n); ok {
		s.completions.Add(1)
		s.promptServed.Add(u.PromptTokens)
		s.completionServed.Add(u.CompletionTokens)
	}
}

// Served is what the server answered and charged: completions sent with a
// usage, and the prompt and completion tokens they reported.
func (s *Server) Served() (completions, promptTokens, completionTokens int64) {
	return s.completions.Load(), s.promptServed.Load(), s.completionServed.Load()
}

func lateSystem(req llm.ChatRequest) bool {
	for i, m := range req.Messages {
		if i > 0 && m.Role == "system" {
			return true
		}
	}
	return false
}

// apply rewrites a reply as the quirky server would send it.
func (q Quirks) apply(r Reply) Reply {
	if q.ThinkInContent && r.Reasoning != "" {
		r.Content = "<think>\n" + r.Reasoning + "\n</think>\n\n" + r.Content
		r.Reasoning = ""
	}
	if q.ToolCallsAsText != "" && len(r.ToolCalls) > 0 {
		r.Content = strings.TrimSpace(r.Content + "\n" + TextToolCalls(q.ToolCallsAsText, r.ToolCalls))
		r.ToolCalls = nil
	}
	return r
}

// TextToolCalls writes calls as a model does in a text form (see Quirks).
func TextToolCalls(form string, calls []llm.ToolCall) string {
	var parts []string
	for _, c := range calls {
		args := c.Function.Arguments
		if args == "" {
			args = "{}"
		}
		switch form {
		case "hermes":
			parts = append(parts, fmt.Sprintf("<tool_call>\n{\"name\": %q, \"arguments\": %s}\n</tool_call>", c.Function.Name, args))
		case "llama", "json":
			parts = append(parts, fmt.Sprintf("{\"name\": %q, \"parameters\": %s}", c.Function.Name, args))
		case "mistral":
			parts = append(parts, fmt.Sprintf("{\"name\": %q, \"arguments\": %s}", c.Function.Name, args))
		}
	}
	switch form {
	case "llama":
		return "<|python_tag|>" + strings.Join(parts, "; ") + "<|eom_id|>"
	case "json":
		if len(parts) == 1 {
			return parts[0]
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case "mistral":
		return "[TOOL_CALLS][" + strings.Join(parts, ", ") + "]"
	}
	return strings.Join(parts, "\n")
}

// write sends the reply; for a completion it returns the usage it reported.
func write(w http.ResponseWriter, req llm.ChatRequest, r Reply, n int) (llm.Usage, bool) {
	w.Header().Set("Content-Type", "application/json")
	if r.RetryAfter != "" {
		w.Header().Set("Retry-After", r.RetryAfter)
	}
	for k, v := range r.Header {
		w.Header().Set(k, v)
	}
	if r.Status != 0 && r.Status != http.StatusOK {
		w.WriteHeader(r.Status)
		if r.Raw != "" {
			_, _ = w.Write([]byte(r.Raw))
			return llm.Usage{}, false
		}
		fmt.Fprintf(w, `{"error":{"message":"fake error %d","type":"server_error"}}`, r.Status)
		return llm.Usage{}, false
	}
	if r.Raw != "" {
		_, _ = w.Write([]byte(r.Raw))
		return llm.Usage{}, false
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
	if r.FinishReason != "" {
		finish = r.FinishReason
	}
	resp := llm.ChatResponse{
		ID:    "chatcmpl-" + strconv.Itoa(n),
		Model: req.Model,
		Choices: []llm.Choice{{
			Message:      llm.Message{Role: "assistant", Content: r.Content, ToolCalls: r.ToolCalls, ReasoningContent: r.Reasoning},
			FinishReason: finish,
		}},
		Usage: u,
	}
	return u, json.NewEncoder(w).Encode(resp) == nil
}
