package engine

import (
	"context"
	"fmt"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/jobs"
	"github.com/tdscaling/tdscaling/platform/events"
)

// storeProbeEvery is how often the gateway asks whether the job flow's
// stream can store anything; a stream whose servers lost their majority
// stays unanswered that long at most before jobs say so.
const storeProbeEvery = 2 * time.Second

// storeHealth says whether the job flow's events can be stored now. While
// they cannot (the NATS servers holding them lost their majority), no job
// can move, and the gateway says so in every running job it returns instead
// of leaving its callers to watch a job that never changes.
type storeHealth struct {
	mu      sync.Mutex
	paused  string // why running jobs cannot move; "" when they can
	changed chan struct{}
}

func newStoreHealth() *storeHealth { return &storeHealth{changed: make(chan struct{})} }

func (h *storeHealth) set(paused string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if paused == h.paused {
		return
	}
	h.paused = paused
	close(h.changed)
	h.changed = make(chan struct{})
}

// now returns why running jobs are paused ("" if they are not) and a
// channel closed at the next change.
func (h *storeHealth) now() (string, <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.paused, h.changed
}

// watchStore probes the facts stream until ctx is done. Two failed probes
// in a row pause the jobs (a leader election answers within one).
func (e *Engine) watchStore(ctx context.Context) error {
	t := time.NewTicker(storeProbeEvery)
	defer t.Stop()
	failed := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		why := e.probeStore(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if why == "" {
			failed = 0
			e.health.set("")
			continue
		}
		if failed++; failed >= 2 {
			if paused, _ := e.health.now(); paused == "" {
				e.log.WarnContext(ctx, "running jobs paused: the event store cannot store anything", "why", why)
			}
			e.health.set("paused: the NATS servers that hold the job's events cannot store anything (" + why +
				"); a stream with 3 copies needs 2 of its servers up. Nothing is lost: the job resumes where it stopped once they are back")
		}
	}
}

// probeStore returns "" when the facts stream has a leader that answers,
// else what is wrong.
func (e *Engine) probeStore(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, storeProbeEvery)
	defer cancel()
	s, err := e.cfg.Bus.JetStream().Stream(ctx, events.StreamFacts)
	if err != nil {
		return fmt.Sprintf("stream %s: %v", events.StreamFacts, err)
	}
	if c := s.CachedInfo().Cluster; c != nil && c.Leader == "" {
		return fmt.Sprintf("stream %s has no leader", events.StreamFacts)
	}
	return ""
}

// shown returns job as callers see it: a running job says why it is paused
// while the event store cannot store anything.
func (e *Engine) shown(job *jobv1.Job) *jobv1.Job {
	paused, _ := e.health.now()
	if paused == "" || jobs.Terminal(job.GetState()) {
		return job
	}
	j := proto.Clone(job).(*jobv1.Job)
	j.Reason = paused
	return j
}
