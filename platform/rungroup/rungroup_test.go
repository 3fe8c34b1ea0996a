package rungroup

import (
	"context"
	"errors"
	"testing"
)

func TestFirstReturnStopsTheOthers(t *testing.T) {
	for _, first := range []error{nil, errors.New("listen: address in use")} {
		g, ctx := New(context.Background())
		stopped := make(chan struct{})
		g.Go(func(ctx context.Context) error {
			<-ctx.Done()
			close(stopped)
			return nil
		})
		g.Go(func(context.Context) error { return first })
		if err := g.Wait(); !errors.Is(err, first) || (first == nil) != (err == nil) {
			t.Fatalf("Wait = %v, want %v", err, first)
		}
		select {
		case <-stopped:
		default:
			t.Fatal("Wait returned before the waiting goroutine stopped")
		}
		if ctx.Err() == nil {
			t.Fatal("the group's context is still live after Wait")
		}
	}
}

func TestErrorsAreJoinedInStartOrder(t *testing.T) {
	g, _ := New(context.Background())
	serveErr, flowErr := errors.New("serve: broken pipe"), errors.New("job flow: stream deleted")
	release := make(chan struct{})
	g.Go(func(ctx context.Context) error {
		<-release // returns after the second
		return serveErr
	})
	g.Go(func(context.Context) error {
		defer close(release)
		return flowErr
	})
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return nil })
	err := g.Wait()
	if !errors.Is(err, serveErr) || !errors.Is(err, flowErr) {
		t.Fatalf("Wait = %v, want both errors", err)
	}
	if got, want := err.Error(), serveErr.Error()+"\n"+flowErr.Error(); got != want {
		t.Fatalf("Wait = %q, want %q (start order)", got, want)
	}
}

func TestParentAndCancelStopTheGroup(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.Background())
	g, _ := New(parent)
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	cancelParent()
	if err := g.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}

	g, _ = New(context.Background())
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return nil })
	g.Cancel()
	if err := g.Wait(); err != nil {
		t.Fatalf("Wait = %v after Cancel, want nil", err)
	}
}

func TestAnEmptyGroupWaitsForNothing(t *testing.T) {
	g, _ := New(context.Background())
	if err := g.Wait(); err != nil {
		t.Fatalf("Wait = %v", err)
	}
}
