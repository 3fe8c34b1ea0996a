package codetool_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/grpcclient"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/codetool"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/simroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// hostIDBase is the agent tests' uid range for sandboxes (see the brief).
const hostIDBase = "560000"

// startSandbox builds the sandbox service and runs it as a real process.
func startSandbox(t *testing.T) (client sandboxv1.SandboxServiceClient, kill func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("the sandbox needs root (user namespaces, cgroups); run the tests as root to cover the code tool")
	}
	bin := filepath.Join(t.TempDir(), "sandbox")
	build := exec.Command("go", "build", "-o", bin, "github.com/tdscaling/tdscaling/services/sandbox/cmd/sandbox")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build sandbox: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	state, err := os.MkdirTemp("", "tds-agent-sandbox-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(state, 0o755)
	t.Cleanup(func() { os.RemoveAll(state) })
	cmd := exec.Command(bin, "--grpc.listen", addr, "--metrics.listen", "", "--host_id_base", hostIDBase, "--slots", "2", "--state_dir", state)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill = func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	t.Cleanup(kill)
	conn, err := grpcclient.Dial(addr, grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client = sandboxv1.NewSandboxServiceClient(conn)
	eventually.Check(t, 30*time.Second, 100*time.Millisecond, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := client.ListRuntimes(ctx, &sandboxv1.ListRuntimesRequest{}); err != nil {
			return fmt.Errorf("sandbox did not come up: %w", err)
		}
		return nil
	})
	return client, kill
}

func roll(t *testing.T, name string, code world.CodeRunner) *rollout.Result {
	t.Helper()
	res, err := rollout.Run(context.Background(), rollout.Config{Code: code},
		rollout.Roles{User: simroles.User{}, Assistant: simroles.Assistant{}, Tools: world.SimGenerator{}},
		rollout.Request{Blueprint: agenttest.Blueprint(t, name), Tools: agenttest.Tools(t), Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// toolOutput is the content of the last result of the tool named name.
func toolOutput(rec *trajectoryv1.Record, name string) string {
	var out string
	for _, m := range rec.GetMessages() {
		if m.GetRole() == "tool" && m.GetName() == name {
			out = m.GetContent()
		}
	}
	return out
}

// checkRanOverRatings: the program really ran over the earlier result and
// printed the rating statistics.
func checkRanOverRatings(t *testing.T, tool, out, count string) {
	t.Helper()
	if !strings.Contains(out, `"status":"ok"`) || !strings.Contains(out, `c1.rating`) || !strings.Contains(out, count) {
		t.Fatalf("%s tool result %s", tool, out)
	}
}

// checkFailedRunRejected: had the query failed, the rollout would be
// rejected: a code step is done only once a run of its program succeeds.
func checkFailedRunRejected(t *testing.T, trace verify.Input) {
	t.Helper()
	trace.Messages = slices.Clone(trace.Messages)
	for i, m := range trace.Messages {
		if m.Role == "tool" && m.Name == "sql" {
			trace.Messages[i].Content = `{"status":"nonzero_exit","exit_code":1,"stdout":"","stderr":"Parse error near line 2","error":"program ended with nonzero_exit: Parse error near line 2"}`
		}
	}
	if v := verify.Run(trace); v.Checks[verify.Blueprint] || !strings.Contains(fmt.Sprint(v.Rejections), "no later run succeeded") {
		t.Fatalf("a failed code step passed verification: %v", v.Rejections)
	}
}

func TestCodeToolRunsInTheSandbox(t *testing.T) {
	client, kill := startSandbox(t)
	r := codetool.Runner{C: client}

	res := roll(t, "code", r)
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	if sig := res.Record.GetReasoningMode(); sig != "[u].[x].ans" {
		t.Fatalf("signature %q", sig)
	}
	checkRanOverRatings(t, "code", toolOutput(res.Record, "python"), `\"count\"`)
	// A SQL step: the earlier result's list became a table and one query
	// selected the statistics, run by sqlite3 in the sandbox.
	sql := roll(t, "sql", r)
	if !sql.Passed || sql.Record.GetReasoningMode() != "[u].[x].ans" {
		t.Fatalf("sql: passed=%v %q %v", sql.Passed, sql.Record.GetReasoningMode(), sql.Rejections)
	}
	checkRanOverRatings(t, "sql", toolOutput(sql.Record, "sql"), `\"count\":`)
	checkFailedRunRejected(t, sql.Trace)
	mixed := roll(t, "mixed", r)
	if !mixed.Passed || !strings.HasSuffix(mixed.Record.GetReasoningMode(), ".[ddd].[x].ans") {
		t.Fatalf("mixed: passed=%v %q %v", mixed.Passed, mixed.Record.GetReasoningMode(), mixed.Rejections)
	}

	// A program that fails is an error result, not a sandbox failure.
	content, err := r.Run(context.Background(), "python", "import sys\nprint('boom', file=sys.stderr)\nsys.exit(3)")
	if err != nil || !strings.Contains(content, `"exit_code":3`) || !strings.Contains(content, `"error":"program ended with nonzero_exit: boom"`) {
		t.Fatalf("failing program: %s %v", content, err)
	}

	// The sandbox itself failing rejects the rollout with REJECT_REASON_SANDBOX.
	kill()
	res = roll(t, "code", r)
	if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_SANDBOX {
		t.Fatalf("want a SANDBOX rejection with the sandbox down, got %v", res.Rejections)
	}
}
