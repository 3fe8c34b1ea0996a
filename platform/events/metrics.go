package events

import (
	"context"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// Metric attribute keys beyond the span attributes of bus.go.
var (
	attrDestination   = attribute.Key("messaging.destination.name")
	attrConsumerGroup = attribute.Key("messaging.consumer.group.name")
	attrQueueState    = attribute.Key("tds.events.state")
)

// DefaultDepthEvery is how often a consumer's queue depth is read when
// ConsumeOptions.DepthEvery is zero.
const DefaultDepthEvery = 5 * time.Second

// WithMeterProvider sets where the bus's metrics go: messages consumed by
// outcome, processing time, redeliveries and each consumer's queue depth.
// Without it the bus records no metrics.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *busOptions) { o.mp = mp }
}

// busMetrics are a bus's instruments and the consumers whose depth it reports.
type busMetrics struct {
	consumed    metric.Int64Counter
	duration    metric.Float64Histogram
	redelivered metric.Int64Counter

	mu       sync.Mutex
	watching map[*depth]struct{}
}

// depth is the last queue depth read for one consumer.
type depth struct {
	attrs      []attribute.KeyValue
	pending    int64
	ackPending int64
	read       bool
}

func newBusMetrics(mp metric.MeterProvider) *busMetrics {
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	m := mp.Meter(instrumentationName)
	bm := &busMetrics{watching: map[*depth]struct{}{}}
	// Instrument creation fails only on invalid names or options; the SDK
	// then still returns usable instruments, so the errors are dropped.
	bm.consumed, _ = m.Int64Counter("messaging.client.consumed.messages", metric.WithUnit("{message}"),
		metric.WithDescription("Messages handed to a handler, by stream (messaging.destination.name), consumer and outcome (ack, nak, term)"))
	bm.duration, _ = m.Float64Histogram("messaging.process.duration", metric.WithUnit("s"),
		metric.WithDescription("Time a handler took over one message, by stream, consumer and outcome"),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60))
	bm.redelivered, _ = m.Int64Counter("tds.events.redeliveries", metric.WithUnit("{message}"),
		metric.WithDescription("Deliveries of a message after its first, by stream and consumer"))
	gauge, _ := m.Int64ObservableGauge("tds.events.queue.depth", metric.WithUnit("{message}"),
		metric.WithDescription("A consumer's messages not yet delivered (tds.events.state=pending) and delivered but not yet acked (ack_pending), as last read from the server"))
	if gauge != nil {
		_, _ = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
			bm.mu.Lock()
			defer bm.mu.Unlock()
			for d := range bm.watching {
				if !d.read {
					continue
				}
				o.ObserveInt64(gauge, d.pending, metric.WithAttributes(append(d.attrs, attrQueueState.String("pending"))...))
				o.ObserveInt64(gauge, d.ackPending, metric.WithAttributes(append(d.attrs, attrQueueState.String("ack_pending"))...))
			}
			return nil
		}, gauge)
	}
	return bm
}

func consumerAttrs(stream, consumer string) []attribute.KeyValue {
	return []attribute.KeyValue{attrSystemNATS, attrDestination.String(stream), attrConsumerGroup.String(consumer)}
}

// handled records one message a worker settled.
func (bm *busMetrics) handled(ctx context.Context, m *Message, err error, took time.Duration) {
	attrs := consumerAttrs(m.Stream, m.Consumer)
	// A first delivery adds 0, so the series exists before anything is redelivered.
	var again int64
	if m.NumDelivered > 1 {
		again = 1
	}
	bm.redelivered.Add(ctx, again, metric.WithAttributes(attrs...))
	outcome := "ack"
	if err != nil {
		outcome = "nak"
		if outcomeOf(err).term {
			outcome = "term"
		}
	}
	attrs = append(attrs, attrNATSOutcome.String(outcome))
	bm.consumed.Add(ctx, 1, metric.WithAttributes(attrs...))
	bm.duration.Record(ctx, took.Seconds(), metric.WithAttributes(attrs...))
}

// watch reads cons's queue depth every `every` until ctx is done, off the
// scrape path: a scrape reports the last value read and never waits on the
// server.
func (bm *busMetrics) watch(ctx context.Context, stream string, cons jetstream.Consumer, every time.Duration) {
	if every <= 0 {
		every = DefaultDepthEvery
	}
	d := &depth{attrs: consumerAttrs(stream, cons.CachedInfo().Name)}
	bm.mu.Lock()
	bm.watching[d] = struct{}{}
	bm.mu.Unlock()
	defer func() {
		bm.mu.Lock()
		delete(bm.watching, d)
		bm.mu.Unlock()
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		ictx, cancel := context.WithTimeout(ctx, max(every, time.Second))
		info, err := cons.Info(ictx)
		cancel()
		if err == nil {
			bm.mu.Lock()
			d.pending, d.ackPending, d.read = int64(info.NumPending), int64(info.NumAckPending), true
			bm.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
