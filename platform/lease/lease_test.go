package lease

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/natsserver"
)

func jetStream(t *testing.T) jetstream.JetStream {
	t.Helper()
	s, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// table opens a table and runs it until the test ends.
func table(t *testing.T, js jetstream.JetStream, ttl time.Duration, onLost func(string)) *Table {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb, err := Open(ctx, js, Config{Kind: "evolve", TTL: ttl, OnLost: onLost})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- tb.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return tb
}

func TestOneOwnerAtATime(t *testing.T) {
	js := jetStream(t)
	ctx := context.Background()
	a := table(t, js, 600*time.Millisecond, nil)
	b := table(t, js, 600*time.Millisecond, nil)
	if err := a.Acquire(ctx, "j1"); err != nil {
		t.Fatal(err)
	}
	var held *ErrHeld
	if err := b.Acquire(ctx, "j1"); !errors.As(err, &held) || held.Owner != a.Owner() {
		t.Fatalf("second owner: got %v, want ErrHeld by %s", err, a.Owner())
	}
	// a renews: b never sees it lapse, however long it waits (here for
	// longer than the lease's time to live).
	eventually.Holds(t, time.Second, 100*time.Millisecond, func() error {
		if err := b.Acquire(ctx, "j1"); err == nil {
			return errors.New("b took a lease a keeps renewing")
		}
		if len(b.Lapsed()) != 0 {
			return fmt.Errorf("b sees %v lapsed while a renews", b.Lapsed())
		}
		return nil
	})
	if !a.Holds("j1") || b.Holds("j1") {
		t.Fatalf("holds: a %v, b %v", a.Holds("j1"), b.Holds("j1"))
	}
	// Released, it is free at once.
	if err := a.Release(ctx, "j1"); err != nil {
		t.Fatal(err)
	}
	if err := b.Acquire(ctx, "j1"); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

// A lease whose owner stops renewing lapses one time to live later, and of
// the processes that try to take it only one succeeds; the old owner learns
// it lost the lease.
func TestLapsedLeaseIsTakenOverOnce(t *testing.T) {
	js := jetStream(t)
	ctx := context.Background()
	const ttl = 500 * time.Millisecond
	lost := make(chan string, 1)
	// The dead owner: it never runs, so it never renews.
	dead, err := Open(ctx, js, Config{Kind: "evolve", TTL: ttl, OnLost: func(j string) { lost <- j }})
	if err != nil {
		t.Fatal(err)
	}
	if err := dead.Acquire(ctx, "j2"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	takers := []*Table{table(t, js, ttl, nil), table(t, js, ttl, nil), table(t, js, ttl, nil)}
	eventually.Check(t, 5*time.Second, 20*time.Millisecond, func() error {
		for _, tb := range takers {
			if len(tb.Lapsed()) == 0 {
				return errors.New("the lease has not lapsed for every taker")
			}
		}
		return nil
	})
	if waited := time.Since(start); waited < ttl {
		t.Fatalf("lapsed after %s, before its time to live %s", waited, ttl)
	}
	if dead.Holds("j2") {
		t.Fatal("the silent owner still thinks it holds the lease")
	}
	var wg sync.WaitGroup
	wins := make([]bool, len(takers))
	for i, tb := range takers {
		wg.Go(func() { wins[i] = tb.Acquire(ctx, "j2") == nil })
	}
	wg.Wait()
	n := 0
	for _, w := range wins {
		if w {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d processes took the lease over, want 1", n)
	}
	// The old owner's next renewal finds the lease taken.
	dead.renew(ctx)
	select {
	case j := <-lost:
		if j != "j2" {
			t.Fatalf("lost %q", j)
		}
	default:
		t.Fatal("the old owner was not told it lost the lease")
	}
	if err := dead.Acquire(ctx, "j2"); err == nil {
		t.Fatal("the old owner took the lease back from a live owner")
	}
}

func TestClearFreesEveryLease(t *testing.T) {
	js := jetStream(t)
	ctx := context.Background()
	a := table(t, js, time.Minute, nil)
	b := table(t, js, time.Minute, nil)
	if err := a.Acquire(ctx, "j3"); err != nil {
		t.Fatal(err)
	}
	if err := Clear(ctx, js); err != nil {
		t.Fatal(err)
	}
	if err := b.Acquire(ctx, "j3"); err != nil {
		t.Fatalf("after Clear: %v", err)
	}
}
