// Package eventually is for tests of asynchronous components: it polls a
// condition until it holds (Check, or Value for a value read at that
// moment) or checks that it keeps holding (Holds),
// so a test waits exactly as long as the system takes instead of sleeping a
// guessed time.
package eventually

import (
	"testing"
	"time"
)

// Check calls cond every step until it returns nil, and fails t with cond's
// last error when that has not happened within total.
func Check(t testing.TB, total, step time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not so after %v: %v", total, err)
		}
		time.Sleep(step)
	}
}

// Value calls f every step until it returns no error, and returns the value
// it returned then; it fails t with f's last error when that has not happened
// within total. It is Check for a wait whose end the test goes on to read (a
// job's state, a scrape, what a page shows).
func Value[T any](t testing.TB, total, step time.Duration, f func() (T, error)) T {
	t.Helper()
	var v T
	Check(t, total, step, func() error {
		var err error
		v, err = f()
		return err
	})
	return v
}

// Holds calls cond every step for the whole of total and fails t at the
// first error: for what must stay so (no record arrives twice, a count does
// not move) while stragglers still could change it.
func Holds(t testing.TB, total, step time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		if err := cond(); err != nil {
			t.Fatalf("stopped holding: %v", err)
		}
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(step)
	}
}
