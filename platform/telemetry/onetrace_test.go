package telemetry_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// jobs publishes JobCreated on every CreateJob.
type jobs struct {
	jobv1.UnimplementedJobServiceServer
	bus *events.Bus
}

func (j *jobs) CreateJob(ctx context.Context, r *jobv1.CreateJobRequest) (*jobv1.CreateJobResponse, error) {
	job := &jobv1.Job{Id: "job-1", Spec: r.GetSpec(), State: jobv1.JobState_JOB_STATE_PENDING}
	if _, err := j.bus.Publish(ctx, "tds.job.job-1.created", "job-1/created", &eventsv1.JobCreated{Job: job}); err != nil {
		return nil, err
	}
	return &jobv1.CreateJobResponse{Job: job}, nil
}

type sandbox struct {
	sandboxv1.UnimplementedSandboxServiceServer
}

func (sandbox) Execute(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
	return &sandboxv1.ExecuteResponse{Status: sandboxv1.Status_STATUS_OK}, nil
}

// serve runs a server on a loopback port until the test ends.
func serve(t *testing.T, tp trace.TracerProvider, register func(*grpcserver.Server)) string {
	t.Helper()
	srv := grpcserver.New(grpcserver.Config{Telemetry: telemetry.Providers{Tracer: tp, Propagator: propagation.TraceContext{}}})
	register(srv)
	lis, err := grpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return lis.Addr().String()
}

// TestOneTraceAcrossGRPCAndNATS follows a call from a client through a gRPC
// server, a JetStream publish, a consumer and a second gRPC call: every span
// must share one trace and hang from the right parent.
func TestOneTraceAcrossGRPCAndNATS(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prop := propagation.TraceContext{}

	ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	bus, err := events.New(nc, events.WithTracerProvider(tp), events.WithPropagator(prop))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := bus.EnsureStream(ctx, jetstream.StreamConfig{Name: "JOBS", Subjects: []string{"tds.job.>"}}); err != nil {
		t.Fatal(err)
	}

	sandboxAddr := serve(t, tp, func(s *grpcserver.Server) { sandboxv1.RegisterSandboxServiceServer(s.GRPC(), sandbox{}) })
	gatewayAddr := serve(t, tp, func(s *grpcserver.Server) { jobv1.RegisterJobServiceServer(s.GRPC(), &jobs{bus: bus}) })
	clientCfg := grpcclient.Config{Telemetry: telemetry.Providers{Tracer: tp, Propagator: prop}}
	sandboxConn, err := grpcclient.Dial(sandboxAddr, clientCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sandboxConn.Close()
	gatewayConn, err := grpcclient.Dial(gatewayAddr, clientCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer gatewayConn.Close()

	// The consumer reacts to JobCreated with a second gRPC call.
	handled := make(chan error, 1)
	consumeCtx, stopConsume := context.WithCancel(ctx)
	consumeDone := make(chan error, 1)
	go func() {
		consumeDone <- bus.Consume(consumeCtx, "JOBS", jetstream.ConsumerConfig{Durable: "evolve"},
			func(ctx context.Context, m *events.Message) error {
				var created eventsv1.JobCreated
				if err := m.Decode(&created); err != nil {
					return events.Permanent(err)
				}
				_, err := sandboxv1.NewSandboxServiceClient(sandboxConn).Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)", Id: created.GetJob().GetId()})
				handled <- err
				return err
			}, events.ConsumeOptions{})
	}()

	rootCtx, root := tp.Tracer("test").Start(ctx, "client")
	if _, err := jobv1.NewJobServiceClient(gatewayConn).CreateJob(rootCtx, &jobv1.CreateJobRequest{}); err != nil {
		t.Fatal(err)
	}
	root.End()
	select {
	case err := <-handled:
		if err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Fatal("consumer never handled JobCreated")
	}
	stopConsume()
	if err := <-consumeDone; err != nil {
		t.Fatal(err)
	}
	if err := tp.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}

	// Each span, found by name and kind, and the span it must hang from.
	chain := []struct {
		name string
		kind trace.SpanKind
	}{
		{"client", trace.SpanKindInternal},
		{"tdscaling.job.v1.JobService/CreateJob", trace.SpanKindClient},
		{"tdscaling.job.v1.JobService/CreateJob", trace.SpanKindServer},
		{"publish tds.job.job-1.created", trace.SpanKindProducer},
		{"process tds.job.job-1.created", trace.SpanKindConsumer},
		{"tdscaling.sandbox.v1.SandboxService/Execute", trace.SpanKindClient},
		{"tdscaling.sandbox.v1.SandboxService/Execute", trace.SpanKindServer},
	}
	spans := rec.Ended()
	find := func(name string, kind trace.SpanKind) sdktrace.ReadOnlySpan {
		for _, s := range spans {
			if s.Name() == name && s.SpanKind() == kind {
				return s
			}
		}
		var have []string
		for _, s := range spans {
			have = append(have, fmt.Sprintf("%s(%s)", s.Name(), s.SpanKind()))
		}
		t.Fatalf("no %s span %q among %s", kind, name, strings.Join(have, ", "))
		return nil
	}
	traceID := root.SpanContext().TraceID()
	var parent sdktrace.ReadOnlySpan
	for i, c := range chain {
		s := find(c.name, c.kind)
		if s.SpanContext().TraceID() != traceID {
			t.Errorf("%s (%s) is in trace %s, want %s", c.name, c.kind, s.SpanContext().TraceID(), traceID)
		}
		if i > 0 && s.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("%s (%s) has parent %s, want %s (%s)", c.name, c.kind, s.Parent().SpanID(), parent.Name(), parent.SpanKind())
		}
		parent = s
	}
	for _, s := range spans {
		if s.SpanContext().TraceID() != traceID {
			t.Errorf("span %s (%s) escaped into trace %s", s.Name(), s.SpanKind(), s.SpanContext().TraceID())
		}
	}
}

func TestNewTracerProviderExportsOnlyWhenConfigured(t *testing.T) {
	for _, k := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER"} {
		t.Setenv(k, "")
	}
	if telemetry.ExportConfigured() {
		t.Fatal("export configured with no OTEL_EXPORTER_OTLP_* variable")
	}
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
	if !telemetry.ExportConfigured() {
		t.Fatal("OTEL_EXPORTER_OTLP_ENDPOINT set but export not configured")
	}
	t.Setenv("OTEL_TRACES_EXPORTER", "none")
	if telemetry.ExportConfigured() {
		t.Fatal("OTEL_TRACES_EXPORTER=none still exports")
	}
	t.Setenv("OTEL_TRACES_EXPORTER", "")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")
	if _, err := telemetry.NewTracerProvider(context.Background(), "tds-test"); err == nil || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_PROTOCOL") {
		t.Fatalf("unknown protocol: err = %v, want one naming OTEL_EXPORTER_OTLP_PROTOCOL", err)
	}
}
