package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	"github.com/tdscaling/tdscaling/platform/natsserver"
)

// TestJobKeepsTheTraceOfItsCreation: the traceparent of the call that created
// a job survives updates, so a later re-announcement joins the job's trace.
func TestJobKeepsTheTraceOfItsCreation(t *testing.T) {
	ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := Open(ctx, js, 1)
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider()
	sctx, span := tp.Tracer("test").Start(ctx, "CreateJob")
	span.End()
	job := &jobv1.Job{Id: NewID(time.Now()), State: jobv1.JobState_JOB_STATE_PENDING}
	if _, err := st.Create(sctx, "owner", job); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(ctx, job.GetId(), func(j *jobv1.Job) bool { j.Reason = "changed"; return true }); err != nil {
		t.Fatal(err)
	}
	ent, err := st.Get(ctx, job.GetId())
	if err != nil {
		t.Fatal(err)
	}
	got := trace.SpanContextFromContext(ent.Context(ctx))
	if got.TraceID() != span.SpanContext().TraceID() || got.SpanID() != span.SpanContext().SpanID() {
		t.Fatalf("stored job continues span %s/%s, want %s/%s (traceparent %q)", got.TraceID(), got.SpanID(),
			span.SpanContext().TraceID(), span.SpanContext().SpanID(), ent.TraceParent)
	}

	// A job created outside any trace has none to continue.
	other := &jobv1.Job{Id: NewID(time.Now())}
	if _, err := st.Create(ctx, "owner", other); err != nil {
		t.Fatal(err)
	}
	ent, err = st.Get(ctx, other.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if ent.TraceParent != "" || trace.SpanContextFromContext(ent.Context(ctx)).IsValid() {
		t.Fatalf("untraced job carries trace %q", ent.TraceParent)
	}
}
