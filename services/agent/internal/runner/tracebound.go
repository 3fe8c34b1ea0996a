package runner

import (
	"context"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// Defaults of the trace bound: the rollouts of a job's first TraceFirst
// tasks, then of every TraceEvery-th, are traced in full (the rollout span,
// its model calls, its sandbox runs); the others' rollouts leave no spans,
// so a job of many thousand rollouts keeps a trace a person can read,
// while the job's flow (tasks published, results observed, records
// written) stays whole.
const (
	DefaultTraceFirst = 32
	DefaultTraceEvery = 50
)

// traced says whether task's rollout is traced in full: its index is the
// number after the task id's last "-t" (evolve's "<job>-t<index>"); an id
// without one is traced.
func (r *Runner) traced(taskID string) bool {
	first, every := r.cfg.TraceFirst, r.cfg.TraceEvery
	if first == 0 {
		first = DefaultTraceFirst
	}
	if every == 0 {
		every = DefaultTraceEvery
	}
	i := strings.LastIndex(taskID, "-t")
	if i < 0 {
		return true
	}
	n, err := strconv.Atoi(taskID[i+2:])
	if err != nil {
		return true
	}
	return n < first || (every > 0 && n%every == 0)
}

// startRollout opens the rollout's span, the parent of its model calls;
// for a rollout outside the bound it returns ctx marked not sampled, so
// that nothing under it is recorded.
func (r *Runner) startRollout(ctx context.Context, jobID, taskID string, seed int64) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !r.traced(taskID) {
		if sc := parent.SpanContext(); sc.IsValid() {
			ctx = trace.ContextWithSpanContext(ctx, sc.WithTraceFlags(sc.TraceFlags().WithSampled(false)))
		}
	}
	return parent.TracerProvider().Tracer("github.com/tdscaling/tdscaling/services/agent/internal/runner").Start(ctx, "rollout",
		trace.WithAttributes(attribute.String("tds.job.id", jobID), attribute.String("tds.task.id", taskID), attribute.Int64("tds.task.seed", seed)))
}
