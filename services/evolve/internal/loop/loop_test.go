package loop

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

var clusters = []strategy.Cluster{
	{ID: "shop-1", Domain: "ecommerce", Tools: 5}, {ID: "bank-1", Domain: "financial", Tools: 6},
	{ID: "mail-1", Domain: "email", Tools: 3}, {ID: "geo-1", Domain: "location", Tools: 8},
}

// result is the hand-written rollout a test worker returns for a task: a
// chain of calls as long as the target's complexity, each reusing the
// previous output; every sixth task fails verification and every ninth
// repeats one conversation (a near-duplicate after the first).
func result(t *evolvev1.Task) *agentv1.RolloutResult {
	var seq int
	fmt.Sscanf(t.GetId()[strings.LastIndex(t.GetId(), "-t")+2:], "%d", &seq)
	text := "please look into request number " + t.GetId() + " for " + t.GetClusterId() + " and tell me what you find"
	tool := t.GetClusterId()
	if seq%9 == 4 {
		text, tool = "exactly the same words each time for exactly the same tool calls", "same"
	}
	msgs := []*trajectoryv1.Message{{Role: "user", Content: text}}
	prev := ""
	for i := range max(int(t.GetTarget().GetComplexity()), 1) {
		args := fmt.Sprintf(`{"q":"value%d"}`, i)
		if prev != "" {
			args = fmt.Sprintf(`{"ref":%q}`, prev)
		}
		id := fmt.Sprint("call", i)
		prev = fmt.Sprintf("out-%s-%d", t.GetId(), i)
		msgs = append(msgs,
			&trajectoryv1.Message{Role: "assistant", ToolCalls: []*trajectoryv1.ToolCall{{Id: id, Type: "function", Function: &trajectoryv1.FunctionCall{Name: fmt.Sprintf("%s_%d", tool, i), Arguments: args}}}},
			&trajectoryv1.Message{Role: "tool", ToolCallId: id, Content: fmt.Sprintf(`{"id":%q}`, prev)})
	}
	msgs = append(msgs, &trajectoryv1.Message{Role: "assistant", Content: "here is what I found"})
	res := &agentv1.RolloutResult{TaskId: t.GetId(), JobId: t.GetJobId(), Passed: seq%6 != 5,
		Record: &trajectoryv1.Record{Id: "rec-" + t.GetId(), JobId: t.GetJobId(), ClusterId: t.GetClusterId(), Domain: t.GetTarget().GetDomain(), Messages: msgs}}
	if !res.Passed {
		res.Rejections = []*trajectoryv1.Rejection{{Reason: trajectoryv1.RejectReason_REJECT_REASON_SCHEMA, Detail: "bad arguments"}}
	}
	return res
}

// collector records what evolve published.
type collector struct {
	mu        sync.Mutex
	accepted  map[string]int // record id → messages
	rejected  int
	progress  []*jobv1.Progress
	states    []*eventsv1.JobStateChanged
	succeeded chan struct{}
}

func (c *collector) handle(_ context.Context, m *events.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case strings.HasSuffix(m.Subject, ".accepted"):
		var ev eventsv1.RecordAccepted
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		c.accepted[ev.GetRecord().GetId()]++
	case strings.HasSuffix(m.Subject, ".rejected"):
		c.rejected++
	case strings.HasSuffix(m.Subject, ".progress"):
		var ev eventsv1.JobProgressed
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		c.progress = append(c.progress, ev.GetProgress())
	case strings.HasSuffix(m.Subject, ".state"):
		var ev eventsv1.JobStateChanged
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		c.states = append(c.states, &ev)
		if ev.GetState() == jobv1.JobState_JOB_STATE_SUCCEEDED {
			close(c.succeeded)
		}
	}
	return nil
}

// flowBus starts an embedded NATS server with the event streams and the
// job store's bucket.
func flowBus(ctx context.Context, t *testing.T) (*events.Bus, *jobstate.KV) {
	t.Helper()
	ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	bus, err := events.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.EnsureStreams(ctx, 1); err != nil {
		t.Fatal(err)
	}
	kv, err := jobstate.OpenKV(ctx, bus.JetStream(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return bus, kv
}

// redeliveringWorker answers each task with result; every fourth result is
// published a second time under another message id (a redelivered result).
// The channel it returns is closed once it has answered half tasks.
func redeliveringWorker(ctx context.Context, bus *events.Bus, cfg jetstream.ConsumerConfig, half int) <-chan struct{} {
	var mu sync.Mutex
	answered := 0
	firstHalf := make(chan struct{})
	go func() {
		_ = bus.Consume(ctx, events.StreamTasks, cfg, func(ctx context.Context, m *events.Message) error {
			var task eventsv1.RolloutTask
			if err := m.Decode(&task); err != nil {
				return events.Permanent(err)
			}
			if task.GetCorpusId() != "corpus-1" || task.GetTask().GetTarget() == nil {
				return events.Permanent(fmt.Errorf("task without corpus or target: %v", &task))
			}
			res := result(task.GetTask())
			if _, err := bus.Publish(ctx, events.RolloutSubject(res.GetJobId()), res.GetTaskId()+"/done", &eventsv1.RolloutDone{Result: res}); err != nil {
				return err
			}
			mu.Lock()
			answered++
			n := answered
			mu.Unlock()
			if n%4 == 0 {
				if _, err := bus.Publish(ctx, events.RolloutSubject(res.GetJobId()), res.GetTaskId()+"/again", &eventsv1.RolloutDone{Result: res}); err != nil {
					return err
				}
			}
			if n == half {
				close(firstHalf)
			}
			return nil
		}, events.ConsumeOptions{Concurrency: 2})
	}()
	return firstHalf
}

// checkEachRecordOnce waits out the stragglers (late results, duplicates):
// they must change nothing, target records published once each.
func checkEachRecordOnce(t *testing.T, col *collector, target int) {
	t.Helper()
	eventually.Holds(t, 500*time.Millisecond, 50*time.Millisecond, func() error {
		col.mu.Lock()
		defer col.mu.Unlock()
		if len(col.accepted) != target {
			return fmt.Errorf("%d records accepted, want exactly %d", len(col.accepted), target)
		}
		for id, n := range col.accepted {
			if n != 1 {
				return fmt.Errorf("record %s published %d times", id, n)
			}
		}
		return nil
	})
}

// checkRanOnceAndSucceeded: one RUNNING and one SUCCEEDED, for reaching the
// target.
func checkRanOnceAndSucceeded(t *testing.T, states []*eventsv1.JobStateChanged) {
	t.Helper()
	var running, succeeded int
	for _, s := range states {
		switch s.GetState() {
		case jobv1.JobState_JOB_STATE_RUNNING:
			running++
		case jobv1.JobState_JOB_STATE_SUCCEEDED:
			succeeded++
			if s.GetReason() != jobstate.ReasonTarget {
				t.Fatalf("succeeded with reason %q", s.GetReason())
			}
		}
	}
	if running != 1 || succeeded != 1 {
		t.Fatalf("states %v: want one RUNNING and one SUCCEEDED", states)
	}
}

// checkLastProgress: the furthest progress reached the target with every
// metric measured.
func checkLastProgress(t *testing.T, progress []*jobv1.Progress, target int64) {
	t.Helper()
	var last *jobv1.Progress
	for _, p := range progress {
		if last == nil || p.GetAccepted() > last.GetAccepted() {
			last = p
		}
	}
	if last == nil || last.GetAccepted() != target || last.GetTarget() != target || last.GetHDom() <= 0 || last.GetHMode() <= 0 || last.GetCacMean() <= 0 || last.GetNearDuplicateRate() <= 0 {
		t.Fatalf("last progress %v", last)
	}
}

// checkStoredStop: the job's state in KV agrees, and the stop is recorded
// for the agent workers, which end the job's rollouts still in flight.
func checkStoredStop(ctx context.Context, t *testing.T, bus *events.Bus, kv *jobstate.KV, id string, target int64) {
	t.Helper()
	j, err := jobstate.Load(ctx, kv, id)
	if err != nil {
		t.Fatal(err)
	}
	if s := j.Snapshot(); s.GetAccepted() != target || j.Stopped() != jobstate.ReasonTarget {
		t.Fatalf("stored job: %d accepted, stopped %q", s.GetAccepted(), j.Stopped())
	}
	stopped, err := bus.JetStream().KeyValue(ctx, events.StoppedBucket)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stopped.Get(ctx, id); err != nil {
		t.Fatalf("the stopped job is not recorded for the workers: %v", err)
	}
}

// TestJobFlowOverNATS runs the job flow on an embedded NATS server: a
// JobCreated (delivered twice), a test worker answering every task (some
// results twice), and an evolve restart half-way. The job must accept
// exactly its target, publish each record once, report progress and end
// SUCCEEDED.
func TestJobFlowOverNATS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bus, kv := flowBus(ctx, t)
	fetch := func(context.Context, *jobv1.Job) (strategy.Pool, error) { return strategy.Pool{Targets: clusters}, nil }
	// The test's own consumers exist before evolve starts: nats-server races
	// (under -race) when a stream update and a consumer creation meet.
	collectorCfg := jetstream.ConsumerConfig{Durable: "test-collector", AckPolicy: jetstream.AckExplicitPolicy,
		FilterSubjects: []string{"tds.record.>", "tds.job.*.progress", "tds.job.*.state"}}
	agentsCfg := jetstream.ConsumerConfig{Durable: "test-agents", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: "tds.task.>"}
	for stream, cfg := range map[string]jetstream.ConsumerConfig{events.StreamFacts: collectorCfg, events.StreamTasks: agentsCfg} {
		if _, err := bus.JetStream().CreateOrUpdateConsumer(ctx, stream, cfg); err != nil {
			t.Fatal(err)
		}
	}

	col := &collector{accepted: map[string]int{}, succeeded: make(chan struct{})}
	go func() {
		_ = bus.Consume(ctx, events.StreamFacts, collectorCfg, col.handle, events.ConsumeOptions{})
	}()
	firstHalf := redeliveringWorker(ctx, bus, agentsCfg, 15)

	// evolve, first life.
	evolveCtx, stopEvolve := context.WithCancel(ctx)
	evolveDone := make(chan error, 1)
	reader := sdkmetric.NewManualReader()
	meter := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	go func() { evolveDone <- New(bus, jobstate.NewManager(kv), fetch, Options{Meter: meter}).Run(evolveCtx) }()

	const target = 40
	job := &jobv1.Job{Id: "flow1", CorpusId: "corpus-1", ClusteringId: "k1", Spec: &jobv1.JobSpec{
		TargetRecords: target, Seed: 3, Strategy: &evolvev1.StrategySpec{Strategy: evolvev1.Strategy_STRATEGY_TDSCALING, Window: 6},
	}}
	for _, id := range []string{"flow1/created", "flow1/created-again"} {
		if _, err := bus.Publish(ctx, events.JobCreatedSubject("flow1"), id, &eventsv1.JobCreated{Job: job}); err != nil {
			t.Fatal(err)
		}
	}

	// Restart evolve once the worker has answered some tasks: a new
	// manager over the same KV bucket picks the job up.
	select {
	case <-firstHalf:
	case <-ctx.Done():
		t.Fatal("the worker never got 15 tasks")
	}
	stopEvolve()
	if err := <-evolveDone; err != nil {
		t.Fatalf("evolve stopped with %v", err)
	}
	go func() { evolveDone <- New(bus, jobstate.NewManager(kv), fetch, Options{Meter: meter}).Run(ctx) }()

	select {
	case <-col.succeeded:
	case <-ctx.Done():
		col.mu.Lock()
		t.Fatalf("no SUCCEEDED: %d accepted, %d progress", len(col.accepted), len(col.progress))
	}
	checkEachRecordOnce(t, col, target)
	col.mu.Lock()
	defer col.mu.Unlock()
	if col.rejected == 0 {
		t.Fatal("no rejection published: the worker's failures and near-duplicates went unnoticed")
	}
	checkRanOnceAndSucceeded(t, col.states)
	checkLastProgress(t, col.progress, target)
	checkStoredStop(ctx, t, bus, kv, "flow1", target)
	checkRecordMetrics(t, reader, target, col.rejected)
}

// A loop stopped while it is still starting (tds up stopped at once) stops
// cleanly: its start-up's "context canceled" is no failure.
func TestLoopStoppedWhileStartingStopsCleanly(t *testing.T) {
	bus, kv := flowBus(context.Background(), t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := New(bus, jobstate.NewManager(kv), nil, Options{}).Run(ctx); err != nil {
		t.Fatalf("Run after a stop: %v", err)
	}
}
