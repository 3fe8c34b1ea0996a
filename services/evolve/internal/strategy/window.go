package strategy

import "math"

// MaxWindow bounds the tasks one job keeps in flight, whatever the workers
// report: the tasks held by evolve and on the work queue stay bounded.
const MaxWindow = 4096

// Window is the number of tasks a job keeps in flight: the job's own window,
// or more when the agent workers run more rollouts at once. A worker's
// window follows its model endpoints: when its rollouts spend most of their
// time between calls (a retry waiting out a 429's Retry-After, a slow tool
// step) it runs more of them, and a job that kept fewer tasks in flight
// would leave the endpoints idle. The job follows the workers at once: a
// short job under rate limits is over before a window that grew step by
// step with its results is wide enough (a rollout that waits out four
// one-second Retry-Afters returns one result per task in four seconds, so
// growth by one task per result doubles the window only every four
// seconds). The workers' windows it is given must therefore be measured
// ones, not a first guess (the loop counts a worker's window once it has
// held for a second). Not safe for concurrent use.
type Window struct {
	base int
}

// NewWindow returns the window of a job whose own window is base.
func NewWindow(base int) *Window {
	return &Window{base: min(max(base, 1), MaxWindow)}
}

// Size is the window when the agent workers together run fleet rollouts at
// once (the sum of their windows, 0 while unknown): that and an eighth more,
// so a task waits for each rollout that ends while its result travels to
// evolve and the next task back, at least the job's own window and at most
// MaxWindow.
func (w *Window) Size(fleet int) int {
	return min(max(w.base, fleet+ceilDiv(fleet, 8)), MaxWindow)
}

// spareShare is the share of tasks kept in flight near the target beyond
// those expected to yield the records still missing: against a run of
// rejections, and rollouts that happen to be slow.
const spareShare = 0.25

// Needed is the most tasks worth having in flight while remaining records
// are still missing: those expected to yield them at the job's acceptance
// rate so far (accepted of attempts, one of each taken as a prior) and a
// quarter more. A rollout still running when the target is reached is
// wasted (its calls count, its record is dropped), so a wide window must
// narrow before the end; should the results fall short, more tasks are
// issued as they come back.
func Needed(remaining, accepted, attempts int64) int {
	if remaining <= 0 {
		return 0
	}
	rate := float64(accepted+1) / float64(max(attempts, accepted)+1)
	n := math.Ceil(float64(remaining) * (1 + spareShare) / rate)
	return int(min(n, MaxWindow))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
