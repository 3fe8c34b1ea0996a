// Package loop is the evolve service's part of the job flow
// (platform/events/topology.go, steps 2 and 4):
//
//   - on JobCreated it starts the job's state (idempotent), publishes
//     JobStateChanged(RUNNING) and fills the window of tasks in flight on the
//     work queue; on JobStateChanged(CANCELLED) it stops issuing;
//   - on RolloutDone it observes the result (idempotent per task id),
//     publishes RecordAccepted or RecordRejected, JobProgressed, refills the
//     window, and publishes JobStateChanged(SUCCEEDED, reason) when the target
//     is reached or a budget is spent; TaskDeadLettered takes the task out of
//     the window.
//
// Every publish carries a deterministic message id, so a handler that fails
// half-way and runs again on redelivery publishes nothing twice. A job's
// state is written before anything is published about it; when a job is
// loaded into this process (after a restart) its tasks still in flight are
// published again, which the work queue de-duplicates by task id.
package loop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/metric"
	"google.golang.org/protobuf/proto"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/lease"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// Fetch returns the clusters a job's strategy targets.
type Fetch func(ctx context.Context, job *jobv1.Job) (strategy.Pool, error)

// Options tune the loop.
type Options struct {
	// Concurrency of the rollout-result handler; default 1 (results of one
	// job are observed one at a time anyway).
	Concurrency int
	Logger      *slog.Logger
	// Replicas of the streams the loop ensures (1 on one server, 3 on a
	// cluster).
	Replicas int
	// Meter, when set, receives the tds.evolve.records counter.
	Meter metric.MeterProvider
	// DrainTimeout is how long a stopped job waits for the results of its
	// tasks in flight (their model calls count in its usage) before its
	// final state is announced anyway; default 30 s.
	DrainTimeout time.Duration
	// TickEvery is how often stopped jobs' drains and running jobs' wall
	// time are checked without an event; default 1 s.
	TickEvery time.Duration
	// Leases, when set, makes the loop one replica of several: it runs a
	// job only while it holds the job's lease, hands every message of a
	// job another replica holds back to the consumer, and takes over the
	// jobs whose owner stopped renewing (docs/scale-out.md). Run runs it.
	Leases *lease.Table
}

// Loop runs the evolve consumers.
type Loop struct {
	bus   *events.Bus
	jobs  *jobstate.Manager
	fetch Fetch
	opt   Options
	// records counts observed results by decision.
	records records
	// resumed holds, per job, the loaded state whose pending tasks this
	// process republished: a job reloaded after a failed write (its log may
	// hold tasks issued but never published) is republished again.
	mu      sync.Mutex
	resumed map[string]*jobstate.Job
	// announced holds the jobs whose final state this process published;
	// marked those it recorded as stopped (events.MarkStopped).
	announced map[string]bool
	marked    map[string]bool
	// fleet is what the agent workers run at once: a job keeps at least as
	// many tasks in flight (strategy.Window).
	fleet *fleet
}

// New returns a loop.
func New(bus *events.Bus, jobs *jobstate.Manager, fetch Fetch, opt Options) *Loop {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	opt.Concurrency = max(opt.Concurrency, 1)
	if opt.DrainTimeout <= 0 {
		opt.DrainTimeout = 30 * time.Second
	}
	if opt.TickEvery <= 0 {
		opt.TickEvery = time.Second
	}
	return &Loop{bus: bus, jobs: jobs, fetch: fetch, opt: opt, records: newRecords(opt.Meter), resumed: map[string]*jobstate.Job{}, announced: map[string]bool{}, marked: map[string]bool{}, fleet: newFleet()}
}

// Run consumes until ctx is done.
func (l *Loop) Run(ctx context.Context) error {
	if err := l.bus.EnsureStreams(ctx, l.opt.Replicas); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: a clean stop, not a failure
		}
		return err
	}
	// Whatever stops first (an error) stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Go(func() { l.tick(ctx) })
	if l.opt.Leases != nil {
		wg.Go(func() {
			errs[2] = l.opt.Leases.Run(ctx)
			cancel()
		})
	}
	wg.Go(func() {
		errs[0] = l.bus.Consume(ctx, events.StreamFacts, jetstream.ConsumerConfig{
			Durable:        events.ConsumerEvolveJobs,
			FilterSubjects: []string{"tds.job.*.created", "tds.job.*.state"},
			MaxDeliver:     -1,
		}, l.onJob, events.ConsumeOptions{Concurrency: 1, Logger: l.opt.Logger})
		cancel()
	})
	wg.Go(func() {
		errs[1] = l.bus.Consume(ctx, events.StreamFacts, jetstream.ConsumerConfig{
			Durable:        events.ConsumerEvolveResult,
			FilterSubjects: []string{"tds.rollout.>", "tds.dead.>"},
			MaxDeliver:     -1,
		}, l.onResult, events.ConsumeOptions{Concurrency: l.opt.Concurrency, Logger: l.opt.Logger})
		cancel()
	})
	wg.Wait()
	if l.opt.Leases != nil {
		// A clean stop: the other replicas take these jobs over now rather
		// than a time to live later.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		l.opt.Leases.ReleaseAll(rctx)
		cancel()
	}
	return errors.Join(errs...)
}

// handoffWithin bounds how long a message of a job another replica owns
// waits before it is offered again, to that owner most likely.
const handoffWithin = 100 * time.Millisecond

// own makes this replica the job's owner, or says (events.Handoff) that
// another one is: the message goes back for it.
func (l *Loop) own(ctx context.Context, job string) error {
	if l.opt.Leases == nil {
		return nil
	}
	err := l.opt.Leases.Acquire(ctx, job)
	var held *lease.ErrHeld
	if errors.As(err, &held) {
		return events.Handoff(err, min(max(held.Lapses, 10*time.Millisecond), handoffWithin))
	}
	return err
}

// Owns says whether this replica runs job (always, without leases): the
// RPCs read other replicas' jobs fresh from the store.
func (l *Loop) Owns(job string) bool {
	return l.opt.Leases == nil || l.opt.Leases.Holds(job)
}

// Lost forgets a job another replica took over: its state here is stale.
func (l *Loop) Lost(job string) {
	l.mu.Lock()
	delete(l.resumed, job)
	delete(l.announced, job)
	delete(l.marked, job)
	l.mu.Unlock()
	l.jobs.Forget(job)
}

func (l *Loop) onJob(ctx context.Context, m *events.Message) error {
	switch {
	case strings.HasSuffix(m.Subject, ".created"):
		var ev eventsv1.JobCreated
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		if err := l.own(ctx, jobOf(m.Subject)); err != nil {
			return err
		}
		return l.start(ctx, ev.GetJob())
	case strings.HasSuffix(m.Subject, ".state"):
		var ev eventsv1.JobStateChanged
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		if ev.GetState() != jobv1.JobState_JOB_STATE_CANCELLED || ev.GetStop() != nil {
			return nil // our own RUNNING / final states, or the gateway's
		}
		if err := l.own(ctx, ev.GetJobId()); err != nil {
			return err
		}
		j, err := l.jobs.Get(ctx, ev.GetJobId())
		if errors.Is(err, jobstate.ErrNotFound) {
			return nil // cancelled before evolve saw it
		}
		if err != nil {
			return err
		}
		if _, err := j.Stop(ctx, jobstate.ReasonCancelled); err != nil {
			return err
		}
		return l.settle(ctx, j, m.NumDelivered > 1)
	}
	return nil
}

func (l *Loop) start(ctx context.Context, job *jobv1.Job) error {
	j, _, err := l.jobs.Start(ctx, job, func(ctx context.Context) (strategy.Pool, error) { return l.fetch(ctx, job) })
	var invalid *jobstate.InvalidJobError
	if errors.As(err, &invalid) {
		if events.CheckJobID(job.GetId()) == nil {
			if perr := l.state(ctx, job.GetId(), jobv1.JobState_JOB_STATE_FAILED, "evolve: "+invalid.Error()); perr != nil {
				return perr
			}
		}
		return events.Permanent(err)
	}
	if err != nil {
		return err // the cluster service may be starting: retried with backoff
	}
	if job.GetResumes() > 0 {
		// The gateway resumed a job that stopped short of its target.
		if _, err := j.Resume(ctx, job); err != nil {
			return err
		}
		if j.Stopped() == "" {
			l.mu.Lock()
			delete(l.announced, j.ID())
			l.mu.Unlock()
		}
	}
	l.opt.Logger.InfoContext(ctx, "job started", "job", j.ID(), "strategy", j.Meta().Params.Kind.String(), "clusters", len(j.Meta().Clusters), "target", j.Target(), "resumes", j.Resumes())
	if j.Stopped() != "" {
		return l.settle(ctx, j, true)
	}
	// A job that runs again (continued after a stop) is no longer stopped.
	if err := l.bus.UnmarkStopped(ctx, j.ID()); err != nil {
		return err
	}
	l.mu.Lock()
	delete(l.marked, j.ID())
	l.mu.Unlock()
	if err := l.state(ctx, j.ID()+resumeSuffix(j), jobv1.JobState_JOB_STATE_RUNNING, ""); err != nil {
		return err
	}
	if err := l.publishTasks(ctx, j, j.Pending()); err != nil {
		return err
	}
	l.markResumed(j)
	return l.refill(ctx, j)
}

// job returns a loaded job, republishing its pending tasks the first time
// this process sees it and again whenever it was reloaded.
func (l *Loop) job(ctx context.Context, id string) (*jobstate.Job, error) {
	j, err := l.jobs.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	first := l.resumed[id] != j
	l.mu.Unlock()
	if first {
		if err := l.publishTasks(ctx, j, j.Pending()); err != nil {
			return nil, err
		}
		l.markResumed(j)
	}
	return j, nil
}

func (l *Loop) markResumed(j *jobstate.Job) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.resumed[j.ID()] = j
}

// jobOf returns the job of a subject "tds.<kind>.<job>[.<what>]".
func jobOf(subject string) string {
	parts := strings.SplitN(subject, ".", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

func (l *Loop) onResult(ctx context.Context, m *events.Message) error {
	if err := l.own(ctx, jobOf(m.Subject)); err != nil {
		return err
	}
	if strings.HasPrefix(m.Subject, "tds.dead.") {
		var ev eventsv1.TaskDeadLettered
		if err := m.Decode(&ev); err != nil {
			return events.Permanent(err)
		}
		j, err := l.job(ctx, ev.GetTask().GetJobId())
		if errors.Is(err, jobstate.ErrNotFound) {
			return events.Permanent(err)
		}
		if err != nil {
			return err
		}
		_, err = j.DeadLettered(ctx, ev.GetTask().GetId())
		if errors.Is(err, jobstate.ErrUnknownTask) {
			return events.Permanent(err)
		}
		if err != nil {
			return err
		}
		return l.after(ctx, j, "dead/"+ev.GetTask().GetId(), m.NumDelivered > 1)
	}
	var ev eventsv1.RolloutDone
	if err := m.Decode(&ev); err != nil {
		return events.Permanent(err)
	}
	res := ev.GetResult()
	at := m.Timestamp
	if at.IsZero() {
		at = time.Now()
	}
	l.fleet.saw(ev.GetWorkerId(), int(ev.GetWorkerWindow()), at)
	j, err := l.job(ctx, res.GetJobId())
	if errors.Is(err, jobstate.ErrNotFound) {
		return events.Permanent(err)
	}
	if err != nil {
		return err
	}
	out, err := j.Observe(ctx, res)
	if errors.Is(err, jobstate.ErrUnknownTask) {
		return events.Permanent(err)
	}
	if err != nil {
		return err
	}
	if out.Decision != evolvev1.Decision_DECISION_ALREADY_OBSERVED {
		l.records.observed(ctx, out.Decision, res)
	}
	decision := out.Decision
	if decision == evolvev1.Decision_DECISION_ALREADY_OBSERVED {
		// A redelivery: whatever the first handling published may be
		// missing; publishing again is free (message ids).
		decision = out.First
		if err := l.publishTasks(ctx, j, j.Pending()); err != nil {
			return err
		}
	}
	if err := l.publishDecision(ctx, j, res, out, decision); err != nil {
		return err
	}
	return l.after(ctx, j, res.GetTaskId(), out.Decision == evolvev1.Decision_DECISION_ALREADY_OBSERVED)
}

func (l *Loop) publishDecision(ctx context.Context, j *jobstate.Job, res *agentv1.RolloutResult, out jobstate.Outcome, decision evolvev1.Decision) error {
	switch decision {
	case evolvev1.Decision_DECISION_ACCEPTED:
		rec := out.Record
		rec.JobId = j.ID()
		_, err := l.bus.Publish(ctx, events.AcceptedSubject(j.ID()), rec.GetId(), &eventsv1.RecordAccepted{Record: rec})
		return err
	case evolvev1.Decision_DECISION_REJECTED_DUPLICATE, evolvev1.Decision_DECISION_REJECTED_UNVERIFIED:
		rej := proto.Clone(res).(*agentv1.RolloutResult)
		rej.Record = out.Record
		if decision == evolvev1.Decision_DECISION_REJECTED_DUPLICATE {
			rej.Rejections = append(rej.Rejections, &trajectoryv1.Rejection{
				Reason: trajectoryv1.RejectReason_REJECT_REASON_NEAR_DUPLICATE,
				Detail: fmt.Sprintf("near-duplicate (Jaccard >= 0.9) of accepted record %s", out.DuplicateOf),
			})
		}
		_, err := l.bus.Publish(ctx, events.RejectedSubject(j.ID()), res.GetTaskId()+"/rejected", &eventsv1.RecordRejected{Result: rej})
		return err
	}
	return nil
}

// after publishes progress and refills the window, or, when the job has
// stopped, announces its final state once its tasks in flight are all back
// (settle); again on a redelivery, in case the first handling stopped short.
func (l *Loop) after(ctx context.Context, j *jobstate.Job, key string, again bool) error {
	if _, err := l.bus.Publish(ctx, events.JobProgressSubject(j.ID()), j.ID()+"/progress/"+key, &eventsv1.JobProgressed{JobId: j.ID(), Progress: j.Progress()}); err != nil {
		return err
	}
	if j.Stopped() != "" {
		return l.settle(ctx, j, again)
	}
	return l.refill(ctx, j)
}

// settle announces a stopped job's final state once no task is in flight
// or the drain timed out: the results still to come are of calls already
// made, and the job's usage counts them. It first records the stop for the
// agent workers, which then end the job's rollouts at once and send back
// what each spent, so the wait is short.
func (l *Loop) settle(ctx context.Context, j *jobstate.Job, again bool) error {
	l.markStopped(ctx, j)
	if j.InFlight() > 0 && time.Since(j.StoppedAt()) < l.opt.DrainTimeout {
		return nil
	}
	l.mu.Lock()
	done := l.announced[j.ID()]
	l.announced[j.ID()] = true
	l.mu.Unlock()
	if done && !again {
		return l.release(ctx, j.ID())
	}
	if err := l.finish(ctx, j); err != nil {
		l.mu.Lock()
		delete(l.announced, j.ID())
		l.mu.Unlock()
		return err
	}
	return l.release(ctx, j.ID())
}

// release gives up a finished job's lease: nothing is left to run. A late
// result takes it again for as long as it is handled.
func (l *Loop) release(ctx context.Context, job string) error {
	if l.opt.Leases == nil {
		return nil
	}
	return l.opt.Leases.Release(ctx, job)
}

// adopt takes over the jobs whose owner stopped renewing their leases: each
// is loaded from the store, its pending tasks published again and, when it
// had stopped, its final state announced.
func (l *Loop) adopt(ctx context.Context) {
	for _, id := range l.opt.Leases.Lapsed() {
		if err := l.opt.Leases.Acquire(ctx, id); err != nil {
			continue // taken by another replica, or NATS unavailable: next tick
		}
		j, err := l.job(ctx, id)
		if errors.Is(err, jobstate.ErrNotFound) {
			// Its owner died before starting it: whoever handles its
			// JobCreated (redelivered) starts it.
			_ = l.opt.Leases.Release(ctx, id)
			continue
		}
		if err != nil {
			l.opt.Logger.WarnContext(ctx, "lapsed job not loaded", "job", id, "err", err)
			continue
		}
		l.opt.Logger.InfoContext(ctx, "took over a job whose owner stopped", "job", id)
		if j.Stopped() != "" {
			if err := l.settle(ctx, j, true); err != nil {
				l.opt.Logger.WarnContext(ctx, "final state of a taken-over job not published", "job", id, "err", err)
			}
		}
	}
}

// markStopped records, once per process, that j stopped issuing. A record
// that fails is tried again at the next settle; until then the job's
// rollouts run to their end, and the drain timeout bounds the wait.
func (l *Loop) markStopped(ctx context.Context, j *jobstate.Job) {
	l.mu.Lock()
	done := l.marked[j.ID()]
	l.mu.Unlock()
	if done {
		return
	}
	if err := l.bus.MarkStopped(ctx, j.ID()); err != nil {
		l.opt.Logger.WarnContext(ctx, "job's stop not recorded for the workers", "job", j.ID(), "err", err)
		return
	}
	l.mu.Lock()
	l.marked[j.ID()] = true
	l.mu.Unlock()
}

// finish publishes a stopped job's final state with why it stopped:
// SUCCEEDED at its target, CANCELLED when cancelled (the gateway set the
// state already; this says the dataset can be written), else STOPPED.
func (l *Loop) finish(ctx context.Context, j *jobstate.Job) error {
	stop := j.StopInfo()
	st := jobv1.JobState_JOB_STATE_STOPPED
	switch stop.GetKind() {
	case evolvev1.StopKind_STOP_KIND_TARGET:
		st = jobv1.JobState_JOB_STATE_SUCCEEDED
	case evolvev1.StopKind_STOP_KIND_CANCELLED:
		st = jobv1.JobState_JOB_STATE_CANCELLED
	}
	id := j.ID() + "/" + strings.ToLower(strings.TrimPrefix(st.String(), "JOB_STATE_")) + "/final" + resumeSuffix(j)
	_, err := l.bus.Publish(ctx, events.JobStateSubject(j.ID()), id, &eventsv1.JobStateChanged{JobId: j.ID(), State: st, Reason: stop.GetReason(), Stop: stop})
	return err
}

// state publishes a job's state; key is the job id, with a suffix that
// tells a resumed run's announcements from the first run's.
func (l *Loop) state(ctx context.Context, key string, st jobv1.JobState, reason string) error {
	job, _, _ := strings.Cut(key, "/")
	id := job + "/" + strings.ToLower(strings.TrimPrefix(st.String(), "JOB_STATE_")) + strings.TrimPrefix(key, job)
	_, err := l.bus.Publish(ctx, events.JobStateSubject(job), id, &eventsv1.JobStateChanged{JobId: job, State: st, Reason: reason})
	return err
}

// resumeSuffix keeps the message ids of a resumed job's announcements apart
// from those of its earlier runs (the stream drops a repeated id).
func resumeSuffix(j *jobstate.Job) string {
	if n := j.Resumes(); n > 0 {
		return fmt.Sprintf("/r%d", n)
	}
	return ""
}

// tick checks, without waiting for an event, the wall time of running jobs
// and the drains of stopped ones this process holds.
func (l *Loop) tick(ctx context.Context) {
	t := time.NewTicker(l.opt.TickEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if l.opt.Leases != nil {
			l.adopt(ctx)
		}
		l.mu.Lock()
		var jobs []*jobstate.Job
		for id, j := range l.resumed {
			if !l.announced[id] && l.Owns(id) {
				jobs = append(jobs, j)
			}
		}
		l.mu.Unlock()
		for _, j := range jobs {
			if j.Stopped() == "" && j.WallTimeSpent() {
				if _, err := j.Stop(ctx, jobstate.ReasonWallTime); err != nil {
					l.opt.Logger.WarnContext(ctx, "wall-time stop not stored", "job", j.ID(), "err", err)
					continue
				}
			}
			if j.Stopped() != "" {
				if err := l.settle(ctx, j, false); err != nil && ctx.Err() == nil {
					l.opt.Logger.WarnContext(ctx, "final state not published", "job", j.ID(), "err", err)
				}
			}
		}
	}
}

func (l *Loop) refill(ctx context.Context, j *jobstate.Job) error {
	if j.WallTimeSpent() {
		if _, err := j.Stop(ctx, jobstate.ReasonWallTime); err != nil {
			return err
		}
		return l.settle(ctx, j, false)
	}
	tasks, err := j.Issue(ctx, l.fleet.window(time.Now()))
	if pubErr := l.publishTasks(ctx, j, tasks); pubErr != nil {
		return pubErr
	}
	return err
}

func (l *Loop) publishTasks(ctx context.Context, j *jobstate.Job, tasks []*evolvev1.Task) error {
	job := j.Proto()
	share := 1.0 / 6
	if s := job.GetSpec().CodeToolShare; s != nil {
		share = *s
	}
	for _, t := range tasks {
		ev := &eventsv1.RolloutTask{Task: t, Roles: job.GetSpec().GetRoles(), CorpusId: jobstate.CorpusID(job), CodeToolShare: share,
			Budget: job.GetSpec().GetBudget(), Spent: j.Spend()}
		if _, err := l.bus.Publish(ctx, events.TaskSubject(j.ID()), t.GetId(), ev); err != nil {
			return err
		}
	}
	return nil
}
