// Package events carries protobuf events between services over NATS JetStream: de-duplicated
// publishes and explicitly acked pull consumers with retry, termination and W3C trace propagation.
package events

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/proto"
)

// HeaderType names the header holding the payload's full protobuf name, so a consumer can
// tell what it received before decoding.
const HeaderType = "Tds-Type"

const instrumentationName = "github.com/tdscaling/tdscaling/platform/events"

// Attributes without a semantic-convention constant of their own.
var (
	attrSystemNATS     = semconv.MessagingSystemKey.String("nats")
	attrNATSStream     = attribute.Key("messaging.nats.stream")
	attrNATSStreamSeq  = attribute.Key("messaging.nats.stream_sequence")
	attrNATSDelivered  = attribute.Key("messaging.nats.delivered")
	attrNATSDuplicate  = attribute.Key("messaging.nats.duplicate")
	attrNATSOutcome    = attribute.Key("messaging.nats.outcome")
	attrNATSRetryDelay = attribute.Key("messaging.nats.retry_delay")
	attrPayloadType    = attribute.Key("messaging.nats.payload_type")
)

// Bus publishes and consumes protobuf payloads on JetStream with trace propagation.
type Bus struct {
	js      jetstream.JetStream
	tracer  trace.Tracer
	prop    propagation.TextMapPropagator
	metrics *busMetrics
}

// Option configures a Bus.
type Option func(*busOptions)

type busOptions struct {
	tp   trace.TracerProvider
	prop propagation.TextMapPropagator
	mp   metric.MeterProvider
}

// WithTracerProvider sets where spans go; the default is otel.GetTracerProvider().
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *busOptions) { o.tp = tp }
}

// WithPropagator sets how trace context is written to and read from headers; the default is
// otel.GetTextMapPropagator(), or propagation.TraceContext{} when no global one is installed.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(o *busOptions) { o.prop = p }
}

// New returns a Bus on the connection nc. The defaults for tracing are read when New is called.
func New(nc *nats.Conn, opts ...Option) (*Bus, error) {
	if nc == nil {
		return nil, errors.New("events: nil NATS connection")
	}
	var o busOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.tp == nil {
		o.tp = otel.GetTracerProvider()
	}
	if o.prop == nil {
		o.prop = otel.GetTextMapPropagator()
		// The global default is an empty composite that writes nothing; traces must still
		// cross the bus when a service forgot to install a propagator.
		if len(o.prop.Fields()) == 0 {
			o.prop = propagation.TraceContext{}
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("events: jetstream: %w", err)
	}
	return &Bus{
		js:      js,
		tracer:  o.tp.Tracer(instrumentationName),
		prop:    o.prop,
		metrics: newBusMetrics(o.mp),
	}, nil
}

// JetStream returns the underlying JetStream context, for KV and administration.
func (b *Bus) JetStream() jetstream.JetStream { return b.js }

// EnsureStream creates the stream cfg or updates it to match. A stream that
// already matches is left alone: services starting together all ensure the
// same streams, and an update racing a consumer's creation is avoidable work
// for the server.
//
// The replica count of an existing stream is never lowered: one process
// started without the cluster's --nats.replicas must not strip the others'
// streams of their copies.
func (b *Bus) EnsureStream(ctx context.Context, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	var s jetstream.Stream
	err := whileUnavailable(ctx, ensureWithin, func(ctx context.Context) error {
		if have, err := b.js.Stream(ctx, cfg.Name); err == nil {
			cfg.Replicas = max(cfg.Replicas, have.CachedInfo().Config.Replicas, 1)
			if sameStream(have.CachedInfo().Config, cfg) {
				s = have
				return nil
			}
		}
		var err error
		s, err = b.js.CreateOrUpdateStream(ctx, cfg)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("events: ensure stream %q: %w", cfg.Name, err)
	}
	return s, nil
}

// Publish stores payload on subject. msgID is required: the server drops a second publish with
// the same id inside the stream's duplicate window, which makes retried publishes safe; the
// returned PubAck reports such a drop as Duplicate. The current trace context travels in the
// message headers.
func (b *Bus) Publish(ctx context.Context, subject, msgID string, payload proto.Message) (*jetstream.PubAck, error) {
	if subject == "" {
		return nil, errors.New("events: publish: empty subject")
	}
	if msgID == "" {
		return nil, fmt.Errorf("events: publish to %q: empty message id (it is what de-duplicates retries)", subject)
	}
	if payload == nil {
		return nil, fmt.Errorf("events: publish to %q: nil payload", subject)
	}
	typeName := string(payload.ProtoReflect().Descriptor().FullName())

	ctx, span := b.tracer.Start(ctx, "publish "+subject,
		trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(
			attrSystemNATS,
			semconv.MessagingOperationName("publish"),
			semconv.MessagingOperationTypeSend,
			semconv.MessagingDestinationName(subject),
			semconv.MessagingMessageID(msgID),
			attrPayloadType.String(typeName),
		))
	defer span.End()

	data, err := proto.Marshal(payload)
	if err != nil {
		return nil, spanError(span, fmt.Errorf("events: publish to %q: marshal %s: %w", subject, typeName, err))
	}
	span.SetAttributes(semconv.MessagingMessageBodySize(len(data)))

	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	HeaderCarrier(msg.Header).Set(HeaderType, typeName)
	b.prop.Inject(ctx, HeaderCarrier(msg.Header))

	// While the stream elects a new leader (its server died) the publish is
	// tried again under the same id, rather than failing the work it ends.
	var ack *jetstream.PubAck
	err = whileUnavailable(ctx, publishWithin, func(ctx context.Context) (err error) {
		ack, err = b.js.PublishMsg(ctx, msg, jetstream.WithMsgID(msgID))
		return err
	})
	if err != nil {
		return nil, spanError(span, fmt.Errorf("events: publish %s %q to %q: %w", typeName, msgID, subject, err))
	}
	span.SetAttributes(
		attrNATSStream.String(ack.Stream),
		attrNATSStreamSeq.Int64(int64(ack.Sequence)),
		attrNATSDuplicate.Bool(ack.Duplicate),
	)
	return ack, nil
}

func spanError(span trace.Span, err error) error {
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
	return err
}

// HeaderCarrier adapts nats.Header to propagation.TextMapCarrier. NATS header lookup is
// case-sensitive, so keys are stored and read exactly as given (lower-case "traceparent");
// canonicalising them, as net/http does, would hide the trace from other NATS clients.
type HeaderCarrier nats.Header

var _ propagation.TextMapCarrier = HeaderCarrier(nil)

// Get returns the first value stored under exactly key.
func (c HeaderCarrier) Get(key string) string {
	if v := c[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Set replaces the values under exactly key with value.
func (c HeaderCarrier) Set(key, value string) {
	c[key] = []string{value}
}

// Keys lists the header keys as stored.
func (c HeaderCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// sameStream reports whether the server's configuration have already holds
// what want asks for, comparing the fields the project sets (the server fills
// in defaults for the others).
func sameStream(have, want jetstream.StreamConfig) bool {
	return slices.Equal(have.Subjects, want.Subjects) &&
		have.Description == want.Description &&
		have.Retention == want.Retention &&
		have.Storage == want.Storage &&
		max(have.Replicas, 1) == max(want.Replicas, 1) &&
		(want.Duplicates == 0 || have.Duplicates == want.Duplicates) &&
		have.MaxAge == want.MaxAge &&
		(want.MaxMsgs == 0 || have.MaxMsgs == want.MaxMsgs) &&
		(want.MaxBytes == 0 || have.MaxBytes == want.MaxBytes)
}
