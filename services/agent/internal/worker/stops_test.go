package worker_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// spender makes one model call's worth of spend and then waits for its
// context, as a rollout waiting on a slow model does.
type spender struct{ calls atomic.Int64 }

func (s *spender) Rollout(ctx context.Context, req *agentv1.RolloutRequest) (*agentv1.RolloutResult, error) {
	s.calls.Add(1)
	llm.BudgetFrom(ctx).Charge(llm.RoleAssistant, llm.Price{}, llm.Usage{PromptTokens: 100, CompletionTokens: 7}, false)
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestWorkerEndsAStoppedJobsRollouts: once a job is recorded as stopped,
// its rollout in flight ends at once with a result that carries what it
// spent, and its tasks still queued end without a rollout; another job's
// rollouts go on, and a job that runs again is rolled out again.
func TestWorkerEndsAStoppedJobsRollouts(t *testing.T) {
	e := setup(t)
	s := &spender{}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- worker.Run(ctx, worker.Config{Bus: e.bus, Drafter: storedDrafter{t}, Roller: s, Concurrency: 2, DrainTimeout: time.Second})
	}()
	t.Cleanup(func() {
		cancel()
		<-errc
	})
	e.publish(t, "job5", "t1", "chain")
	e.publish(t, "job6", "u1", "chain") // task ids are unique: the queue de-duplicates by them
	rolling(t, &s.calls, 2)
	// The window holds two: job5's next task waits for a slot.
	e.publish(t, "job5", "t2", "chain")
	if err := e.bus.MarkStopped(t.Context(), "job5"); err != nil {
		t.Fatal(err)
	}
	got := map[string]*agentv1.RolloutResult{}
	for range 2 {
		var d eventsv1.RolloutDone
		m := next(t, e.done, &d)
		got[d.GetResult().GetTaskId()] = d.GetResult()
		if m.Subject != "tds.rollout.job5" {
			t.Fatalf("result on %s: only job5 stopped", m.Subject)
		}
	}
	if r := got["t1"]; r.GetPassed() || len(r.GetRejections()) != 1 || r.GetUsage().GetLlmCalls() != 1 || r.GetUsage().GetPromptTokens() != 100 {
		t.Fatalf("the stopped rollout's result %v: want it rejected with the one call it made", r)
	}
	if r := got["t2"]; r == nil || r.GetUsage().GetLlmCalls() != 0 {
		t.Fatalf("the queued task's result %v: want one without calls", r)
	}
	if n := s.calls.Load(); n != 2 {
		t.Fatalf("%d rollouts started, want 2 (job5's queued task never starts)", n)
	}
	// A task of the stopped job that arrives later ends at once too.
	e.publish(t, "job5", "t3", "chain")
	var d eventsv1.RolloutDone
	next(t, e.done, &d)
	if d.GetResult().GetTaskId() != "t3" || s.calls.Load() != 2 {
		t.Fatalf("late task %v after %d rollouts", d.GetResult(), s.calls.Load())
	}
	// job5 continued runs again, at once: a worker whose watch has not
	// seen the record go yet reads the bucket before ending a task.
	if err := e.bus.UnmarkStopped(t.Context(), "job5"); err != nil {
		t.Fatal(err)
	}
	e.publish(t, "job5", "t4", "chain")
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, func() error {
		select {
		case m := <-e.done:
			t.Fatalf("a task of the continued job ended at once (%s)", m.Subject)
		default:
		}
		if s.calls.Load() < 3 {
			return errors.New("a continued job's task was not rolled out")
		}
		return nil
	})
}
