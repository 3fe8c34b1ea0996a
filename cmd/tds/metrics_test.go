package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"

	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// TestUpServesMetricsOfEveryService runs a job on `tds up`, then rollouts
// whose user is played by a model server (the first call refused), then
// code in the sandbox, and finds in the process's /metrics every family the
// services record.
func TestUpServesMetricsOfEveryService(t *testing.T) {
	fake := llmtest.New(t)
	fake.Enqueue(llmtest.Status(http.StatusBadRequest))
	exports := t.TempDir()
	r := startUp(t, "--sandbox.host_id_base=600000", "--export.roots="+exports)
	out := filepath.Join(exports, "ds")
	if code, _, stderr := runTDS(t, "synth", "--server", r.endpoints["gateway"], "--corpus", exampleCorpus, "-n", "8", "--out", out); code != 0 {
		t.Fatalf("synth: exit %d\n%s", code, stderr)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var cluster clusterv1.Cluster
	if err := protojson.Unmarshal([]byte(testCluster), &cluster); err != nil {
		t.Fatal(err)
	}
	drafted, err := blueprintv1.NewBlueprintServiceClient(dial(t, r.endpoints["blueprint"], "")).DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: &cluster},
		Target:     &blueprintv1.Target{Primitives: []blueprintv1.ReasoningPrimitive{blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_SEQUENTIAL_CHAIN}, CodeStep: true},
		Seed:       3,
	})
	if err != nil {
		t.Fatal(err)
	}
	agent := agentv1.NewAgentServiceClient(dial(t, r.endpoints["agent"], ""))
	req := &agentv1.RolloutRequest{Blueprint: drafted.GetBlueprint(), Tools: cluster.GetTools(), Seed: 3,
		Roles: &llmv1.Roles{UserSimulator: &llmv1.Endpoint{Provider: "openai", BaseUrl: fake.URL, Model: "fake-user"}}}
	// The refused call fails the first rollout (as an error or a rejection).
	for range 2 {
		if _, err := agent.Rollout(ctx, req); err != nil {
			t.Logf("rollout: %v", err)
		}
	}
	if fake.Calls() < 2 {
		t.Fatalf("the model server took %d calls, want at least 2", fake.Calls())
	}
	// The fake user never states the plan's values, so those rollouts end
	// before their code step, and whether the job's few records had one is
	// chance: the sandbox is asked to run code itself.
	run, err := sandboxv1.NewSandboxServiceClient(dial(t, r.endpoints["sandbox"], "")).
		Execute(ctx, &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(6*7)"})
	if err != nil || strings.TrimSpace(string(run.GetStdout())) != "42" {
		t.Fatalf("Execute: %v %v %q", err, run.GetStatus(), run.GetStderr())
	}

	resp, err := http.Get(r.endpoints["metrics"])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	scrape := string(body)
	for _, want := range []string{
		`rpc_server_call_duration_seconds_bucket{`,
		`messaging_client_consumed_messages_total{messaging_consumer_group_name="agent-workers",messaging_destination_name="TDS_TASKS",messaging_nats_outcome="ack"`,
		`messaging_process_duration_seconds_bucket{messaging_consumer_group_name="gateway-sink"`,
		`tds_events_redeliveries_total{messaging_consumer_group_name="evolve-rollouts"`,
		`tds_events_queue_depth{messaging_consumer_group_name="agent-workers",messaging_destination_name="TDS_TASKS",messaging_system="nats",`,
		`tds_events_state="pending"`,
		`tds_llm_calls_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="fake-user"`,
		`tds_llm_errors_total{error_type="400"`,
		`gen_ai_client_token_usage_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="fake-user",gen_ai_token_type="input"`,
		`gen_ai_client_operation_duration_seconds_bucket{`,
		`tds_llm_role="user_simulator"`,
		`tds_sandbox_runs_total{`,
		`tds_sandbox_run_duration_seconds_bucket{`,
		`tds_evolve_records_total{`,
		`tds_evolve_decision="accepted"`,
		`tds_gateway_records_written_total{`,
		`tds_record_kind="accepted"`,
	} {
		if !strings.Contains(scrape, want) {
			t.Errorf("no %s in the scrape", want)
		}
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", scrape)
	}
}
