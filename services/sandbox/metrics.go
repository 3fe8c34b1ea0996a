package sandbox

import (
	"context"
	"strings"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/executor"
)

// Metric attribute keys of sandbox runs.
const (
	attrStatus   = attribute.Key("tds.sandbox.status")
	attrLanguage = attribute.Key("tds.sandbox.language")
)

// instrument counts exec's runs and times them, by status and language
// (lower-case enum names without their prefix: "ok", "wall_timeout", "python").
func instrument(exec *executor.Executor, mp metric.MeterProvider) {
	m := mp.Meter("github.com/tdscaling/tdscaling/services/sandbox")
	// Instrument creation fails only on invalid names or options; the SDK
	// then still returns usable instruments, so the errors are dropped.
	runs, _ := m.Int64Counter("tds.sandbox.runs", metric.WithUnit("{run}"),
		metric.WithDescription("Sandbox runs by tds.sandbox.status (ok, nonzero_exit, signaled, wall_timeout, cpu_timeout, out_of_memory, output_truncated, sandbox_error) and tds.sandbox.language"))
	dur, _ := m.Float64Histogram("tds.sandbox.run.duration", metric.WithUnit("s"),
		metric.WithDescription("Time a run took in its sandbox, setup included, by status and language"),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120))
	exec.OnRun(func(lang sandboxv1.Language, st sandboxv1.Status, took time.Duration) {
		attrs := metric.WithAttributes(
			attrStatus.String(strings.ToLower(strings.TrimPrefix(st.String(), "STATUS_"))),
			attrLanguage.String(strings.ToLower(strings.TrimPrefix(lang.String(), "LANGUAGE_"))),
		)
		runs.Add(context.Background(), 1, attrs)
		dur.Record(context.Background(), took.Seconds(), attrs)
	})
}
