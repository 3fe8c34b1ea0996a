package engine

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// attrRecordKind says which dataset part a record went to.
const attrRecordKind = attribute.Key("tds.record.kind")

// sinkMetrics count what the dataset sink wrote.
type sinkMetrics struct{ written metric.Int64Counter }

func newSinkMetrics(mp metric.MeterProvider) sinkMetrics {
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	// Instrument creation fails only on invalid names or options; the SDK
	// then still returns a usable instrument, so the error is dropped.
	c, _ := mp.Meter("github.com/tdscaling/tdscaling/gateway").Int64Counter("tds.gateway.records.written",
		metric.WithUnit("{record}"),
		metric.WithDescription("Rows the dataset sink appended, by tds.record.kind (accepted, rejected); written durably; rows a part already held are not written again, so not counted"))
	return sinkMetrics{written: c}
}

// counter returns what counts the rows of kind a dataset part writes.
func (m sinkMetrics) counter(kind string) func(rows int) {
	attrs := metric.WithAttributes(attrRecordKind.String(kind))
	return func(rows int) { m.written.Add(context.Background(), int64(rows), attrs) }
}
