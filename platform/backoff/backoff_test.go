package backoff

import (
	"testing"
	"time"
)

func TestJitteredStaysWithinHalfAndWholeOfTheCappedDoubling(t *testing.T) {
	base, ceiling := 200*time.Millisecond, 30*time.Second
	for n, want := range map[int]time.Duration{
		0: 200 * time.Millisecond, 1: 400 * time.Millisecond, 3: 1600 * time.Millisecond,
		7: 25600 * time.Millisecond, 8: ceiling, 63: ceiling, 1000: ceiling,
	} {
		lo, hi := time.Duration(1<<62), time.Duration(0)
		for range 2000 {
			d := Jittered(base, ceiling, n)
			lo, hi = min(lo, d), max(hi, d)
		}
		if lo < want/2 || hi > want {
			t.Errorf("retry %d: waits in [%v, %v], want within [%v, %v]", n, lo, hi, want/2, want)
		}
		// 2000 draws spread over most of the range: the wait is jittered.
		if hi-lo < want/4 {
			t.Errorf("retry %d: waits in [%v, %v] barely vary", n, lo, hi)
		}
	}
	if d := Jittered(time.Minute, time.Second, 0); d < time.Second/2 || d > time.Second {
		t.Errorf("a base above the ceiling waits %v, want at most the ceiling", d)
	}
	if d := Jittered(0, time.Second, 3); d != 0 {
		t.Errorf("no base waits %v", d)
	}
}
