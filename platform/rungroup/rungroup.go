// Package rungroup runs goroutines that live and stop together, such as a
// service's servers and consumers: the first to return, with or without an
// error, cancels the context of the others, and Wait joins the errors of all.
//
// golang.org/x/sync/errgroup cancels only on an error and keeps only the
// first; a server that stops cleanly must stop its siblings too, and a
// shutdown that fails in two places should say both.
package rungroup

import (
	"context"
	"errors"
	"sync"
)

// Group is a set of goroutines under one cancellable context.
type Group struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	errs   []error
}

// New returns a group and the context its goroutines run under: a child of
// ctx that ends when any of them returns, or Cancel is called.
func New(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{ctx: ctx, cancel: cancel}, ctx
}

// Go runs fn in a goroutine with the group's context. When fn returns, the
// group's context is cancelled.
func (g *Group) Go(fn func(ctx context.Context) error) {
	g.mu.Lock()
	slot := len(g.errs)
	g.errs = append(g.errs, nil)
	g.mu.Unlock()
	g.wg.Go(func() {
		defer g.cancel()
		err := fn(g.ctx)
		g.mu.Lock()
		g.errs[slot] = err
		g.mu.Unlock()
	})
}

// Cancel stops the group's goroutines (through their context) without
// waiting for them.
func (g *Group) Cancel() { g.cancel() }

// Wait waits for every goroutine and returns their errors joined, in the
// order they were started (nil when none failed). The group's context is
// cancelled afterwards.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel()
	g.mu.Lock()
	defer g.mu.Unlock()
	return errors.Join(g.errs...)
}
