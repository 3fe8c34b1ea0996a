package llm

import (
	"context"
	"sync"
	"time"
)

// Limiter bounds the calls in flight to one endpoint and adapts the bound
// (AIMD, as TCP congestion control): every success adds 1/limit (so the limit
// grows by one per limit's worth of successes), an overload answer (429, 5xx)
// halves it, no lower than 1 and no higher than the configured maximum. A
// burst of failures from calls that were already in flight when the limit was
// cut counts once, so one congestion event halves the limit once. A
// Retry-After answer pauses new calls to the endpoint until it passes.
type Limiter struct {
	mu          sync.Mutex
	max         float64
	limit       float64
	inFlight    int
	ticket      uint64 // handed to each acquisition, increasing
	cutAt       uint64 // acquisitions before this ticket do not cut again
	pausedUntil time.Time
	wake        chan struct{} // closed and replaced on every change
	minSeen     float64
	cuts        int
}

// NewLimiter returns a limiter that starts at, and never exceeds, max.
func NewLimiter(max int) *Limiter {
	if max < 1 {
		max = 1
	}
	return &Limiter{max: float64(max), limit: float64(max), minSeen: float64(max), wake: make(chan struct{})}
}

// Outcome is how a call turned out, for the limiter.
type Outcome int

// Outcomes.
const (
	// Success: the endpoint answered (any non-overload answer counts).
	Success Outcome = iota
	// Overload: 429 or 5xx.
	Overload
	// Ignored: the call did not tell anything about the endpoint's load (cancelled by the caller).
	Ignored
)

// Permit is one acquired slot; Release it exactly once.
type Permit struct {
	l      *Limiter
	ticket uint64
}

// Acquire waits for a free slot (and for a Retry-After pause to pass).
func (l *Limiter) Acquire(ctx context.Context) (Permit, error) {
	for {
		l.mu.Lock()
		now := time.Now()
		wait := l.pausedUntil.Sub(now)
		if wait <= 0 && float64(l.inFlight) < l.limitFloor() {
			l.inFlight++
			l.ticket++
			p := Permit{l: l, ticket: l.ticket}
			l.mu.Unlock()
			return p, nil
		}
		wake := l.wake
		l.mu.Unlock()
		var timer *time.Timer
		var fire <-chan time.Time
		if wait > 0 {
			timer = time.NewTimer(wait)
			fire = timer.C
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
		if err := ctx.Err(); err != nil {
			return Permit{}, err
		}
	}
}

// limitFloor is the whole number of calls allowed at once.
func (l *Limiter) limitFloor() float64 {
	f := float64(int(l.limit))
	if f < 1 {
		return 1
	}
	return f
}

// Release returns the slot and feeds the outcome into the limit.
func (p Permit) Release(o Outcome) {
	l := p.l
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch o {
	case Success:
		l.limit += 1 / l.limit
		if l.limit > l.max {
			l.limit = l.max
		}
	case Overload:
		if p.ticket > l.cutAt {
			l.limit /= 2
			if l.limit < 1 {
				l.limit = 1
			}
			l.cutAt = l.ticket
			l.cuts++
			if l.limit < l.minSeen {
				l.minSeen = l.limit
			}
		}
	}
	l.broadcast()
}

// PauseUntil holds new calls back until t (a Retry-After answer).
func (l *Limiter) PauseUntil(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.After(l.pausedUntil) {
		l.pausedUntil = t
	}
	l.broadcast()
}

func (l *Limiter) broadcast() {
	close(l.wake)
	l.wake = make(chan struct{})
}

// LimiterStats is a snapshot for metrics and tests.
type LimiterStats struct {
	Limit    float64
	Max      int
	InFlight int
	// MinLimit is the lowest the limit has been; Cuts counts the halvings.
	MinLimit float64
	Cuts     int
}

// Stats returns a snapshot.
func (l *Limiter) Stats() LimiterStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return LimiterStats{Limit: l.limit, Max: int(l.max), InFlight: l.inFlight, MinLimit: l.minSeen, Cuts: l.cuts}
}
