package engine

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/dirlock"
)

// ResumeJob continues a STOPPED or CANCELLED job into its output directory:
// the directory is locked again, the rows of its partial dataset become the
// sink's parts again (so the records kept are neither lost nor written
// twice), the job goes back to PENDING with budget (nil keeps its own) and
// evolve, told of it by a new announcement, issues tasks again from the
// state it stopped in: what the job spent and accepted still counts. The
// partial dataset stays readable until the job ends again and rewrites it.
func (e *Engine) ResumeJob(ctx context.Context, owner, id string, budget *jobv1.Budget) (*jobv1.Job, error) {
	ent, err := e.cfg.Store.GetOwned(ctx, owner, id)
	if err != nil {
		return nil, storeErr(id, err)
	}
	if vs := budgetViolations("budget", budget); len(vs) > 0 {
		return nil, apierr.Invalid(vs...)
	}
	job := ent.Job
	conflict := func(format string, a ...any) error {
		return refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_JOB_STATE_CONFLICT, "job %s %s", id, fmt.Sprintf(format, a...))
	}
	switch job.GetState() {
	case jobv1.JobState_JOB_STATE_STOPPED, jobv1.JobState_JOB_STATE_CANCELLED:
	case jobv1.JobState_JOB_STATE_SUCCEEDED:
		return nil, conflict("succeeded: it holds its %d records; for more, create a job with a larger target into another directory", job.GetSpec().GetTargetRecords())
	case jobv1.JobState_JOB_STATE_FAILED:
		return nil, conflict("failed (%s): it has no dataset to continue; create it again", job.GetReason())
	default:
		return nil, conflict("is %s: only a stopped or cancelled job is resumed", stateName(job.GetState()))
	}
	if !job.GetDatasetWritten() {
		return nil, conflict("is %s and its dataset is still being written: try again in a moment", stateName(job.GetState()))
	}
	if !job.GetPartial() {
		return nil, conflict("holds all %d records it was asked for", job.GetSpec().GetTargetRecords())
	}
	report, err := e.cfg.Evolve.GetReport(ctx, &evolvev1.GetReportRequest{JobId: id})
	if err != nil {
		return nil, fmt.Errorf("evolve GetReport: %w", err)
	}
	next := resumedBudget(job, budget, report.GetReport().GetAttempts())
	lock, err := dirlock.Acquire(job.GetOutputDir())
	if err != nil {
		return nil, lockErr("output_dir", err)
	}
	if err := dataset.RestoreParts(job.GetOutputDir()); err != nil {
		lock.Release()
		return nil, fmt.Errorf("job %s: restore the rows of its dataset: %w", id, err)
	}
	var stale jobv1.JobState
	updated, err := e.cfg.Store.Update(ctx, id, func(j *jobv1.Job) bool {
		stale = jobv1.JobState_JOB_STATE_UNSPECIFIED
		if (j.GetState() != jobv1.JobState_JOB_STATE_STOPPED && j.GetState() != jobv1.JobState_JOB_STATE_CANCELLED) || j.GetResumes() != job.GetResumes() {
			stale = j.GetState()
			return false
		}
		j.Spec = proto.Clone(j.GetSpec()).(*jobv1.JobSpec)
		j.Spec.Budget = next
		j.State, j.Reason, j.Stop, j.FinishedAt = jobv1.JobState_JOB_STATE_PENDING, "", nil, nil
		j.DatasetWritten, j.Partial = false, false
		j.Resumes++
		if j.Progress != nil {
			j.Progress.InFlight, j.Progress.Eta = 0, nil
		}
		return true
	})
	if err != nil {
		lock.Release()
		return nil, err
	}
	if stale != jobv1.JobState_JOB_STATE_UNSPECIFIED {
		lock.Release()
		return nil, conflict("is %s: another call resumed it", stateName(stale))
	}
	e.holdLock(id, lock)
	if err := e.announce(ctx, updated.Job); err != nil {
		// The job is stored as PENDING: Resume announces it when the gateway restarts.
		e.log.WarnContext(ctx, "job resumed but not yet announced", "job", id, "err", err)
	}
	e.log.InfoContext(ctx, "job resumed", "job", id, "resumes", updated.Job.GetResumes(), "kept", job.GetProgress().GetWritten(), "out", job.GetOutputDir())
	return updated.Job, nil
}
