package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/proto"
)

// ErrWrongType is returned by Message.Decode when the message says it carries another type.
var ErrWrongType = errors.New("events: payload type mismatch")

// Message is one delivery of a stored event.
type Message struct {
	Subject string
	Data    []byte
	// Header holds the raw NATS headers; keys are case-sensitive.
	Header nats.Header
	// MsgID is the publisher's de-duplication id (Nats-Msg-Id).
	MsgID string
	// Type is the payload's full protobuf name (Tds-Type), empty if the publisher did not set it.
	Type string
	// NumDelivered counts deliveries of this message to the consumer, this one included.
	NumDelivered uint64
	Stream       string
	Consumer     string
	StreamSeq    uint64
	// Timestamp is when the stream stored the message.
	Timestamp time.Time
}

// Decode unmarshals the payload into into, refusing (with ErrWrongType) a message whose
// Tds-Type header names another type, since protobuf would often decode it silently.
func (m *Message) Decode(into proto.Message) error {
	want := string(into.ProtoReflect().Descriptor().FullName())
	if m.Type != "" && m.Type != want {
		return fmt.Errorf("%w: message %q on %q carries %s, not %s", ErrWrongType, m.MsgID, m.Subject, m.Type, want)
	}
	if err := proto.Unmarshal(m.Data, into); err != nil {
		return fmt.Errorf("events: decode %s from message %q on %q: %w", want, m.MsgID, m.Subject, err)
	}
	return nil
}

func newMessage(jm jetstream.Msg) (*Message, error) {
	h := jm.Headers()
	if h == nil {
		h = nats.Header{}
	}
	m := &Message{
		Subject: jm.Subject(),
		Data:    jm.Data(),
		Header:  h,
		MsgID:   HeaderCarrier(h).Get(jetstream.MsgIDHeader),
		Type:    HeaderCarrier(h).Get(HeaderType),
	}
	md, err := jm.Metadata()
	if err != nil {
		return m, err
	}
	m.NumDelivered = md.NumDelivered
	m.Stream = md.Stream
	m.Consumer = md.Consumer
	m.StreamSeq = md.Sequence.Stream
	m.Timestamp = md.Timestamp
	return m, nil
}

// Handler processes one message. Returning nil acks it; Retry, RetryAfter or any other error
// asks for redelivery; Permanent terminates it. Messages arrive at least once, so a handler
// must be idempotent.
type Handler func(ctx context.Context, m *Message) error

// ConsumeOptions tunes Consume. The zero value is usable.
type ConsumeOptions struct {
	// Concurrency is the number of handlers running at once; default 1.
	Concurrency int
	// NakBase and NakMax bound the redelivery backoff: min(NakBase*2^(delivered-1), NakMax),
	// jittered. Defaults 200ms and 30s.
	NakBase, NakMax time.Duration
	// Logger receives handler failures; default slog.Default().
	Logger *slog.Logger
	// DepthEvery is how often the consumer's queue depth is read for the
	// bus's metrics; default DefaultDepthEvery.
	DepthEvery time.Duration
}

func (o ConsumeOptions) withDefaults() ConsumeOptions {
	if o.Concurrency <= 0 {
		o.Concurrency = 1
	}
	if o.NakBase <= 0 {
		o.NakBase = 200 * time.Millisecond
	}
	if o.NakMax <= 0 {
		o.NakMax = 30 * time.Second
	}
	if o.NakMax < o.NakBase {
		o.NakMax = o.NakBase
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Consume creates or updates the durable pull consumer cfg on stream and runs h for each message
// until ctx is done. It returns nil on ctx cancellation, after in-flight handlers finished (their
// ctx is cancelled too), and an error if the consumer cannot be set up or goes away. Explicit
// ack is forced (cfg.AckPolicy = AckExplicitPolicy); a zero cfg.AckWait means DefaultAckWait.
//
// Every message held is reported in progress every quarter of the ack wait until it is
// settled, so a handler may take as long as it needs while a message whose holder died is
// delivered again one ack wait later. Only as many messages are pulled as there are idle
// handlers: a message never waits in this process's buffer, where nothing reports on it.
func (b *Bus) Consume(ctx context.Context, stream string, cfg jetstream.ConsumerConfig, h Handler, opts ConsumeOptions) error {
	if h == nil {
		return errors.New("events: consume: nil handler")
	}
	if cfg.Durable == "" {
		return fmt.Errorf("events: consume on stream %q: consumer config needs a Durable name", stream)
	}
	opts = opts.withDefaults()
	cfg.AckPolicy = jetstream.AckExplicitPolicy
	if cfg.AckWait <= 0 {
		cfg.AckWait = DefaultAckWait
	}

	var cons jetstream.Consumer
	err := whileUnavailable(ctx, ensureWithin, func(ctx context.Context) (err error) {
		cons, err = b.js.CreateOrUpdateConsumer(ctx, stream, cfg)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped during setup: a clean stop, like any other
		}
		return fmt.Errorf("events: consumer %q on stream %q: %w", cfg.Durable, stream, err)
	}
	ackWait := cfg.AckWait
	if info := cons.CachedInfo(); info != nil && info.Config.AckWait > 0 {
		ackWait = info.Config.AckWait
	}

	var record *holderRecord
	if kv, err := b.js.KeyValue(ctx, HoldersBucket); err == nil {
		record = newHolderRecord(kv, cfg.Durable)
	}
	w := worker{bus: b, h: h, opts: opts, maxDeliver: cfg.MaxDeliver, keep: newKeepAlive(ackWait, record, opts.Logger)}
	// A token per idle handler: the puller asks the server for no more messages than it
	// holds tokens, and a handler gives its token back once its message is settled.
	idle := make(chan struct{}, opts.Concurrency)
	for range opts.Concurrency {
		idle <- struct{}{}
	}
	work := make(chan jetstream.Msg, opts.Concurrency)
	var handlers, background sync.WaitGroup
	bgCtx, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	background.Go(func() { b.metrics.watch(bgCtx, stream, cons, opts.DepthEvery) })
	// Progress reports go on while the handlers drain after ctx is done.
	background.Go(func() { w.keep.run(bgCtx) })
	for range opts.Concurrency {
		handlers.Go(func() {
			for jm := range work {
				w.handle(ctx, jm)
				idle <- struct{}{}
			}
		})
	}

	err = pull(ctx, b.js.Conn(), cons, idle, work, w.keep, opts.Logger)
	close(work)
	handlers.Wait()
	stopBackground()
	background.Wait()
	if err != nil {
		return fmt.Errorf("events: consume %q on stream %q: %w", cfg.Durable, stream, err)
	}
	return nil
}

// fetchWait bounds one pull request. A request lost with its server (a NATS
// restart) delays the next by at most this long.
const fetchWait = 5 * time.Second

// pull asks the server for as many messages as there are idle handlers and hands them over,
// until ctx is done (nil) or the consumer or the connection is gone.
func pull(ctx context.Context, nc *nats.Conn, cons jetstream.Consumer, idle chan struct{}, work chan<- jetstream.Msg, keep *keepAlive, log *slog.Logger) error {
	retry := 0
	for {
		select {
		case <-idle:
		case <-ctx.Done():
			return nil
		}
		n := 1
	more:
		for n < cap(idle) {
			select {
			case <-idle:
				n++
			default:
				break more
			}
		}
		fctx, cancel := context.WithTimeout(ctx, fetchWait)
		batch, err := cons.Fetch(n, jetstream.FetchContext(fctx))
		got := 0
		if err == nil {
			for jm := range batch.Messages() {
				got++
				if ctx.Err() != nil {
					// Nobody here will handle it: hand it back now rather than after AckWait.
					_ = jm.Nak()
					continue
				}
				keep.hold(jm)
				work <- jm // never blocks: a handler's token was taken for it
			}
			err = batch.Error()
		}
		cancel()
		for range n - got {
			idle <- struct{}{}
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil || errors.Is(err, context.DeadlineExceeded):
			retry = 0
		case errors.Is(err, jetstream.ErrConsumerDeleted), errors.Is(err, jetstream.ErrConsumerNotFound),
			errors.Is(err, nats.ErrConnectionClosed), nc.IsClosed():
			return err
		default:
			// The server restarting, a leader changing: ask again shortly.
			retry++
			d := retryDelay(100*time.Millisecond, 2*time.Second, uint64(retry))
			log.DebugContext(ctx, "events: pull failed; asking again", slog.Any("error", err), slog.Duration("retry_in", d))
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return nil
			}
		}
	}
}

type worker struct {
	bus        *Bus
	h          Handler
	opts       ConsumeOptions
	maxDeliver int
	keep       *keepAlive
}

func (w worker) handle(ctx context.Context, jm jetstream.Msg) {
	m, mdErr := newMessage(jm)

	// A message's trace starts at its producer, never at whatever span the caller of Consume
	// happened to hold.
	ctx = trace.ContextWithSpanContext(ctx, trace.SpanContext{})
	ctx = w.bus.prop.Extract(ctx, HeaderCarrier(m.Header))
	ctx, span := w.bus.tracer.Start(ctx, "process "+m.Subject,
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			attrSystemNATS,
			semconv.MessagingOperationName("process"),
			semconv.MessagingOperationTypeProcess,
			semconv.MessagingDestinationName(m.Subject),
			semconv.MessagingConsumerGroupName(m.Consumer),
			semconv.MessagingMessageID(m.MsgID),
			semconv.MessagingMessageBodySize(len(m.Data)),
			attrPayloadType.String(m.Type),
			attrNATSStream.String(m.Stream),
			attrNATSStreamSeq.Int64(int64(m.StreamSeq)),
			attrNATSDelivered.Int64(int64(m.NumDelivered)),
		))
	defer span.End()

	// Trace ids come from ctx through telemetry.LogHandler.
	log := w.opts.Logger.With(
		slog.String("subject", m.Subject),
		slog.String("msg_id", m.MsgID),
		slog.Uint64("delivered", m.NumDelivered),
	)
	if mdErr != nil {
		w.keep.release(jm)
		// Without metadata the reply subject is unusable as well, so there is nothing to ack.
		spanError(span, fmt.Errorf("events: message metadata: %w", mdErr))
		log.ErrorContext(ctx, "events: message without JetStream metadata", slog.Any("error", mdErr))
		return
	}

	start := time.Now()
	ctx = context.WithValue(ctx, recordHeldKey{}, func(ctx context.Context) { w.keep.recordNow(ctx, jm) })
	err := w.call(ctx, m, log)
	w.keep.release(jm)
	w.settle(ctx, jm, m, err, span, log)
	w.bus.metrics.handled(ctx, m, err, time.Since(start))
}

// call runs the handler, turning a panic into a retryable error so that one bad message cannot
// take the process, and every other in-flight message, down with it.
func (w worker) call(ctx context.Context, m *Message, log *slog.Logger) (err error) {
	defer func() {
		if r := recover(); r != nil {
			log.ErrorContext(ctx, "events: handler panicked", slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			err = fmt.Errorf("events: handler panicked: %v", r)
		}
	}()
	return w.h(ctx, m)
}

// ackTimeout bounds the wait for the server's confirmation of an ack.
const ackTimeout = 5 * time.Second

// maxTermReason keeps the reason, which travels in the server's advisory, small.
const maxTermReason = 256

func (w worker) settle(ctx context.Context, jm jetstream.Msg, m *Message, err error, span trace.Span, log *slog.Logger) {
	if err == nil {
		span.SetAttributes(attrNATSOutcome.String("ack"))
		// Wait for the server to confirm the ack: a plain ack is fire and
		// forget, and one sent just before a shutdown closes the connection
		// can be lost (the work would then run again).
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
		defer cancel()
		if ackErr := jm.DoubleAck(actx); ackErr != nil {
			spanError(span, fmt.Errorf("events: ack: %w", ackErr))
			log.WarnContext(ctx, "events: ack failed; the message will be redelivered", slog.Any("error", ackErr))
		}
		return
	}
	out := outcomeOf(err)
	if out.handoff && ctx.Err() == nil {
		span.SetAttributes(attrNATSOutcome.String("nak"), attrNATSRetryDelay.String(out.delay.String()))
		log.DebugContext(ctx, "events: handed back to another consumer", slog.Any("reason", err), slog.Duration("retry_in", out.delay))
		if nakErr := jm.NakWithDelay(out.delay); nakErr != nil {
			log.WarnContext(ctx, "events: nak failed; the message will be redelivered after AckWait", slog.Any("error", nakErr))
		}
		return
	}
	spanError(span, err)
	if out.term {
		span.SetAttributes(attrNATSOutcome.String("term"))
		log.ErrorContext(ctx, "events: handler failed permanently; message terminated", slog.Any("error", err))
		reason := err.Error()
		if len(reason) > maxTermReason {
			reason = reason[:maxTermReason]
		}
		if termErr := jm.TermWithReason(reason); termErr != nil {
			log.WarnContext(ctx, "events: term failed; the message will be redelivered", slog.Any("error", termErr))
		}
		return
	}

	delay := out.delay
	switch {
	case ctx.Err() != nil:
		// Shutting down: let another instance have it straight away.
		delay = 0
	case !out.hasDelay:
		delay = retryDelay(w.opts.NakBase, w.opts.NakMax, m.NumDelivered)
	}
	span.SetAttributes(attrNATSOutcome.String("nak"), attrNATSRetryDelay.String(delay.String()))
	if w.maxDeliver > 0 && m.NumDelivered >= uint64(w.maxDeliver) {
		log.ErrorContext(ctx, "events: handler failed on the last allowed delivery; the server will not redeliver",
			slog.Any("error", err), slog.Int("max_deliver", w.maxDeliver))
	} else {
		log.WarnContext(ctx, "events: handler failed; message will be redelivered",
			slog.Any("error", err), slog.Duration("retry_in", delay))
	}
	if nakErr := jm.NakWithDelay(delay); nakErr != nil {
		log.WarnContext(ctx, "events: nak failed; the message will be redelivered after AckWait", slog.Any("error", nakErr))
	}
}
