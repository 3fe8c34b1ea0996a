package app_test

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

func testService() app.Service {
	return &app.GRPCService{
		ServiceName:   "sandbox",
		DefaultListen: "127.0.0.1:0",
		Register: func(s *grpcserver.Server) {
			sandboxv1.RegisterSandboxServiceServer(s.GRPC(), sandboxv1.UnimplementedSandboxServiceServer{})
		},
	}
}

// TestMain lets the test binary run app.Main as a service process.
func TestMain(m *testing.M) {
	if os.Getenv("TDS_TEST_RUN_MAIN") == "1" {
		os.Exit(app.Main(testService(), "", os.Args[1:]))
	}
	os.Exit(m.Run())
}

func TestMainRejectsBadConfigWithExitCode2(t *testing.T) {
	cases := []struct {
		args []string
		env  string
		want string
	}{
		{args: []string{"--grpc.listen=7105"}, want: `key "grpc.listen" from flag --grpc.listen`},
		{args: []string{"--log.format=xml"}, want: `key "log.format"`},
		{env: "TDS_GRPC_SHUTDOWN_TIMEOUT=-1s", want: `key "grpc.shutdown_timeout" from env TDS_GRPC_SHUTDOWN_TIMEOUT`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], c.args...)
			cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1", c.env)
			out, err := cmd.CombinedOutput()
			exit, ok := err.(*exec.ExitError)
			if !ok || exit.ExitCode() != 2 || !strings.Contains(string(out), c.want) {
				t.Fatalf("err %v, output:\n%s\nwant exit 2 and %q", err, out, c.want)
			}
		})
	}
}

func TestMainServesHealthyAndStopsOnSIGTERM(t *testing.T) {
	cmd := exec.Command(os.Args[0], "--grpc.listen=127.0.0.1:0", "--metrics.listen=127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1")
	// An os.Pipe rather than StderrPipe: the drain below may still read while Wait runs.
	stderr, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd.Stderr = w
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	addrRE := regexp.MustCompile(`msg="serving gRPC".* addr=(\S+)`)
	sc := bufio.NewScanner(stderr)
	var addr string
	var lines []string
	for addr == "" && sc.Scan() {
		lines = append(lines, sc.Text())
		if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		_ = cmd.Process.Kill()
		t.Fatalf("service never reported its address:\n%s", strings.Join(lines, "\n"))
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()

	conn, err := grpcclient.Dial(addr, grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: sandboxv1.SandboxService_ServiceDesc.ServiceName})
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", resp.GetStatus(), err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v", err)
	}
}
