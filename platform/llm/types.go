// Package llm is TDScaling's one client for OpenAI-compatible chat-completions
// servers (vLLM, SGLang, Ollama, llama.cpp server, OpenAI, hosted providers):
// tool calling and JSON output, per-endpoint concurrency that adapts to
// congestion but not to load-independent refusals (see Limiter), honours
// Retry-After per request and the provider's rate-limit headers, retries with
// exponential backoff and jitter, per-call timeouts, a content-addressed response cache on disk, and
// token accounting against a job's budget. Replies are normalised for every
// chat template (<think> blocks and tool calls written as text move to their
// fields), a reply cut off by the token limit is never returned as complete,
// and retries that want another answer vary the seed.
package llm

import "encoding/json"

// Role names who a model speaks for in a rollout; each role has its own endpoint.
type Role string

// The roles of a rollout.
const (
	RolePlanner       Role = "planner"
	RoleUserSimulator Role = "user_simulator"
	RoleAssistant     Role = "assistant"
	RoleToolSimulator Role = "tool_simulator"
	RoleJudge         Role = "judge"
)

// Roles lists every role, in a stable order.
var Roles = []Role{RolePlanner, RoleUserSimulator, RoleAssistant, RoleToolSimulator, RoleJudge}

// Message is one chat message in the OpenAI format.
type Message struct {
	Role       string     `json:"role"`
	Content    string     `json:"content"`
	Name       string     `json:"name,omitempty"`
	ToolCalls  []ToolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
	// ReasoningContent is what reasoning models (vLLM, SGLang, DeepSeek) return beside the answer.
	ReasoningContent string `json:"reasoning_content,omitempty"`
}

// ToolCall is a function call the model asks for. Arguments is JSON text.
type ToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function FunctionCall `json:"function"`
}

// FunctionCall names the function and carries its arguments as JSON text.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// Tool declares a function the model may call.
type Tool struct {
	Type     string       `json:"type"`
	Function FunctionSpec `json:"function"`
}

// FunctionSpec is a tool's name, description and JSON Schema of parameters.
type FunctionSpec struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
}

// ResponseFormat asks for JSON output: {"type": "json_object"}, or
// {"type": "json_schema", "json_schema": {...}} where the server supports it.
type ResponseFormat struct {
	Type       string          `json:"type"`
	JSONSchema json.RawMessage `json:"json_schema,omitempty"`
}

// ChatRequest is a chat-completions request. Model, Temperature, TopP and
// MaxTokens left zero take the endpoint's configuration.
type ChatRequest struct {
	Model      string          `json:"model"`
	Messages   []Message       `json:"messages"`
	Tools      []Tool          `json:"tools,omitempty"`
	ToolChoice json.RawMessage `json:"tool_choice,omitempty"`
	// ParallelToolCalls false asks for at most one call per turn; the
	// client sets it from the endpoint when the request declares tools.
	ParallelToolCalls *bool           `json:"parallel_tool_calls,omitempty"`
	ResponseFormat    *ResponseFormat `json:"response_format,omitempty"`
	Temperature       *float64        `json:"temperature,omitempty"`
	TopP              *float64        `json:"top_p,omitempty"`
	MaxTokens         int             `json:"max_tokens,omitempty"`
	Seed              *int64          `json:"seed,omitempty"`
	Stream            bool            `json:"stream"`
}

// Usage is the token count the server reports for one call.
type Usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

// Choice is one completion.
type Choice struct {
	Index        int     `json:"index"`
	Message      Message `json:"message"`
	FinishReason string  `json:"finish_reason"`
}

// ChatResponse is a chat-completions response.
type ChatResponse struct {
	ID      string   `json:"id"`
	Model   string   `json:"model"`
	Choices []Choice `json:"choices"`
	Usage   Usage    `json:"usage"`
	// Cached is true when the response came from the on-disk cache (no call was made).
	Cached bool `json:"-"`
	// Attempts is how many HTTP requests the call took (0 when cached).
	Attempts int `json:"-"`
	// Spent is the accounting of every completion the call took: more than
	// one when a truncated reply was asked again.
	Spent Totals `json:"-"`
}

// Totals returns the call's accounting (zero for a nil response).
func (r *ChatResponse) Totals() Totals {
	if r == nil {
		return Totals{}
	}
	return r.Spent
}

// Message returns the first choice's message, or an empty one.
func (r *ChatResponse) Message() Message {
	if r == nil || len(r.Choices) == 0 {
		return Message{}
	}
	return r.Choices[0].Message
}
