package loop

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/lease"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// replica is one evolve process: its own connection, job manager and lease
// table over the shared streams and buckets.
type replica struct {
	nc     *nats.Conn
	leases *lease.Table
	stop   context.CancelFunc
	done   chan error
}

func startReplica(ctx context.Context, t *testing.T, url string, ttl time.Duration) *replica {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := events.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := jobstate.OpenKV(ctx, bus.JetStream(), 1)
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{nc: nc, done: make(chan error, 1)}
	var l *Loop
	if r.leases, err = lease.Open(ctx, bus.JetStream(), lease.Config{Kind: "evolve", TTL: ttl, OnLost: func(j string) { l.Lost(j) }}); err != nil {
		t.Fatal(err)
	}
	fetch := func(context.Context, *jobv1.Job) (strategy.Pool, error) { return strategy.Pool{Targets: clusters}, nil }
	l = New(bus, jobstate.NewManager(kv), fetch, Options{Leases: r.leases, TickEvery: 100 * time.Millisecond})
	rctx, stop := context.WithCancel(ctx)
	r.stop = stop
	go func() { r.done <- l.Run(rctx) }()
	return r
}

// TestJobsShareTwoReplicas runs four jobs on two evolve replicas with
// leases. Each job is run by one replica at a time: every record is
// published once and every job succeeds once. Half-way one replica's
// connection is cut (a process that dies: it releases nothing) and another
// replica starts; the jobs the dead one held are taken over once their
// leases lapse.
func TestJobsShareTwoReplicas(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Shutdown()
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	bus, err := events.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.EnsureStreams(ctx, 1); err != nil {
		t.Fatal(err)
	}
	collectorCfg := jetstream.ConsumerConfig{Durable: "test-collector", AckPolicy: jetstream.AckExplicitPolicy,
		FilterSubjects: []string{"tds.record.>", "tds.job.*.state"}}
	agentsCfg := jetstream.ConsumerConfig{Durable: "test-agents", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: "tds.task.>"}
	for stream, cfg := range map[string]jetstream.ConsumerConfig{events.StreamFacts: collectorCfg, events.StreamTasks: agentsCfg} {
		if _, err := bus.JetStream().CreateOrUpdateConsumer(ctx, stream, cfg); err != nil {
			t.Fatal(err)
		}
	}
	const jobs, target = 4, 15
	col := collectShared(ctx, bus, collectorCfg, jobs)
	answered := make(chan struct{}, 1000)
	go answerTasks(ctx, bus, agentsCfg, answered)

	const ttl = 600 * time.Millisecond
	a := startReplica(ctx, t, ns.ClientURL(), ttl)
	b := startReplica(ctx, t, ns.ClientURL(), ttl)
	for i := range jobs {
		id := fmt.Sprintf("share%d", i)
		job := &jobv1.Job{Id: id, CorpusId: "corpus-1", ClusteringId: "k1", Spec: &jobv1.JobSpec{
			TargetRecords: target, Seed: int64(i), Strategy: &evolvev1.StrategySpec{Strategy: evolvev1.Strategy_STRATEGY_TDSCALING, Window: 4},
		}}
		if _, err := bus.Publish(ctx, events.JobCreatedSubject(id), id+"/created", &eventsv1.JobCreated{Job: job}); err != nil {
			t.Fatal(err)
		}
	}
	for range 20 {
		select {
		case <-answered:
		case <-ctx.Done():
			t.Fatal("the worker got too few tasks")
		}
	}
	// a dies: its connection goes, its leases stay until they lapse.
	a.nc.Close()
	a.stop()
	<-a.done
	c := startReplica(ctx, t, ns.ClientURL(), ttl)
	defer func() {
		for _, r := range []*replica{b, c} {
			r.stop()
			<-r.done
			r.nc.Close()
		}
	}()

	select {
	case <-col.allDone:
	case <-ctx.Done():
		col.mu.Lock()
		t.Fatalf("jobs succeeded: %v; %d records accepted", col.succeeded, len(col.accepted))
	}
	// Every record is in once the handlers have settled what they hold, and
	// stragglers (a redelivery, a replica that took a job over late) change
	// nothing after.
	eventually.Check(t, 10*time.Second, 20*time.Millisecond, func() error { return col.check(jobs * target) })
	eventually.Holds(t, 300*time.Millisecond, 50*time.Millisecond, func() error { return col.check(jobs * target) })
	// Finished jobs hold no lease: nobody renews or takes them over.
	kv, err := bus.JetStream().KeyValue(ctx, lease.Bucket)
	if err != nil {
		t.Fatal(err)
	}
	deadline, _ := ctx.Deadline()
	eventually.Check(t, time.Until(deadline), 50*time.Millisecond, func() error {
		for i := range jobs {
			key := fmt.Sprintf("evolve.share%d", i)
			if _, err := kv.Get(ctx, key); !errors.Is(err, jetstream.ErrKeyNotFound) {
				return fmt.Errorf("lease %s of a finished job is still held: %v", key, err)
			}
		}
		return nil
	})
}

// shared records what the replicas published for every job.
type shared struct {
	mu        sync.Mutex
	accepted  map[string]int // record id → publishes
	succeeded map[string]int // job → SUCCEEDED publishes
	allDone   chan struct{}
}

// collectShared consumes the records and states until ctx is done; allDone
// closes once jobs jobs have succeeded.
func collectShared(ctx context.Context, bus *events.Bus, cfg jetstream.ConsumerConfig, jobs int) *shared {
	col := &shared{accepted: map[string]int{}, succeeded: map[string]int{}, allDone: make(chan struct{})}
	go func() {
		_ = bus.Consume(ctx, events.StreamFacts, cfg, col.handle(jobs), events.ConsumeOptions{})
	}()
	return col
}

func (c *shared) handle(jobs int) events.Handler {
	return func(_ context.Context, m *events.Message) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		switch m.Type {
		case "tdscaling.events.v1.RecordAccepted":
			var ev eventsv1.RecordAccepted
			if err := m.Decode(&ev); err != nil {
				return events.Permanent(err)
			}
			c.accepted[ev.GetRecord().GetId()]++
		case "tdscaling.events.v1.JobStateChanged":
			var ev eventsv1.JobStateChanged
			if err := m.Decode(&ev); err != nil {
				return events.Permanent(err)
			}
			if ev.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
				return nil
			}
			c.succeeded[ev.GetJobId()]++
			if len(c.succeeded) == jobs {
				select {
				case <-c.allDone:
				default:
					close(c.allDone)
				}
			}
		}
		return nil
	}
}

// check tells whether every record was published once, want in all, and
// every job succeeded once.
func (c *shared) check(want int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.accepted) != want {
		return fmt.Errorf("%d records accepted, want %d", len(c.accepted), want)
	}
	for id, n := range c.accepted {
		if n != 1 {
			return fmt.Errorf("record %s published %d times", id, n)
		}
	}
	for id, n := range c.succeeded {
		if n != 1 {
			return fmt.Errorf("job %s succeeded %d times", id, n)
		}
	}
	return nil
}

// answerTasks plays the agent workers: every task gets its result.
func answerTasks(ctx context.Context, bus *events.Bus, cfg jetstream.ConsumerConfig, answered chan<- struct{}) {
	_ = bus.Consume(ctx, events.StreamTasks, cfg, func(ctx context.Context, m *events.Message) error {
		var task eventsv1.RolloutTask
		if err := m.Decode(&task); err != nil {
			return events.Permanent(err)
		}
		res := result(task.GetTask())
		if _, err := bus.Publish(ctx, events.RolloutSubject(res.GetJobId()), res.GetTaskId()+"/done", &eventsv1.RolloutDone{Result: res}); err != nil {
			return err
		}
		answered <- struct{}{}
		return nil
	}, events.ConsumeOptions{Concurrency: 2})
}
