package loop

import (
	"sync"
	"time"
)

// fleetTTL is how long a worker's window counts after its last result: a
// worker that stopped (or died) stops counting, one that runs rollouts
// reports with each of them.
const fleetTTL = 30 * time.Second

// fleetHold is how long a worker's window must hold before it counts, and
// the span over which its smallest report is taken. A worker measures its
// window over half-second intervals, and on the first ones, when every
// rollout is drafting its blueprint at once, the share of time its rollouts
// spend in model calls reads low and the window overshoots for a second or
// two; followed at once it would start twice the rollouts the model can
// serve, and each would wait longer for its calls. A window that holds for
// a second is a measured one: under rate limits the workers' windows stay
// wide and the job follows them within a second of its first results.
const fleetHold = time.Second

// maxWorkers bounds the workers remembered; the oldest report goes first.
const maxWorkers = 1024

// fleet is what the agent workers run at once, from the window each
// reports with its results (RolloutDone.worker_window).
type fleet struct {
	mu      sync.Mutex
	workers map[string]*report
}

// report is one worker's reports: the latest, the first of its run of
// reports (since), and the smallest in the current span of fleetHold and
// in the one before (0 when there was none).
type report struct {
	at, since, spanAt time.Time
	low, prevLow      int
}

func newFleet() *fleet { return &fleet{workers: map[string]*report{}} }

// saw takes a worker's window as of at. A report older than the worker's
// latest (a redelivery, a result that travelled slowly) changes nothing.
func (f *fleet) saw(worker string, window int, at time.Time) {
	if worker == "" || window <= 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.workers[worker]
	if ok && r.at.After(at) {
		return
	}
	if !ok || at.Sub(r.at) > fleetTTL {
		if !ok && len(f.workers) >= maxWorkers {
			f.forgetOldest()
		}
		f.workers[worker] = &report{at: at, since: at, spanAt: at, low: window}
		return
	}
	r.at = at
	switch span := at.Sub(r.spanAt); {
	case span < fleetHold:
		r.low = min(r.low, window)
	case span < 2*fleetHold:
		r.prevLow, r.low, r.spanAt = r.low, window, at
	default:
		r.prevLow, r.low, r.spanAt = 0, window, at
	}
}

func (f *fleet) forgetOldest() {
	var oldest string
	for id, r := range f.workers {
		if oldest == "" || r.at.Before(f.workers[oldest].at) {
			oldest = id
		}
	}
	delete(f.workers, oldest)
}

// window is the sum over the workers heard from within fleetTTL before now
// of the window each has held: the smallest it reported over the last one
// to two fleetHold spans, once it has reported for at least fleetHold; 0
// when no worker's window holds yet.
func (f *fleet) window(now time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	sum := 0
	for id, r := range f.workers {
		if now.Sub(r.at) > fleetTTL {
			delete(f.workers, id)
			continue
		}
		if r.at.Sub(r.since) < fleetHold {
			continue
		}
		held := r.low
		if r.prevLow > 0 {
			held = min(held, r.prevLow)
		}
		sum += held
	}
	return sum
}
