package telemetry_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/tdscaling/tdscaling/platform/telemetry"
)

func TestLogHandlerAddsTraceIDs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(telemetry.LogHandler(slog.NewTextHandler(&buf, nil))).With("service", "cluster")
	ctx, span := sdktrace.NewTracerProvider().Tracer("t").Start(context.Background(), "op")
	defer span.End()

	log.InfoContext(ctx, "with span")
	log.WithGroup("g").InfoContext(ctx, "in group", "k", 1)
	log.Info("without span")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := "trace_id=" + span.SpanContext().TraceID().String()
	if !strings.Contains(lines[0], want) || !strings.Contains(lines[0], "span_id="+span.SpanContext().SpanID().String()) {
		t.Errorf("line %q lacks %s and the span id", lines[0], want)
	}
	if !strings.Contains(lines[1], want) || !strings.Contains(lines[1], "service=cluster") {
		t.Errorf("grouped line %q lacks %s or the logger's attributes", lines[1], want)
	}
	if strings.Contains(lines[2], "trace_id") {
		t.Errorf("line without a span got a trace id: %q", lines[2])
	}
}
