package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/protobuf/proto"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	"github.com/tdscaling/tdscaling/platform/natsserver"
)

// runJetStream starts an embedded JetStream server on a random port and returns a connection
// to it; both go away when the test ends.
func runJetStream(t testing.TB) *nats.Conn {
	t.Helper()
	s, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	require_NoError(t, err)
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	nc, err := nats.Connect(s.ClientURL())
	require_NoError(t, err)
	t.Cleanup(nc.Close)
	return nc
}

func newBus(t testing.TB, opts ...Option) *Bus {
	t.Helper()
	b, err := New(runJetStream(t), opts...)
	require_NoError(t, err)
	return b
}

func ensureStream(t *testing.T, b *Bus, name string, subjects ...string) jetstream.Stream {
	t.Helper()
	s, err := b.EnsureStream(t.Context(), jetstream.StreamConfig{Name: name, Subjects: subjects})
	require_NoError(t, err)
	return s
}

// startConsume runs Consume in the background. The returned stop cancels it and returns its
// result; it also runs at cleanup, so no consumer outlives its test.
func startConsume(t *testing.T, b *Bus, stream string, cfg jetstream.ConsumerConfig, h Handler, opts ConsumeOptions) (stop func() error) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Consume(ctx, stream, cfg, h, opts) }()
	stop = sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Error("Consume did not return after its context was cancelled")
			return nil
		}
	})
	t.Cleanup(func() { require_NoError(t, stop()) })
	return stop
}

func consumerInfo(t *testing.T, b *Bus, stream, name string) (*jetstream.ConsumerInfo, error) {
	t.Helper()
	c, err := b.JetStream().Consumer(t.Context(), stream, name)
	if err != nil {
		return nil, err
	}
	return c.Info(t.Context())
}

// recv waits for one value on ch.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for a value")
		panic("unreachable")
	}
}

func require_NoError(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func require_Error(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got nil")
	}
}

func require_Equal[T comparable](t testing.TB, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func require_True(t testing.TB, cond bool, format string, args ...any) {
	t.Helper()
	if !cond {
		t.Fatalf(format, args...)
	}
}

func jobEvent(id string) *eventsv1.JobStateChanged {
	return &eventsv1.JobStateChanged{JobId: id, Reason: "test"}
}

func TestPublishDeduplicatesByMsgID(t *testing.T) {
	b := newBus(t)
	stream := ensureStream(t, b, "JOBS", "jobs.>")
	ctx := t.Context()

	first, err := b.Publish(ctx, "jobs.state", "job-1/running", jobEvent("job-1"))
	require_NoError(t, err)
	require_Equal(t, first.Duplicate, false)
	again, err := b.Publish(ctx, "jobs.state", "job-1/running", jobEvent("job-1"))
	require_NoError(t, err)
	require_Equal(t, again.Duplicate, true)
	require_Equal(t, again.Sequence, first.Sequence)

	info, err := stream.Info(ctx)
	require_NoError(t, err)
	require_Equal(t, info.State.Msgs, uint64(1))

	other, err := b.Publish(ctx, "jobs.state", "job-1/succeeded", jobEvent("job-1"))
	require_NoError(t, err)
	require_Equal(t, other.Duplicate, false)
	info, err = stream.Info(ctx)
	require_NoError(t, err)
	require_Equal(t, info.State.Msgs, uint64(2))

	stored, err := stream.GetMsg(ctx, first.Sequence)
	require_NoError(t, err)
	require_Equal(t, stored.Header.Get(jetstream.MsgIDHeader), "job-1/running")
	require_Equal(t, stored.Header.Get(HeaderType), "tdscaling.events.v1.JobStateChanged")
}

func TestPublishRejectsBadArguments(t *testing.T) {
	b := newBus(t)
	stream := ensureStream(t, b, "JOBS", "jobs.>")

	for _, tc := range []struct {
		name, subject, msgID string
		payload              proto.Message
		wantInError          string
	}{
		{name: "empty msg id", subject: "jobs.state", payload: jobEvent("j"), wantInError: "empty message id"},
		{name: "empty subject", msgID: "m", payload: jobEvent("j"), wantInError: "empty subject"},
		{name: "nil payload", subject: "jobs.state", msgID: "m", wantInError: "nil payload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.Publish(t.Context(), tc.subject, tc.msgID, tc.payload)
			require_Error(t, err)
			require_True(t, strings.Contains(err.Error(), tc.wantInError), "error %q does not mention %q", err, tc.wantInError)
		})
	}
	info, err := stream.Info(t.Context())
	require_NoError(t, err)
	require_Equal(t, info.State.Msgs, uint64(0))
}

func TestMessageDecode(t *testing.T) {
	data, err := proto.Marshal(jobEvent("job-7"))
	require_NoError(t, err)

	t.Run("matching type", func(t *testing.T) {
		m := &Message{Subject: "jobs.state", MsgID: "m1", Type: "tdscaling.events.v1.JobStateChanged", Data: data}
		var got eventsv1.JobStateChanged
		require_NoError(t, m.Decode(&got))
		require_Equal(t, got.GetJobId(), "job-7")
	})
	t.Run("other type", func(t *testing.T) {
		m := &Message{Subject: "jobs.state", MsgID: "m1", Type: "tdscaling.events.v1.JobStateChanged", Data: data}
		err := m.Decode(&eventsv1.JobCreated{})
		require_True(t, errors.Is(err, ErrWrongType), "got %v, want ErrWrongType", err)
		for _, want := range []string{"tdscaling.events.v1.JobStateChanged", "tdscaling.events.v1.JobCreated", "m1", "jobs.state"} {
			require_True(t, strings.Contains(err.Error(), want), "error %q does not mention %q", err, want)
		}
	})
	t.Run("malformed payload", func(t *testing.T) {
		m := &Message{Subject: "jobs.state", MsgID: "m2", Data: []byte{0x0a, 0x05, 'x'}} // field 1 claims 5 bytes, has 1
		err := m.Decode(&eventsv1.JobStateChanged{})
		require_Error(t, err)
		require_True(t, !errors.Is(err, ErrWrongType), "malformed bytes reported as a type mismatch: %v", err)
		require_True(t, strings.Contains(err.Error(), "decode tdscaling.events.v1.JobStateChanged"), "unclear error %q", err)
	})
}

func TestHeaderCarrierKeepsKeysAsGiven(t *testing.T) {
	h := nats.Header{}
	c := HeaderCarrier(h)
	c.Set("traceparent", "00-abc-def-01")

	require_Equal(t, c.Get("traceparent"), "00-abc-def-01")
	require_Equal(t, c.Get("Traceparent"), "")
	_, stored := h["traceparent"]
	require_True(t, stored, "key stored as %v, want lower-case traceparent", c.Keys())
	require_True(t, slices.Equal(c.Keys(), []string{"traceparent"}), "keys %v", c.Keys())
}

func TestNewDefaultsToTraceContextPropagator(t *testing.T) {
	b := newBus(t)
	require_True(t, slices.Contains(b.prop.Fields(), "traceparent"), "fields %v", b.prop.Fields())

	custom := propagation.Baggage{}
	b, err := New(runJetStream(t), WithPropagator(custom))
	require_NoError(t, err)
	require_Equal[propagation.TextMapPropagator](t, b.prop, custom)

	_, err = New(nil)
	require_Error(t, err)
}

func TestBackoff(t *testing.T) {
	const base, ceiling = 100 * time.Millisecond, time.Second
	for _, tc := range []struct {
		delivered uint64
		full      time.Duration // before jitter
	}{
		{0, base},
		{1, base},
		{2, 2 * base},
		{4, 8 * base},
		{5, ceiling}, // 1.6s capped
		{100, ceiling},
	} {
		t.Run(fmt.Sprint(tc.delivered), func(t *testing.T) {
			for range 100 {
				d := retryDelay(base, ceiling, tc.delivered)
				require_True(t, d >= tc.full/2 && d <= tc.full, "delay %v outside [%v, %v]", d, tc.full/2, tc.full)
			}
		})
	}
	require_Equal(t, retryDelay(0, ceiling, 3), 0)
}

func TestOutcomeOf(t *testing.T) {
	cause := errors.New("boom")
	for _, tc := range []struct {
		name     string
		err      error
		term     bool
		hasDelay bool
	}{
		{"plain error retries", cause, false, false},
		{"retry", Retry(cause), false, false},
		{"retry after", RetryAfter(cause, time.Second), false, true},
		{"permanent", Permanent(cause), true, false},
		{"wrapped permanent", fmt.Errorf("handling: %w", Permanent(cause)), true, false},
		{"outermost wins", Retry(Permanent(cause)), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := outcomeOf(tc.err)
			require_Equal(t, out.term, tc.term)
			require_Equal(t, out.hasDelay, tc.hasDelay)
			require_True(t, errors.Is(tc.err, cause), "%v does not wrap the cause", tc.err)
			require_Equal(t, IsPermanent(tc.err), tc.term)
		})
	}
	require_Equal(t, Retry(nil), nil)
	require_Equal(t, RetryAfter(nil, time.Second), nil)
	require_Equal(t, Permanent(nil), nil)
}
