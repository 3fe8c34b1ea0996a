package gateway_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// checkSinkMetrics checks the gateway's metrics after its sink held written
// distinct accepted records: each counted once, however often redelivered,
// and the sink's consumer seen consuming and reporting its queue depth.
func checkSinkMetrics(t *testing.T, reader *sdkmetric.ManualReader, written int64) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	sink := func(set attribute.Set) bool {
		v, _ := set.Value("messaging.consumer.group.name")
		return v.AsString() == "gateway-sink"
	}
	var got, acked int64
	var depth bool
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					switch m.Name {
					case "tds.gateway.records.written":
						if v, _ := p.Attributes.Value("tds.record.kind"); v.AsString() == "accepted" {
							got += p.Value
						}
					case "messaging.client.consumed.messages":
						if v, _ := p.Attributes.Value("messaging.nats.outcome"); sink(p.Attributes) && v.AsString() == "ack" {
							acked += p.Value
						}
					}
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					depth = depth || (m.Name == "tds.events.queue.depth" && sink(p.Attributes))
				}
			}
		}
	}
	if got != written {
		t.Errorf("tds.gateway.records.written{accepted} = %d, want %d", got, written)
	}
	if acked < written {
		t.Errorf("the sink acked %d messages, want at least %d", acked, written)
	}
	if !depth {
		t.Error("no tds.events.queue.depth for the sink's consumer")
	}
}
