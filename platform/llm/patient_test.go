package llm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// TestPatientWaitsOutAnOutage: the endpoint answers 503 to seven requests
// in a row, more than the client's retries (1 retry: two attempts a call).
// The client alone gives up; through a Patient the same call succeeds, with
// the request unchanged.
func TestPatientWaitsOutAnOutage(t *testing.T) {
	outage := func(srv *llmtest.Server) {
		for range 7 {
			srv.Enqueue(llmtest.Status(503))
		}
	}
	mut := func(e *llm.Endpoint, _ *llm.Options) { e.MaxRetries = 1 }

	srv := llmtest.New(t)
	outage(srv)
	_, err := newClient(t, srv, mut).Complete(context.Background(), ask("hi"))
	if !errors.Is(err, llm.ErrUnavailable) {
		t.Fatalf("the client alone: want ErrUnavailable, got %v", err)
	}

	srv = llmtest.New(t)
	outage(srv)
	p := llm.Patient{C: newClient(t, srv, mut), Backoff: llm.Backoff{Base: time.Millisecond, Max: 5 * time.Millisecond}}
	resp, err := p.Complete(context.Background(), ask("hi"))
	requireNoError(t, err)
	requireEqual(t, resp.Message().Content, "ok", "content")
	requireEqual(t, srv.Calls(), 8, "requests")
	for _, r := range srv.Requests() {
		requireEqual(t, r.Request.Messages[0].Content, "hi", "request asked again")
	}
	requireEqual(t, p.Endpoint().Model, "fake-model", "endpoint of the wrapped client")
}

// TestPatientGivesUp: past its patience, or on a failure that waiting
// cannot mend, a Patient returns the error.
func TestPatientGivesUp(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Status(503) })
	p := llm.Patient{C: newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) { e.MaxRetries = 1 }),
		Patience: 200 * time.Millisecond, Backoff: llm.Backoff{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}}
	if _, err := p.Complete(context.Background(), ask("hi")); !errors.Is(err, llm.ErrUnavailable) {
		t.Fatalf("want ErrUnavailable past the patience, got %v", err)
	}
	if n := srv.Calls(); n < 4 || n%2 != 0 {
		t.Fatalf("%d requests: want whole rounds of two, more than one round in 200ms of patience", n)
	}

	srv = llmtest.New(t)
	srv.Enqueue(llmtest.Status(400))
	p = llm.Patient{C: newClient(t, srv, nil)}
	var se *llm.StatusError
	if _, err := p.Complete(context.Background(), ask("hi")); !errors.As(err, &se) || se.Status != 400 {
		t.Fatalf("want the 400 at once, got %v", err)
	}
	requireEqual(t, srv.Calls(), 1, "requests for a 400")
}
