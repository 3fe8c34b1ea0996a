package telemetry_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// TestMetricsExposeRPCLatency serves /metrics for a process whose server took
// one call, and finds the call's latency histogram in the scrape.
func TestMetricsExposeRPCLatency(t *testing.T) {
	m, err := telemetry.NewMetrics("tds-test")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpcserver.New(grpcserver.Config{Telemetry: telemetry.Providers{Meter: m.Provider}})
	sandboxv1.RegisterSandboxServiceServer(srv.GRPC(), sandbox{})
	grpcLis, err := grpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	httpLis, err := grpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	grpcDone, httpDone := make(chan error, 1), make(chan error, 1)
	go func() { grpcDone <- srv.Serve(ctx, grpcLis) }()
	go func() { httpDone <- m.Serve(ctx, httpLis) }()
	defer func() {
		cancel()
		for _, done := range []chan error{grpcDone, httpDone} {
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	}()

	conn, err := grpcclient.Dial(grpcLis.Addr().String(), grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := sandboxv1.NewSandboxServiceClient(conn).Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"}); err != nil {
		t.Fatal(err)
	}

	// The server records a call's duration when the call ends on its side,
	// which may be just after the client has its answer: scrape until the
	// histogram is there, for a bounded time.
	scrape := func() string {
		resp, err := http.Get("http://" + httpLis.Addr().String() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(body)
	}
	recorded := func(body string) error {
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, "rpc_server_call_duration_seconds_bucket{") &&
				strings.Contains(line, `rpc_method="tdscaling.sandbox.v1.SandboxService/Execute"`) {
				return nil
			}
		}
		return fmt.Errorf("no rpc_server_* latency histogram for SandboxService/Execute in:\n%s", body)
	}
	body := eventually.Value(t, 10*time.Second, 20*time.Millisecond, func() (string, error) {
		body := scrape()
		return body, recorded(body)
	})
	if !strings.Contains(body, "go_goroutines") {
		t.Fatal("no Go runtime metrics in the scrape")
	}
}
