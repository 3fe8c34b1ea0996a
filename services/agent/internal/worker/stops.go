package worker

import (
	"context"
	"errors"
	"sync"
)

// errJobStopped is the cause with which a stopped job's rollouts end.
var errJobStopped = errors.New("the job stopped issuing before this rollout finished (its result would not count)")

// stops knows the jobs that stopped issuing (events.WatchStopped) and the
// rollouts this worker runs for each, so that a stop ends them at once: a
// stopped job's results no longer count, and a job that reached its target
// must not wait for its last rollouts' model calls.
type stops struct {
	mu      sync.Mutex
	stopped map[string]bool
	running map[string]map[uint64]context.CancelCauseFunc
	next    uint64
}

func newStops() *stops {
	return &stops{stopped: map[string]bool{}, running: map[string]map[uint64]context.CancelCauseFunc{}}
}

// set records that job stopped (yes) or runs again, ending its rollouts on a
// stop.
func (s *stops) set(job string, yes bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !yes {
		delete(s.stopped, job)
		return
	}
	s.stopped[job] = true
	for _, cancel := range s.running[job] {
		cancel(errJobStopped)
	}
}

// is says whether job is known as stopped.
func (s *stops) is(job string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped[job]
}

// begin returns ctx ended with errJobStopped when job stops (at once when it
// has), and the function that ends the rollout's registration.
func (s *stops) begin(ctx context.Context, job string) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped[job] {
		cancel(errJobStopped)
		return ctx, func() {}
	}
	s.next++
	id := s.next
	if s.running[job] == nil {
		s.running[job] = map[uint64]context.CancelCauseFunc{}
	}
	s.running[job][id] = cancel
	return ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.running[job], id)
		if len(s.running[job]) == 0 {
			delete(s.running, job)
		}
		cancel(nil)
	}
}

// ended says whether ctx (from begin) ended because its job stopped.
func ended(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errJobStopped)
}
