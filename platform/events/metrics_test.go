package events

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// collected is one collection's int64 points and histogram counts, keyed by
// "name attr=value,...".
type collected map[string]int64

func collect(t *testing.T, r *sdkmetric.ManualReader) collected {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require_NoError(t, r.Collect(context.Background(), &rm))
	out := collected{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					out[m.Name+" "+p.Attributes.Encoded(attribute.DefaultEncoder())] += p.Value
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					out[m.Name+" "+p.Attributes.Encoded(attribute.DefaultEncoder())] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out[m.Name+" "+p.Attributes.Encoded(attribute.DefaultEncoder())] += int64(p.Count)
				}
			}
		}
	}
	return out
}

// TestConsumeMetrics consumes real messages — one retried, one terminated,
// the rest acked — and finds them in the bus's metrics, with the queue
// depth while the handler holds the first message and after it drained.
func TestConsumeMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	b := newBus(t, WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	ensureStream(t, b, "TASKS", "tasks.>")
	var last uint64
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		ack, err := b.Publish(t.Context(), "tasks."+id, id, jobEvent(id))
		require_NoError(t, err)
		last = ack.Sequence
	}
	release := make(chan struct{})
	opts := fastRetry
	opts.DepthEvery = 10 * time.Millisecond
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		switch {
		case m.MsgID == "a" && m.NumDelivered == 1:
			<-release
			return Retry(errors.New("transient"))
		case m.MsgID == "b":
			return Permanent(errors.New("bad payload"))
		}
		return nil
	}, opts)

	base := []attribute.KeyValue{attribute.String("messaging.consumer.group.name", "workers"),
		attribute.String("messaging.destination.name", "TASKS"), attribute.String("messaging.system", "nats")}
	key := func(name string, more ...attribute.KeyValue) string {
		set := attribute.NewSet(append(append([]attribute.KeyValue{}, base...), more...)...)
		return name + " " + set.Encoded(attribute.DefaultEncoder())
	}
	depth := func(c collected) (pending, ackPending int64, ok bool) {
		p, ok1 := c[key("tds.events.queue.depth", attribute.String("tds.events.state", "pending"))]
		a, ok2 := c[key("tds.events.queue.depth", attribute.String("tds.events.state", "ack_pending"))]
		return p, a, ok1 && ok2
	}
	// Nothing is settled while the handler holds "a": all five are queued.
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, func() error {
		p, a, ok := depth(collect(t, reader))
		if !ok || p+a != 5 || a < 1 {
			return fmt.Errorf("queue depth pending %d, ack pending %d (reported %v), want 5 in all with a delivered one", p, a, ok)
		}
		return nil
	})
	close(release)
	requireSettled(t, b, "TASKS", "workers", last)
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, func() error {
		if p, a, ok := depth(collect(t, reader)); !ok || p != 0 || a != 0 {
			return fmt.Errorf("queue depth pending %d, ack pending %d, want 0 and 0", p, a)
		}
		return nil
	})

	got := collect(t, reader)
	want := map[string]int64{key("tds.events.redeliveries"): 1}
	for outcome, n := range map[string]int64{"ack": 4, "nak": 1, "term": 1} {
		o := attribute.String("messaging.nats.outcome", outcome)
		want[key("messaging.client.consumed.messages", o)] = n
		want[key("messaging.process.duration", o)] = n
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d; all: %v", k, got[k], v, got)
		}
	}
}
