package llm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// drive makes calls through c from workers goroutines and fails the test on
// any error.
func drive(t *testing.T, c *llm.Client, workers, calls int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	work := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range work {
				if _, err := c.Complete(context.Background(), ask(fmt.Sprint(i))); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range calls {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("call failed: %v", err)
	}
}

// noisy answers a fixed share of requests 429 (with Retry-After) and 500,
// whatever the load: one 429 in every five requests, one 500 in every twenty.
func noisy(retryAfter string) llmtest.Handler {
	return func(_ llm.ChatRequest, n int) llmtest.Reply {
		switch {
		case n%5 == 0:
			return llmtest.TooMany(retryAfter)
		case n%20 == 3:
			return llmtest.Status(http.StatusInternalServerError)
		}
		return llmtest.Text("ok")
	}
}

// TestNoiseDoesNotCollapseTheLimit: 20 % of answers are 429 and 5 % are 500
// whatever the load. The limiter may try a cut, sees the refusals do not
// fall, learns them as noise and goes back: the limit ends at the maximum
// and the server saw nearly the maximum in flight.
func TestNoiseDoesNotCollapseTheLimit(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetLatency(3 * time.Millisecond)
	srv.Handle(noisy("0.01"))
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) {
		e.MaxConcurrency = 16
		e.MaxRetries = 20
	})
	drive(t, c, 32, 1500)
	st := c.Limiter().Stats()
	if st.Overloads < 300 {
		t.Fatalf("only %d refusals of %d answers: the fake server did not misbehave", st.Overloads, st.Answers)
	}
	if st.MinLimit < 4 {
		t.Fatalf("limit fell to %.2f, below the floor of 4", st.MinLimit)
	}
	// Every cut is undone, but for one whose trial the run ended during.
	if st.Cuts > st.Restores+1 || (st.Cuts == st.Restores && st.Limit < 14) {
		t.Fatalf("limit ended at %.2f of 16 against load-independent refusals (cuts %d, restores %d, noise %.2f)", st.Limit, st.Cuts, st.Restores, st.Noise)
	}
	if st.Noise < 0.1 {
		t.Fatalf("learnt noise %.2f, want about 0.25", st.Noise)
	}
	if srv.MaxInFlight() < 14 {
		t.Fatalf("server saw at most %d calls at once, want near 16", srv.MaxInFlight())
	}
}

// TestCongestionCutsToTheFloorAndRecovers: a server that takes 3 calls at
// once refuses the rest. The limiter cuts (its refusals fall when it does)
// to about 3, never below the floor (default a quarter of 16), and once the server takes everything
// again the limit climbs back to the maximum within a few windows.
func TestCongestionCutsToTheFloorAndRecovers(t *testing.T) {
	for _, floor := range []int{0, 2} {
		t.Run(fmt.Sprintf("floor %d", floor), func(t *testing.T) {
			srv := llmtest.New(t)
			srv.SetLatency(2 * time.Millisecond)
			srv.SetCapacity(3)
			c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) {
				e.MaxConcurrency = 16
				e.MinConcurrency = floor
				e.MaxRetries = 100
			})
			want := floor
			if want == 0 {
				want = 4 // a quarter of max_concurrency
			}
			drive(t, c, 16, 400)
			st := c.Limiter().Stats()
			requireEqual(t, st.Min, want, "floor")
			if srv.Overloads() == 0 || st.Cuts == 0 {
				t.Fatalf("server refused %d calls, limiter cut %d times: want both > 0", srv.Overloads(), st.Cuts)
			}
			// The server takes 3: the limit falls to about that, and to the
			// floor's number of slots when the floor is above it (a cut from
			// 5.8 leaves 4.06: four slots, the floor's).
			if st.MinLimit < float64(want) || st.MinLimit >= 5 || (want > 3 && int(st.MinLimit) != want) {
				t.Fatalf("limit fell to %.2f against a server that takes 3, with the floor at %d", st.MinLimit, want)
			}

			srv.SetCapacity(0)
			before := st.Answers
			for c.Limiter().Stats().Limit < 16 {
				drive(t, c, 16, 16)
				if c.Limiter().Stats().Answers-before > 600 {
					t.Fatalf("limit %.2f after 600 healthy answers, want 16", c.Limiter().Stats().Limit)
				}
			}
		})
	}
}

// TestRetryAfterHoldsOnlyItsRequest: a 429 with Retry-After 0.4s delays
// that request's retry, while other calls go on at once.
func TestRetryAfterHoldsOnlyItsRequest(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.TooMany("0.4"))
	c := newClient(t, srv, nil)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := c.Complete(ctx, ask("held"))
		done <- err
	}()
	// Wait until the refusal has been sent.
	eventually.Check(t, 10*time.Second, time.Millisecond, func() error {
		if len(srv.Requests()) == 0 {
			return errors.New("the held request has not reached the server")
		}
		return nil
	})
	start := time.Now()
	for i := range 5 {
		_, err := c.Complete(ctx, ask(fmt.Sprint("free ", i)))
		requireNoError(t, err)
	}
	free := time.Since(start)
	requireNoError(t, <-done)
	reqs := srv.Requests()
	requireEqual(t, len(reqs), 7, "requests")
	held := reqs[len(reqs)-1]
	if held.Request.Messages[0].Content != "held" || held.At.Sub(reqs[0].At) < 400*time.Millisecond {
		t.Fatalf("the refused request was retried %s after its refusal (want ≥ 0.4s, last)", held.At.Sub(reqs[0].At))
	}
	if free >= 400*time.Millisecond {
		t.Fatalf("other calls took %s: the Retry-After held them too", free)
	}
}

// TestRateLimitHeadersHoldCallsUntilReset: an answer saying the key has no
// requests left until a reset 300 ms away holds every new call until then.
func TestRateLimitHeadersHoldCallsUntilReset(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "last", Header: map[string]string{
		"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "300ms",
		"x-ratelimit-remaining-tokens": "90000", "x-ratelimit-reset-tokens": "1s",
	}})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	_, err := c.Complete(ctx, ask("first"))
	requireNoError(t, err)
	_, err = c.Complete(ctx, ask("second"))
	requireNoError(t, err)
	reqs := srv.Requests()
	if gap := reqs[1].At.Sub(reqs[0].At); gap < 250*time.Millisecond {
		t.Fatalf("second call sent %s after the quota ran out, want after its reset (300ms)", gap)
	}
	requireEqual(t, c.Limiter().Stats().QuotaPauses, 1, "quota pauses")
}

// TestTokenQuotaCountsCalls: a token quota is read as calls by the tokens
// an answer takes: 40 tokens left at 15 tokens a call is two calls, then a
// wait for the reset.
func TestTokenQuotaCountsCalls(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Text("a"), llmtest.Reply{Content: "b", Header: map[string]string{
		"x-ratelimit-remaining-tokens": "40", "x-ratelimit-reset-tokens": "0.3",
	}})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	for i := range 5 {
		_, err := c.Complete(ctx, ask(fmt.Sprint(i)))
		requireNoError(t, err)
	}
	reqs := srv.Requests()
	for i := 1; i < len(reqs); i++ {
		gap := reqs[i].At.Sub(reqs[i-1].At)
		if (i == 4) != (gap >= 250*time.Millisecond) {
			t.Fatalf("request %d came %s after the one before: want only the fifth (the third after the quota of two calls) to wait for the reset", i, gap)
		}
	}
}

func TestParseRateLimit(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		headers map[string]string
		want    llm.RateLimit
	}{
		{map[string]string{}, llm.RateLimit{Requests: -1, Tokens: -1}},
		{map[string]string{"x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s",
			"x-ratelimit-remaining-tokens": "149984", "x-ratelimit-reset-tokens": "6m0s"},
			llm.RateLimit{Requests: 59, Tokens: 149984, RequestsReset: time.Second, TokensReset: 6 * time.Minute}},
		{map[string]string{"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2m59.56s"},
			llm.RateLimit{Requests: 0, Tokens: -1, RequestsReset: 2*time.Minute + 59560*time.Millisecond}},
		{map[string]string{"x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "0.5"},
			llm.RateLimit{Requests: 3, Tokens: -1, RequestsReset: 500 * time.Millisecond}},
		{map[string]string{"x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "1700000012"},
			llm.RateLimit{Requests: 3, Tokens: -1, RequestsReset: 12 * time.Second}},
		{map[string]string{"x-ratelimit-remaining-requests": "many", "x-ratelimit-reset-requests": "soon"},
			llm.RateLimit{Requests: -1, Tokens: -1}},
	}
	for _, tc := range tests {
		h := http.Header{}
		for k, v := range tc.headers {
			h.Set(k, v)
		}
		requireEqual(t, llm.ParseRateLimit(h, now), tc.want, fmt.Sprint(tc.headers))
	}
}
