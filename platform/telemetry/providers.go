package telemetry

import (
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Providers are where a component sends spans and metrics, and how it
// carries trace context across hops. A nil field falls back to the
// OpenTelemetry global.
type Providers struct {
	Tracer     trace.TracerProvider
	Meter      metric.MeterProvider
	Propagator propagation.TextMapPropagator
}

// GRPC returns the otelgrpc options for a stats handler using p.
func (p Providers) GRPC() []otelgrpc.Option {
	var opts []otelgrpc.Option
	if p.Tracer != nil {
		opts = append(opts, otelgrpc.WithTracerProvider(p.Tracer))
	}
	if p.Meter != nil {
		opts = append(opts, otelgrpc.WithMeterProvider(p.Meter))
	}
	if p.Propagator != nil {
		opts = append(opts, otelgrpc.WithPropagators(p.Propagator))
	}
	return opts
}
