package eventually

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a testing.TB that records a failure instead of ending the test.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	panic(r)
}

func run(t *testing.T, f func(tb testing.TB)) (failed string) {
	r := &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != any(r) {
			panic(p)
		}
		failed = r.failed
	}()
	f(r)
	return ""
}

func TestCheckWaitsUntilTheConditionHolds(t *testing.T) {
	var n atomic.Int32
	go func() {
		for range 3 {
			time.Sleep(5 * time.Millisecond) // the system under test takes its time
			n.Add(1)
		}
	}()
	if msg := run(t, func(tb testing.TB) {
		Check(tb, 10*time.Second, time.Millisecond, func() error {
			if n.Load() < 3 {
				return fmt.Errorf("%d of 3", n.Load())
			}
			return nil
		})
	}); msg != "" {
		t.Fatal(msg)
	}
	msg := run(t, func(tb testing.TB) {
		Check(tb, 20*time.Millisecond, time.Millisecond, func() error { return errors.New("still 2 of 3") })
	})
	if msg == "" || !contains(msg, "still 2 of 3") {
		t.Fatalf("Check of a condition that never holds: %q", msg)
	}
}

func TestValueReturnsWhatTheConditionReadWhenItHeld(t *testing.T) {
	var n atomic.Int32
	go func() {
		for range 3 {
			time.Sleep(5 * time.Millisecond) // the system under test takes its time
			n.Add(1)
		}
	}()
	var got int32
	if msg := run(t, func(tb testing.TB) {
		got = Value(tb, 10*time.Second, time.Millisecond, func() (int32, error) {
			if v := n.Load(); v >= 2 {
				return v, nil
			}
			return -1, errors.New("fewer than 2")
		})
	}); msg != "" || got < 2 {
		t.Fatalf("Value: %d, %q", got, msg)
	}
	msg := run(t, func(tb testing.TB) {
		Value(tb, 20*time.Millisecond, time.Millisecond, func() (string, error) { return "", errors.New("no job state yet") })
	})
	if !contains(msg, "no job state yet") {
		t.Fatalf("Value of a condition that never holds: %q", msg)
	}
}

func TestHoldsFailsAtTheFirstBreak(t *testing.T) {
	if msg := run(t, func(tb testing.TB) {
		Holds(tb, 20*time.Millisecond, time.Millisecond, func() error { return nil })
	}); msg != "" {
		t.Fatal(msg)
	}
	calls := 0
	msg := run(t, func(tb testing.TB) {
		Holds(tb, 10*time.Second, time.Millisecond, func() error {
			if calls++; calls == 3 {
				return errors.New("a record arrived twice")
			}
			return nil
		})
	})
	if !contains(msg, "a record arrived twice") || calls != 3 {
		t.Fatalf("Holds: %q after %d calls", msg, calls)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
