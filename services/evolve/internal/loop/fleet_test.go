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

// TestFleetAddsUpTheWorkers: the fleet's window is the sum of the window
// each worker has held; an older report arriving late changes nothing, a
// worker silent for fleetTTL stops counting, and the workers remembered are
// bounded.
func TestFleetAddsUpTheWorkers(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	f := newFleet()
	if got := f.window(t0); got != 0 {
		t.Fatalf("no report: %d", got)
	}
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	f.saw("a", 100, at(0))
	f.saw("a", 256, at(1000))
	f.saw("b", 40, at(0))
	f.saw("b", 40, at(1000))
	f.saw("a", 256, at(2100))
	f.saw("a", 256, at(3200))
	f.saw("a", 64, at(3100)) // older than a's latest
	f.saw("", 500, at(0))    // a worker that does not say
	f.saw("c", 0, at(0))
	if got := f.window(at(3300)); got != 296 {
		t.Fatalf("window %d, want 256 + 40", got)
	}
	if got := f.window(at(1000).Add(fleetTTL + time.Millisecond)); got != 256 {
		t.Fatalf("window %d once b is silent, want a's 256", got)
	}
	for i := range 2 * maxWorkers {
		f.saw(fmt.Sprint("w", i), 1, at(4000+i))
	}
	if len(f.workers) > maxWorkers {
		t.Fatalf("%d workers remembered, want at most %d", len(f.workers), maxWorkers)
	}
}

// TestFleetCountsAHeldWindow: a worker's window counts once it has
// reported for fleetHold, and then as the smallest it reported over the
// last one to two spans of fleetHold: the overshoot of a worker's first
// measurements (256 for a second, then 75 once measured) is never
// followed, a window that stays wide is followed within a second.
func TestFleetCountsAHeldWindow(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	f := newFleet()
	for _, c := range []struct {
		ms, window, want int
	}{
		{0, 243, 0}, // a first report: not held yet
		{500, 183, 0},
		{1000, 126, 126}, // reported for a second: the smallest
		{1500, 95, 95},
		{2000, 76, 76},
		{2600, 75, 75},
		{3100, 200, 75}, // a jump up counts once it holds
		{4100, 210, 200},
		{6500, 220, 220}, // after a gap only the new span counts
		{6500 + int(fleetTTL/time.Millisecond) + 1, 256, 0}, // back after silence: a first report again
	} {
		f.saw("a", c.window, at(c.ms))
		if got := f.window(at(c.ms)); got != c.want {
			t.Fatalf("report %d at %d ms: fleet window %d, want %d", c.window, c.ms, got, c.want)
		}
	}
}

// TestTasksInFlightFollowTheWorkers runs the loop on an embedded NATS
// server with a job whose window is 4: while a worker's results have said
// for less than a second that it runs 30 rollouts at once evolve keeps 4
// tasks on the work queue; once they have said so for a second, 30 and an
// eighth more, and no more while nothing comes back.
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

	// The worker answers 40 tasks over more than a second, saying it runs
	// 30 rollouts at once, then holds the rest: once the worker's window has
	// held for a second the job keeps 30 and an eighth in flight.
	var first time.Time
	for i := range 40 {
		if i == 20 {
			// Until the worker's window has held for fleetHold the job keeps
			// its own 4. A machine so loaded that 20 answers take most of
			// fleetHold cannot show it (the window holds before the check);
			// then only the second half of the test is shown.
			if left := fleetHold - time.Since(first) - 400*time.Millisecond; left > 50*time.Millisecond {
				eventually.Check(t, left, 20*time.Millisecond, queued(4))
				eventually.Holds(t, 300*time.Millisecond, 50*time.Millisecond, queued(4))
			} else {
				t.Logf("20 answers took %s: too slow to see the job keep its own window before the worker's held", time.Since(first).Round(time.Millisecond))
			}
			time.Sleep(fleetHold)
		}
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
			if first.IsZero() {
				first = time.Now()
			}
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
