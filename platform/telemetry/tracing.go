// Package telemetry sets up OpenTelemetry tracing (exported over OTLP only
// when the standard OTEL_EXPORTER_OTLP_* variables ask for it) and
// Prometheus metrics served on /metrics.
package telemetry

import (
	"context"
	"fmt"
	"os"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/tdscaling/tdscaling/platform/version"
)

// Propagator is the W3C trace-context and baggage propagator every hop uses.
func Propagator() propagation.TextMapPropagator {
	return propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
}

// Resource describes one service ("tds-cluster", "tds-gateway", ...).
func Resource(service string) *resource.Resource {
	return resource.NewSchemaless(
		attribute.String("service.name", service),
		attribute.String("service.namespace", "tdscaling"),
		attribute.String("service.version", version.String()),
	)
}

// ExportConfigured reports whether the environment asks for OTLP trace export.
// OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn it off.
func ExportConfigured() bool {
	if strings.EqualFold(os.Getenv("OTEL_SDK_DISABLED"), "true") || os.Getenv("OTEL_TRACES_EXPORTER") == "none" {
		return false
	}
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// NewTracerProvider returns a provider for one service. Without OTLP
// configuration spans still get ids (for log lines) but go nowhere. The
// caller shuts it down to flush.
func NewTracerProvider(ctx context.Context, service string, opts ...sdktrace.TracerProviderOption) (*sdktrace.TracerProvider, error) {
	opts = append([]sdktrace.TracerProviderOption{sdktrace.WithResource(Resource(service))}, opts...)
	if ExportConfigured() {
		exp, err := newExporter(ctx)
		if err != nil {
			return nil, err
		}
		opts = append(opts, sdktrace.WithBatcher(exp))
	}
	return sdktrace.NewTracerProvider(opts...), nil
}

// newExporter picks the OTLP transport from OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL
// (default http/protobuf, as the specification says); both exporters read the
// endpoint, headers, timeout and TLS settings from the environment themselves.
func newExporter(ctx context.Context) (sdktrace.SpanExporter, error) {
	proto := os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if proto == "" {
		proto = os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	switch proto {
	case "", "http/protobuf":
		exp, err := otlptracehttp.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("otlp http trace exporter: %w", err)
		}
		return exp, nil
	case "grpc":
		exp, err := otlptracegrpc.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("otlp grpc trace exporter: %w", err)
		}
		return exp, nil
	default:
		return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: want grpc or http/protobuf", proto)
	}
}
