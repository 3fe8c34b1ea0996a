// Package worker is the agent's worker mode: it consumes rollout tasks from
// the JetStream work queue (durable consumer events.ConsumerAgents on
// events.StreamTasks), drafts each task's blueprint, rolls it out, publishes
// the result (RolloutDone on events.RolloutSubject, msg id "<task>/done")
// and only then acks. Delivery is at least once: the record id is a
// function of (job id, task id) and the publish is de-duplicated by its
// msg id, so a redelivered task changes nothing downstream.
//
// On shutdown the worker stops taking tasks and lets the rollouts in flight
// finish (up to DrainTimeout) before their results are published and
// acked; a rollout cut off by the deadline is nak'ed for another worker.
package worker

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
	oteltrace "go.opentelemetry.io/otel/trace"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/lru"
)

// Drafter produces a task's blueprint, the definitions of its tools and the
// planner's model usage.
type Drafter interface {
	Draft(ctx context.Context, task *eventsv1.RolloutTask) (*blueprintv1.Blueprint, []*toolv1.Tool, *llmv1.Usage, error)
}

// DraftError is a task whose blueprint cannot be drafted, and will not be on
// a retry (the target is unrealisable on the cluster, the cluster is gone,
// the planner model answers badly): the task completes as a rejected
// rollout, with the usage the attempt spent.
type DraftError struct {
	Err   error
	Usage *llmv1.Usage
}

func (e *DraftError) Error() string { return "draft: " + e.Err.Error() }
func (e *DraftError) Unwrap() error { return e.Err }

// Roller runs a rollout (the runner).
type Roller interface {
	Rollout(ctx context.Context, req *agentv1.RolloutRequest) (*agentv1.RolloutResult, error)
}

// Config configures the worker.
type Config struct {
	Bus     *events.Bus
	Drafter Drafter
	Roller  Roller
	// Concurrency is the number of rollouts in flight, when Window is nil.
	Concurrency int
	// Window, when set, bounds the rollouts in flight instead, adapting to
	// the model endpoints' limits (see Window); the worker runs it.
	Window *Window
	// MaxDeliver bounds deliveries of one task before it is dead-lettered.
	MaxDeliver int
	// AckWait is how long a task whose worker went silent (died) waits
	// before another worker gets it; 0 means events.DefaultAckWait. A
	// rollout may take longer: the worker reports progress while it runs.
	AckWait time.Duration
	// DrainTimeout is how long rollouts in flight get to finish on shutdown.
	DrainTimeout time.Duration
	// Abandon, once closed, ends a shutdown's drain at once: the rollouts in
	// flight are dropped (their tasks go back to the queue) because nothing
	// wants their results any more (the job they serve has finished).
	Abandon <-chan struct{}
	// MaxCorrections is passed to every rollout (0: the default).
	MaxCorrections int32
	// Replicas of the streams the worker ensures (1 on one server, 3 on a
	// cluster).
	Replicas int
	Logger   *slog.Logger
	// ID names the worker in its results (RolloutDone.worker_id), so evolve
	// can add up the windows of several workers; empty takes a random one.
	ID string
}

// MaxTasksHeld bounds the tasks all agent workers together hold unacked.
const MaxTasksHeld = 100000

// Defaults of the worker.
const (
	DefaultMaxDeliver   = 5
	DefaultDrainTimeout = 30 * time.Second
)

// Run consumes tasks until ctx is done, then drains.
func Run(ctx context.Context, cfg Config) error {
	if cfg.MaxDeliver <= 0 {
		cfg.MaxDeliver = DefaultMaxDeliver
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = DefaultDrainTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := cfg.Bus.EnsureStreams(ctx, cfg.Replicas); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("worker: streams: %w", err)
	}
	// Handlers run on a context that outlives ctx by the drain timeout, so
	// a shutdown lets rollouts in flight finish and be published.
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	go func() {
		select {
		case <-ctx.Done():
		case <-hctx.Done():
			return
		}
		t := time.NewTimer(cfg.DrainTimeout)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-cfg.Abandon:
			cancel()
		case <-hctx.Done():
		}
	}()
	win := cfg.Window
	if win == nil {
		win = &Window{Min: cfg.Concurrency, Max: cfg.Concurrency}
	}
	win.init()
	if cfg.ID == "" {
		cfg.ID = rand.Text()
	}
	wctx, stopWindow := context.WithCancel(ctx)
	defer stopWindow()
	go win.Run(wctx)
	w := &worker{cfg: cfg, hctx: hctx, window: win, budgets: lru.New[string, *llm.Budget](256), stops: newStops()}
	go w.watchStops(hctx)
	// The consumer takes up to the window's maximum; the window holds each
	// task back until a rollout may start.
	return cfg.Bus.Consume(ctx, events.StreamTasks, jetstream.ConsumerConfig{
		Durable:       events.ConsumerAgents,
		Description:   "agent workers: draft, roll out and publish each task",
		FilterSubject: "tds.task.>",
		AckWait:       cfg.AckWait,
		MaxDeliver:    cfg.MaxDeliver,
		// The durable is every worker's: its bound on tasks held at once is
		// the whole fleet's, so it must not be one worker's window (two
		// workers would then share one worker's tasks). Each process pulls
		// only as many tasks as it has room for.
		MaxAckPending: MaxTasksHeld,
	}, w.handle, events.ConsumeOptions{Concurrency: win.Max, Logger: cfg.Logger})
}

type worker struct {
	cfg    Config
	hctx   context.Context
	window *Window
	// budgets are the jobs' budgets as this worker spends them: a call
	// that would start after a job's tokens or cost are spent does not.
	budgets *lru.Cache[string, *llm.Budget]
	// stops ends the rollouts of jobs that stopped issuing.
	stops *stops
}

// watchStops follows the jobs that stop (events.WatchStopped) until ctx is
// done. A watch that fails is made again: until then rollouts of a stopped
// job only run to their end, as they would without it.
func (w *worker) watchStops(ctx context.Context) {
	for {
		err := w.cfg.Bus.WatchStopped(ctx, w.stops.set)
		if ctx.Err() != nil {
			return
		}
		w.cfg.Logger.WarnContext(ctx, "worker: watch of stopped jobs ended, made again", "err", err)
		t := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// budgetOf returns the job's budget, raised to what the job had spent when
// evolve issued the task (the spend of other workers and earlier runs).
func (w *worker) budgetOf(task *eventsv1.RolloutTask) *llm.Budget {
	jb := task.GetBudget()
	// Keyed by the limits too: a job resumed with a larger budget gets a
	// budget of its own, raised to what the job spent before.
	key := fmt.Sprintf("%s/%d/%g", task.GetTask().GetJobId(), jb.GetMaxLlmTokens(), jb.GetMaxCost())
	b := w.budgets.Add(key, &llm.Budget{MaxTokens: jb.GetMaxLlmTokens(), MaxCost: jb.GetMaxCost()})
	b.Floor(llm.SpendFromProto(task.GetSpent()).Total())
	return b
}

func (w *worker) handle(ctx context.Context, m *events.Message) error {
	var task eventsv1.RolloutTask
	if err := m.Decode(&task); err != nil {
		return events.Permanent(err)
	}
	t := task.GetTask()
	if t.GetId() == "" || events.CheckJobID(t.GetJobId()) != nil {
		return events.Permanent(fmt.Errorf("task %q of job %q: want a task id and a valid job id", t.GetId(), t.GetJobId()))
	}
	// Keep the trace (from ctx) but not its cancellation: see Run. The
	// rollout ends when its job stops.
	base := oteltrace.ContextWithSpan(w.hctx, oteltrace.SpanFromContext(ctx))
	if w.stops.is(t.GetJobId()) {
		// The watch may not have seen a stopped job run again (continued):
		// its first tasks must not end as stopped. Ask the bucket.
		if stopped, err := w.cfg.Bus.IsStopped(ctx, t.GetJobId()); err == nil && !stopped {
			w.stops.set(t.GetJobId(), false)
		}
	}
	rctx, end := w.stops.begin(base, t.GetJobId())
	defer end()
	// Waiting for a slot ends on a shutdown (the task goes back to the
	// queue) or when the job stops.
	actx, stopWait := context.WithCancel(ctx)
	defer context.AfterFunc(rctx, stopWait)()
	var res *agentv1.RolloutResult
	err := w.window.Acquire(actx)
	stopWait()
	switch {
	case err == nil:
		res, err = w.rollout(rctx, &task)
		w.window.Release()
	case ended(rctx):
		res, err = stoppedResult(&task, llm.Spend{}), nil
	default:
		return err
	}
	if err == nil {
		_, err = w.cfg.Bus.Publish(base, events.RolloutSubject(t.GetJobId()), t.GetId()+"/done", &eventsv1.RolloutDone{
			Result: res, WorkerId: w.cfg.ID, WorkerWindow: int32(w.window.Size()),
		})
	}
	if err != nil && m.NumDelivered >= uint64(w.cfg.MaxDeliver) {
		w.deadLetter(base, &task, m.NumDelivered, err)
	}
	return err
}

// rollout drafts and rolls out a task. When ctx ends because the job
// stopped, the task ends as a result that says so with the calls it made:
// evolve counts their usage and drops the result.
func (w *worker) rollout(ctx context.Context, task *eventsv1.RolloutTask) (*agentv1.RolloutResult, error) {
	// The task's own accounting under the job's budget: what it spent when
	// its job stopped it.
	spent := w.budgetOf(task).Child()
	res, err := w.draftAndRoll(ctx, task, spent)
	if err != nil && ended(ctx) {
		return stoppedResult(task, spent.Spend()), nil
	}
	return res, err
}

// stoppedResult is the result of a task its job stopped, with what it spent.
func stoppedResult(task *eventsv1.RolloutTask, used llm.Spend) *agentv1.RolloutResult {
	t := task.GetTask()
	return rejected(t.GetId(), t.GetJobId(), used, trajectoryv1.RejectReason_REJECT_REASON_UNSPECIFIED, errJobStopped.Error())
}

func (w *worker) draftAndRoll(ctx context.Context, task *eventsv1.RolloutTask, budget *llm.Budget) (*agentv1.RolloutResult, error) {
	t := task.GetTask()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err := budget.Check(); err != nil {
		// Spent already: the task ends here, without a call.
		return rejected(t.GetId(), t.GetJobId(), llm.Spend{}, trajectoryv1.RejectReason_REJECT_REASON_BUDGET, err.Error()), nil
	}
	bp, tools, used, err := w.cfg.Drafter.Draft(ctx, task)
	drafted := llm.SpendFromProto(used)
	budget.Add(drafted)
	var de *DraftError
	if errors.As(err, &de) {
		reason := trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT_DRAFT
		if errors.Is(err, llm.ErrBudgetExhausted) {
			reason = trajectoryv1.RejectReason_REJECT_REASON_BUDGET
		}
		return rejected(t.GetId(), t.GetJobId(), drafted, reason, de.Error()), nil
	}
	if err != nil {
		return nil, err
	}
	res, err := w.cfg.Roller.Rollout(llm.ContextWithBudget(ctx, budget), &agentv1.RolloutRequest{
		Blueprint: bp, Tools: tools, Roles: task.GetRoles(), JobId: t.GetJobId(), TaskId: t.GetId(),
		Seed: t.GetSeed(), MaxCorrections: w.cfg.MaxCorrections,
	})
	if _, ok := apierr.AsInvalid(err); ok {
		// The task itself is wrong (its roles' endpoints, its tools):
		// retrying cannot help, and the job must still hear of the task.
		return invalid(t.GetId(), t.GetJobId(), drafted, err), nil
	}
	if err != nil {
		return nil, err
	}
	// The result counts every call made for the task: the planner's too.
	res.Usage = drafted.Add(llm.SpendFromProto(res.GetUsage())).Proto()
	return res, nil
}

// rejected is the result of a task that ended before its rollout.
func rejected(taskID, jobID string, used llm.Spend, reason trajectoryv1.RejectReason, detail string) *agentv1.RolloutResult {
	return &agentv1.RolloutResult{TaskId: taskID, JobId: jobID, Usage: used.Proto(), Rejections: []*trajectoryv1.Rejection{{Reason: reason, Detail: detail}}}
}

// invalid is the rejected result of a task the runner refused.
func invalid(taskID, jobID string, used llm.Spend, err error) *agentv1.RolloutResult {
	reason := trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT_DRAFT
	var fields []string
	vs, _ := apierr.AsInvalid(err)
	for _, v := range vs {
		fields = append(fields, v.Field+": "+v.Description)
		if strings.HasPrefix(v.Field, "roles.") {
			reason = trajectoryv1.RejectReason_REJECT_REASON_LLM_ERROR
		}
	}
	detail := err.Error()
	if len(fields) > 0 {
		detail = "invalid rollout request: " + strings.Join(fields, "; ")
	}
	return rejected(taskID, jobID, used, reason, detail)
}

func (w *worker) deadLetter(ctx context.Context, task *eventsv1.RolloutTask, delivered uint64, cause error) {
	t := task.GetTask()
	msg := cause.Error()
	if len(msg) > 1024 {
		msg = msg[:1024]
	}
	if _, err := w.cfg.Bus.Publish(ctx, events.DeadSubject(t.GetJobId()), t.GetId()+"/dead", &eventsv1.TaskDeadLettered{
		Task: t, Deliveries: int32(delivered), LastError: msg,
	}); err != nil {
		w.cfg.Logger.WarnContext(ctx, "worker: dead letter not published", "task", t.GetId(), "err", err)
	}
}
