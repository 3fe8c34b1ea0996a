package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/grpcclient"
)

// TestMain lets the test binary act as the tds command for process tests.
func TestMain(m *testing.M) {
	if os.Getenv("TDS_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	if dir := os.Getenv("TDS_TEST_HOLD_LOCK"); dir != "" {
		holdLockMain(dir)
	}
	code := m.Run()
	removeBinaries()
	os.Exit(code)
}

// wantServices is the gRPC service each component must serve.
var wantServices = map[string]string{
	"gateway":   jobv1.JobService_ServiceDesc.ServiceName,
	"cluster":   clusterv1.ClusterService_ServiceDesc.ServiceName,
	"blueprint": blueprintv1.BlueprintService_ServiceDesc.ServiceName,
	"agent":     agentv1.AgentService_ServiceDesc.ServiceName,
	"evolve":    evolvev1.EvolveService_ServiceDesc.ServiceName,
	"sandbox":   sandboxv1.SandboxService_ServiceDesc.ServiceName,
}

type upRun struct {
	endpoints Endpoints
	cancel    context.CancelFunc
	code      chan int
	stdout    *syncBuffer
	stderr    *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startUp runs `tds up` in-process on free ports and waits until it serves.
func startUp(t *testing.T, extra ...string) *upRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &upRun{cancel: cancel, code: make(chan int, 1), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	ready := make(chan Endpoints, 1)
	args := append([]string{"--base-port=0", "--data-dir=" + t.TempDir(), "--metrics.listen=127.0.0.1:0"}, extra...)
	go func() { r.code <- upCommand(ctx, args, r.stdout, r.stderr, func(e Endpoints) { ready <- e }) }()
	select {
	case r.endpoints = <-ready:
	case code := <-r.code:
		t.Fatalf("tds up exited with %d before serving:\n%s", code, r.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("tds up not ready after 30s:\n%s", r.stderr.String())
	}
	t.Cleanup(func() {
		cancel()
		if code := <-r.code; code != 0 {
			t.Errorf("tds up exited with %d:\n%s", code, r.stderr.String())
		}
	})
	return r
}

func dial(t *testing.T, addr, token string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpcclient.Dial(addr, grpcclient.Config{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func listServices(ctx context.Context, conn *grpc.ClientConn) ([]string, error) {
	stream, err := reflectpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, err
	}
	defer stream.CloseSend()
	// io.EOF from Send means the server ended the stream (a refused
	// token, say): its status comes with Recv.
	if err := stream.Send(&reflectpb.ServerReflectionRequest{
		MessageRequest: &reflectpb.ServerReflectionRequest_ListServices{},
	}); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	return names, nil
}

func TestUpServesEveryServiceHealthyAndReflectable(t *testing.T) {
	r := startUp(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for component, service := range wantServices {
		addr := r.endpoints[component]
		if addr == "" {
			t.Fatalf("no endpoint for %s in %v", component, r.endpoints)
		}
		if !strings.Contains(r.stdout.String(), addr) {
			t.Errorf("tds up did not print the address of %s (%s):\n%s", component, addr, r.stdout.String())
		}
		conn := dial(t, addr, "")
		for _, name := range []string{"", service} {
			resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: name})
			if err != nil {
				t.Fatalf("%s: health %q: %v", component, name, err)
			}
			if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Fatalf("%s: health %q = %v", component, name, resp.GetStatus())
			}
		}
		names, err := listServices(ctx, conn)
		if err != nil {
			t.Fatalf("%s: reflection: %v", component, err)
		}
		for _, want := range []string{service, healthpb.Health_ServiceDesc.ServiceName} {
			if !slices.Contains(names, want) {
				t.Errorf("%s: reflection lists %v, missing %s", component, names, want)
			}
		}
	}
	// The sandbox hosted by tds up runs code.
	resp, err := sandboxv1.NewSandboxServiceClient(dial(t, r.endpoints["sandbox"], "")).
		Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(2**10)"})
	if err != nil || strings.TrimSpace(string(resp.GetStdout())) != "1024" {
		t.Fatalf("Execute: %v %v %q", err, resp.GetStatus(), resp.GetStderr())
	}
	if !strings.HasPrefix(r.endpoints["nats"], "nats://127.0.0.1:") {
		t.Fatalf("nats endpoint = %q", r.endpoints["nats"])
	}
}

func TestUpWithTokens(t *testing.T) {
	r := startUp(t, "--auth.tokens=s3cret")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for component := range wantServices {
		anon := dial(t, r.endpoints[component], "")
		if _, err := healthpb.NewHealthClient(anon).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
			t.Fatalf("%s: health without a token: %v", component, err)
		}
		if _, err := listServices(ctx, anon); status.Code(err) != codes.Unauthenticated {
			t.Fatalf("%s: reflection without a token: %v, want Unauthenticated", component, err)
		}
		if _, err := listServices(ctx, dial(t, r.endpoints[component], "s3cret")); err != nil {
			t.Fatalf("%s: reflection with the token: %v", component, err)
		}
	}
}

func TestUpConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{args: []string{"--base-port=-3"}, want: `key "base-port" from flag --base-port`},
		{args: []string{"--sandbox.grpc.listen=nowhere"}, want: `key "sandbox.grpc.listen" from flag --sandbox.grpc.listen`},
		{env: map[string]string{"TDS_LOG_LEVEL": "loud"}, want: `key "log.level" from env TDS_LOG_LEVEL`},
		{args: []string{"--no-such-flag"}, want: "no-such-flag"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			args := append([]string{"--data-dir=" + t.TempDir()}, c.args...)
			code := upCommand(context.Background(), args, &stdout, &stderr, nil)
			if code != 2 || !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr.String(), c.want)
			}
		})
	}
}

func TestUpProcessStopsCleanlyOnInterrupt(t *testing.T) {
	cmd := exec.Command(os.Args[0], "up", "--base-port=0", "--data-dir="+t.TempDir(), "--metrics.listen=")
	cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1")
	// An os.Pipe rather than StdoutPipe: the drain below may still read while Wait runs.
	stdout, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	cmd.Stdout = w
	var stderr syncBuffer
	cmd.Stderr = &stderr
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var printed []string
	for sc.Scan() {
		printed = append(printed, sc.Text())
		if strings.Contains(sc.Text(), "(JetStream)") {
			break
		}
	}
	if len(printed) == 0 || !strings.Contains(printed[len(printed)-1], "(JetStream)") {
		_ = cmd.Process.Kill()
		t.Fatalf("tds up printed no endpoints: %q\n%s", printed, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("tds up after SIGINT: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "TDScaling stopped") {
		t.Fatalf("no clean-stop line in:\n%s", stderr.String())
	}
}

func TestCommands(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{args: []string{"version"}, code: 0, inStdout: "tds "},
		{args: []string{"help"}, code: 0, inStdout: "Commands:"},
		{args: nil, code: 2, inStderr: "Usage:"},
		{args: []string{"frobnicate"}, code: 2, inStderr: `unknown command "frobnicate"`},
		{args: []string{"help", "up"}, code: 0, inStderr: "--base-port"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, &stdout, &stderr)
			if code != c.code || !strings.Contains(stdout.String(), c.inStdout) || !strings.Contains(stderr.String(), c.inStderr) {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
			}
		})
	}
}

// TestUpPlansOverImportedClusters runs the services together: a corpus is
// imported into the cluster service, clustered, and the blueprint service
// drafts a plan for one of its clusters by id, fetching it from the cluster
// service that tds up told it about.
func TestUpPlansOverImportedClusters(t *testing.T) {
	r := startUp(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	corpus, err := os.ReadFile("../../services/cluster/testdata/handwritten.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	clusters := clusterv1.NewClusterServiceClient(dial(t, r.endpoints["cluster"], ""))
	stream, err := clusters.ImportTools(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []*clusterv1.ImportToolsRequest{
		{Payload: &clusterv1.ImportToolsRequest_Header{Header: &clusterv1.ImportHeader{CorpusName: "handwritten", Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL}}},
		{Payload: &clusterv1.ImportToolsRequest_Chunk{Chunk: corpus}},
	} {
		if err := stream.Send(req); err != nil {
			t.Fatal(err)
		}
	}
	imported, err := stream.CloseAndRecv()
	if err != nil {
		t.Fatal(err)
	}
	if imported.GetImported() != 12 {
		t.Fatalf("imported %d tools, want 12", imported.GetImported())
	}
	built, err := clusters.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: imported.GetCorpus().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	listed, err := clusters.ListClusters(ctx, &clusterv1.ListClustersRequest{CorpusId: imported.GetCorpus().GetId(), ClusteringId: built.GetClusteringId()})
	if err != nil || len(listed.GetClusters()) == 0 {
		t.Fatalf("list clusters: %v (%d clusters)", err, len(listed.GetClusters()))
	}
	var shop string
	for _, c := range listed.GetClusters() {
		if slices.Contains(c.GetServices(), "shop") {
			shop = c.GetId()
		}
	}
	if shop == "" {
		t.Fatalf("no cluster of the shop service among %d", len(listed.GetClusters()))
	}
	planner := blueprintv1.NewBlueprintServiceClient(dial(t, r.endpoints["blueprint"], ""))
	drafted, err := planner.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_ClusterId{ClusterId: shop},
		Target:     &blueprintv1.Target{Primitives: []blueprintv1.ReasoningPrimitive{blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_SEQUENTIAL_CHAIN}},
		Seed:       7,
	})
	if err != nil {
		t.Fatalf("DraftBlueprint by cluster id: %v", err)
	}
	bp := drafted.GetBlueprint()
	if bp.GetClusterId() != shop || len(bp.GetCalls()) < 2 {
		t.Fatalf("blueprint for %s with %d calls: %v", bp.GetClusterId(), len(bp.GetCalls()), bp)
	}
}

// TestUpBannerSaysWhoUsesAnotherInstance: a flag pointing a caller at
// another instance of an embedded service shows on that service's banner
// line, so the banner does not suggest the embedded one serves everyone.
func TestUpBannerSaysWhoUsesAnotherInstance(t *testing.T) {
	r := startUp(t, "--agent.sandbox.addr=127.0.0.1:9")
	var sandbox, cluster string
	for _, line := range strings.Split(r.stdout.String(), "\n") {
		switch f := strings.Fields(line); {
		case len(f) > 0 && f[0] == "sandbox":
			sandbox = line
		case len(f) > 0 && f[0] == "cluster":
			cluster = line
		}
	}
	if !strings.Contains(sandbox, "unused by some: agent uses the one set by") {
		t.Errorf("the sandbox's banner line does not say the agent uses another:\n%s", r.stdout.String())
	}
	if strings.Contains(cluster, "unused") {
		t.Errorf("the cluster's banner line says it is unused: %q", cluster)
	}
}

// A service whose start-up is cut short by the stop asked for ("jobs:
// list: context canceled") is a clean stop; the same error without a stop,
// or another error, is not.
func TestStoppedWhileStarting(t *testing.T) {
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	cut := fmt.Errorf("gateway: job flow: jobs: list: %w", context.Canceled)
	if !stoppedWhileStarting(stopped, cut) {
		t.Error("a start-up cut short by the stop is a failure")
	}
	if stoppedWhileStarting(context.Background(), cut) {
		t.Error("a cancellation nobody asked for is a clean stop")
	}
	if stoppedWhileStarting(stopped, errors.New("listen tcp: address already in use")) {
		t.Error("another error after a stop is a clean stop")
	}
}
