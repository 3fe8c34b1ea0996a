// Package dataset writes a job's dataset directory: the accepted records and
// rejected rollouts as they arrive (idempotent by id, flushed and fsynced in
// batches), then the final files written atomically when the job succeeds.
package dataset

import (
	"encoding/json"
	"sort"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// Canonical converts a record to the canonical dataset row (DESIGN section 3).
func Canonical(r *trajectoryv1.Record) trajectory.Record {
	out := trajectory.Record{
		ID: r.GetId(), JobID: r.GetJobId(), ClusterID: r.GetClusterId(), BlueprintID: r.GetBlueprintId(),
		Domain: r.GetDomain(), ReasoningMode: r.GetReasoningMode(), CAC: r.GetCac(),
		Tools:    make([]trajectory.Tool, 0, len(r.GetTools())),
		Messages: make([]trajectory.Message, 0, len(r.GetMessages())),
	}
	for _, t := range r.GetTools() {
		typ := t.GetType()
		if typ == "" {
			typ = "function"
		}
		var params json.RawMessage
		if p := t.GetFunction().GetParametersJson(); p != "" && json.Valid([]byte(p)) {
			params = json.RawMessage(p)
		}
		out.Tools = append(out.Tools, trajectory.Tool{Type: typ, Function: trajectory.FunctionSpec{
			Name: t.GetFunction().GetName(), Description: t.GetFunction().GetDescription(), Parameters: params,
		}})
	}
	for _, m := range r.GetMessages() {
		msg := trajectory.Message{
			Role: m.GetRole(), Content: m.GetContent(), ReasoningContent: m.GetReasoningContent(),
			ToolCallID: m.GetToolCallId(), Name: m.GetName(),
		}
		for _, c := range m.GetToolCalls() {
			typ := c.GetType()
			if typ == "" {
				typ = "function"
			}
			msg.ToolCalls = append(msg.ToolCalls, trajectory.ToolCall{ID: c.GetId(), Type: typ, Function: trajectory.FunctionCall{
				Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments(),
			}})
		}
		out.Messages = append(out.Messages, msg)
	}
	if v := r.GetVerdict(); v != nil {
		out.Verdict = mustJSON(verdictJSON{Passed: v.GetPassed(), Checks: nonNil(v.GetChecks()), JudgeScore: v.JudgeScore})
	}
	u := r.GetUsage()
	out.Usage = mustJSON(usageJSON{PromptTokens: u.GetPromptTokens(), CompletionTokens: u.GetCompletionTokens(), LLMCalls: u.GetLlmCalls()})
	if p := r.GetProvenance(); p != nil {
		out.Provenance = mustJSON(provenanceJSON{Models: nonNil(p.GetModels()), Seed: p.GetSeed(), Version: p.GetVersion(), Strategy: p.GetStrategy()})
	}
	return out
}

type verdictJSON struct {
	Passed     bool            `json:"passed"`
	Checks     map[string]bool `json:"checks"`
	JudgeScore *float64        `json:"judge_score,omitempty"`
}

type usageJSON struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	LLMCalls         int64 `json:"llm_calls"`
}

type provenanceJSON struct {
	Models   map[string]string `json:"models"`
	Seed     int64             `json:"seed"`
	Version  string            `json:"version,omitempty"`
	Strategy string            `json:"strategy,omitempty"`
}

// Rejected is one row of rejected.jsonl: a rollout that did not become a
// record, with the reasons (a preference negative for training).
type Rejected struct {
	TaskID     string             `json:"task_id"`
	JobID      string             `json:"job_id"`
	Reasons    []RejectedReason   `json:"reasons"`
	Record     *trajectory.Record `json:"record,omitempty"`
	Usage      json.RawMessage    `json:"usage,omitempty"`
	Correction int32              `json:"corrections,omitempty"`
}

// RejectedReason is one reason a rollout was rejected.
type RejectedReason struct {
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
	CallID string `json:"call_id,omitempty"`
}

// RejectedRow converts a rejected rollout to its row.
func RejectedRow(res *agentv1.RolloutResult) Rejected {
	out := Rejected{TaskID: res.GetTaskId(), JobID: res.GetJobId(), Correction: res.GetCorrections()}
	for _, r := range res.GetRejections() {
		out.Reasons = append(out.Reasons, RejectedReason{Reason: r.GetReason().String(), Detail: r.GetDetail(), CallID: r.GetCallId()})
	}
	if res.GetRecord() != nil && len(res.GetRecord().GetMessages()) > 0 {
		rec := Canonical(res.GetRecord())
		out.Record = &rec
	}
	u := res.GetUsage()
	out.Usage = mustJSON(usageJSON{PromptTokens: u.GetPromptTokens(), CompletionTokens: u.GetCompletionTokens(), LLMCalls: u.GetLlmCalls()})
	return out
}

func nonNil[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs of strings, numbers and maps reach here
	}
	return b
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
