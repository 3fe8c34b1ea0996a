// Package trajectory holds the canonical dataset row (DESIGN section 3) and
// the measures the diversity contract defines on it (DESIGN section 5): the
// reasoning-mode signature, Cumulative Action Complexity and the entropies.
// Everything here is computed from records alone, so anyone can re-measure a
// dataset.
package trajectory

import "encoding/json"

// Record is one row of trajectories.jsonl, in the OpenAI chat format.
type Record struct {
	ID            string          `json:"id"`
	JobID         string          `json:"job_id"`
	ClusterID     string          `json:"cluster_id"`
	BlueprintID   string          `json:"blueprint_id"`
	Domain        string          `json:"domain"`
	ReasoningMode string          `json:"reasoning_mode"`
	CAC           float64         `json:"cac"`
	Tools         []Tool          `json:"tools"`
	Messages      []Message       `json:"messages"`
	Verdict       json.RawMessage `json:"verdict,omitempty"`
	Usage         json.RawMessage `json:"usage,omitempty"`
	Provenance    json.RawMessage `json:"provenance,omitempty"`
}

// Tool is an entry of the record's tools array.
type Tool struct {
	Type     string       `json:"type"`
	Function FunctionSpec `json:"function"`
}

// FunctionSpec describes a callable tool.
type FunctionSpec struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
}

// Message is one chat message.
type Message struct {
	Role             string     `json:"role"`
	Content          string     `json:"content"`
	ReasoningContent string     `json:"reasoning_content,omitempty"`
	ToolCalls        []ToolCall `json:"tool_calls,omitempty"`
	ToolCallID       string     `json:"tool_call_id,omitempty"`
	Name             string     `json:"name,omitempty"`
}

// ToolCall is one call in an assistant message.
type ToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function FunctionCall `json:"function"`
}

// FunctionCall names the tool and carries its arguments as a JSON string.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}
