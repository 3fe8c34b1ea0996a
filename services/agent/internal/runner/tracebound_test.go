package runner

import (
	"context"
	"strconv"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// TestTraceBound: the rollouts of a job's first tasks and of every 50th are
// recorded with what happens under them; the others record nothing.
func TestTraceBound(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	r := New(Config{})
	ctx, task := tp.Tracer("test").Start(context.Background(), "process tds.task.job-1")
	for i := range 200 {
		id := "job-1-t" + strconv.Itoa(i)
		rctx, span := r.startRollout(ctx, "job-1", id, int64(i))
		_, call := tp.Tracer("test").Start(rctx, "chat model")
		call.End()
		span.End()
	}
	task.End()
	rollouts, calls := 0, 0
	for _, s := range rec.Ended() {
		switch s.Name() {
		case "rollout":
			rollouts++
		case "chat model":
			calls++
		}
	}
	// Tasks 0..31, then 50, 100, 150.
	if want := DefaultTraceFirst + 3; rollouts != want || calls != want {
		t.Fatalf("%d rollout and %d call spans recorded of 200 rollouts, want %d each", rollouts, calls, want)
	}
	if !r.traced("no-index") || New(Config{TraceEvery: -1}).traced("job-1-t100") {
		t.Fatal("an id without an index is traced; TraceEvery < 0 traces none after the first")
	}
}
