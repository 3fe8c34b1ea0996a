package engine

import (
	"google.golang.org/protobuf/proto"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// DefaultAttemptsPerRecord and DefaultAttemptsExtra make the default
// max_attempts of a job: 10 attempts per target record plus 100, so a job
// whose rollouts mostly fail ends on its own even with the breaker off.
const (
	DefaultAttemptsPerRecord = 10
	DefaultAttemptsExtra     = 100
)

// withBudgetDefaults returns spec with the budget's defaults written in, so
// the stored job says what bounds it: max_attempts when unset (the breaker's
// defaults are evolve's, see tdscaling.job.v1.Breaker).
func withBudgetDefaults(spec *jobv1.JobSpec) *jobv1.JobSpec {
	out := proto.Clone(spec).(*jobv1.JobSpec)
	if out.Budget == nil {
		out.Budget = &jobv1.Budget{}
	}
	if out.Budget.GetMaxAttempts() == 0 && out.GetTargetRecords() > 0 {
		out.Budget.MaxAttempts = DefaultAttemptsPerRecord*out.GetTargetRecords() + DefaultAttemptsExtra
	}
	return out
}
