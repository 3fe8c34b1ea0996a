package worker_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"

	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// TestWindowKeepsTheEndpointBusy: rollouts spend half their time in model
// calls (40 ms each) and half between them (40 ms of their own work), so a
// window of 8 rollouts would keep only about 4 of the endpoint's 8 slots
// busy. The window measures that share and grows to about 8 / 0.5 × 1.1
// rollouts: the calls in flight average near the limit.
func TestWindowKeepsTheEndpointBusy(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetLatency(40 * time.Millisecond)
	limiters := &llm.Limiters{}
	ep := llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "m", MaxConcurrency: 8}
	c, err := llm.New(ep, llm.Options{Limiter: limiters.ForEndpoint(ep)})
	if err != nil {
		t.Fatal(err)
	}
	w := &worker.Window{Min: 2, Max: 64, Endpoints: limiters.All, Every: 50 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)

	rollout := func(i int) error {
		for k := range 3 {
			if _, err := c.Complete(ctx, llm.ChatRequest{Messages: []llm.Message{{Role: "user", Content: fmt.Sprint(i, k)}}}); err != nil {
				return err
			}
			time.Sleep(40 * time.Millisecond) // the rollout's own work between calls: a load, not a wait
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	var biggest int
	start := time.Now()
	busyBefore := c.Limiter().Stats().Busy
	for i := range 200 {
		if err := w.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
		biggest = max(biggest, w.Size())
		wg.Go(func() {
			defer w.Release()
			if err := rollout(i); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Average calls in flight over the run, ramp-up included.
	avg := (c.Limiter().Stats().Busy - busyBefore) / time.Since(start).Seconds()
	t.Logf("window %d, %.1f calls in flight", biggest, avg)
	if biggest < 12 || biggest > 30 {
		t.Fatalf("window grew to %d, want about 18 (8 slots ÷ half the time in calls × 1.1)", biggest)
	}
	if avg < 6 {
		t.Fatalf("%.1f calls in flight on average, want near the limit of 8", avg)
	}
	if srv.MaxInFlight() > 8 {
		t.Fatalf("server saw %d calls at once, over the limit of 8", srv.MaxInFlight())
	}
}

// TestWindowWithoutEndpointsStaysAtItsMinimum: rollouts that call no model
// (the sim provider) run Min at a time.
func TestWindowWithoutEndpointsStaysAtItsMinimum(t *testing.T) {
	w := &worker.Window{Min: 3, Max: 64, Endpoints: (&llm.Limiters{}).All}
	for range 3 {
		if err := w.Acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	w.Revise()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := w.Acquire(ctx); err == nil {
		t.Fatal("a fourth rollout started in a window of 3")
	}
	w.Release()
	if err := w.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w.Size() != 3 {
		t.Fatalf("size %d, want 3", w.Size())
	}
}

// TestWindowOpensToAKnownEndpointAtOnce: an endpoint whose limiter exists
// before the first rollout (the service makes its configured endpoints'
// limiters at start) sets the bound as soon as the window runs, before any
// revision is due: a job starts with as many rollouts as calls allowed.
func TestWindowOpensToAKnownEndpointAtOnce(t *testing.T) {
	limiters := &llm.Limiters{}
	limiters.ForEndpoint(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: "http://127.0.0.1:1/v1", Model: "m", MaxConcurrency: 24})
	w := &worker.Window{Min: 2, Max: 64, Endpoints: limiters.All, Every: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	eventually.Check(t, 10*time.Second, time.Millisecond, func() error {
		if n := w.Size(); n != 24 {
			return fmt.Errorf("size %d, want the endpoint's limit 24 before the first revision (due in an hour)", n)
		}
		return nil
	})
}
