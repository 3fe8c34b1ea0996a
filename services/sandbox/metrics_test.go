package sandbox_test

import (
	"context"
	"os"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/telemetry"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

// TestRunMetrics runs real programs in a real sandbox — one that succeeds,
// one that exits 3, one that outlives its wall time — and finds each run
// counted and timed under its status and language.
func TestRunMetrics(t *testing.T) {
	// The state dir's parents must be searchable by the sandbox's users.
	dir, err := os.MkdirTemp("", "tds-sandbox-metrics-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	exec, _, closeFn, err := sandbox.Open(context.Background(),
		sandbox.Options{Slots: 1, MaxQueue: 4, StateDir: dir, HostIDBase: 620000},
		app.Env{Telemetry: telemetry.Providers{Meter: mp}})
	if err != nil {
		t.Fatalf("sandbox unavailable: %v", err)
	}
	defer closeFn()
	ctx := context.Background()
	py := func(code string, wall *durationpb.Duration) *sandboxv1.ExecuteRequest {
		return &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: code, Limits: &sandboxv1.Limits{WallTime: wall}}
	}
	for _, c := range []struct {
		req  *sandboxv1.ExecuteRequest
		want sandboxv1.Status
	}{
		{py("print(42)", nil), sandboxv1.Status_STATUS_OK},
		{py("raise SystemExit(3)", nil), sandboxv1.Status_STATUS_NONZERO_EXIT},
		{py("while True: pass", durationpb.New(300*time.Millisecond)), sandboxv1.Status_STATUS_WALL_TIMEOUT},
	} {
		resp, err := exec.Execute(ctx, c.req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.GetStatus() != c.want {
			t.Fatalf("%q: status %v, want %v (%s)", c.req.GetCode(), resp.GetStatus(), c.want, resp.GetSandboxError())
		}
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	runs, timed := map[string]int64{}, map[string]uint64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					runs[m.Name+" "+p.Attributes.Encoded(attribute.DefaultEncoder())] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					timed[m.Name+" "+p.Attributes.Encoded(attribute.DefaultEncoder())] += p.Count
				}
			}
		}
	}
	for _, st := range []string{"ok", "nonzero_exit", "wall_timeout"} {
		attrs := "tds.sandbox.language=python,tds.sandbox.status=" + st
		if runs["tds.sandbox.runs "+attrs] != 1 || timed["tds.sandbox.run.duration "+attrs] != 1 {
			t.Errorf("%s: runs %d, timed %d, want 1 and 1 (all: %v %v)", st, runs["tds.sandbox.runs "+attrs], timed["tds.sandbox.run.duration "+attrs], runs, timed)
		}
	}
	if len(runs) != 3 {
		t.Errorf("want 3 run series, got %v", runs)
	}
}
