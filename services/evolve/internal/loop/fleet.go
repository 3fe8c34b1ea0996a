package loop

import (
	"sync"
	"time"
)

// fleetTTL is how long a worker's window counts after its last result: a
// worker that stopped (or died) stops counting, one that runs rollouts
// reports with each of them.
const fleetTTL = 30 * time.Second

// maxWorkers bounds the workers remembered; the oldest report goes first.
const maxWorkers = 1024

// fleet is what the agent workers run at once, from the window each
// reports with its results (RolloutDone.worker_window).
type fleet struct {
	mu      sync.Mutex
	workers map[string]report
}

type report struct {
	window int
	at     time.Time
}

func newFleet() *fleet { return &fleet{workers: map[string]report{}} }

// saw takes a worker's window as of at.
func (f *fleet) saw(worker string, window int, at time.Time) {
	if worker == "" || window <= 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.workers[worker]; ok && r.at.After(at) {
		return
	}
	if _, ok := f.workers[worker]; !ok && len(f.workers) >= maxWorkers {
		f.forgetOldest()
	}
	f.workers[worker] = report{window: window, at: at}
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

// window is the sum of the windows reported within fleetTTL before now;
// 0 when no worker reported.
func (f *fleet) window(now time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	sum := 0
	for id, r := range f.workers {
		if now.Sub(r.at) > fleetTTL {
			delete(f.workers, id)
			continue
		}
		sum += r.window
	}
	return sum
}
