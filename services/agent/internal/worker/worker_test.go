package worker_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/natsserver"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/runner"
	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// storedDrafter drafts from the stored blueprints: a task's cluster id
// names the blueprint file; "missing" is a cluster that does not exist and
// "down" a blueprint service that never answers.
type storedDrafter struct{ t *testing.T }

func (d storedDrafter) Draft(_ context.Context, task *eventsv1.RolloutTask) (*blueprintv1.Blueprint, []*toolv1.Tool, *llmv1.Usage, error) {
	switch id := task.GetTask().GetClusterId(); id {
	case "missing":
		return nil, nil, nil, &worker.DraftError{Err: errors.New(`cluster "missing" not found`)}
	case "down":
		return nil, nil, nil, errors.New("blueprint service unavailable")
	case "toolless":
		return agenttest.Blueprint(d.t, "chain"), nil, nil, nil
	default:
		return agenttest.Blueprint(d.t, id), agenttest.Tools(d.t), nil, nil
	}
}

// roller runs the real runner; fail makes chosen deliveries fail after the
// rollout (as a worker that dies before publishing), delay slows rollouts.
type roller struct {
	r     *runner.Runner
	mu    sync.Mutex
	ids   map[string][]string // task -> record ids of each rollout
	fail  map[string]int      // task -> rollouts to fail
	delay time.Duration
	calls atomic.Int64
}

func (r *roller) Rollout(ctx context.Context, req *agentv1.RolloutRequest) (*agentv1.RolloutResult, error) {
	r.calls.Add(1)
	if r.delay > 0 {
		select {
		case <-time.After(r.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	res, err := r.r.Rollout(ctx, req)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids[req.GetTaskId()] = append(r.ids[req.GetTaskId()], res.GetRecord().GetId())
	if r.fail[req.GetTaskId()] > 0 {
		r.fail[req.GetTaskId()]--
		return nil, errors.New("worker died before publishing")
	}
	return res, nil
}

type env struct {
	bus  *events.Bus
	nc   *nats.Conn
	done chan *nats.Msg
	dead chan *nats.Msg
}

func setup(t *testing.T) *env {
	t.Helper()
	ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	bus, err := events.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.EnsureStreams(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	e := &env{bus: bus, nc: nc, done: make(chan *nats.Msg, 64), dead: make(chan *nats.Msg, 64)}
	if _, err := nc.ChanSubscribe("tds.rollout.>", e.done); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.ChanSubscribe("tds.dead.>", e.dead); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) publish(t *testing.T, job, id, cluster string) {
	t.Helper()
	if _, err := e.bus.Publish(t.Context(), events.TaskSubject(job), id, &eventsv1.RolloutTask{Task: &evolvev1.Task{Id: id, JobId: job, ClusterId: cluster, Seed: 5}}); err != nil {
		t.Fatal(err)
	}
}

func (e *env) start(t *testing.T, r worker.Roller, maxDeliver int) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- worker.Run(ctx, worker.Config{Bus: e.bus, Drafter: storedDrafter{t}, Roller: r, Concurrency: 4, MaxDeliver: maxDeliver, DrainTimeout: 5 * time.Second})
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(15 * time.Second):
				err = errors.New("worker did not stop")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func next(t *testing.T, ch chan *nats.Msg, into proto.Message) *nats.Msg {
	t.Helper()
	select {
	case m := <-ch:
		if err := proto.Unmarshal(m.Data, into); err != nil {
			t.Fatal(err)
		}
		return m
	case <-time.After(20 * time.Second):
		t.Fatal("timed out waiting for a message")
	}
	return nil
}

// rolling waits until at least n rollouts have started.
func rolling(t *testing.T, calls *atomic.Int64, n int64) {
	t.Helper()
	eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
		if got := calls.Load(); got < n {
			return fmt.Errorf("%d of %d rollouts started", got, n)
		}
		return nil
	})
}

func pending(t *testing.T, e *env) uint64 {
	t.Helper()
	s, err := e.bus.JetStream().Stream(t.Context(), events.StreamTasks)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

func TestWorkerPublishesThenAcks(t *testing.T) {
	e := setup(t)
	r := &roller{r: runner.New(runner.Config{}), ids: map[string][]string{}, fail: map[string]int{"t2": 1}}
	stop := e.start(t, r, 5)
	e.publish(t, "job1", "t1", "chain")
	e.publish(t, "job1", "t2", "fan-out")  // fails once, then is redelivered
	e.publish(t, "job1", "t3", "missing")  // cannot be drafted: a rejected result
	e.publish(t, "job1", "t1", "chain")    // a duplicate publish: dropped by msg id
	e.publish(t, "job1", "t4", "toolless") // refused by the runner: a rejected result
	got := map[string]*agentv1.RolloutResult{}
	workers := map[string]bool{}
	for range 4 {
		var d eventsv1.RolloutDone
		m := next(t, e.done, &d)
		if m.Header.Get("Nats-Msg-Id") != d.GetResult().GetTaskId()+"/done" || m.Subject != events.RolloutSubject("job1") {
			t.Fatalf("RolloutDone on %s with msg id %q", m.Subject, m.Header.Get("Nats-Msg-Id"))
		}
		// Each result says which worker ran it and how many rollouts it
		// runs at once, for evolve's window.
		if d.GetWorkerId() == "" || d.GetWorkerWindow() != 4 {
			t.Fatalf("RolloutDone from worker %q with window %d, want an id and 4", d.GetWorkerId(), d.GetWorkerWindow())
		}
		workers[d.GetWorkerId()] = true
		got[d.GetResult().GetTaskId()] = d.GetResult()
	}
	if len(workers) != 1 {
		t.Fatalf("one worker named itself %v", workers)
	}
	if !got["t1"].GetPassed() || got["t1"].GetRecord().GetId() != rollout.RecordID("job1", "t1", "", 0) {
		t.Fatalf("t1: %v", got["t1"])
	}
	// The redelivered task yields the same record id as its first rollout.
	if ids := r.ids["t2"]; len(ids) != 2 || ids[0] != ids[1] || got["t2"].GetRecord().GetId() != ids[0] {
		t.Fatalf("t2 record ids across deliveries %v, published %q", ids, got["t2"].GetRecord().GetId())
	}
	if rj := got["t3"].GetRejections(); got["t3"].GetPassed() || len(rj) != 1 || rj[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT_DRAFT {
		t.Fatalf("t3: %v", got["t3"])
	}
	if rj := got["t4"].GetRejections(); got["t4"].GetPassed() || len(rj) != 1 || !strings.Contains(rj[0].GetDetail(), "tools:") {
		t.Fatalf("t4: %v", got["t4"])
	}
	// Everything acked: the work queue is empty.
	eventually.Check(t, 5*time.Second, 20*time.Millisecond, func() error {
		if n := pending(t, e); n != 0 {
			return fmt.Errorf("%d tasks left unacknowledged", n)
		}
		return nil
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := r.calls.Load(); n != 4 {
		t.Fatalf("%d rollouts, want 4 (t1 once, t2 twice, t4 refused once)", n)
	}
}

func TestWorkerDeadLetters(t *testing.T) {
	e := setup(t)
	r := &roller{r: runner.New(runner.Config{}), ids: map[string][]string{}, fail: map[string]int{}}
	e.start(t, r, 2)
	e.publish(t, "job2", "t9", "down")
	var dl eventsv1.TaskDeadLettered
	next(t, e.dead, &dl)
	if dl.GetTask().GetId() != "t9" || dl.GetDeliveries() != 2 || dl.GetLastError() == "" {
		t.Fatalf("dead letter %v", &dl)
	}
}

func TestWorkerDrainsOnShutdown(t *testing.T) {
	e := setup(t)
	r := &roller{r: runner.New(runner.Config{}), ids: map[string][]string{}, fail: map[string]int{}, delay: 500 * time.Millisecond}
	stop := e.start(t, r, 5)
	e.publish(t, "job3", "t1", "chain")
	rolling(t, &r.calls, 1)
	// Shut down while the rollout is in flight: it finishes, is published and acked.
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	var d eventsv1.RolloutDone
	next(t, e.done, &d)
	if d.GetResult().GetTaskId() != "t1" || !d.GetResult().GetPassed() {
		t.Fatalf("drained result %v", d.GetResult())
	}
	if n := pending(t, e); n != 0 {
		t.Fatalf("the drained task was not acked (%d left)", n)
	}
}

// TestWorkerAbandonsOnShutdown: with Abandon closed (the job is over) a
// shutdown does not wait for the rollout in flight: it is dropped, nothing
// is published, and its task stays in the queue.
func TestWorkerAbandonsOnShutdown(t *testing.T) {
	e := setup(t)
	r := &roller{r: runner.New(runner.Config{}), ids: map[string][]string{}, fail: map[string]int{}, delay: time.Minute}
	abandon := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- worker.Run(ctx, worker.Config{Bus: e.bus, Drafter: storedDrafter{t}, Roller: r, Concurrency: 4, DrainTimeout: time.Minute, Abandon: abandon})
	}()
	e.publish(t, "job4", "t1", "chain")
	rolling(t, &r.calls, 1)
	close(abandon)
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the worker waited for the abandoned rollout (drain timeout a minute)")
	}
	select {
	case m := <-e.done:
		t.Fatalf("an abandoned rollout was published: %s", m.Subject)
	default:
	}
	if n := pending(t, e); n != 1 {
		t.Fatalf("%d tasks in the queue, want the abandoned one", n)
	}
}
