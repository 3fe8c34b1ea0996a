package worker

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm"
)

// Window bounds the rollouts a worker runs at once and adapts the bound so
// that the model calls in flight stay near each endpoint's current limit,
// whatever the latency. A rollout spends part of its life in a model call
// and the rest between calls (its own work, tool steps, a retry's wait), so
// calls in flight = rollouts × the share of a rollout's time in a call.
// Window measures that share per endpoint (Little's law over the limiter's
// time-integrals: call-seconds in flight over rollout-seconds, less the
// time calls queued for a slot, which more rollouts would only lengthen)
// and sets the bound to limit ÷ share for the endpoint that needs the
// fewest rollouts (the first to saturate), with a tenth of headroom,
// between Min and Max. Until an endpoint is measured, the bound is the
// largest limit (as if rollouts were always in a call), so a job starts with
// as many rollouts as calls allowed. Without model endpoints (the sim provider) the
// bound stays at Min.
type Window struct {
	// Min is the bound before anything is measured and the least it becomes;
	// Max the most (it bounds the rollouts held in memory).
	Min, Max int
	// Endpoints returns the limiters of the endpoints in use (llm.Limiters.All).
	Endpoints func() map[string]*llm.Limiter
	// Every is how often the bound is revised; 0 takes 500ms.
	Every time.Duration

	mu     sync.Mutex
	size   int
	active int
	wake   chan struct{}
	lastAt time.Time
	// taskSec is the time-integral of active rollouts, in rollout-seconds.
	taskSec float64
	seen    map[*llm.Limiter]sample
	share   map[*llm.Limiter]float64
}

// minAnswers is the fewest answers an interval needs to be measured.
const minAnswers = 4

type sample struct {
	task, busy, queued float64
	answers            int64
}

func (w *Window) init() {
	if w.wake == nil {
		w.Min = max(w.Min, 1)
		w.Max = max(w.Max, w.Min)
		w.size = w.Min
		w.wake = make(chan struct{})
		w.lastAt = time.Now()
		w.seen = map[*llm.Limiter]sample{}
		w.share = map[*llm.Limiter]float64{}
	}
}

// Acquire waits until one more rollout may run.
func (w *Window) Acquire(ctx context.Context) error {
	for {
		w.mu.Lock()
		w.init()
		if w.active < w.size {
			w.advance(time.Now())
			w.active++
			w.mu.Unlock()
			return nil
		}
		wake := w.wake
		w.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		}
	}
}

// Release ends one rollout.
func (w *Window) Release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.advance(time.Now())
	w.active--
	w.broadcast()
}

// Size is the current bound.
func (w *Window) Size() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.init()
	return w.size
}

func (w *Window) advance(now time.Time) {
	if dt := now.Sub(w.lastAt).Seconds(); dt > 0 {
		w.taskSec += dt * float64(w.active)
		w.lastAt = now
	}
}

func (w *Window) broadcast() {
	close(w.wake)
	w.wake = make(chan struct{})
}

// Run revises the bound until ctx is done.
func (w *Window) Run(ctx context.Context) {
	every := w.Every
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	w.Revise() // the endpoints known from the start set the first bound
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.Revise()
		}
	}
}

// Revise measures the share of rollout time each endpoint's calls take
// since the last revision and sets the bound from it.
func (w *Window) Revise() {
	var eps map[string]*llm.Limiter
	if w.Endpoints != nil {
		eps = w.Endpoints()
	}
	stats := make(map[*llm.Limiter]llm.LimiterStats, len(eps))
	for _, l := range eps {
		stats[l] = l.Stats()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.init()
	w.advance(time.Now())
	// Calls queued for any endpoint's slot are rollout time that more
	// rollouts would not turn into calls.
	var queued float64
	for l, st := range stats {
		queued += st.Queued - w.seen[l].queued
	}
	want := math.Inf(1)
	// Until an endpoint is measured, take a rollout as always in a call:
	// the bound starts at the largest limit rather than at Min.
	prior := 0.0
	for l, st := range stats {
		prev, ok := w.seen[l]
		w.seen[l] = sample{task: w.taskSec, busy: st.Busy, queued: st.Queued, answers: st.Answers}
		prior = math.Max(prior, st.Limit)
		if !ok {
			continue
		}
		task := w.taskSec - prev.task - queued
		busy := st.Busy - prev.busy
		if task <= 0 || busy <= 0 || st.Answers-prev.answers < minAnswers {
			// Too little to measure (the first calls are still in flight).
			w.seen[l] = prev
			continue
		}
		share := math.Min(1, busy/task)
		if old, ok := w.share[l]; ok {
			share = 0.5*old + 0.5*share
		}
		w.share[l] = share
		// The bound this endpoint needs: its limit over the share of a
		// rollout's time it is called in.
		want = math.Min(want, st.Limit/share)
	}
	var size int
	switch {
	case !math.IsInf(want, 1):
		// At most double at a time: one noisy interval cannot fill the
		// memory with rollouts.
		size = min(int(math.Ceil(want*1.1)), 2*w.size)
	case len(w.share) > 0:
		return // nothing new measured: keep the bound
	default:
		size = max(w.Min, int(prior))
	}
	size = max(w.Min, min(size, w.Max))
	if size != w.size {
		w.size = size
		w.broadcast()
	}
}
