package jobstate

import (
	"context"
	"fmt"
	"testing"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// failing is a rejected result of task t whose calls spent 10 + 5 tokens
// per role given.
func failing(job string, t *evolvev1.Task, reason trajectoryv1.RejectReason, roles ...string) *agentv1.RolloutResult {
	u := &llmv1.Usage{ByRole: map[string]*llmv1.Usage{}}
	for _, r := range roles {
		u.ByRole[r] = &llmv1.Usage{PromptTokens: 10, CompletionTokens: 5, LlmCalls: 1, Cost: 0.5}
		u.PromptTokens += 10
		u.CompletionTokens += 5
		u.LlmCalls++
		u.Cost += 0.5
	}
	return &agentv1.RolloutResult{TaskId: t.GetId(), JobId: job, Usage: u,
		Rejections: []*trajectoryv1.Rejection{{Reason: reason, Detail: fmt.Sprintf("task %s failed", t.GetId())}}}
}

func startJob(t *testing.T, m *Manager, id string, budget *jobv1.Budget, target int64) *Job {
	t.Helper()
	job := testJob(id, evolvev1.Strategy_STRATEGY_TDSCALING, target)
	job.Spec.Budget = budget
	j, _, err := m.Start(context.Background(), job, func(context.Context) (strategy.Pool, error) { return strategy.Pool{Targets: testClusters}, nil })
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// observeAll issues and fails tasks until the job stops or n results were
// observed; it returns the results observed.
func observeAll(t *testing.T, j *Job, n int, result func(*evolvev1.Task, int) *agentv1.RolloutResult) int {
	t.Helper()
	ctx := context.Background()
	done := 0
	for done < n && j.Stopped() == "" {
		tasks, err := j.Issue(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) == 0 {
			t.Fatalf("nothing issued after %d results", done)
		}
		for _, task := range tasks {
			if _, err := j.Observe(ctx, result(task, done)); err != nil {
				t.Fatal(err)
			}
			done++
		}
	}
	return done
}

func TestBreakerStopsOnTheSameFailure(t *testing.T) {
	m := NewManager(NewMemory())
	j := startJob(t, m, "b1", nil, 50)
	observeAll(t, j, 1000, func(task *evolvev1.Task, _ int) *agentv1.RolloutResult {
		return failing("b1", task, trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT_DRAFT, "planner")
	})
	st := j.StopInfo()
	if j.Stopped() != ReasonSameFail || st.GetKind() != evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE {
		t.Fatalf("stopped %q %v", j.Stopped(), st)
	}
	if got := j.Report().GetAttempts(); got != DefaultBreakerStreak {
		t.Errorf("stopped after %d attempts, want the streak %d", got, DefaultBreakerStreak)
	}
	if len(st.GetTopRejections()) != 1 || st.GetTopRejections()[0].GetKey() != "blueprint_draft" || st.GetExample() == "" || st.GetResume() == "" {
		t.Errorf("stop detail %v", st)
	}
}

func TestBreakerStopsOnTheRejectionRate(t *testing.T) {
	m := NewManager(NewMemory())
	j := startJob(t, m, "b2", &jobv1.Budget{Breaker: &jobv1.Breaker{Window: 40, MaxRejectionRate: 0.8}}, 1000)
	reasons := []trajectoryv1.RejectReason{trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, trajectoryv1.RejectReason_REJECT_REASON_SCHEMA, trajectoryv1.RejectReason_REJECT_REASON_OUTCOME}
	// Nine in ten fail, with varying reasons (no streak); one in ten passes.
	n := observeAll(t, j, 1000, func(task *evolvev1.Task, i int) *agentv1.RolloutResult {
		if i%10 == 9 {
			return rollout("b2", task)
		}
		return failing("b2", task, reasons[i%3], "assistant")
	})
	if j.StopInfo().GetKind() != evolvev1.StopKind_STOP_KIND_BREAKER_REJECTION_RATE {
		t.Fatalf("stopped %q after %d results", j.Stopped(), n)
	}
	if a := j.Report().GetAttempts(); a < 40 || a > 48 {
		t.Errorf("stopped after %d attempts: want the first window of 40 over the rate (with the window's tasks)", a)
	}
}

func TestBreakerOffAndBudgetStopBetweenRollouts(t *testing.T) {
	m := NewManager(NewMemory())
	// 15 tokens per result; a budget of 300 is spent by the 20th.
	j := startJob(t, m, "b3", &jobv1.Budget{MaxLlmTokens: 300, Breaker: &jobv1.Breaker{Disabled: true}}, 50)
	observeAll(t, j, 1000, func(task *evolvev1.Task, _ int) *agentv1.RolloutResult {
		return failing("b3", task, trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "assistant")
	})
	if j.StopInfo().GetKind() != evolvev1.StopKind_STOP_KIND_MAX_LLM_TOKENS {
		t.Fatalf("stopped %q, want the token budget with the breaker off", j.Stopped())
	}
	if u := j.Spend(); u.GetPromptTokens()+u.GetCompletionTokens() < 300 {
		t.Errorf("stopped at %d tokens", u.GetPromptTokens()+u.GetCompletionTokens())
	}
}

// TestUsageCountsEveryResult: results that arrive after the stop are
// dropped from the dataset but their calls count, by role, with their cost;
// a job reloaded from its log has the same usage and stop.
func TestUsageCountsEveryResult(t *testing.T) {
	ctx := context.Background()
	store := NewMemory()
	m := NewManager(store)
	j := startJob(t, m, "u1", &jobv1.Budget{MaxCost: 3}, 50)
	tasks, err := j.Issue(ctx, 0)
	if err != nil || len(tasks) < 8 {
		t.Fatalf("issued %d: %v", len(tasks), err)
	}
	for _, task := range tasks {
		if _, err := j.Observe(ctx, failing("u1", task, trajectoryv1.RejectReason_REJECT_REASON_LLM_ERROR, "planner", "assistant")); err != nil {
			t.Fatal(err)
		}
	}
	if j.StopInfo().GetKind() != evolvev1.StopKind_STOP_KIND_MAX_COST {
		t.Fatalf("stopped %q, want max_cost (1.0 per result, budget 3)", j.Stopped())
	}
	u := j.Spend()
	want := int64(len(tasks))
	if u.GetLlmCalls() != 2*want || u.GetByRole()["planner"].GetLlmCalls() != want || u.GetByRole()["assistant"].GetPromptTokens() != 10*want || u.GetCost() != float64(want) {
		t.Fatalf("usage %v after %d results, want every result's calls", u, want)
	}
	if got := j.Report().GetUsage(); got.GetLlmCalls() != u.GetLlmCalls() {
		t.Errorf("report usage %v", got)
	}
	again, err := Load(ctx, store, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Spend().GetLlmCalls() != u.GetLlmCalls() || again.StopInfo().GetKind() != evolvev1.StopKind_STOP_KIND_MAX_COST || again.Spend().GetCost() != u.GetCost() {
		t.Errorf("reloaded: usage %v stop %v", again.Spend(), again.StopInfo())
	}
}

// TestResumeContinuesAStoppedJob: a job stopped by its token budget resumes
// with a larger one, counting what it spent; the breaker starts afresh; a
// budget still spent stops it again at once; a replay of the log gives the
// same job.
func TestResumeContinuesAStoppedJob(t *testing.T) {
	ctx := context.Background()
	store := NewMemory()
	m := NewManager(store)
	j := startJob(t, m, "r1", &jobv1.Budget{MaxLlmTokens: 60}, 50)
	fail := func(task *evolvev1.Task, _ int) *agentv1.RolloutResult {
		return failing("r1", task, trajectoryv1.RejectReason_REJECT_REASON_OUTCOME, "assistant")
	}
	observeAll(t, j, 4, fail)
	if j.Stopped() != ReasonTokens {
		t.Fatalf("stopped %q, want the token budget", j.Stopped())
	}
	// Let the tasks in flight come back, as the loop's drain does.
	for _, task := range j.Pending() {
		if _, err := j.Observe(ctx, fail(task, 0)); err != nil {
			t.Fatal(err)
		}
	}
	spent := j.Report().GetUsage().GetPromptTokens() + j.Report().GetUsage().GetCompletionTokens()

	resumed := proto.Clone(j.Proto()).(*jobv1.Job)
	resumed.Resumes = 1
	resumed.Spec.Budget = &jobv1.Budget{MaxLlmTokens: spent} // still spent
	if running, err := j.Resume(ctx, resumed); err != nil || running || j.Stopped() != ReasonTokens {
		t.Fatalf("resume with a spent budget: running %v, stopped %q, %v", running, j.Stopped(), err)
	}
	resumed.Resumes = 2
	resumed.Spec.Budget = &jobv1.Budget{MaxLlmTokens: spent + 45}
	if running, err := j.Resume(ctx, resumed); err != nil || !running || j.Stopped() != "" || j.StopInfo() != nil {
		t.Fatalf("resume with a larger budget: running %v, stopped %q, %v", running, j.Stopped(), err)
	}
	if running, _ := j.Resume(ctx, resumed); !running || j.Resumes() != 2 {
		t.Fatalf("a repeated resume is not idempotent: resumes %d", j.Resumes())
	}
	if got := j.Proto().GetSpec().GetBudget().GetMaxLlmTokens(); got != spent+45 {
		t.Fatalf("budget after the resume %d", got)
	}
	// Three more calls of 15 tokens spend the new budget (the results
	// after them are dropped).
	before := j.Report().GetAttempts()
	observeAll(t, j, 100, fail)
	if n := j.Report().GetAttempts() - before; n != 3 || j.Stopped() != ReasonTokens {
		t.Fatalf("%d attempts after the resume, stopped %q; want 3 and the token budget", n, j.Stopped())
	}
	again, err := Load(ctx, store, "r1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Resumes() != 2 || again.Stopped() != ReasonTokens || again.Report().GetAttempts() != j.Report().GetAttempts() ||
		again.Proto().GetSpec().GetBudget().GetMaxLlmTokens() != spent+45 {
		t.Fatalf("replayed job: resumes %d, stopped %q, attempts %d (live %d)", again.Resumes(), again.Stopped(), again.Report().GetAttempts(), j.Report().GetAttempts())
	}
}

// TestWallTimeCountsFromTheLatestStart: max_wall_time stops a job once it
// has run that long; a resumed job gets the same time again from its
// resume, its spend and records kept.
func TestWallTimeCountsFromTheLatestStart(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := NewManager(NewMemory())
	m.SetClock(func() time.Time { return clock })
	j := startJob(t, m, "w1", &jobv1.Budget{MaxWallTime: durationpb.New(time.Minute)}, 50)
	clock = clock.Add(59 * time.Second)
	if j.WallTimeSpent() {
		t.Fatal("wall time spent after 59 s of a minute")
	}
	clock = clock.Add(time.Second)
	if !j.WallTimeSpent() {
		t.Fatal("wall time not spent after a minute")
	}
	if _, err := j.Stop(ctx, ReasonWallTime); err != nil {
		t.Fatal(err)
	}
	if k := j.StopInfo().GetKind(); k != evolvev1.StopKind_STOP_KIND_MAX_WALL_TIME {
		t.Fatalf("stop %v", k)
	}
	clock = clock.Add(time.Hour) // resumed an hour later
	resumed := proto.Clone(j.Proto()).(*jobv1.Job)
	resumed.Resumes = 1
	if running, err := j.Resume(ctx, resumed); err != nil || !running {
		t.Fatalf("resume: running %v, %v", running, err)
	}
	clock = clock.Add(30 * time.Second)
	if j.WallTimeSpent() {
		t.Fatal("a resumed job's wall time counts from its first start")
	}
	clock = clock.Add(30 * time.Second)
	if !j.WallTimeSpent() {
		t.Fatal("a resumed job's wall time is not bounded")
	}
}
