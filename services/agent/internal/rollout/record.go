package rollout

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// RecordID is the record's id: a function of (job id, task id) when both
// are set, so a redelivered task yields the same id; otherwise of
// (blueprint id, seed), so the same rollout request yields the same id.
func RecordID(jobID, taskID, blueprintID string, seed int64) string {
	var key string
	if jobID != "" && taskID != "" {
		key = "task\x00" + jobID + "\x00" + taskID
	} else {
		key = fmt.Sprintf("blueprint\x00%s\x00%d", blueprintID, seed)
	}
	h := sha256.Sum256([]byte(key))
	return "tr_" + hex.EncodeToString(h[:16])
}

// record builds the canonical record (docs/design.md#trajectory-record) of the rollout.
func (e *engine) record(checks map[string]bool, passed bool, score *float64) *trajectoryv1.Record {
	bp := e.s.Plan.BP
	m := trajectory.Measure(e.s.Messages)
	rec := &trajectoryv1.Record{
		Id:            RecordID(e.req.JobID, e.req.TaskID, bp.GetId(), e.req.Seed),
		JobId:         e.req.JobID,
		ClusterId:     bp.GetClusterId(),
		BlueprintId:   bp.GetId(),
		Domain:        bp.GetDomain(),
		ReasoningMode: m.Signature,
		Cac:           m.CAC,
		Verdict:       &trajectoryv1.Verdict{Passed: passed, Checks: maps.Clone(checks), JudgeScore: score},
		Usage:         e.usage.Proto(),
		Provenance:    &trajectoryv1.Provenance{Models: maps.Clone(e.roles.Models), Seed: e.req.Seed, Version: e.cfg.Version, DeclaredOutputs: e.s.Tools.DeclaredOutputs()},
		Primitives:    bp.GetPrimitives(),
	}
	if rec.JobId == "" {
		rec.JobId = bp.GetJobId()
	}
	for _, t := range e.s.Tools.Specs() {
		rec.Tools = append(rec.Tools, &trajectoryv1.ToolSpec{Type: "function", Function: &trajectoryv1.FunctionSpec{
			Name: t.Function.Name, Description: t.Function.Description, ParametersJson: string(t.Function.Parameters),
		}})
	}
	for _, msg := range e.s.Messages {
		pm := &trajectoryv1.Message{Role: msg.Role, Content: msg.Content, ReasoningContent: msg.ReasoningContent, ToolCallId: msg.ToolCallID, Name: msg.Name}
		for _, c := range msg.ToolCalls {
			pm.ToolCalls = append(pm.ToolCalls, &trajectoryv1.ToolCall{Id: c.ID, Type: "function", Function: &trajectoryv1.FunctionCall{Name: c.Function.Name, Arguments: c.Function.Arguments}})
		}
		rec.Messages = append(rec.Messages, pm)
	}
	return rec
}
