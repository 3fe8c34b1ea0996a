package agent_test

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/services/agent"
	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
)

func load(t *testing.T) (*blueprintv1.Blueprint, *clusterv1.Cluster) {
	t.Helper()
	return agenttest.Blueprint(t, "mixed"), agenttest.Cluster(t)
}

// rolloutRow runs a rollout of the mixed blueprint without its code step
// (no sandbox here) and returns its record as the one-line JSON row.
func rolloutRow(t *testing.T) map[string]any {
	t.Helper()
	bp, c := load(t)
	bp.Calls = bp.Calls[:9]
	svc, closeFn, err := agent.NewLocal(agent.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	resp, err := svc.Rollout(context.Background(), &agentv1.RolloutRequest{Blueprint: bp, Tools: c.GetTools(), JobId: "job7", TaskId: "task3", Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	res := resp.GetResult()
	if !res.GetPassed() || res.GetTaskId() != "task3" || res.GetJobId() != "job7" {
		t.Fatalf("result %v", res.GetRejections())
	}
	line, err := agent.RecordJSON(res.GetRecord())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(line), "\n") {
		t.Fatal("a JSON Lines row must be one line")
	}
	var row map[string]any
	if err := json.Unmarshal(line, &row); err != nil {
		t.Fatal(err)
	}
	return row
}

// checkRowHead: every key of the row is there, with the request's ids.
func checkRowHead(t *testing.T, row map[string]any) {
	t.Helper()
	for _, k := range []string{"id", "job_id", "cluster_id", "blueprint_id", "domain", "reasoning_mode", "cac", "tools", "messages", "verdict", "usage", "provenance"} {
		if _, ok := row[k]; !ok {
			t.Errorf("row lacks %q", k)
		}
	}
	if row["job_id"] != "job7" || row["domain"] != "e_commerce" || row["cluster_id"] != "cl_shop" {
		t.Errorf("row ids %v %v %v", row["job_id"], row["domain"], row["cluster_id"])
	}
}

// checkRowTools: tools in the OpenAI form, parameters as a JSON object.
func checkRowTools(t *testing.T, row map[string]any) {
	t.Helper()
	tool := row["tools"].([]any)[0].(map[string]any)
	if tool["type"] != "function" {
		t.Errorf("tool type %v", tool["type"])
	}
	if _, ok := tool["function"].(map[string]any)["parameters"].(map[string]any); !ok {
		t.Error("tool parameters must be a JSON object")
	}
}

// checkRowCalls: the messages hold tool calls, arguments as a JSON string.
func checkRowCalls(t *testing.T, row map[string]any) {
	t.Helper()
	var sawCall bool
	for _, m := range row["messages"].([]any) {
		msg := m.(map[string]any)
		for _, tc := range asSlice(msg["tool_calls"]) {
			fn := tc.(map[string]any)["function"].(map[string]any)
			if _, ok := fn["arguments"].(string); !ok {
				t.Fatal("arguments must be a JSON string")
			}
			sawCall = true
		}
	}
	if !sawCall {
		t.Fatal("no tool call in the row")
	}
}

// checkRowAccount: the verdict with each check, the usage and the
// provenance of a passed sim rollout.
func checkRowAccount(t *testing.T, row map[string]any) {
	t.Helper()
	v := row["verdict"].(map[string]any)
	checks := v["checks"].(map[string]any)
	if v["passed"] != true || checks["schema"] != true || checks["blueprint"] != true || checks["outcome"] != true {
		t.Errorf("verdict %v", v)
	}
	u := row["usage"].(map[string]any)
	for _, k := range []string{"prompt_tokens", "completion_tokens", "llm_calls"} {
		if _, ok := u[k]; !ok {
			t.Errorf("usage lacks %s", k)
		}
	}
	p := row["provenance"].(map[string]any)
	if p["seed"] != float64(4) || p["version"] == "" || p["models"].(map[string]any)["assistant"] != "sim" {
		t.Errorf("provenance %v", p)
	}
}

// TestRecordJSONIsTheCanonicalRow checks the record's JSON Lines form
// against docs/design.md#trajectory-record, key by key.
func TestRecordJSONIsTheCanonicalRow(t *testing.T) {
	row := rolloutRow(t)
	checkRowHead(t, row)
	checkRowTools(t, row)
	checkRowCalls(t, row)
	checkRowAccount(t, row)
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func TestInvalidRequestsNameTheField(t *testing.T) {
	bp, c := load(t)
	svc, closeFn, err := agent.NewLocal(agent.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	cases := []struct {
		req   *agentv1.RolloutRequest
		field string
	}{
		{&agentv1.RolloutRequest{Tools: c.GetTools()}, "blueprint"},
		{&agentv1.RolloutRequest{Blueprint: bp}, "tools"},
		{&agentv1.RolloutRequest{Blueprint: bp, Tools: c.GetTools(), MaxCorrections: -1}, "max_corrections"},
		{&agentv1.RolloutRequest{Blueprint: bp, Tools: c.GetTools(), Roles: &llmv1.Roles{Assistant: &llmv1.Endpoint{Provider: "openai", BaseUrl: "http://127.0.0.1:1/v1", Model: "m", ApiKeyEnv: "HOME"}}}, "roles.assistant.api_key_env"},
		{&agentv1.RolloutRequest{Blueprint: bp, Tools: c.GetTools()[:2]}, "tools"},
	}
	for _, tc := range cases {
		_, err := svc.Rollout(context.Background(), tc.req)
		if status.Code(err) != codes.InvalidArgument {
			t.Fatalf("%s: got %v, want InvalidArgument", tc.field, err)
		}
		var fields []string
		for _, v := range apierr.Violations(err) {
			fields = append(fields, v.Field)
		}
		if len(fields) == 0 || fields[0] != tc.field {
			t.Errorf("violations %v, want %s first", fields, tc.field)
		}
	}
}

// TestServesOverGRPCAndConcurrently runs the service as a gRPC server and
// rolls many trajectories out at once through it (run with -race).
func TestServesOverGRPCAndConcurrently(t *testing.T) {
	bp, c := load(t)
	bp.Calls = bp.Calls[:9]
	svc := agent.New()
	fs := flag.NewFlagSet("agent", flag.ContinueOnError)
	svc.RegisterFlags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, app.Env{Logger: slog.New(slog.DiscardHandler), Listener: lis}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	conn, err := grpcclient.Dial(lis.Addr().String(), grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := agentv1.NewAgentServiceClient(conn)
	var wg sync.WaitGroup
	ids := make([]string, 24)
	for i := range ids {
		wg.Go(func() {
			resp, err := client.Rollout(ctx, &agentv1.RolloutRequest{Blueprint: bp, Tools: c.GetTools(), Seed: int64(i % 3)}, grpc.WaitForReady(true))
			if err != nil {
				t.Error(err)
				return
			}
			if !resp.GetResult().GetPassed() {
				t.Errorf("rejected: %v", resp.GetResult().GetRejections())
			}
			ids[i] = resp.GetResult().GetRecord().GetId()
		})
	}
	wg.Wait()
	for i := range ids {
		if ids[i] != ids[i%3] {
			t.Fatalf("same seed, different record ids: %q %q", ids[i], ids[i%3])
		}
	}
	if ids[0] == ids[1] {
		t.Fatal("different seeds, same record id")
	}
}
