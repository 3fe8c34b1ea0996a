package engine

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/proto"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
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

// budgetViolations checks a budget given at field.
func budgetViolations(field string, b *jobv1.Budget) []apierr.Violation {
	var vs []apierr.Violation
	bad := func(f, format string, a ...any) {
		vs = append(vs, apierr.Violation{Field: field + f, Description: fmt.Sprintf(format, a...)})
	}
	if b.GetMaxRecords() < 0 || b.GetMaxLlmTokens() < 0 || b.GetMaxAttempts() < 0 || b.GetMaxWallTime().AsDuration() < 0 || b.GetMaxCost() < 0 || math.IsNaN(b.GetMaxCost()) {
		bad("", "limits must not be negative (zero means unlimited)")
	}
	if br := b.GetBreaker(); br != nil {
		if br.GetWindow() < 0 || br.GetMinAttempts() < 0 || br.GetSameFailureStreak() < 0 {
			bad(".breaker", "window, min_attempts and same_failure_streak must not be negative (zero means the default)")
		}
		if r := br.GetMaxRejectionRate(); math.IsNaN(r) || r < 0 || r > 1 {
			bad(".breaker.max_rejection_rate", "want a fraction in [0, 1] (0 means the default, 0.9), got %g", r)
		}
	}
	return vs
}

// resumedBudget is the budget a resumed job runs under: the one given (its
// max_attempts, when unset, allowing 10 attempts per missing record + 100
// beyond the attempts made), or the job's own.
func resumedBudget(job *jobv1.Job, given *jobv1.Budget, attempts int64) *jobv1.Budget {
	if given == nil {
		return proto.Clone(job.GetSpec().GetBudget()).(*jobv1.Budget)
	}
	out := proto.Clone(given).(*jobv1.Budget)
	if out.GetMaxAttempts() == 0 {
		missing := max(job.GetSpec().GetTargetRecords()-job.GetProgress().GetWritten(), 0)
		out.MaxAttempts = attempts + DefaultAttemptsPerRecord*missing + DefaultAttemptsExtra
	}
	return out
}
