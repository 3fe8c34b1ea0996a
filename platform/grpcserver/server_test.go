package grpcserver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// sandboxStub is a SandboxService whose behaviour each test chooses.
type sandboxStub struct {
	sandboxv1.UnimplementedSandboxServiceServer
	execute func(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error)
}

func (s *sandboxStub) Execute(ctx context.Context, r *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
	return s.execute(ctx, r)
}

type harness struct {
	conn     *grpc.ClientConn
	cancel   context.CancelFunc
	done     chan struct{} // closed when Serve has returned serveErr
	serveErr error
}

// wait returns Serve's result once it has returned.
func (h *harness) wait() error {
	<-h.done
	return h.serveErr
}

// start serves impl over bufconn with cfg and returns a client connection.
func start(t *testing.T, cfg grpcserver.Config, impl sandboxv1.SandboxServiceServer) *harness {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpcserver.New(cfg)
	sandboxv1.RegisterSandboxServiceServer(srv.GRPC(), impl)
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{cancel: cancel, done: make(chan struct{})}
	go func() {
		h.serveErr = srv.Serve(ctx, lis)
		close(h.done)
	}()
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	requireNoError(t, err)
	h.conn = conn
	t.Cleanup(func() {
		conn.Close()
		cancel()
		<-h.done
	})
	return h
}

func requireNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func requireCode(t *testing.T, err error, want codes.Code) {
	t.Helper()
	if got := status.Code(err); got != want {
		t.Fatalf("code = %v (%v), want %v", got, err, want)
	}
}

func okExecute(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
	return &sandboxv1.ExecuteResponse{Status: sandboxv1.Status_STATUS_OK}, nil
}

func TestAuth(t *testing.T) {
	var principal grpcserver.Principal
	h := start(t, grpcserver.Config{Tokens: []string{"alpha-token", "beta-token"}}, &sandboxStub{
		execute: func(ctx context.Context, _ *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
			principal = grpcserver.PrincipalFromContext(ctx)
			return &sandboxv1.ExecuteResponse{}, nil
		},
	})
	client := sandboxv1.NewSandboxServiceClient(h.conn)
	withToken := func(tok string) context.Context {
		return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+tok)
	}
	cases := []struct {
		name string
		ctx  context.Context
		want codes.Code
	}{
		{"missing token", context.Background(), codes.Unauthenticated},
		{"wrong token", withToken("alpha-tokeN"), codes.Unauthenticated},
		{"prefix of a token", withToken("alpha"), codes.Unauthenticated},
		{"first token", withToken("alpha-token"), codes.OK},
		{"second token", withToken("beta-token"), codes.OK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := client.Execute(c.ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
			requireCode(t, err, c.want)
			if c.want == codes.Unauthenticated {
				if r := apierr.Reason(err); r != errorsv1.ErrorReason_ERROR_REASON_UNAUTHENTICATED {
					t.Fatalf("reason = %v, want UNAUTHENTICATED", r)
				}
			}
		})
	}
	if principal != grpcserver.PrincipalOf("beta-token") || strings.Contains(string(principal), "beta") {
		t.Fatalf("principal = %q, want the digest of beta-token", principal)
	}

	// Health answers without a token.
	resp, err := healthpb.NewHealthClient(h.conn).Check(context.Background(), &healthpb.HealthCheckRequest{
		Service: sandboxv1.SandboxService_ServiceDesc.ServiceName,
	})
	requireNoError(t, err)
	if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health = %v, want SERVING", resp.GetStatus())
	}
}

func TestRecoveryHidesPanic(t *testing.T) {
	const secret = "db password is hunter2"
	h := start(t, grpcserver.Config{}, &sandboxStub{
		execute: func(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
			panic(secret)
		},
	})
	client := sandboxv1.NewSandboxServiceClient(h.conn)
	_, err := client.Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
	requireCode(t, err, codes.Internal)
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "panic") {
		t.Fatalf("error leaks the panic: %v", err)
	}
	if r := apierr.Reason(err); r != errorsv1.ErrorReason_ERROR_REASON_INTERNAL {
		t.Fatalf("reason = %v, want INTERNAL", r)
	}
	// The server survives the panic.
	_, err = client.ListRuntimes(context.Background(), &sandboxv1.ListRuntimesRequest{})
	requireCode(t, err, codes.Unimplemented)
}

func TestGracefulStopLetsInFlightCallFinish(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	h := start(t, grpcserver.Config{ShutdownTimeout: time.Minute}, &sandboxStub{
		execute: func(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
			close(entered)
			<-release
			return &sandboxv1.ExecuteResponse{Status: sandboxv1.Status_STATUS_OK}, nil
		},
	})
	client := sandboxv1.NewSandboxServiceClient(h.conn)
	result := make(chan error, 1)
	go func() {
		_, err := client.Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
		result <- err
	}()
	<-entered
	h.cancel() // begin shutdown while the call is in flight

	// Health turns NOT_SERVING as the stop begins.
	eventually.Check(t, 5*time.Second, 10*time.Millisecond, func() error {
		resp, err := healthpb.NewHealthClient(h.conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
		if err == nil && resp.GetStatus() == healthpb.HealthCheckResponse_SERVING {
			return errors.New("still SERVING")
		}
		return nil
	})
	select {
	case <-h.done:
		t.Fatalf("server stopped with a call in flight: %v", h.serveErr)
	default:
	}
	close(release)
	requireNoError(t, <-result)
	requireNoError(t, h.wait())
}

func TestGracefulStopCutsAfterTimeout(t *testing.T) {
	entered := make(chan struct{})
	h := start(t, grpcserver.Config{ShutdownTimeout: 50 * time.Millisecond}, &sandboxStub{
		execute: func(ctx context.Context, _ *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
			close(entered)
			<-ctx.Done() // never finishes on its own
			return nil, ctx.Err()
		},
	})
	client := sandboxv1.NewSandboxServiceClient(h.conn)
	result := make(chan error, 1)
	go func() {
		_, err := client.Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
		result <- err
	}()
	<-entered
	h.cancel()
	requireNoError(t, h.wait())
	if err := <-result; err == nil {
		t.Fatal("hung call succeeded; want it cut by the hard stop")
	}
}

func TestServesOKWithoutAuth(t *testing.T) {
	h := start(t, grpcserver.Config{}, &sandboxStub{execute: okExecute})
	resp, err := sandboxv1.NewSandboxServiceClient(h.conn).Execute(context.Background(), &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"})
	requireNoError(t, err)
	if resp.GetStatus() != sandboxv1.Status_STATUS_OK {
		t.Fatalf("status = %v", resp.GetStatus())
	}
}

func TestListenDefaultsToLoopback(t *testing.T) {
	lis, err := grpcserver.Listen(":0")
	requireNoError(t, err)
	defer lis.Close()
	host, _, _ := net.SplitHostPort(lis.Addr().String())
	if host != "127.0.0.1" {
		t.Fatalf("bound %s, want loopback", host)
	}
	if _, err := grpcserver.Listen("no-port"); err == nil {
		t.Fatal("Listen accepted an address without a port")
	}
}

func TestRPCLogLinesCarryTraceID(t *testing.T) {
	var buf syncBuffer
	log := slog.New(telemetry.LogHandler(slog.NewTextHandler(&buf, nil)))
	tp := sdktrace.NewTracerProvider()
	h := start(t, grpcserver.Config{Logger: log, Telemetry: telemetry.Providers{Tracer: tp}}, &sandboxStub{execute: okExecute})
	// Unimplemented is logged at warn level, above the handler's info threshold.
	_, err := sandboxv1.NewSandboxServiceClient(h.conn).ListRuntimes(context.Background(), &sandboxv1.ListRuntimesRequest{})
	requireCode(t, err, codes.Unimplemented)
	eventually.Check(t, 5*time.Second, 10*time.Millisecond, func() error {
		for _, line := range strings.Split(buf.String(), "\n") {
			if strings.Contains(line, "ListRuntimes") && regexp.MustCompile(`trace_id=[0-9a-f]{32}`).MatchString(line) {
				return nil
			}
		}
		return fmt.Errorf("no ListRuntimes line with a trace id in:\n%s", buf.String())
	})
}

// syncBuffer is a bytes.Buffer safe for concurrent writers and readers.
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
