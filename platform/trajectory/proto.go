package trajectory

import (
	"encoding/json"
	"fmt"

	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
)

// Verdict, Usage and Provenance are the JSON shapes of a record's verdict,
// usage and provenance (docs/design.md#trajectory-record).
type Verdict struct {
	Passed     bool            `json:"passed"`
	Checks     map[string]bool `json:"checks"`
	JudgeScore *float64        `json:"judge_score,omitempty"`
}

// Usage is a record's (or a rollout's) LLM usage.
type Usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	LLMCalls         int64 `json:"llm_calls"`
}

// UsageFromProto converts the contract's usage.
func UsageFromProto(u *llmv1.Usage) Usage {
	return Usage{PromptTokens: u.GetPromptTokens(), CompletionTokens: u.GetCompletionTokens(), LLMCalls: u.GetLlmCalls()}
}

// Provenance says how a record was made.
type Provenance struct {
	Models   map[string]string `json:"models"`
	Seed     int64             `json:"seed"`
	Version  string            `json:"version"`
	Strategy string            `json:"strategy,omitempty"`
	// DeclaredOutputs names the tools whose output schema the corpus
	// declared; absent when none did.
	DeclaredOutputs []string `json:"declared_outputs,omitempty"`
}

// FromProto converts the contract's record to the canonical row: tool
// parameters become a JSON object, call arguments stay a JSON string.
func FromProto(p *trajectoryv1.Record) (Record, error) {
	r := Record{
		ID: p.GetId(), JobID: p.GetJobId(), ClusterID: p.GetClusterId(), BlueprintID: p.GetBlueprintId(),
		Domain: p.GetDomain(), ReasoningMode: p.GetReasoningMode(), CAC: p.GetCac(),
		Tools: []Tool{}, Messages: []Message{},
	}
	for _, t := range p.GetTools() {
		params := t.GetFunction().GetParametersJson()
		if params == "" {
			params = `{"type":"object","properties":{}}`
		}
		if !json.Valid([]byte(params)) {
			return Record{}, fmt.Errorf("tool %q: parameters are not JSON", t.GetFunction().GetName())
		}
		r.Tools = append(r.Tools, Tool{Type: "function", Function: FunctionSpec{
			Name: t.GetFunction().GetName(), Description: t.GetFunction().GetDescription(), Parameters: json.RawMessage(params),
		}})
	}
	for _, m := range p.GetMessages() {
		msg := Message{Role: m.GetRole(), Content: m.GetContent(), ReasoningContent: m.GetReasoningContent(), ToolCallID: m.GetToolCallId(), Name: m.GetName()}
		for _, c := range m.GetToolCalls() {
			msg.ToolCalls = append(msg.ToolCalls, ToolCall{ID: c.GetId(), Type: "function", Function: FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
		}
		r.Messages = append(r.Messages, msg)
	}
	v := p.GetVerdict()
	checks := v.GetChecks()
	if checks == nil {
		checks = map[string]bool{}
	}
	var err error
	if r.Verdict, err = json.Marshal(Verdict{Passed: v.GetPassed(), Checks: checks, JudgeScore: v.JudgeScore}); err != nil {
		return Record{}, err
	}
	if r.Usage, err = json.Marshal(UsageFromProto(p.GetUsage())); err != nil {
		return Record{}, err
	}
	pv := p.GetProvenance()
	models := pv.GetModels()
	if models == nil {
		models = map[string]string{}
	}
	if r.Provenance, err = json.Marshal(Provenance{Models: models, Seed: pv.GetSeed(), Version: pv.GetVersion(), Strategy: pv.GetStrategy(), DeclaredOutputs: pv.GetDeclaredOutputs()}); err != nil {
		return Record{}, err
	}
	return r, nil
}

// MarshalProto renders the contract's record as one canonical JSON Lines
// row (without the trailing newline).
func MarshalProto(p *trajectoryv1.Record) ([]byte, error) {
	r, err := FromProto(p)
	if err != nil {
		return nil, err
	}
	return json.Marshal(r)
}
