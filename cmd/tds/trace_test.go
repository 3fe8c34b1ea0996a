package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"

	"github.com/tdscaling/tdscaling/platform/config"
)

// TestOneJobIsOneTrace runs a small job through the whole suite, every
// service with its own tracer provider feeding one in-memory recorder, and
// checks that the job is one trace (docs/design.md#the-flow-of-a-job):
// CreateJob's trace holds spans of all six components, and every span about
// the job — each publish and process of a message whose subject names the job, each gRPC call between
// services — is in that trace or, where a fan-in gives a span several
// parents, links to it. The sink's batch writes ("write accepted.jsonl": one
// span per fsync, linked to the messages whose rows it carries) account for
// every record, the dataset's finalisation is in the trace, and consumer
// spans carry the messaging.* attributes of the semantic conventions.
//
// A component is recognised by the service.name of the provider that
// recorded the span (tds-<name>, as in Jaeger) and, for the gRPC services,
// by a server span whose rpc.method names its service; evolve, agent and
// gateway must have consumer spans for the job's messages, since they are
// the event-driven part of the flow.
func TestOneJobIsOneTrace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a job through the whole suite")
	}
	rec := tracetest.NewSpanRecorder()
	dir := t.TempDir()
	fs := flag.NewFlagSet("trace test", flag.ContinueOnError)
	svcs := allServices()
	for _, s := range svcs {
		registerPrefixed(fs, s)
	}
	loaded, err := config.Load(fs, []string{
		"--gateway.http.listen=",
		"--gateway.data_dir=" + filepath.Join(dir, "state"),
		"--sandbox.host_id_base=640000",
		"--gateway.corpus.roots=" + filepath.Dir(mustAbs(t, exampleCorpus)),
		"--gateway.export.roots=" + dir,
	}, config.Options{EnvPrefix: "TDS_TRACE_TEST_UNUSED"})
	if err != nil {
		t.Fatal(err)
	}
	uf := upFlags{dataDir: filepath.Join(dir, "state"), host: "127.0.0.1", tracing: []sdktrace.TracerProviderOption{sdktrace.WithSpanProcessor(rec)}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan Endpoints, 1)
	done := make(chan error, 1)
	go func() {
		done <- up(ctx, uf, svcs, loaded, slog.New(slog.DiscardHandler), io.Discard, func(e Endpoints) { ready <- e })
	}()
	var ep Endpoints
	select {
	case ep = <-ready:
	case err := <-done:
		t.Fatalf("suite did not start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("suite not ready after 60s")
	}

	srv := serverFlags{addr: ep["gateway"]}
	c, conn, err := srv.dial()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	jctx, jcancel := context.WithTimeout(ctx, 5*time.Minute)
	defer jcancel()
	codeShare := 0.5 // a code step, hence a sandbox call, in about half the trajectories
	resp, err := c.CreateJob(jctx, &jobv1.CreateJobRequest{Spec: &jobv1.JobSpec{
		Corpus:        &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: mustAbs(t, exampleCorpus)}},
		TargetRecords: 24,
		Seed:          7,
		OutputDir:     filepath.Join(dir, "ds"),
		CodeToolShare: &codeShare,
	}})
	if err != nil {
		t.Fatal(err)
	}
	jobID := resp.GetJob().GetId()
	last, err := watchJob(jctx, c, jobID, func(*jobv1.WatchJobResponse) {})
	if err != nil {
		t.Fatal(err)
	}
	if last.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
		t.Fatalf("job %s ended %v", jobID, last.GetState())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("suite stopped with: %v", err)
	}

	checkOneTrace(t, rec.Ended(), jobID, 24)
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func spanAttr(s sdktrace.ReadOnlySpan, key string) string {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.String()
		}
	}
	return ""
}

// rpcService is the gRPC service of an RPC span: rpc.method is
// "<package>.<Service>/<Method>" in the current semantic conventions.
func rpcService(s sdktrace.ReadOnlySpan) string {
	svc, _, _ := strings.Cut(spanAttr(s, "rpc.method"), "/")
	return svc
}

func serviceOf(s sdktrace.ReadOnlySpan) string {
	v, _ := s.Resource().Set().Value(attribute.Key("service.name"))
	return strings.TrimPrefix(v.AsString(), "tds-")
}

// createJobRoot is CreateJob's server span: the root of the job's trace.
func createJobRoot(t *testing.T, spans []sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	t.Helper()
	var root sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.SpanKind() == trace.SpanKindServer && spanAttr(s, "rpc.method") == jobv1.JobService_CreateJob_FullMethodName[1:] {
			root = s
		}
	}
	if root == nil {
		t.Fatalf("no CreateJob server span among %d spans: %s", len(spans), describe(spans[:min(len(spans), 20)]))
	}
	return root
}

// inTrace says whether s is in trace tid or links to it.
func inTrace(s sdktrace.ReadOnlySpan, tid trace.TraceID) bool {
	if s.SpanContext().TraceID() == tid {
		return true
	}
	for _, l := range s.Links() {
		if l.SpanContext.TraceID() == tid {
			return true
		}
	}
	return false
}

// aboutJob says whether s is about the job: a message whose subject names
// it, or a call between services, which all serve the job (the test makes
// no others).
func aboutJob(s sdktrace.ReadOnlySpan, jobID string) bool {
	return strings.Contains(spanAttr(s, "messaging.destination.name"), "."+jobID) ||
		(spanAttr(s, "rpc.system.name") == "grpc" && rpcService(s) != jobv1.JobService_ServiceDesc.ServiceName &&
			!strings.HasPrefix(rpcService(s), "grpc."))
}

// checkConsumerSpan: a consumer span carries the messaging.* attributes of
// the semantic conventions and is named for what it processes.
func checkConsumerSpan(t *testing.T, s sdktrace.ReadOnlySpan) {
	t.Helper()
	for _, key := range []string{"messaging.system", "messaging.operation.name", "messaging.operation.type", "messaging.destination.name", "messaging.message.id", "messaging.consumer.group.name"} {
		if spanAttr(s, key) == "" {
			t.Errorf("consumer span %q (%s) has no %s", s.Name(), serviceOf(s), key)
		}
	}
	if want := "process " + spanAttr(s, "messaging.destination.name"); s.Name() != want {
		t.Errorf("consumer span named %q, want %q", s.Name(), want)
	}
}

// jobTrace is what one job's trace holds.
type jobTrace struct {
	stray       []sdktrace.ReadOnlySpan // spans about the job outside its trace
	components  map[string]int          // spans per component
	rpcServices map[string]bool         // gRPC services with a server span
	consumers   map[string]int          // consumer spans per component
	written     int                     // accepted rows the sink's batch writes carry
	linked      int                     // links of those batch writes
	finalized   int                     // dataset finalisations
}

// readJobTrace sorts spans into the trace tid of job jobID, checking each
// consumer span in it on the way.
func readJobTrace(t *testing.T, spans []sdktrace.ReadOnlySpan, tid trace.TraceID, jobID string) jobTrace {
	t.Helper()
	jt := jobTrace{components: map[string]int{}, rpcServices: map[string]bool{}, consumers: map[string]int{}}
	for _, s := range spans {
		if !inTrace(s, tid) {
			if aboutJob(s, jobID) {
				jt.stray = append(jt.stray, s)
			}
			continue
		}
		jt.components[serviceOf(s)]++
		if s.SpanKind() == trace.SpanKindServer {
			jt.rpcServices[rpcService(s)] = true
		}
		switch s.Name() {
		case "write accepted.jsonl":
			n, _ := strconv.Atoi(spanAttr(s, "tds.dataset.rows"))
			jt.written += n
			jt.linked += len(s.Links())
		case "finalize dataset":
			jt.finalized++
		}
		if s.SpanKind() == trace.SpanKindConsumer {
			jt.consumers[serviceOf(s)]++
			checkConsumerSpan(t, s)
		}
	}
	return jt
}

// checkEveryComponent: the job's trace has spans of all six components,
// server spans of every gRPC service and consumer spans in the
// event-driven ones.
func checkEveryComponent(t *testing.T, jt jobTrace) {
	t.Helper()
	for _, name := range []string{"gateway", "cluster", "blueprint", "agent", "evolve", "sandbox"} {
		if jt.components[name] == 0 {
			t.Errorf("the job's trace has no span from %s; spans per component: %v", name, jt.components)
		}
	}
	for _, svc := range []string{
		jobv1.JobService_ServiceDesc.ServiceName, clusterv1.ClusterService_ServiceDesc.ServiceName,
		blueprintv1.BlueprintService_ServiceDesc.ServiceName, sandboxv1.SandboxService_ServiceDesc.ServiceName,
	} {
		if !jt.rpcServices[svc] {
			t.Errorf("the job's trace has no server span of %s (has %v)", svc, slices.Sorted(maps.Keys(jt.rpcServices)))
		}
	}
	for _, name := range []string{"evolve", "agent", "gateway"} {
		if jt.consumers[name] == 0 {
			t.Errorf("the job's trace has no consumer span in %s (consumer spans per component: %v)", name, jt.consumers)
		}
	}
}

func checkOneTrace(t *testing.T, spans []sdktrace.ReadOnlySpan, jobID string, records int) {
	t.Helper()
	tid := createJobRoot(t, spans).SpanContext().TraceID()

	// Every span about the job belongs to its trace.
	jt := readJobTrace(t, spans, tid, jobID)
	if len(jt.stray) > 0 {
		t.Errorf("%d spans about job %s are neither in CreateJob's trace %s nor linked to it, e.g.:\n%s",
			len(jt.stray), jobID, tid, describe(jt.stray[:min(len(jt.stray), 15)]))
	}
	// The sink's batch writes (a fan-in: links) account for every record.
	if jt.written != records {
		t.Errorf("the job's trace has batch writes of %d accepted records, want %d", jt.written, records)
	}
	if jt.linked+countSpans(spans, "write accepted.jsonl") < jt.written {
		t.Errorf("batch writes of %d records carry %d links: each row's message must be the parent or a link", jt.written, jt.linked)
	}
	if jt.finalized != 1 {
		t.Errorf("the job's trace has %d finalize spans, want 1", jt.finalized)
	}
	checkEveryComponent(t, jt)
	t.Logf("job %s: trace %s, %d of %d spans in it or linked; per component %v", jobID, tid, spanTotal(jt.components), len(spans), jt.components)
}

func countSpans(spans []sdktrace.ReadOnlySpan, name string) int {
	n := 0
	for _, s := range spans {
		if s.Name() == name {
			n++
		}
	}
	return n
}

func spanTotal(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func describe(spans []sdktrace.ReadOnlySpan) string {
	var lines []string
	for _, s := range spans {
		lines = append(lines, fmt.Sprintf("  %s %q kind=%v trace=%s parent=%s links=%d", serviceOf(s), s.Name(), s.SpanKind(),
			s.SpanContext().TraceID(), s.Parent().SpanID(), len(s.Links())))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
