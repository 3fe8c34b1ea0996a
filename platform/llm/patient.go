package llm

import (
	"context"
	"errors"
	"time"
)

// DefaultPatience is how long a Patient keeps asking through an outage.
const DefaultPatience = 5 * time.Minute

// patientBackoff spaces the rounds: each follows the client's own retries,
// so it starts at a second and grows to half a minute.
var patientBackoff = Backoff{Base: time.Second, Max: 30 * time.Second}

// Patient is a Completer that waits out an outage where the call is: a call
// whose client gave up on a transient failure (ErrUnavailable: 429, 5xx,
// network failures or timeouts through all of the endpoint's retries) is
// asked again after a jittered, growing wait, until Patience has passed since
// the call began. A role of a rollout calls its model through one, so the
// rollout keeps the conversation it has and goes on when the endpoint does,
// instead of failing and being redone from its first turn. Other failures
// (a refused request, a bad or truncated reply, the budget, the caller's
// context) come back at once.
type Patient struct {
	C Completer
	// Patience bounds the time spent on one call; 0 takes DefaultPatience,
	// negative asks once.
	Patience time.Duration
	// Backoff spaces the rounds; zero fields take 1s growing to 30s.
	Backoff Backoff
}

// Complete implements Completer. The response's Spent covers every round.
func (p Patient) Complete(ctx context.Context, req ChatRequest) (*ChatResponse, error) {
	patience := p.Patience
	if patience == 0 {
		patience = DefaultPatience
	}
	b := p.Backoff
	if b.Base <= 0 {
		b.Base = patientBackoff.Base
	}
	if b.Max <= 0 {
		b.Max = patientBackoff.Max
	}
	start := time.Now()
	var spent Totals
	for round := 0; ; round++ {
		resp, err := p.C.Complete(ctx, req)
		spent = spent.Add(resp.Totals())
		if resp != nil {
			resp.Spent = spent
		}
		if err == nil || !errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
			return resp, err
		}
		if resp == nil && spent != (Totals{}) {
			resp = &ChatResponse{Spent: spent}
		}
		wait := b.wait(round)
		if time.Since(start)+wait > patience {
			return resp, err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return resp, ctx.Err()
		case <-t.C:
		}
	}
}

// Endpoint returns the endpoint of the Completer it wraps.
func (p Patient) Endpoint() Endpoint { return EndpointOf(p.C) }

var _ Completer = Patient{}
