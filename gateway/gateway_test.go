package gateway_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/gateway"
	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/gateway/internal/jobs"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// harness is a gateway on a real embedded NATS server that can be restarted
// on the same port and store.
type harness struct {
	t        *testing.T
	store    string
	port     int
	ns       *server.Server
	nc       *nats.Conn
	grpcAddr string
	httpAddr string
	stop     func()
	// metrics reads what the gateways of the harness measured.
	metrics *sdkmetric.ManualReader
	meter   *sdkmetric.MeterProvider
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, store: t.TempDir(), port: freePort(t), metrics: sdkmetric.NewManualReader()}
	h.meter = sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.metrics))
	h.startNATS()
	nc, err := nats.Connect(h.ns.ClientURL(), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	h.nc = nc
	t.Cleanup(func() {
		if h.stop != nil {
			h.stop()
		}
		nc.Close()
		h.ns.Shutdown()
		h.ns.WaitForShutdown()
	})
	return h
}

func (h *harness) startNATS() {
	ns, err := natsserver.Start(natsserver.Config{Port: h.port, StoreDir: h.store})
	if err != nil {
		h.t.Fatal(err)
	}
	h.ns = ns
}

func (h *harness) restartNATS() {
	h.ns.Shutdown()
	h.ns.WaitForShutdown()
	h.startNATS()
}

// startGateway runs the gateway service with args until stop is called.
func (h *harness) startGateway(args ...string) {
	svc := gateway.New()
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	svc.RegisterFlags(fs)
	if err := fs.Parse(append([]string{"-grpc.listen=127.0.0.1:0", "-http.listen=127.0.0.1:0", "-data_dir=" + h.t.TempDir()}, args...)); err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	httpReady := make(chan string, 1)
	svc.OnHTTPReady(func(a string) { httpReady <- a })
	done := make(chan error, 1)
	go func() {
		done <- svc.Run(ctx, app.Env{Logger: slog.New(slog.DiscardHandler), NATS: h.nc, Ready: func(a string) { ready <- a },
			Telemetry: telemetry.Providers{Meter: h.meter}})
	}()
	select {
	case h.grpcAddr = <-ready:
	case err := <-done:
		h.t.Fatalf("gateway stopped: %v", err)
	case <-time.After(20 * time.Second):
		h.t.Fatal("gateway not ready")
	}
	h.httpAddr = <-httpReady
	h.stop = func() {
		cancel()
		if err := <-done; err != nil {
			h.t.Errorf("gateway: %v", err)
		}
		h.stop = nil
	}
}

func (h *harness) client() jobv1.JobServiceClient {
	conn, err := grpc.NewClient(h.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { conn.Close() })
	return jobv1.NewJobServiceClient(conn)
}

func (h *harness) jobStore() *jobs.Store {
	bus, err := events.New(h.nc)
	if err != nil {
		h.t.Fatal(err)
	}
	st, err := jobs.Open(context.Background(), bus.JetStream(), 1)
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

// putJob stores a running job of owner, as CreateJob would after importing its corpus.
func (h *harness) putJob(owner string, target int64) *jobv1.Job {
	id := jobs.NewID(time.Now())
	job := &jobv1.Job{
		Id: id, State: jobv1.JobState_JOB_STATE_RUNNING, OutputDir: filepath.Join(h.t.TempDir(), "out"),
		Spec:     &jobv1.JobSpec{TargetRecords: target, Corpus: &jobv1.CorpusRef{Source: &jobv1.CorpusRef_CorpusId{CorpusId: "c"}}},
		Progress: &jobv1.Progress{Target: target}, CorpusId: "c",
	}
	if _, err := h.jobStore().Create(context.Background(), owner, job); err != nil {
		h.t.Fatal(err)
	}
	return job
}

func withToken(tok string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+tok)
}

// checkOthersSeeNothing: a principal other than the owner neither sees,
// watches, exports nor cancels the job, and lists no job.
func checkOthersSeeNothing(t *testing.T, c jobv1.JobServiceClient, other context.Context, id string) {
	t.Helper()
	if _, err := c.GetJob(other, &jobv1.GetJobRequest{JobId: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("bob get: %v", err)
	}
	if _, err := c.CancelJob(other, &jobv1.CancelJobRequest{JobId: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("bob cancel: %v", err)
	}
	w, err := c.WatchJob(other, &jobv1.WatchJobRequest{JobId: id})
	if err == nil {
		_, err = w.Recv()
	}
	if status.Code(err) != codes.NotFound {
		t.Fatalf("bob watch: %v", err)
	}
	x, err := c.ExportDataset(other, &jobv1.ExportDatasetRequest{JobId: id})
	if err == nil {
		_, err = x.Recv()
	}
	if status.Code(err) != codes.NotFound {
		t.Fatalf("bob export: %v", err)
	}
	if l, err := c.ListJobs(other, &jobv1.ListJobsRequest{}); err != nil || len(l.GetJobs()) != 0 {
		t.Fatalf("bob list: %v %v", l, err)
	}
}

// httpGetJobStatus is the HTTP status of GetJob over HTTP/JSON with the
// bearer token tok ("": none).
func httpGetJobStatus(t *testing.T, addr, id, tok string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/tdscaling.job.v1.JobService/GetJob",
		strings.NewReader(fmt.Sprintf(`{"job_id":%q}`, id)))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// checkOpenAPIOpen: the OpenAPI document is served without a token.
func checkOpenAPIOpen(t *testing.T, addr string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if _, ok := doc.Paths["/tdscaling.job.v1.JobService/CreateJob"]; !ok {
		t.Fatalf("openapi.json lacks CreateJob: %v", doc.Paths)
	}
}

func TestAuth(t *testing.T) {
	h := newHarness(t)
	h.startGateway("-auth.tokens=alice-token,bob-token")
	c := h.client()
	job := h.putJob(string(grpcserver.PrincipalOf("alice-token")), 5)
	alice, bob := withToken("alice-token"), withToken("bob-token")

	if _, err := c.GetJob(context.Background(), &jobv1.GetJobRequest{JobId: job.GetId()}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("no token: %v", err)
	}
	if _, err := c.GetJob(withToken("mallory"), &jobv1.GetJobRequest{JobId: job.GetId()}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("wrong token: %v", err)
	}
	if got, err := c.GetJob(alice, &jobv1.GetJobRequest{JobId: job.GetId()}); err != nil || got.GetJob().GetId() != job.GetId() {
		t.Fatalf("owner: %v", err)
	}
	checkOthersSeeNothing(t, c, bob, job.GetId())
	if l, err := c.ListJobs(alice, &jobv1.ListJobsRequest{}); err != nil || len(l.GetJobs()) != 1 {
		t.Fatalf("alice list: %v %v", l, err)
	}
	if got, err := c.GetJob(alice, &jobv1.GetJobRequest{JobId: job.GetId()}); err != nil || got.GetJob().GetState() != jobv1.JobState_JOB_STATE_RUNNING {
		t.Fatalf("bob's cancel changed alice's job: %v %v", got, err)
	}
	// Health stays open.
	conn, _ := grpc.NewClient(h.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	defer conn.Close()
	if _, err := healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("health: %v", err)
	}
	// The same over HTTP/JSON.
	get := func(tok string) int { return httpGetJobStatus(t, h.httpAddr, job.GetId(), tok) }
	if a, b, c, d := get(""), get("mallory"), get("bob-token"), get("alice-token"); a != 401 || b != 401 || c != 404 || d != 200 {
		t.Fatalf("HTTP statuses no/wrong/other/owner = %d %d %d %d", a, b, c, d)
	}
	checkOpenAPIOpen(t, h.httpAddr)
	// The owner cancels.
	got, err := c.CancelJob(alice, &jobv1.CancelJobRequest{JobId: job.GetId(), Reason: "test"})
	if err != nil || got.GetJob().GetState() != jobv1.JobState_JOB_STATE_CANCELLED {
		t.Fatalf("alice cancel: %v %v", got, err)
	}
}

func accepted(job string, i int) *eventsv1.RecordAccepted {
	return &eventsv1.RecordAccepted{Record: &trajectoryv1.Record{
		Id: fmt.Sprintf("%s-r%04d", job, i), JobId: job, Domain: "d", ReasoningMode: "[u].ans",
		Messages: []*trajectoryv1.Message{{Role: "user", Content: "hi"}, {Role: "assistant", Content: "hello"}},
		Verdict:  &trajectoryv1.Verdict{Passed: true},
	}}
}

// The sink writes each record once, whatever is redelivered, across a NATS
// restart and a gateway restart.
func TestSinkIsIdempotentAcrossRestarts(t *testing.T) {
	h := newHarness(t)
	h.startGateway()
	job := h.putJob("", 300)
	bus, err := events.New(h.nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	publish := func(from, to int, round string) {
		for i := from; i < to; i++ {
			// A distinct message id per round: the server does not de-duplicate
			// these, so only the sink's idempotence keeps one row per record.
			eventually.Check(t, time.Minute, 50*time.Millisecond, func() error {
				_, err := bus.Publish(ctx, events.AcceptedSubject(job.GetId()), fmt.Sprintf("%d/%s", i, round), accepted(job.GetId(), i))
				return err
			})
		}
	}
	publish(0, 150, "a")
	publish(100, 200, "b")
	h.restartNATS()
	publish(150, 250, "c")
	h.stop()
	h.startGateway()
	publish(200, 300, "d")
	publish(0, 300, "e")

	c := h.client()
	writtenIs300 := func() error {
		got, err := c.GetJob(ctx, &jobv1.GetJobRequest{JobId: job.GetId()})
		if err != nil {
			return err
		}
		if w := got.GetJob().GetProgress().GetWritten(); w != 300 {
			return fmt.Errorf("written %d, want 300", w)
		}
		return nil
	}
	eventually.Check(t, time.Minute, 100*time.Millisecond, writtenIs300)
	// A stray redelivery may still land: the count must not move.
	eventually.Holds(t, 500*time.Millisecond, 100*time.Millisecond, writtenIs300)
	data, err := os.ReadFile(filepath.Join(job.GetOutputDir(), dataset.PartsDir, "accepted.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct{ ID string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("bad row %q", line)
		}
		if seen[r.ID] {
			t.Fatalf("duplicate row %s", r.ID)
		}
		seen[r.ID] = true
	}
	if len(seen) != 300 {
		t.Fatalf("%d rows, want 300", len(seen))
	}
	checkSinkMetrics(t, h.metrics, 300)
}
