package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/services/sandbox"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/server"
)

// client serves a real sandbox (2 slots, 1 queued request) over bufconn.
func client(t *testing.T) sandboxv1.SandboxServiceClient {
	t.Helper()
	dir, err := os.MkdirTemp("", "tds-sandbox-server-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	exec, isolation, closeFn, err := sandbox.Open(context.Background(),
		sandbox.Options{Slots: 2, MaxQueue: 1, StateDir: dir, HostIDBase: 500000, ForkServer: true, Warm: true}, app.Env{})
	if err != nil {
		t.Fatalf("sandbox unavailable: %v", err)
	}
	srv := grpcserver.New(grpcserver.Config{})
	sandboxv1.RegisterSandboxServiceServer(srv.GRPC(), server.New(exec, isolation))
	lis := bufconn.Listen(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpc.NewClient("passthrough:///sandbox",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		cancel()
		<-done
		closeFn()
	})
	return sandboxv1.NewSandboxServiceClient(conn)
}

func TestLanguages(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	cases := []struct {
		name   string
		req    *sandboxv1.ExecuteRequest
		status sandboxv1.Status
		exit   int32
		stdout string
	}{
		{"python", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "import sys; print(sum(map(int, sys.argv[1:])))", Args: []string{"2", "40"}}, sandboxv1.Status_STATUS_OK, 0, "42"},
		{"python entry file", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Entry: "pkg/main.py",
			Files: []*sandboxv1.File{{Path: "pkg/main.py", Content: []byte("import helper; print(helper.X)")}, {Path: "pkg/helper.py", Content: []byte("X = 'from a file'")}}},
			sandboxv1.Status_STATUS_OK, 0, "from a file"},
		{"python exit code", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "raise SystemExit(3)"}, sandboxv1.Status_STATUS_NONZERO_EXIT, 3, ""},
		{"python stdin and env", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "import os, sys; print(os.environ['GREETING'], sys.stdin.read())",
			Stdin: []byte("world"), Env: map[string]string{"GREETING": "hello"}}, sandboxv1.Status_STATUS_OK, 0, "hello world"},
		{"bash", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: `echo "$1-$2"; exit 4`, Args: []string{"a", "b"}}, sandboxv1.Status_STATUS_NONZERO_EXIT, 4, "a-b"},
		{"sqlite in memory", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_SQLITE, Code: "select 6*7;"}, sandboxv1.Status_STATUS_OK, 0, "42"},
		{"sqlite opening with a comment", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_SQLITE, Code: "-- the answer\nselect 6*7;"}, sandboxv1.Status_STATUS_OK, 0, "42"},
		{"sqlite refuses shell", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_SQLITE, Code: ".shell echo escaped"}, sandboxv1.Status_STATUS_NONZERO_EXIT, 1, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := c.Execute(ctx, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.GetStatus() != tc.status || resp.GetExitCode() != tc.exit || strings.TrimSpace(string(resp.GetStdout())) != tc.stdout {
				t.Fatalf("got %v exit %d stdout %q stderr %q; want %v exit %d stdout %q",
					resp.GetStatus(), resp.GetExitCode(), resp.GetStdout(), resp.GetStderr(), tc.status, tc.exit, tc.stdout)
			}
			if resp.GetIsolation() == "" || resp.GetWallTimeMs() <= 0 {
				t.Fatalf("isolation %q wall %dms", resp.GetIsolation(), resp.GetWallTimeMs())
			}
		})
	}
}

// TestSQLiteAgainstDatabaseFile builds a database in one run, fetches it, and
// queries it in another: the text-to-SQL round trip.
func TestSQLiteAgainstDatabaseFile(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	built, err := c.Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH,
		Code:  `sqlite3 shop.db "create table orders(id int, total real); insert into orders values (1, 9.5), (2, 20.25);"`,
		Fetch: []string{"shop.db"}})
	if err != nil || built.GetStatus() != sandboxv1.Status_STATUS_OK || len(built.GetFiles()) != 1 {
		t.Fatalf("build: %v %v %q files=%d", err, built.GetStatus(), built.GetStderr(), len(built.GetFiles()))
	}
	resp, err := c.Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_SQLITE,
		Code: "select count(*), sum(total) from orders;", Database: "shop.db",
		Files: []*sandboxv1.File{{Path: "shop.db", Content: built.GetFiles()[0].GetContent()}}})
	if err != nil || strings.TrimSpace(string(resp.GetStdout())) != "2|29.75" {
		t.Fatalf("query: %v %v %q %q", err, resp.GetStatus(), resp.GetStdout(), resp.GetStderr())
	}
}

func TestInvalidRequestsNameTheField(t *testing.T) {
	c := client(t)
	py := sandboxv1.Language_LANGUAGE_PYTHON
	cases := []struct {
		req   *sandboxv1.ExecuteRequest
		field string
	}{
		{&sandboxv1.ExecuteRequest{Code: "print(1)"}, "language"},
		{&sandboxv1.ExecuteRequest{Language: 99, Code: "print(1)"}, "language"},
		{&sandboxv1.ExecuteRequest{Language: py}, "code"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "print(1)", Entry: "a.py", Files: []*sandboxv1.File{{Path: "a.py"}}}, "entry"},
		{&sandboxv1.ExecuteRequest{Language: py, Entry: "missing.py"}, "entry"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Files: []*sandboxv1.File{{Path: "../escape"}}}, "files[0].path"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Files: []*sandboxv1.File{{Path: "ok"}, {Path: "/etc/passwd"}}}, "files[1].path"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Files: []*sandboxv1.File{{Path: "a"}, {Path: "./a"}}}, "files[1].path"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Files: []*sandboxv1.File{{Path: "a", Mode: 0o4755}}}, "files[0].mode"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Fetch: []string{"a/../../b"}}, "fetch[0]"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Database: "db.sqlite"}, "database"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Env: map[string]string{"A=B": "c"}}, `env["A=B"]`},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Args: []string{"ok", "nul\x00"}}, "args[1]"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Limits: &sandboxv1.Limits{WallTime: durationpb.New(time.Hour)}}, "limits.wall_time"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Limits: &sandboxv1.Limits{MemoryBytes: 1024}}, "limits.memory_bytes"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: "1", Limits: &sandboxv1.Limits{Pids: -1}}, "limits.pids"},
		{&sandboxv1.ExecuteRequest{Language: py, Code: strings.Repeat("x", 2<<20)}, "code"},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			_, err := c.Execute(context.Background(), tc.req)
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("err = %v, want InvalidArgument", err)
			}
			var fields []string
			for _, v := range apierr.Violations(err) {
				fields = append(fields, v.Field)
			}
			if len(fields) == 0 || fields[0] != tc.field {
				t.Fatalf("violations %v, want %s first (%v)", fields, tc.field, err)
			}
		})
	}
}

func TestListRuntimes(t *testing.T) {
	resp, err := client(t).ListRuntimes(context.Background(), &sandboxv1.ListRuntimesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[sandboxv1.Language]*sandboxv1.Runtime{}
	for _, r := range resp.GetRuntimes() {
		got[r.GetLanguage()] = r
	}
	for _, lang := range []sandboxv1.Language{sandboxv1.Language_LANGUAGE_PYTHON, sandboxv1.Language_LANGUAGE_BASH, sandboxv1.Language_LANGUAGE_SQLITE} {
		r := got[lang]
		if r == nil || !strings.HasPrefix(r.GetPath(), "/usr/") || r.GetVersion() == "" {
			t.Errorf("%v: %v", lang, r)
		}
	}
	if resp.GetSlots() != 2 || !strings.HasPrefix(resp.GetIsolation(), "full") {
		t.Errorf("slots %d isolation %q", resp.GetSlots(), resp.GetIsolation())
	}
}

func TestExecuteBatch(t *testing.T) {
	stream, err := client(t).ExecuteBatch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	for i := range n {
		req := &sandboxv1.ExecuteRequest{Id: fmt.Sprint("job-", i), Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: fmt.Sprintf("print(%d * %d)", i, i)}
		if i == 5 {
			req.Code = "" // refused, the stream goes on
		}
		if err := stream.Send(&sandboxv1.ExecuteBatchRequest{Request: req}); err != nil {
			t.Fatal(err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if r := resp.GetResponse(); r != nil {
			var i int
			fmt.Sscanf(r.GetId(), "job-%d", &i)
			if strings.TrimSpace(string(r.GetStdout())) != fmt.Sprint(i*i) {
				t.Errorf("%s printed %q", r.GetId(), r.GetStdout())
			}
			seen[r.GetId()] = true
			continue
		}
		if resp.GetId() != "job-5" || resp.GetErrorReason() != errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT ||
			len(resp.GetFieldViolations()) == 0 || resp.GetFieldViolations()[0].GetField() != "code" {
			t.Errorf("refusal: %v", resp)
		}
		seen[resp.GetId()] = true
	}
	if len(seen) != n {
		t.Fatalf("answered %d of %d: %v", len(seen), n, seen)
	}
}

// TestOverloadAndDeadline fills both slots and the one queue place, then
// checks that a further call is refused with ResourceExhausted and that a
// queued call gives up at its deadline.
func TestOverloadAndDeadline(t *testing.T) {
	c := client(t)
	sleeper := &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: "sleep 3",
		Limits: &sandboxv1.Limits{WallTime: durationpb.New(10 * time.Second)}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for range 3 { // two run, one waits
		wg.Go(func() { _, _ = c.Execute(ctx, sleeper) })
	}
	var sawExhausted, sawDeadline bool
	deadline := time.Now().Add(20 * time.Second)
	for !sawExhausted && time.Now().Before(deadline) {
		probeCtx, probeCancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := c.Execute(probeCtx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: "true"})
		probeCancel()
		switch status.Code(err) {
		case codes.ResourceExhausted:
			sawExhausted = true
			if apierr.Reason(err) != errorsv1.ErrorReason_ERROR_REASON_OVERLOADED {
				t.Errorf("reason %v", apierr.Reason(err))
			}
		case codes.DeadlineExceeded:
			sawDeadline = true
		}
	}
	cancel()
	wg.Wait()
	if !sawExhausted {
		t.Fatal("a full sandbox never answered ResourceExhausted")
	}
	_ = sawDeadline // depends on timing: a probe may or may not have been queued first
}
