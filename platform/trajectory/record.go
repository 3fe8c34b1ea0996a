// Package trajectory holds the canonical dataset row (docs/design.md#trajectory-record) and
// the measures the diversity contract defines on it (docs/metrics.md): the
// reasoning-mode signature, Cumulative Action Complexity and the entropies.
// Everything here is computed from records alone, so anyone can re-measure a
// dataset.
package trajectory

import (
	"encoding/json"

	"github.com/tdscaling/tdscaling/platform/llm"
)

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

// The messages and tools of a record are the OpenAI chat format, the same
// types the LLM client sends and receives.
type (
	Tool         = llm.Tool
	FunctionSpec = llm.FunctionSpec
	Message      = llm.Message
	ToolCall     = llm.ToolCall
	FunctionCall = llm.FunctionCall
)
