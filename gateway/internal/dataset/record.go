// Package dataset writes a job's dataset directory: the accepted records and
// rejected rollouts as they arrive (idempotent by id, flushed and fsynced in
// batches), then the final files written atomically when the job succeeds.
package dataset

import (
	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// Rejected is one row of rejected.jsonl: a rollout that did not become a
// record, with the reasons (a preference negative for training).
type Rejected struct {
	TaskID     string             `json:"task_id"`
	JobID      string             `json:"job_id"`
	Reasons    []RejectedReason   `json:"reasons"`
	Record     *trajectory.Record `json:"record,omitempty"`
	Usage      trajectory.Usage   `json:"usage"`
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
		if rec, err := trajectory.FromProto(res.GetRecord()); err == nil {
			out.Record = &rec
		}
	}
	out.Usage = trajectory.UsageFromProto(res.GetUsage())
	return out
}
