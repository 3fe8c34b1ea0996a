package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// badModel is a model server that answers every request with a refusal in
// prose: no plan, no tool call, nothing a rollout can use.
func badModel(t *testing.T) *llmtest.Server {
	fake := llmtest.New(t)
	fake.Handle(func(_ llm.ChatRequest, _ int) llmtest.Reply {
		return llmtest.Text("I am sorry, I cannot help with that request.")
	})
	return fake
}

// lastJobJSON is the job a --json synth printed last.
func lastJobJSON(t *testing.T, stdout string) *jobv1.Job {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var job jobv1.Job
	if err := protojson.Unmarshal([]byte(lines[len(lines)-1]), &job); err != nil {
		t.Fatalf("last line of --json output is not a job: %v\n%s", err, stdout)
	}
	return &job
}

// TestSynthStopsOnTheBreakerWithoutBudgetFlags points the planner and the
// assistant at a model that answers badly and gives no budget: the job
// stops on the breaker within its window, says why with the rejections,
// an example and the spend, and its usage is every call the server served.
func TestSynthStopsOnTheBreakerWithoutBudgetFlags(t *testing.T) {
	fake := badModel(t)
	out := filepath.Join(t.TempDir(), "ds")
	code, stdout, stderr := runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "20", "--out", out, "--json",
		"--blueprint.llm.planner.provider=openai", "--blueprint.llm.planner.base_url="+fake.URL, "--blueprint.llm.planner.model=bad",
		"--agent.llm.assistant.provider=openai", "--agent.llm.assistant.base_url="+fake.URL, "--agent.llm.assistant.model=bad")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stopped)\n%s", code, stderr)
	}
	job := lastJobJSON(t, stdout)
	t.Logf("stderr:\n%s", stderr)
	if job.GetState() != jobv1.JobState_JOB_STATE_STOPPED {
		t.Fatalf("state %v, want STOPPED; reason %q", job.GetState(), job.GetReason())
	}
	st := job.GetStop()
	if k := st.GetKind(); k != evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE && k != evolvev1.StopKind_STOP_KIND_BREAKER_REJECTION_RATE {
		t.Fatalf("stop kind %v, want the breaker; %q", k, st.GetReason())
	}
	if len(st.GetTopRejections()) == 0 || st.GetTopRejections()[0].GetKey() != "blueprint_draft" || st.GetExample() == "" || st.GetResume() == "" {
		t.Errorf("stop without its rejections, example or advice: %v", st)
	}
	attempts := job.GetProgress().GetAccepted() + job.GetProgress().GetRejected()
	// The breaker trips within its window; the tasks in flight then finish.
	if attempts > 100+64 {
		t.Errorf("%d attempts before the stop, want the breaker to stop the job within its window", attempts)
	}
	for _, want := range []string{"breaker", "blueprint_draft", "example:", "spent:", "planner:", "next:"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	calls, prompt, completion := fake.Served()
	u := job.GetProgress().GetUsage()
	if u.GetLlmCalls() != calls || u.GetPromptTokens() != prompt || u.GetCompletionTokens() != completion {
		t.Errorf("job usage %d calls %d+%d tokens, the server served %d calls %d+%d tokens", u.GetLlmCalls(), u.GetPromptTokens(), u.GetCompletionTokens(), calls, prompt, completion)
	}
	if u.GetByRole()["planner"].GetLlmCalls() == 0 {
		t.Errorf("no planner calls in the usage by role: %v", u.GetByRole())
	}
	// The partial dataset is written, says it is partial, and its report
	// carries the same usage.
	card, err := os.ReadFile(filepath.Join(out, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Partial dataset", "planner:"} {
		if !strings.Contains(string(card), want) {
			t.Errorf("card lacks %q", want)
		}
	}
	var report struct {
		Usage struct {
			LlmCalls string `json:"llm_calls"`
		} `json:"usage"`
		Stop struct {
			Kind string `json:"kind"`
		} `json:"stop"`
	}
	raw, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatal(err)
	}
	if report.Usage.LlmCalls == "" || report.Usage.LlmCalls == "0" || !strings.HasPrefix(report.Stop.Kind, "STOP_KIND_BREAKER") {
		t.Errorf("report.json usage %+v stop %+v", report.Usage, report.Stop)
	}
}

// TestSynthTokenBudgetStopsAtTheBudget gives the job a token budget with the
// breaker off: it stops at the budget, within one call's tokens, and its
// usage equals what the model server served.
func TestSynthTokenBudgetStopsAtTheBudget(t *testing.T) {
	fake := badModel(t)
	const budget, perCall = 610, 15 // llmtest reports 10 + 5 tokens per call
	out := filepath.Join(t.TempDir(), "ds")
	code, stdout, stderr := runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "20", "--out", out, "--json",
		"--max-tokens", "610", "--no-breaker",
		"--agent.llm.assistant.provider=openai", "--agent.llm.assistant.base_url="+fake.URL, "--agent.llm.assistant.model=bad",
		"--agent.llm.assistant.max_concurrency=1")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stopped)\n%s", code, stderr)
	}
	job := lastJobJSON(t, stdout)
	t.Logf("stderr:\n%s", stderr)
	if job.GetState() != jobv1.JobState_JOB_STATE_STOPPED || job.GetStop().GetKind() != evolvev1.StopKind_STOP_KIND_MAX_LLM_TOKENS {
		t.Fatalf("state %v stop %v, want STOPPED by max_llm_tokens", job.GetState(), job.GetStop())
	}
	u := job.GetProgress().GetUsage()
	tokens := u.GetPromptTokens() + u.GetCompletionTokens()
	if tokens < budget || tokens >= budget+perCall {
		t.Errorf("spent %d tokens on a budget of %d: want the budget plus less than one call (%d)", tokens, budget, perCall)
	}
	calls, prompt, completion := fake.Served()
	if u.GetLlmCalls() != calls || tokens != prompt+completion {
		t.Errorf("job usage %d calls %d tokens, the server served %d calls %d tokens", u.GetLlmCalls(), tokens, calls, prompt+completion)
	}
	if !job.GetDatasetWritten() || !job.GetPartial() {
		t.Errorf("dataset written %v partial %v, want a written partial dataset", job.GetDatasetWritten(), job.GetPartial())
	}
	if _, err := os.Stat(filepath.Join(out, "trajectories.jsonl")); err != nil {
		t.Errorf("stopped job's dataset: %v", err)
	}
}

// TestSynthCostBudgetFromTheConfigFile sets the budget and the assistant's
// prices in the configuration file: the job stops on its cost, shown by
// role, within one call's cost of the budget.
func TestSynthCostBudgetFromTheConfigFile(t *testing.T) {
	fake := badModel(t)
	// 10 prompt + 5 completion tokens a call at 1000 and 2000 per million: 0.02 a call.
	const budget, perCall = 0.3, 0.02
	cfg := writeFile(t, "tds.yaml", "max-cost: 0.3\nno-breaker: true\nagent:\n  llm:\n    assistant:\n"+
		"      provider: openai\n      base_url: "+fake.URL+"\n      model: bad\n      max_concurrency: 1\n"+
		"      price:\n        input_per_million: 1000\n        output_per_million: 2000\n")
	out := filepath.Join(t.TempDir(), "ds")
	code, stdout, stderr := runTDS(t, "synth", "--config", cfg, "--corpus", exampleCorpus, "-n", "20", "--out", out, "--json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stopped)\n%s", code, stderr)
	}
	job := lastJobJSON(t, stdout)
	if job.GetStop().GetKind() != evolvev1.StopKind_STOP_KIND_MAX_COST || job.GetSpec().GetBudget().GetMaxCost() != budget {
		t.Fatalf("stop %v, budget %v: want max_cost from the file", job.GetStop(), job.GetSpec().GetBudget())
	}
	u := job.GetProgress().GetUsage()
	if u.GetCost() < budget-1e-9 || u.GetCost() >= budget+perCall-1e-9 || u.GetByRole()["assistant"].GetCost() != u.GetCost() {
		t.Errorf("cost %.4f (assistant %.4f) on a budget of %.2f: want the budget plus less than one call (%.2f)", u.GetCost(), u.GetByRole()["assistant"].GetCost(), budget, perCall)
	}
	if !strings.Contains(stderr, "cost 0.3") {
		t.Errorf("the stop does not show the cost:\n%s", stderr)
	}
}
