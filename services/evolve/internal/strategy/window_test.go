package strategy

import "testing"

// TestWindowFollowsTheFleet: a job keeps its own window until the agent
// workers run more rollouts at once, then what they run and an eighth
// more at once, whatever the results so far, never above MaxWindow; when
// the workers run fewer it narrows at once.
func TestWindowFollowsTheFleet(t *testing.T) {
	w := NewWindow(8)
	for _, c := range []struct {
		fleet, want int
	}{
		{0, 8},   // no worker's window holds yet
		{5, 8},   // the workers run fewer than the job's window
		{40, 45}, // more: followed at once, not one task per result
		{200, 225},
		{16, 18}, // the workers run fewer now
		{3, 8},
		{100000, MaxWindow},
	} {
		if got := w.Size(c.fleet); got != c.want {
			t.Fatalf("fleet %d: window %d, want %d", c.fleet, got, c.want)
		}
	}
	if got := NewWindow(0).Size(0); got != 1 {
		t.Fatalf("a job without a window keeps %d tasks in flight, want 1", got)
	}
}

// TestNeededNarrowsBeforeTheTarget: near the target a job keeps in flight
// the tasks expected to yield the missing records and a quarter more, by
// the acceptance rate so far: fewer than twice the missing records when
// most rollouts pass (those still running at the target are wasted), more
// when most fail (fewer would need another round of rollouts).
func TestNeededNarrowsBeforeTheTarget(t *testing.T) {
	for _, c := range []struct {
		remaining, accepted, attempts int64
		want                          int
	}{
		{0, 300, 300, 0},
		{1, 0, 0, 2},
		{10, 290, 290, 13},   // all passed: 12.5 → 13
		{100, 200, 200, 125}, // 2× would keep 200 in flight
		{10, 199, 399, 25},   // half passed
		{10, 49, 199, 50},    // a quarter passed
		{4000, 0, 1000, MaxWindow},
	} {
		if got := Needed(c.remaining, c.accepted, c.attempts); got != c.want {
			t.Errorf("Needed(%d, %d, %d) = %d, want %d", c.remaining, c.accepted, c.attempts, got, c.want)
		}
	}
}
