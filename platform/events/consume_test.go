package events

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	"github.com/tdscaling/tdscaling/platform/eventually"
)

// fastRetry keeps redeliveries in these tests to milliseconds.
var fastRetry = ConsumeOptions{NakBase: 5 * time.Millisecond, NakMax: 20 * time.Millisecond}

// requireSettled waits until the consumer has settled every delivery (acked or terminated)
// and has nothing left to redeliver.
func requireSettled(t *testing.T, b *Bus, stream, consumer string, lastSeq uint64) {
	t.Helper()
	eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
		ci, err := consumerInfo(t, b, stream, consumer)
		if err != nil {
			return err
		}
		if ci.NumAckPending != 0 || ci.NumRedelivered != 0 || ci.AckFloor.Stream != lastSeq {
			return fmt.Errorf("ack pending %d, redelivered %d, ack floor %d (want 0, 0, %d)",
				ci.NumAckPending, ci.NumRedelivered, ci.AckFloor.Stream, lastSeq)
		}
		return nil
	})
}

func TestConsumeRedeliversAfterFailure(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func() error // what the handler does on the first delivery
	}{
		{"retry", func() error { return Retry(errors.New("transient")) }},
		{"retry after", func() error { return RetryAfter(errors.New("transient"), 5*time.Millisecond) }},
		{"plain error", func() error { return errors.New("transient") }},
		{"panic", func() error { panic("handler bug") }},
		{"handoff", func() error { return Handoff(errors.New("another replica owns job-1"), 5*time.Millisecond) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBus(t)
			ensureStream(t, b, "TASKS", "tasks.>")
			ack, err := b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
			require_NoError(t, err)

			type delivery struct {
				n     uint64
				jobID string
			}
			deliveries := make(chan delivery, 10)
			startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
				var ev eventsv1.JobStateChanged
				if err := m.Decode(&ev); err != nil {
					return Permanent(err)
				}
				deliveries <- delivery{m.NumDelivered, ev.GetJobId()}
				if m.NumDelivered == 1 {
					return tc.fail()
				}
				return nil
			}, fastRetry)

			first := recv(t, deliveries)
			require_Equal(t, first, delivery{1, "job-1"})
			second := recv(t, deliveries)
			require_Equal(t, second, delivery{2, "job-1"})
			requireSettled(t, b, "TASKS", "workers", ack.Sequence)
			require_Equal(t, len(deliveries), 0)
		})
	}
}

func TestConsumePermanentTerminates(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	b := newBus(t, WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))))
	ensureStream(t, b, "TASKS", "tasks.>")
	ack, err := b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)

	var calls atomic.Int32
	handled := make(chan uint64, 10)
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		calls.Add(1)
		handled <- m.NumDelivered
		return Permanent(errors.New("task spec invalid"))
	}, fastRetry)

	require_Equal(t, recv(t, handled), uint64(1))
	// Terminated, not nakked: the ack floor moves past it and nothing waits for redelivery.
	requireSettled(t, b, "TASKS", "workers", ack.Sequence)
	ci, err := consumerInfo(t, b, "TASKS", "workers")
	require_NoError(t, err)
	require_Equal(t, ci.Delivered.Consumer, uint64(1))
	require_Equal(t, calls.Load(), int32(1))

	var process sdktrace.ReadOnlySpan
	eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
		process = endedSpan(rec, "process tasks.rollout")
		if process == nil {
			return errors.New("no process span ended yet")
		}
		return nil
	})
	require_Equal(t, process.Status().Code, codes.Error)
	require_Equal(t, spanAttr(process, attrNATSOutcome), attribute.StringValue("term"))
	require_True(t, len(process.Events()) > 0 && process.Events()[0].Name == "exception", "handler error not recorded: %v", process.Events())
}

// A message handed back to another replica (Handoff) is redelivered after
// its delay, and its span is no error: nothing failed.
func TestConsumeHandoffIsNotAFailure(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	b := newBus(t, WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))))
	ensureStream(t, b, "TASKS", "tasks.>")
	ack, err := b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	handled := make(chan time.Time, 10)
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		handled <- time.Now()
		if m.NumDelivered == 1 {
			return Handoff(errors.New("another replica owns job-1"), 100*time.Millisecond)
		}
		return nil
	}, fastRetry)
	first, second := recv(t, handled), recv(t, handled)
	require_True(t, second.Sub(first) >= 100*time.Millisecond, "redelivered after %s, before the handoff's delay", second.Sub(first))
	requireSettled(t, b, "TASKS", "workers", ack.Sequence)

	var spans []sdktrace.ReadOnlySpan
	eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
		spans = spans[:0]
		for _, s := range rec.Ended() {
			if s.Name() == "process tasks.rollout" {
				spans = append(spans, s)
			}
		}
		if len(spans) < 2 {
			return fmt.Errorf("%d process spans ended", len(spans))
		}
		return nil
	})
	handedBack := spans[0]
	require_Equal(t, handedBack.Status().Code, codes.Unset)
	require_Equal(t, spanAttr(handedBack, attrNATSOutcome), attribute.StringValue("nak"))
}

func TestConsumeTracePropagation(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	b := newBus(t, WithTracerProvider(tp), WithPropagator(propagation.TraceContext{}))
	ensureStream(t, b, "TASKS", "tasks.>")

	ctx, parent := tp.Tracer("test").Start(t.Context(), "submit job")
	_, err := b.Publish(ctx, "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	parent.End()

	type seen struct {
		header nats.Header
		span   trace.SpanContext
	}
	got := make(chan seen, 1)
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		got <- seen{m.Header, trace.SpanContextFromContext(ctx)}
		return nil
	}, ConsumeOptions{})
	s := recv(t, got)

	_, lower := s.header["traceparent"]
	_, canonical := s.header["Traceparent"]
	require_True(t, lower && !canonical, "trace header keys: %v", HeaderCarrier(s.header).Keys())

	var publish, process sdktrace.ReadOnlySpan
	eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
		publish = endedSpan(rec, "publish tasks.rollout")
		process = endedSpan(rec, "process tasks.rollout")
		if publish == nil || process == nil {
			return errors.New("publish and process spans not both ended")
		}
		return nil
	})

	traceID := parent.SpanContext().TraceID()
	require_Equal(t, publish.SpanContext().TraceID(), traceID)
	require_Equal(t, process.SpanContext().TraceID(), traceID)
	require_Equal(t, publish.Parent().SpanID(), parent.SpanContext().SpanID())
	require_Equal(t, process.Parent().SpanID(), publish.SpanContext().SpanID())
	require_True(t, process.Parent().IsRemote(), "process span's parent should come from the headers")
	require_True(t, s.span.Equal(process.SpanContext()), "handler ctx span %v is not the process span %v", s.span, process.SpanContext())

	require_Equal(t, publish.SpanKind(), trace.SpanKindProducer)
	require_Equal(t, process.SpanKind(), trace.SpanKindConsumer)
	for _, want := range []struct {
		span sdktrace.ReadOnlySpan
		kv   attribute.KeyValue
	}{
		{publish, attribute.String("messaging.system", "nats")},
		{publish, attribute.String("messaging.operation.type", "send")},
		{publish, attribute.String("messaging.destination.name", "tasks.rollout")},
		{publish, attribute.String("messaging.message.id", "task-1")},
		{process, attribute.String("messaging.system", "nats")},
		{process, attribute.String("messaging.operation.type", "process")},
		{process, attribute.String("messaging.destination.name", "tasks.rollout")},
		{process, attribute.String("messaging.message.id", "task-1")},
		{process, attribute.String("messaging.consumer.group.name", "workers")},
		{process, attribute.Int64("messaging.nats.delivered", 1)},
	} {
		require_Equal(t, spanAttr(want.span, want.kv.Key), want.kv.Value)
	}
}

// A message published without trace headers starts its own trace instead of joining whatever
// span the caller of Consume holds.
func TestConsumeWithoutTraceHeadersStartsNewTrace(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	b := newBus(t, WithTracerProvider(tp))
	ensureStream(t, b, "TASKS", "tasks.>")
	_, err := b.JetStream().Publish(t.Context(), "tasks.rollout", nil)
	require_NoError(t, err)

	serviceCtx, serviceSpan := tp.Tracer("test").Start(context.Background(), "service lifetime")
	defer serviceSpan.End()
	got := make(chan trace.SpanContext, 1)
	ctx, cancel := context.WithCancel(serviceCtx)
	done := make(chan error, 1)
	go func() {
		done <- b.Consume(ctx, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
			got <- trace.SpanContextFromContext(ctx)
			return nil
		}, ConsumeOptions{})
	}()
	sc := recv(t, got)
	cancel()
	require_NoError(t, recv(t, done))

	require_True(t, sc.IsValid(), "handler ctx has no span")
	require_True(t, sc.TraceID() != serviceSpan.SpanContext().TraceID(), "message joined the consumer's own trace")
	process := endedSpan(rec, "process tasks.rollout")
	require_True(t, process != nil, "no process span")
	require_True(t, !process.Parent().IsValid(), "process span has parent %v, want a root", process.Parent())
}

func TestConsumeRunsHandlersConcurrently(t *testing.T) {
	const n = 4
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	for i := range n {
		_, err := b.Publish(t.Context(), "tasks.rollout", fmt.Sprint("task-", i), jobEvent(fmt.Sprint("job-", i)))
		require_NoError(t, err)
	}

	// Every handler waits for all n to be running: with less concurrency this never completes.
	var running atomic.Int32
	allRunning := make(chan struct{})
	finished := make(chan string, n)
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		if running.Add(1) == n {
			close(allRunning)
		}
		select {
		case <-allRunning:
		case <-ctx.Done():
			return ctx.Err()
		}
		finished <- m.MsgID
		return nil
	}, ConsumeOptions{Concurrency: n})

	seen := map[string]bool{}
	for range n {
		seen[recv(t, finished)] = true
	}
	require_Equal(t, len(seen), n)
	requireSettled(t, b, "TASKS", "workers", n)
}

func TestConsumeReturnsOnCancel(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		b := newBus(t)
		ensureStream(t, b, "TASKS", "tasks.>")
		stop := startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(context.Context, *Message) error {
			return nil
		}, ConsumeOptions{})
		// The consumer existing shows Consume got past its setup before being stopped.
		eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
			_, err := consumerInfo(t, b, "TASKS", "workers")
			return err
		})
		require_NoError(t, stop())
	})

	t.Run("waits for in-flight handler", func(t *testing.T) {
		b := newBus(t)
		ensureStream(t, b, "TASKS", "tasks.>")
		_, err := b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
		require_NoError(t, err)

		started := make(chan struct{})
		release := make(chan struct{})
		var handlerSawCancel atomic.Bool
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() {
			done <- b.Consume(ctx, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
				close(started)
				<-ctx.Done()
				handlerSawCancel.Store(true)
				<-release
				return nil
			}, ConsumeOptions{})
		}()

		recv(t, started)
		cancel()
		select {
		case err := <-done:
			t.Fatalf("Consume returned (%v) while its handler was still running", err)
		default:
		}
		close(release)
		require_NoError(t, recv(t, done))
		require_True(t, handlerSawCancel.Load(), "handler ctx was not cancelled")
	})
}

func TestConsumeRequiresDurable(t *testing.T) {
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	err := b.Consume(t.Context(), "TASKS", jetstream.ConsumerConfig{}, func(context.Context, *Message) error { return nil }, ConsumeOptions{})
	require_Error(t, err)
}

func TestConsumeMissingStream(t *testing.T) {
	b := newBus(t)
	err := b.Consume(t.Context(), "NOPE", jetstream.ConsumerConfig{Durable: "workers"}, func(context.Context, *Message) error { return nil }, ConsumeOptions{})
	require_True(t, errors.Is(err, jetstream.ErrStreamNotFound), "got %v, want ErrStreamNotFound", err)
}

func endedSpan(rec *tracetest.SpanRecorder, name string) sdktrace.ReadOnlySpan {
	for _, s := range rec.Ended() {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

func spanAttr(s sdktrace.ReadOnlySpan, key attribute.Key) attribute.Value {
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}
