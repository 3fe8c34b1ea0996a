package loop

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// TestFleetAddsUpTheWorkers: the fleet's window is the sum of each
// worker's latest report; an older report arriving late changes nothing, a
// worker silent for fleetTTL stops counting, and the workers remembered are
// bounded.
func TestFleetAddsUpTheWorkers(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	f := newFleet()
	if got := f.window(t0); got != 0 {
		t.Fatalf("no report: %d", got)
	}
	f.saw("a", 100, t0)
	f.saw("b", 40, t0.Add(time.Second))
	f.saw("a", 256, t0.Add(2*time.Second))
	f.saw("a", 64, t0.Add(time.Second)) // older than a's latest
	f.saw("", 500, t0)                  // a worker that does not say
	f.saw("c", 0, t0)
	if got := f.window(t0.Add(3 * time.Second)); got != 296 {
		t.Fatalf("window %d, want 256 + 40", got)
	}
	if got := f.window(t0.Add(time.Second + fleetTTL + time.Millisecond)); got != 256 {
		t.Fatalf("window %d once b is silent, want a's 256", got)
	}
	for i := range 2 * maxWorkers {
		f.saw(fmt.Sprint("w", i), 1, t0.Add(3*time.Second+time.Duration(i)))
	}
	if len(f.workers) > maxWorkers {
		t.Fatalf("%d workers remembered, want at most %d", len(f.workers), maxWorkers)
	}
}

// TestTasksInFlightFollowTheWorkers runs the loop on an embedded NATS
// server with a job whose window is 4: once a worker's results say it runs
// 30 rollouts at once, evolve keeps 30 and an eighth more tasks on the
// work queue, and no more while nothing comes back.
func TestTasksInFlightFollowTheWorkers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bus, kv := flowBus(ctx, t)
	cfg := jetstream.ConsumerConfig{Durable: "test-agents", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: "tds.task.>"}
	agents, err := bus.JetStream().CreateOrUpdateConsumer(ctx, events.StreamTasks, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fetch := func(context.Context, *jobv1.Job) (strategy.Pool, error) { return strategy.Pool{Targets: clusters}, nil }
	go func() { _ = New(bus, jobstate.NewManager(kv), fetch, Options{}).Run(ctx) }()
	job := &jobv1.Job{Id: "fleet1", CorpusId: "corpus-1", ClusteringId: "k1", Spec: &jobv1.JobSpec{
		TargetRecords: 1000, Seed: 5, Strategy: &evolvev1.StrategySpec{Strategy: evolvev1.Strategy_STRATEGY_TDSCALING, Window: 4},
	}}
	if _, err := bus.Publish(ctx, events.JobCreatedSubject("fleet1"), "fleet1/created", &eventsv1.JobCreated{Job: job}); err != nil {
		t.Fatal(err)
	}
	queued := func(want uint64) func() error {
		return func() error {
			info, err := bus.JetStream().Stream(ctx, events.StreamTasks)
			if err != nil {
				return err
			}
			if n := info.CachedInfo().State.Msgs; n != want {
				return fmt.Errorf("%d tasks on the work queue, want %d", n, want)
			}
			return nil
		}
	}
	eventually.Check(t, 10*time.Second, 20*time.Millisecond, queued(4))

	// The worker answers 40 tasks, saying it runs 30 rollouts at once, then
	// holds the rest: the window grows with the results, up to 30 and an
	// eighth.
	for range 40 {
		batch, err := agents.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for jm := range batch.Messages() {
			var task eventsv1.RolloutTask
			if err := proto.Unmarshal(jm.Data(), &task); err != nil {
				t.Fatal(err)
			}
			res := result(task.GetTask())
			if _, err := bus.Publish(ctx, events.RolloutSubject("fleet1"), res.GetTaskId()+"/done", &eventsv1.RolloutDone{Result: res, WorkerId: "w1", WorkerWindow: 30}); err != nil {
				t.Fatal(err)
			}
			if err := jm.Ack(); err != nil {
				t.Fatal(err)
			}
		}
	}
	eventually.Check(t, 10*time.Second, 20*time.Millisecond, queued(34))
	eventually.Holds(t, 300*time.Millisecond, 50*time.Millisecond, queued(34))
}
