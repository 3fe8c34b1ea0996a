package llm_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/llm"
)

// queueUp starts a call waiting for l's slot and waits until it queued
// (waiting counts it): the calls queue in the order queueUp is called.
func queueUp(t *testing.T, l *llm.Limiter, ctx context.Context, got chan<- int, id int) {
	t.Helper()
	before := l.Stats().Waiting
	go func() {
		p, err := l.Acquire(ctx)
		if err != nil {
			got <- -id
			return
		}
		got <- id
		p.Release(llm.Success)
	}()
	eventually.Check(t, 5*time.Second, time.Millisecond, func() error {
		if w := l.Stats().Waiting; w != before+1 {
			return fmt.Errorf("%d calls waiting, want %d", w, before+1)
		}
		return nil
	})
}

// TestWaitingCallsGetSlotsInTurn: a released slot goes to the call that
// waited longest, and a call that gives up waiting holds nobody up.
func TestWaitingCallsGetSlotsInTurn(t *testing.T) {
	l := llm.NewLimiter(1)
	held, err := l.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan int, 8)
	gone, cancel := context.WithCancel(context.Background())
	queueUp(t, l, context.Background(), got, 1)
	queueUp(t, l, gone, got, 2)
	queueUp(t, l, context.Background(), got, 3)
	queueUp(t, l, context.Background(), got, 4)
	cancel()
	if id := <-got; id != -2 {
		t.Fatalf("call %d ended first, want call 2 giving up", id)
	}
	held.Release(llm.Success)
	// Each call releases its slot at once, so the next in line follows.
	for _, want := range []int{1, 3, 4} {
		if id := <-got; id != want {
			t.Fatalf("call %d got the slot, want call %d (first come, first served)", id, want)
		}
	}
	if st := l.Stats(); st.InFlight != 0 || st.Waiting != 0 {
		t.Fatalf("in flight %d, waiting %d after every call ended", st.InFlight, st.Waiting)
	}
}

// TestNoSlotIsLost: many calls acquire and release a few slots, some giving
// up while they wait; every call that waits on gets its slot, and the
// limiter ends with nothing in flight or waiting.
func TestNoSlotIsLost(t *testing.T) {
	l := llm.NewLimiter(4)
	var wg sync.WaitGroup
	var mu sync.Mutex
	most := 0
	for g := range 32 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for range 200 {
				ctx, cancel := context.WithCancel(context.Background())
				if r.IntN(4) == 0 {
					// Give up after a moment, perhaps just as a slot frees.
					time.AfterFunc(time.Duration(r.IntN(50))*time.Microsecond, cancel)
				}
				p, err := l.Acquire(ctx)
				if err == nil {
					mu.Lock()
					most = max(most, l.Stats().InFlight)
					mu.Unlock()
					p.Release(llm.Success)
				}
				cancel()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		st := l.Stats()
		t.Fatalf("calls still waiting after a minute: in flight %d, waiting %d (a wake was lost)", st.InFlight, st.Waiting)
	}
	if st := l.Stats(); st.InFlight != 0 || st.Waiting != 0 {
		t.Fatalf("in flight %d, waiting %d after every call ended", st.InFlight, st.Waiting)
	}
	if most > 4 {
		t.Fatalf("%d calls in flight at once, above the limit of 4", most)
	}
}
