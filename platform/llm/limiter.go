package llm

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// Limiter bounds the calls in flight to one endpoint and adapts the bound to
// what the endpoint's answers say, telling congestion from noise:
//
//   - Calls are judged in windows: a window is the next max(limit, 16)
//     answers to calls that started after the previous window closed, so the
//     calls already in flight when the limit changed never judge that change.
//     A window whose share of overload answers (429, 5xx, timeouts) exceeds
//     the noise the endpoint is known to make, by more than sampling error,
//     cuts the limit once (×0.7), never below the floor: once per window, not
//     once per refusal.
//   - A cut is a trial. If the next window's overload share fell, the load was
//     the cause (congestion) and the cut stands. If it did not fall, the
//     refusals do not depend on our load (a provider's per-minute windows, a
//     shared key, random faults): the share is learnt as the endpoint's noise
//     and the limit goes back to where it was.
//   - Every answered call that is not an overload adds Step/limit, so the limit
//     grows by Step per window of healthy answers (additive, and quicker than
//     one per window so a recovered endpoint is used again within seconds).
//   - Retry-After concerns the request it answers: the client waits before
//     that request's retry, the other calls go on. Only the provider's
//     rate-limit headers (x-ratelimit-remaining-*, x-ratelimit-reset-*), which
//     speak for every call on the key, hold calls back: once they say the
//     quota is spent, new calls wait for its reset.
type Limiter struct {
	// conns is the endpoint's connection pool (httpClient).
	connsOnce sync.Once
	conns     *http.Client

	mu       sync.Mutex
	max      float64
	min      float64
	step     float64
	limit    float64
	inFlight int
	waiting  int
	ticket   uint64 // handed to each acquisition, increasing
	// queue holds the calls waiting for a slot, first come first served; a
	// freed slot wakes one of them (waking every waiter at each release
	// cost more CPU than the calls did once many waited). signaled counts
	// those woken that have not yet looked for their slot.
	queue    []*waiter
	signaled int

	// The current window: answers to calls after ticket winStart.
	winStart     uint64
	winCalls     int
	winOverloads int
	// noise is the share of overload answers the endpoint gives whatever
	// our load; trial is the cut awaiting its verdict, if any.
	noise float64
	trial *trial

	// The provider's rate-limit quota: calls left until quotaReset.
	quota       float64
	quotaReset  time.Time
	tokensSeen  float64 // tokens per answered call, averaged
	tokenSample float64

	// Time-integrals of calls in flight and of calls waiting for a slot,
	// in call-seconds, for the task window (see Stats).
	lastAt      time.Time
	busy        float64
	queued      float64
	minSeen     float64
	cuts        int
	restores    int
	overloads   int64
	answers     int64
	quotaPauses int
}

type trial struct {
	before float64 // the limit before the cut
	share  float64 // the overload share that caused it
}

// Defaults of the limiter.
const (
	// minWindow is the fewest answers a window judges.
	minWindow = 16
	// cutFactor is the multiplicative decrease.
	cutFactor = 0.7
	// congestedShare: a window refused more often than this is congestion
	// whatever was learnt as noise (a server far over its capacity refuses
	// most calls; random faults that heavy make an endpoint unusable anyway).
	congestedShare = 0.5
)

// NewLimiter returns a limiter that starts at, and never exceeds, max, with
// the default floor (a quarter of max).
func NewLimiter(max int) *Limiter { return NewLimiterFloor(max, 0) }

// NewLimiterFloor returns a limiter between min and max; min 0 takes a
// quarter of max (at least 1).
func NewLimiterFloor(hi, lo int) *Limiter {
	hi = max(hi, 1)
	if lo <= 0 {
		lo = hi / 4
	}
	lo = max(1, min(lo, hi))
	return &Limiter{
		max: float64(hi), min: float64(lo), step: math.Max(1, float64(hi)/16), limit: float64(hi), minSeen: float64(hi),
		lastAt: time.Now(),
	}
}

// Outcome is how a call turned out, for the limiter.
type Outcome int

// Outcomes.
const (
	// Success: the endpoint answered (any non-overload answer counts).
	Success Outcome = iota
	// Overload: 429, 5xx or no answer in time.
	Overload
	// Ignored: the call did not tell anything about the endpoint's load
	// (cancelled by the caller, a transport failure).
	Ignored
)

// Permit is one acquired slot; Release it exactly once.
type Permit struct {
	l      *Limiter
	ticket uint64
	// Waited is how long the acquisition waited for a slot; QuotaWaited the
	// part of it spent waiting for a rate-limit quota to reset.
	Waited      time.Duration
	QuotaWaited time.Duration
}

// waiter is one call waiting in the queue; ch is signalled (buffered, one
// token) when a slot may be free for it.
type waiter struct{ ch chan struct{} }

// Acquire waits for a free slot, and for the provider's quota when its
// rate-limit headers said it is spent.
func (l *Limiter) Acquire(ctx context.Context) (Permit, error) {
	start := time.Now()
	var quotaWait time.Duration
	var w *waiter
	for {
		l.mu.Lock()
		now := time.Now()
		l.advance(now)
		if w != nil {
			l.dequeue(w)
		}
		var wait time.Duration
		if now.Before(l.quotaReset) && l.quota < 1 {
			wait = l.quotaReset.Sub(now)
		}
		if wait <= 0 && float64(l.inFlight) < l.slots() {
			l.inFlight++
			l.ticket++
			if now.Before(l.quotaReset) {
				l.quota--
			}
			p := Permit{l: l, ticket: l.ticket, QuotaWaited: quotaWait}
			if w != nil {
				p.Waited = now.Sub(start)
				l.waiting--
				// A slot may remain for the next in the queue (the limit grew).
				l.wakeUp()
			}
			l.mu.Unlock()
			return p, nil
		}
		if w == nil {
			w = &waiter{ch: make(chan struct{}, 1)}
			l.waiting++
			l.queue = append(l.queue, w)
		} else {
			// Woken and beaten to the slot (or held by the quota): first
			// in line again.
			select {
			case <-w.ch:
			default:
			}
			l.queue = append(l.queue, nil)
			copy(l.queue[1:], l.queue)
			l.queue[0] = w
		}
		l.mu.Unlock()
		var fire <-chan time.Time
		var timer *time.Timer
		if wait > 0 {
			timer = time.NewTimer(wait)
			fire = timer.C
		}
		t0 := time.Now()
		select {
		case <-ctx.Done():
		case <-w.ch:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
			quotaWait += time.Since(t0)
		}
		if err := ctx.Err(); err != nil {
			l.mu.Lock()
			l.advance(time.Now())
			l.dequeue(w)
			l.waiting--
			// A slot this call was woken for goes to the next in line.
			l.wakeUp()
			l.mu.Unlock()
			return Permit{}, err
		}
	}
}

// dequeue takes w out of the queue, or, when a release already took it out
// to wake it, counts that wake as seen.
func (l *Limiter) dequeue(w *waiter) {
	for i, q := range l.queue {
		if q == w {
			l.queue = append(l.queue[:i], l.queue[i+1:]...)
			return
		}
	}
	l.signaled--
}

// wakeUp wakes as many waiting calls, first come first served, as there are
// free slots not already promised to a call woken before.
func (l *Limiter) wakeUp() {
	free := int(l.slots()) - l.inFlight - l.signaled
	for ; free > 0 && len(l.queue) > 0; free-- {
		w := l.queue[0]
		l.queue = l.queue[1:]
		l.signal(w)
	}
}

// wakeAll wakes every waiting call, to look again at a changed quota.
func (l *Limiter) wakeAll() {
	for _, w := range l.queue {
		l.signal(w)
	}
	l.queue = l.queue[:0]
}

// signal wakes w, taken out of the queue.
func (l *Limiter) signal(w *waiter) {
	l.signaled++
	select {
	case w.ch <- struct{}{}:
	default: // already woken (its timer or context ended its wait too)
	}
}

// httpClient is the endpoint's HTTP client: one pool of connections, as
// many kept idle as calls may be in flight, for every client that shares
// the limiter.
func (l *Limiter) httpClient() *http.Client {
	l.connsOnce.Do(func() {
		l.conns = &http.Client{Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			MaxIdleConnsPerHost: int(l.max),
			IdleConnTimeout:     90 * time.Second,
			// A request (headers, conversation and tool schemas) goes out
			// in one write: with the default 4 KiB buffer the headers and
			// the body of a longer one went out in separate system calls.
			// Replies are short and keep the default read buffer.
			WriteBufferSize: writeBuffer,
		}}
	})
	return l.conns
}

// writeBuffer is each connection's write buffer: nearly every request
// fits (a long conversation's is about 10 KiB). Every connection holds one,
// and with the suite's GC setting each live byte costs several of memory.
const writeBuffer = 16 << 10

// slots is the whole number of calls allowed at once.
func (l *Limiter) slots() float64 {
	return math.Max(1, math.Floor(l.limit))
}

// advance adds the time since the last change to the integrals.
func (l *Limiter) advance(now time.Time) {
	if dt := now.Sub(l.lastAt).Seconds(); dt > 0 {
		l.busy += dt * float64(l.inFlight)
		l.queued += dt * float64(l.waiting)
		l.lastAt = now
	}
}

// Release returns the slot and feeds the outcome into the limit.
func (p Permit) Release(o Outcome) {
	l := p.l
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(time.Now())
	l.inFlight--
	defer l.wakeUp()
	if o == Ignored {
		return
	}
	l.answers++
	if o == Overload {
		l.overloads++
	} else {
		l.limit = math.Min(l.max, l.limit+l.step/l.limit)
	}
	if p.ticket <= l.winStart {
		return // started before the current window: it judges nothing
	}
	l.winCalls++
	if o == Overload {
		l.winOverloads++
	}
	if l.winCalls >= max(int(l.limit), minWindow) {
		l.judge()
	}
}

// judge closes the window: cut, confirm or undo a cut, or learn the noise.
func (l *Limiter) judge() {
	n := float64(l.winCalls)
	share := float64(l.winOverloads) / n
	l.winStart, l.winCalls, l.winOverloads = l.ticket, 0, 0
	if t := l.trial; t != nil {
		l.trial = nil
		fell := share < t.share-2*samplingError(t.share, n)
		if !fell && t.share <= congestedShare {
			// Shedding load did not lower the refusals: they are noise.
			l.noise = math.Max(l.noise, (share+t.share)/2)
			l.limit = math.Max(l.limit, t.before)
			l.restores++
			return
		}
	}
	if share > congestedShare || share > l.noise+2*samplingError(l.noise, n)+0.05 {
		l.trial = &trial{before: l.limit, share: share}
		l.limit = math.Max(l.min, l.limit*cutFactor)
		l.cuts++
		l.minSeen = math.Min(l.minSeen, l.limit)
		return
	}
	if share < l.noise {
		// The endpoint got quieter: forget the noise gradually.
		l.noise = 0.7*l.noise + 0.3*share
	}
}

// samplingError is the standard error of a share p measured over n answers
// (p taken as at least 5 %, so a clean history does not make one refusal
// look like congestion).
func samplingError(p, n float64) float64 {
	p = math.Max(p, 0.05)
	return math.Sqrt(p * (1 - p) / n)
}

// Quota notes what the provider's rate-limit headers said: calls left
// (requests, or tokens over the tokens an answer takes on average) until
// reset. Calls wait for the reset once the quota is spent.
func (l *Limiter) Quota(q RateLimit, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	left := math.Inf(1)
	var reset time.Duration
	if q.Requests >= 0 {
		left = float64(q.Requests)
		reset = q.RequestsReset
	}
	if q.Tokens >= 0 && l.tokensSeen > 0 {
		if calls := float64(q.Tokens) / l.tokensSeen; calls < left {
			left, reset = calls, q.TokensReset
		}
	}
	if math.IsInf(left, 1) {
		return
	}
	if reset <= 0 {
		reset = time.Second
	}
	wasOpen := !now.Before(l.quotaReset) || l.quota >= 1
	l.quota = left
	l.quotaReset = now.Add(reset)
	if wasOpen && left < 1 {
		l.quotaPauses++
	}
	l.wakeAll()
}

// Tokens notes the tokens one answered call took, for reading token quotas.
func (l *Limiter) Tokens(n int64) {
	if n <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokenSample = math.Min(l.tokenSample+1, 50)
	l.tokensSeen += (float64(n) - l.tokensSeen) / l.tokenSample
}

// LimiterStats is a snapshot for metrics, the task window and tests.
type LimiterStats struct {
	Limit    float64
	Max      int
	Min      int
	InFlight int
	// Waiting counts calls waiting for a slot or a quota.
	Waiting int
	// MinLimit is the lowest the limit has been; Cuts counts the decreases,
	// Restores the cuts undone because the refusals proved to be noise.
	MinLimit float64
	Cuts     int
	Restores int
	// Noise is the learnt share of refusals that do not depend on load.
	Noise float64
	// Answers and Overloads count the calls judged and those refused.
	Answers, Overloads int64
	// QuotaPauses counts the times the provider's quota ran out.
	QuotaPauses int
	// Busy and Queued are the time-integrals, in call-seconds, of the calls
	// in flight and of the calls waiting, since the limiter was made.
	Busy, Queued float64
}

// Stats returns a snapshot.
func (l *Limiter) Stats() LimiterStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(time.Now())
	return LimiterStats{
		Limit: l.limit, Max: int(l.max), Min: int(l.min), InFlight: l.inFlight, Waiting: l.waiting,
		MinLimit: l.minSeen, Cuts: l.cuts, Restores: l.restores, Noise: l.noise,
		Answers: l.answers, Overloads: l.overloads, QuotaPauses: l.quotaPauses,
		Busy: l.busy, Queued: l.queued,
	}
}
