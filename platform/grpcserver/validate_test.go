package grpcserver_test

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// requireViolation fails unless err is InvalidArgument naming field.
func requireViolation(t *testing.T, err error, field string) {
	t.Helper()
	requireCode(t, err, codes.InvalidArgument)
	for _, v := range apierr.Violations(err) {
		if v.Field == field {
			return
		}
	}
	t.Fatalf("%v: no violation of %q", apierr.Violations(err), field)
}

// TestContractRulesAtTheEdge: a unary request that breaks its contract's
// rules is refused before the handler runs, naming the field; a valid one
// reaches it.
func TestContractRulesAtTheEdge(t *testing.T) {
	calls := 0
	h := start(t, grpcserver.Config{}, &sandboxStub{execute: func(ctx context.Context, r *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
		calls++
		return okExecute(ctx, r)
	}})
	c := sandboxv1.NewSandboxServiceClient(h.conn)
	_, err := c.Execute(context.Background(), &sandboxv1.ExecuteRequest{Code: "print(1)", Limits: &sandboxv1.Limits{Pids: 1}})
	requireViolation(t, err, "language")
	requireViolation(t, err, "limits.pids")
	if calls != 0 {
		t.Fatalf("the handler ran %d times for an invalid request", calls)
	}
	_, err = c.Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
	requireNoError(t, err)
	if calls != 1 {
		t.Fatalf("the handler ran %d times for a valid request, want 1", calls)
	}
}

// TestContractRulesOnStreams: the request of a server stream is checked
// before the handler runs; the messages of a bidirectional stream are left
// to its handler, which answers them in the stream.
func TestContractRulesOnStreams(t *testing.T) {
	lis := bufconn.Listen(1 << 20)
	srv := grpcserver.New(grpcserver.Config{})
	jobv1.RegisterJobServiceServer(srv.GRPC(), jobv1.UnimplementedJobServiceServer{})
	sandboxv1.RegisterSandboxServiceServer(srv.GRPC(), sandboxv1.UnimplementedSandboxServiceServer{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	requireNoError(t, err)
	t.Cleanup(func() {
		conn.Close()
		cancel()
		<-done
	})
	jobs := jobv1.NewJobServiceClient(conn)

	for _, id := range []string{"", "a b", "*", ">", "../x", "job.1", "jöb"} {
		w, err := jobs.WatchJob(context.Background(), &jobv1.WatchJobRequest{JobId: id})
		requireNoError(t, err)
		_, err = w.Recv()
		requireViolation(t, err, "job_id")
	}
	w, err := jobs.WatchJob(context.Background(), &jobv1.WatchJobRequest{JobId: "job-01hz8m3k4q5r6s7t8v9w0x1y2z"})
	requireNoError(t, err)
	_, err = w.Recv()
	requireCode(t, err, codes.Unimplemented) // the handler was reached

	batch, err := sandboxv1.NewSandboxServiceClient(conn).ExecuteBatch(context.Background())
	requireNoError(t, err)
	// The handler may have ended the stream first (io.EOF); Recv has its status.
	if err := batch.Send(&sandboxv1.ExecuteBatchRequest{Request: &sandboxv1.ExecuteRequest{}}); err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	_, err = batch.Recv()
	requireCode(t, err, codes.Unimplemented)
}

// selfChecking is a SandboxService that checks the rules itself.
type selfChecking struct{ sandboxStub }

func (selfChecking) ChecksContractRules() {}

// TestRuleCheckerGetsItsRequests: a service that checks the rules with its
// own checks receives even a request that breaks them.
func TestRuleCheckerGetsItsRequests(t *testing.T) {
	var got *sandboxv1.ExecuteRequest
	h := start(t, grpcserver.Config{}, &selfChecking{sandboxStub{execute: func(ctx context.Context, r *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
		got = r
		return okExecute(ctx, r)
	}}})
	_, err := sandboxv1.NewSandboxServiceClient(h.conn).Execute(context.Background(), &sandboxv1.ExecuteRequest{Code: "print(1)"})
	requireNoError(t, err)
	if got == nil || got.GetCode() != "print(1)" {
		t.Fatalf("the handler got %v", got)
	}
}
