package jobstate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

var testClusters = []strategy.Cluster{
	{ID: "shop-1", Domain: "ecommerce", Tools: 5}, {ID: "shop-2", Domain: "ecommerce", Tools: 4},
	{ID: "bank-1", Domain: "financial", Tools: 6}, {ID: "mail-1", Domain: "email", Tools: 3},
	{ID: "geo-1", Domain: "location", Tools: 8},
}

func testJob(id string, kind evolvev1.Strategy, target int64) *jobv1.Job {
	share := 0.2
	return &jobv1.Job{Id: id, CorpusId: "corpus-1", ClusteringId: "k-1", Spec: &jobv1.JobSpec{
		TargetRecords: target, Seed: 42, CodeToolShare: &share,
		Strategy: &evolvev1.StrategySpec{Strategy: kind, Window: 8},
	}}
}

// clock is a deterministic clock: each reading is a millisecond later.
type clock struct{ n int64 }

func (c *clock) now() time.Time {
	c.n++
	return time.Unix(1_800_000_000, 0).Add(time.Duration(c.n) * time.Millisecond)
}

func msg(role, content string) *trajectoryv1.Message {
	return &trajectoryv1.Message{Role: role, Content: content}
}

func call(id, name, args string) *trajectoryv1.ToolCall {
	return &trajectoryv1.ToolCall{Id: id, Type: "function", Function: &trajectoryv1.FunctionCall{Name: name, Arguments: args}}
}

// rollout plays a worker: a hand-built trajectory that follows the task's
// target (one call per complexity level, the first two in parallel for a
// fan-out, a failing first call for error recovery, each later call reusing
// the previous output). One task in seven fails verification and one in
// eleven repeats the same conversation (a near-duplicate).
func rollout(job string, t *evolvev1.Task) *agentv1.RolloutResult {
	tg := t.GetTarget()
	seed := uint64(t.GetSeed())
	text := "please handle request " + t.GetId() + " about " + t.GetClusterId() + " with care and report back soon"
	tool := t.GetClusterId() + "_op"
	if seed%11 == 0 {
		text, tool = "the same request every time for the same tool and the same result please", "same_op"
	}
	msgs := []*trajectoryv1.Message{msg("system", "you are helpful"), msg("user", text)}
	n := max(int(tg.GetComplexity()), 1)
	prev := ""
	for i := 0; i < n; {
		k := 1
		if i == 0 && slices.Contains(tg.GetPrimitives(), blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_PARALLEL_FAN_OUT) && n >= 2 {
			k = 2
		}
		a := msg("assistant", "")
		for j := range k {
			args := fmt.Sprintf(`{"q":"v%d"}`, i+j)
			if prev != "" {
				args = fmt.Sprintf(`{"ref":%q}`, prev)
			}
			a.ToolCalls = append(a.ToolCalls, call(fmt.Sprint("c", i+j), fmt.Sprintf("%s%d", tool, i+j), args))
		}
		msgs = append(msgs, a)
		for j := range k {
			out := fmt.Sprintf(`{"id":"out-%s-%d"}`, t.GetId(), i+j)
			if i == 0 && slices.Contains(tg.GetPrimitives(), blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_ERROR_RECOVERY) {
				out = `{"error":"not found"}`
			} else {
				prev = fmt.Sprintf("out-%s-%d", t.GetId(), i+j)
			}
			m := msg("tool", out)
			m.ToolCallId = fmt.Sprint("c", i+j)
			msgs = append(msgs, m)
		}
		i += k
	}
	msgs = append(msgs, msg("assistant", "all done"))
	passed := seed%7 != 0
	res := &agentv1.RolloutResult{TaskId: t.GetId(), JobId: job, Passed: passed,
		Record: &trajectoryv1.Record{Id: "rec-" + t.GetId(), JobId: job, ClusterId: t.GetClusterId(), Domain: tg.GetDomain(), Messages: msgs, Primitives: tg.GetPrimitives()}}
	if !passed {
		res.Rejections = []*trajectoryv1.Rejection{{Reason: trajectoryv1.RejectReason_REJECT_REASON_OUTCOME, Detail: "answer misses a value"}}
	}
	return res
}

// step is one observation of a run, for comparing runs.
type step struct {
	task, target string
	decision     evolvev1.Decision
}

// drive runs a job like the loop does: keep the window full, observe the
// oldest task in flight, until the job stops or steps observations were
// made (0: no limit). queue holds the tasks in flight in issue order.
func drive(t *testing.T, ctx context.Context, j *Job, queue []*evolvev1.Task, steps int) ([]step, []*evolvev1.Task) {
	t.Helper()
	var out []step
	for steps == 0 || len(out) < steps {
		more, err := j.Issue(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		queue = append(queue, more...)
		if len(queue) == 0 {
			break
		}
		task := queue[0]
		queue = queue[1:]
		o, err := j.Observe(ctx, rollout(j.ID(), task))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, step{task.GetId(), task.GetClusterId() + " " + task.GetTarget().String(), o.Decision})
	}
	return out, queue
}

// handResult is a passed rollout result of task in domain: the user's words,
// then each call with its result, then an answer.
func handResult(task *evolvev1.Task, domain, user string, calls ...*trajectoryv1.ToolCall) *agentv1.RolloutResult {
	msgs := []*trajectoryv1.Message{msg("user", user)}
	for _, c := range calls {
		msgs = append(msgs, &trajectoryv1.Message{Role: "assistant", ToolCalls: []*trajectoryv1.ToolCall{c}}, &trajectoryv1.Message{Role: "tool", ToolCallId: c.GetId(), Content: `{"order":"A-100"}`})
	}
	msgs = append(msgs, msg("assistant", "done"))
	return &agentv1.RolloutResult{TaskId: task.GetId(), JobId: "j1", Passed: true, Record: &trajectoryv1.Record{Id: "r-" + task.GetId(), Domain: domain, Messages: msgs}}
}

// handResults are five results whose metrics are computed by hand below.
func handResults(tasks []*evolvev1.Task) []*agentv1.RolloutResult {
	// r0: [u].[d].ans, CAC (1+0.25) + (1+0.25+1) = 3.5.
	r0 := handResult(tasks[0], "shop", "find my latest order and then track it", call("c1", "find", `{"user":"ann"}`), call("c2", "track", `{"order":"A-100"}`))
	// r1: [u].ans, CAC 1.5.
	r1 := handResult(tasks[1], "mail", "send a short note to bob about lunch", call("c1", "send", `{"to":"bob","text":"lunch"}`))
	// r2: unverified.
	r2 := handResult(tasks[2], "mail", "whatever", call("c1", "send", `{}`))
	r2.Passed = false
	r2.Rejections = []*trajectoryv1.Rejection{{Reason: trajectoryv1.RejectReason_REJECT_REASON_SCHEMA}}
	// r3: a near-duplicate of r0 (same tools, same words).
	r3 := handResult(tasks[3], "shop", "find my latest order and then track it", call("c1", "find", `{"user":"bob"}`), call("c2", "track", `{"order":"B-7"}`))
	// r4: [u].[u].ans in shop: CAC 1.25 + 1.25 = 2.5; the third accepted record ends the job.
	r4 := handResult(tasks[4], "shop", "list the stores near the station and the opening hours", call("c1", "stores", `{"near":"station"}`), call("c2", "hours", `{"day":"mon"}`))
	return []*agentv1.RolloutResult{r0, r1, r2, r3, r4}
}

// observeHandResults observes the hand-built results in order and checks
// each decision: r3 is a duplicate of r0, r4 reaches the target.
func observeHandResults(t *testing.T, ctx context.Context, j *Job, rs []*agentv1.RolloutResult) {
	t.Helper()
	want := []evolvev1.Decision{evolvev1.Decision_DECISION_ACCEPTED, evolvev1.Decision_DECISION_ACCEPTED, evolvev1.Decision_DECISION_REJECTED_UNVERIFIED, evolvev1.Decision_DECISION_REJECTED_DUPLICATE, evolvev1.Decision_DECISION_ACCEPTED}
	for i, r := range rs {
		o, err := j.Observe(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if o.Decision != want[i] {
			t.Fatalf("result %d: %v, want %v", i, o.Decision, want[i])
		}
		if i == 3 && o.DuplicateOf != rs[0].GetRecord().GetId() {
			t.Fatalf("duplicate of %q", o.DuplicateOf)
		}
		if i == 4 && o.StoppedNow != ReasonTarget {
			t.Fatalf("third accepted record: stopped %q", o.StoppedNow)
		}
	}
}

func nearlyEqual(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// checkHandFinal checks the final snapshot of the hand-built results:
// domains shop 2, mail 1; signatures [u].[d].ans, [u].ans, [u].[u].ans.
func checkHandFinal(t *testing.T, f *evolvev1.Snapshot) {
	t.Helper()
	hdom := -(2.0/3*math.Log2(2.0/3) + 1.0/3*math.Log2(1.0/3))
	if f.GetAccepted() != 3 || f.GetRejected() != 2 || f.GetNearDuplicates() != 1 || !nearlyEqual(f.GetHDom(), hdom) ||
		!nearlyEqual(f.GetHMode(), math.Log2(3)) || !nearlyEqual(f.GetCacMean(), (3.5+1.5+2.5)/3) || f.GetCacP50() != 2.5 || f.GetCacP90() != 3.5 {
		t.Fatalf("final snapshot %v", f)
	}
}

// checkHandReport checks the rates, counts and curve of the report of the
// hand-built results.
func checkHandReport(t *testing.T, rep *evolvev1.Report) {
	t.Helper()
	checkHandFinal(t, rep.GetFinal())
	if !nearlyEqual(rep.GetNearDuplicateRate(), 1.0/4) || !nearlyEqual(rep.GetRejectionRate(), 2.0/5) {
		t.Fatalf("near-duplicate rate %v (want 1/4 of verified), rejection rate %v (want 2/5)", rep.GetNearDuplicateRate(), rep.GetRejectionRate())
	}
	got := map[string]int64{}
	for _, c := range rep.GetRejections() {
		got[c.GetKey()] = c.GetCount()
	}
	if len(got) != 2 || got["schema"] != 1 || got["near_duplicate"] != 1 {
		t.Fatalf("rejections by reason %v", got)
	}
	if rep.GetDomains()[0].GetKey() != "shop" || rep.GetDomains()[0].GetCount() != 2 {
		t.Fatalf("domains %v", rep.GetDomains())
	}
	if len(rep.GetCurve()) != 3 || rep.GetCurve()[2].GetAccepted() != 3 {
		t.Fatalf("curve %v", rep.GetCurve())
	}
	if rep.GetUniformBaseline() != nil {
		t.Fatal("uniform baseline set without the clustering's tools per domain")
	}
}

func TestReportMatchesHandComputedValues(t *testing.T) {
	ctx := context.Background()
	m := NewManager(NewMemory())
	j, started, err := m.Start(ctx, testJob("j1", evolvev1.Strategy_STRATEGY_UNIFORM, 3), func(context.Context) (strategy.Pool, error) { return strategy.Pool{Targets: testClusters}, nil })
	if err != nil || !started {
		t.Fatal(started, err)
	}
	tasks, err := j.Next(ctx, 5)
	if err != nil || len(tasks) != 5 {
		t.Fatal(len(tasks), err)
	}
	rs := handResults(tasks)
	observeHandResults(t, ctx, j, rs)
	if o, _ := j.Observe(ctx, rs[0]); o.Decision != evolvev1.Decision_DECISION_ALREADY_OBSERVED || o.First != evolvev1.Decision_DECISION_ACCEPTED {
		t.Fatalf("redelivered result: %v first %v", o.Decision, o.First)
	}
	checkHandReport(t, j.Report())
	// The job stopped: nothing more is issued, late results are dropped.
	if more, _ := j.Next(ctx, 3); len(more) != 0 {
		t.Fatalf("stopped job issued %d tasks", len(more))
	}
}

func TestExactTargetAndLateResultsDropped(t *testing.T) {
	ctx := context.Background()
	m := NewManager(NewMemory())
	j, _, err := m.Start(ctx, testJob("j2", evolvev1.Strategy_STRATEGY_TDSCALING, 40), func(context.Context) (strategy.Pool, error) { return strategy.Pool{Targets: testClusters}, nil })
	if err != nil {
		t.Fatal(err)
	}
	steps, queue := drive(t, ctx, j, nil, 0)
	if j.Stopped() != ReasonTarget || j.Snapshot().GetAccepted() != 40 {
		t.Fatalf("stopped %q with %d accepted", j.Stopped(), j.Snapshot().GetAccepted())
	}
	if len(queue) != 0 {
		t.Fatalf("%d tasks left in the queue", len(queue))
	}
	dropped := 0
	for _, s := range steps {
		if s.decision == evolvev1.Decision_DECISION_DROPPED {
			dropped++
		}
	}
	if dropped == 0 {
		t.Fatal("no result arrived after the target: the window test exercises nothing")
	}
	if got := j.Snapshot().GetAccepted(); got != 40 {
		t.Fatalf("accepted %d after late results", got)
	}
}

// run drives a job to its end on a store, restarting (reloading the job
// from the store) after each observation count in restarts; restart is
// called at each restart and returns the store to reload from.
func run(t *testing.T, store Store, restarts []int, restart func() Store) ([]step, *evolvev1.Report) {
	t.Helper()
	ctx := context.Background()
	clk := &clock{}
	m := NewManager(store)
	m.SetClock(clk.now)
	j, _, err := m.Start(ctx, testJob("resume", evolvev1.Strategy_STRATEGY_TDSCALING, 60), func(context.Context) (strategy.Pool, error) { return strategy.Pool{Targets: testClusters}, nil })
	if err != nil {
		t.Fatal(err)
	}
	var all []step
	var queue []*evolvev1.Task
	done := 0
	for _, at := range restarts {
		steps, q := drive(t, ctx, j, queue, at-done)
		all, queue, done = append(all, steps...), q, at
		// Restart: a new manager over the reopened store; the queue is what
		// the job says is in flight.
		m = NewManager(restart())
		m.SetClock(clk.now)
		if j, err = m.Get(ctx, "resume"); err != nil {
			t.Fatal(err)
		}
		pending := j.Pending()
		if fmt.Sprint(ids(pending)) != fmt.Sprint(ids(queue)) {
			t.Fatalf("after restart at %d: pending %v, in flight %v", at, ids(pending), ids(queue))
		}
		queue = pending
	}
	steps, _ := drive(t, ctx, j, queue, 0)
	return append(all, steps...), j.Report()
}

func ids(ts []*evolvev1.Task) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.GetId())
	}
	return out
}

func TestResumeAfterRestartIsExact(t *testing.T) {
	ref, refReport := run(t, NewMemory(), nil, nil)

	dir := t.TempDir()
	var ns interface{ Shutdown() }
	var nc *nats.Conn
	open := func() Store {
		if ns != nil {
			nc.Close()
			ns.Shutdown()
		}
		s, err := natsserver.Start(natsserver.Config{StoreDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		ns = s
		if nc, err = nats.Connect(s.ClientURL()); err != nil {
			t.Fatal(err)
		}
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		kv, err := OpenKV(context.Background(), js, 1)
		if err != nil {
			t.Fatal(err)
		}
		return kv
	}
	t.Cleanup(func() { nc.Close(); ns.Shutdown() })
	got, gotReport := run(t, open(), []int{7, 30, 31}, open)

	if len(got) != len(ref) {
		t.Fatalf("restarted run made %d observations, uninterrupted %d", len(got), len(ref))
	}
	for i := range ref {
		if got[i] != ref[i] {
			t.Fatalf("observation %d differs after restarts:\n got  %+v\n want %+v", i, got[i], ref[i])
		}
	}
	if !proto.Equal(gotReport, refReport) {
		t.Fatalf("reports differ:\n got  %v\n want %v", gotReport.GetFinal(), refReport.GetFinal())
	}
	decisions := map[evolvev1.Decision]int{}
	for _, s := range ref {
		decisions[s.decision]++
	}
	if decisions[evolvev1.Decision_DECISION_ACCEPTED] != 60 || decisions[evolvev1.Decision_DECISION_REJECTED_UNVERIFIED] == 0 || decisions[evolvev1.Decision_DECISION_REJECTED_DUPLICATE] == 0 {
		t.Fatalf("decisions %v: the run must accept 60 and reject both ways", decisions)
	}
	if !strings.Contains(fmt.Sprint(ref), "PARALLEL_FAN_OUT") {
		t.Fatal("the steering never asked for a fan-out in 60 records")
	}
}

func TestStartIsIdempotent(t *testing.T) {
	ctx := context.Background()
	m := NewManager(NewMemory())
	fetches := 0
	fetch := func(context.Context) (strategy.Pool, error) {
		fetches++
		return strategy.Pool{Targets: testClusters}, nil
	}
	j1, s1, err := m.Start(ctx, testJob("j3", evolvev1.Strategy_STRATEGY_TDSCALING, 5), fetch)
	if err != nil {
		t.Fatal(err)
	}
	j2, s2, err := m.Start(ctx, testJob("j3", evolvev1.Strategy_STRATEGY_TDSCALING, 5), fetch)
	if err != nil || !s1 || s2 || j1 != j2 || fetches != 1 {
		t.Fatalf("second start: started %v %v, same job %v, fetches %d, err %v", s1, s2, j1 == j2, fetches, err)
	}
	var invalid *InvalidJobError
	if _, _, err := m.Start(ctx, testJob("bad.id", evolvev1.Strategy_STRATEGY_TDSCALING, 5), fetch); !errorsAs(err, &invalid) || invalid.Field != "id" {
		t.Fatalf("bad id: %v", err)
	}
	if _, _, err := m.Start(ctx, testJob("j4", evolvev1.Strategy_STRATEGY_TDSCALING, 0), fetch); !errorsAs(err, &invalid) || invalid.Field != "spec.target_records" {
		t.Fatalf("no target: %v", err)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestUniformBaseline checks the dry draw: seeded, at the asked count, and
// close to the entropy of the tool distribution at a large count.
func TestUniformBaseline(t *testing.T) {
	tools := map[string]int{"shop": 600, "travel": 300, "weather": 100}
	b := uniformBaseline(tools, 20000, 7)
	if b.GetAccepted() != 20000 || b.GetDistinctDomains() != 3 {
		t.Fatalf("baseline %v", b)
	}
	want := -(0.6*math.Log2(0.6) + 0.3*math.Log2(0.3) + 0.1*math.Log2(0.1))
	if math.Abs(b.GetHDom()-want) > 0.02 {
		t.Fatalf("H_dom %v, want about %v", b.GetHDom(), want)
	}
	if again := uniformBaseline(tools, 20000, 7); again.GetHDom() != b.GetHDom() {
		t.Fatal("the same seed drew differently")
	}
	if small := uniformBaseline(tools, 1, 7); small.GetHDom() != 0 || small.GetDistinctDomains() != 1 {
		t.Fatalf("one record: %v", small)
	}
	if uniformBaseline(nil, 10, 7) != nil || uniformBaseline(tools, 0, 7) != nil {
		t.Fatal("a baseline without domains or records")
	}
}
