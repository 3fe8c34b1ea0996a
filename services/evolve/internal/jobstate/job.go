// Package jobstate is the evolve service's per-job state: the diversity
// state (counts, CAC distribution, near-duplicate index), the strategy's
// learned state, the issued and observed tasks, budget accounting and the
// metric curves.
//
// A job is its meta (the job, the resolved strategy, the clusters) plus an
// append-only log of events: each issued task with its target, each
// observation (the measured record: domain, signature, CAC, primitives,
// shingle hashes; the LLM tokens spent; the rejection reasons; the time),
// each dead letter, each stop. Every change is written to the log first and
// then applied by the one function that also replays the log, so a job
// loaded from its store after a restart is exactly the job before it: the
// same next targets, the same decisions.
package jobstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// Stop reasons.
const (
	ReasonTarget    = "target reached"
	ReasonRecords   = "budget: max_records reached"
	ReasonTokens    = "budget: max_llm_tokens spent"
	ReasonAttempts  = "budget: max_attempts spent"
	ReasonWallTime  = "budget: max_wall_time elapsed"
	ReasonCost      = "budget: max_cost spent"
	ReasonBreaker   = "breaker: too many rollouts rejected"
	ReasonSameFail  = "breaker: every recent rollout failed the same way"
	ReasonCancelled = "cancelled"
)

// ErrUnknownTask is returned when a result names a task the job never issued.
var ErrUnknownTask = errors.New("jobstate: unknown task")

// Meta is what a job starts from; it never changes.
type Meta struct {
	JobID string `json:"job_id"`
	// Job is the job.v1.Job as protojson (spec, corpus and clustering ids).
	Job         json.RawMessage    `json:"job"`
	Params      strategy.Params    `json:"params"`
	Window      int                `json:"window"`
	MaxClusters int                `json:"max_clusters"`
	Clusters    []strategy.Cluster `json:"clusters"`
	StartedAt   time.Time          `json:"started_at"`
	// DomainTools are the tools per domain over all clusters of the
	// clustering, for the uniform baseline (Pool.DomainTools).
	DomainTools map[string]int `json:"domain_tools,omitempty"`
}

// NewMeta resolves a job's strategy and window.
func NewMeta(job *jobv1.Job, pool strategy.Pool, at time.Time) (Meta, error) {
	raw, err := protojson.Marshal(job)
	if err != nil {
		return Meta{}, err
	}
	spec := job.GetSpec()
	code := 1.0 / 6
	if spec.CodeToolShare != nil {
		code = spec.GetCodeToolShare()
	}
	window := int(spec.GetStrategy().GetWindow())
	if window <= 0 {
		window = strategy.DefaultWindow
	}
	return Meta{
		JobID: job.GetId(), Job: raw, Window: window, MaxClusters: int(spec.GetStrategy().GetMaxClusters()),
		Params:   strategy.Resolve(spec.GetStrategy(), code, spec.GetSeed(), spec.GetTargetRecords()),
		Clusters: pool.Targets, DomainTools: pool.DomainTools, StartedAt: at.UTC(),
	}, nil
}

// entry is one log event.
type entry struct {
	Kind string `json:"k"` // "issue", "obs", "dead", "stop", "resume"
	// issue
	Index  int64       `json:"i,omitempty"`
	Choice *choiceJSON `json:"c,omitempty"`
	// obs, dead
	TaskID  string                 `json:"t,omitempty"`
	Obs     *diversity.Observation `json:"o,omitempty"`
	Reasons []string               `json:"r,omitempty"`
	Tokens  int64                  `json:"tok,omitempty"`
	// Usage is the result's model usage by role (Tokens is its total, kept
	// for logs written before usage was by role); Detail the first
	// rejection's detail, clipped, for the stop's example.
	Usage  map[string]roleUsage `json:"u,omitempty"`
	Detail string               `json:"d,omitempty"`
	// stop
	Reason string `json:"why,omitempty"`
	// resume: the job's count of resumes and its budget from then on
	// (protojson of job.v1.Budget).
	Resumes int32           `json:"n,omitempty"`
	Budget  json.RawMessage `json:"b,omitempty"`
	At      int64           `json:"at"` // unix nanoseconds
}

type choiceJSON struct {
	Cluster    string  `json:"cl"`
	Domain     string  `json:"d"`
	Primitives []int32 `json:"p,omitempty"`
	Complexity int     `json:"x"`
	Code       bool    `json:"code,omitempty"`
	MaxReqs    int     `json:"mr,omitempty"`
}

func toJSON(c strategy.Choice) *choiceJSON {
	j := &choiceJSON{Cluster: c.ClusterID, Domain: c.Domain, Complexity: c.Complexity, Code: c.CodeStep, MaxReqs: c.MaxRequests}
	for _, p := range c.Primitives {
		j.Primitives = append(j.Primitives, int32(p))
	}
	return j
}

func (j *choiceJSON) choice() strategy.Choice {
	c := strategy.Choice{ClusterID: j.Cluster, Domain: j.Domain, Complexity: j.Complexity, CodeStep: j.Code, MaxRequests: j.MaxReqs}
	for _, p := range j.Primitives {
		c.Primitives = append(c.Primitives, blueprintv1.ReasoningPrimitive(p))
	}
	return c
}

type observed struct {
	decision evolvev1.Decision
	dupOf    string
}

// Job is one job's state. Its methods are safe for concurrent use.
type Job struct {
	mu    sync.Mutex
	store Store
	meta  Meta
	job   *jobv1.Job
	// now is the clock (tests replace it).
	now func() time.Time

	div   *diversity.State
	strat strategy.Strategy
	// window is the tasks kept in flight; it grows with the results
	// observed by this process (a reloaded job grows again from its own).
	window   *strategy.Window
	seq      int64 // next log entry
	tasks    []*evolvev1.Task
	byID     map[string]int
	observed map[string]observed
	inFlight map[string]bool
	dead     int64
	attempts int64 // observations counted (not dropped), dead letters included
	tokens   int64
	// spend is every result's model usage, dropped results included.
	spend   llm.Spend
	rejects map[string]int64
	// breaker is the recent outcomes; examples the latest rejection detail
	// per reason; stop why the job stopped and stoppedAt when.
	breaker   breaker
	examples  map[string]string
	stop      *evolvev1.Stop
	stoppedAt time.Time
	curve     []*evolvev1.Snapshot
	stopped   string
	// resumes counts the resumes applied; runningSince is when the job
	// last started or resumed (the wall-time budget counts from there).
	resumes      int32
	runningSince time.Time
	recent       []time.Time // times of the last accepted records, for the rate
	lastAt       time.Time
	broken       error
}

func newJob(store Store, meta Meta) (*Job, error) {
	job := &jobv1.Job{}
	if err := protojson.Unmarshal(meta.Job, job); err != nil {
		return nil, fmt.Errorf("jobstate: job %s meta: %w", meta.JobID, err)
	}
	st, err := strategy.New(meta.Params, meta.Clusters)
	if err != nil {
		return nil, fmt.Errorf("jobstate: job %s: %w", meta.JobID, err)
	}
	return &Job{
		store: store, meta: meta, job: job, now: time.Now, div: diversity.New(), strat: st, runningSince: meta.StartedAt,
		window: strategy.NewWindow(meta.Window),
		byID:   map[string]int{}, observed: map[string]observed{}, inFlight: map[string]bool{}, rejects: map[string]int64{},
		examples: map[string]string{}, breaker: newBreaker(job.GetSpec().GetBudget().GetBreaker()),
	}, nil
}

// ID is the job id.
func (j *Job) ID() string { return j.meta.JobID }

// Proto is the job as created, with its budget as last resumed.
func (j *Job) Proto() *jobv1.Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.job
}

// Meta is what the job started from.
func (j *Job) Meta() Meta { return j.meta }

// Target is the number of records to accept: target_records, capped by the
// budget's max_records when set.
func (j *Job) Target() int64 {
	t := j.job.GetSpec().GetTargetRecords()
	if m := j.job.GetSpec().GetBudget().GetMaxRecords(); m > 0 && (t <= 0 || m < t) {
		t = m
	}
	return t
}

// TaskID is the id of task index of a job.
func TaskID(job string, index int64) string { return job + "-t" + strconv.FormatInt(index, 10) }

// TaskSeed derives task index's seed from the job seed.
func TaskSeed(jobSeed, index int64) int64 {
	return seedrand.New(jobSeed, "evolve-task-seed", strconv.FormatInt(index, 10)).Int64()
}

// persist appends e to the log and applies it.
func (j *Job) persist(ctx context.Context, e entry) error {
	if j.broken != nil {
		return j.broken
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := j.store.Append(ctx, j.meta.JobID, j.seq, data); err != nil {
		// The log may or may not hold the entry now: the state must be
		// reloaded from the store before it is used again.
		j.broken = fmt.Errorf("jobstate: job %s: append entry %d: %w", j.meta.JobID, j.seq, err)
		return j.broken
	}
	j.apply(e)
	return nil
}

// Broken says whether a failed write left the job to be reloaded.
func (j *Job) Broken() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.broken != nil
}

// apply is the one place state changes, live and on replay.
func (j *Job) apply(e entry) {
	j.seq++
	at := time.Unix(0, e.At).UTC()
	j.lastAt = at
	switch e.Kind {
	case "issue":
		c := e.Choice.choice()
		id := TaskID(j.meta.JobID, e.Index)
		t := &evolvev1.Task{Id: id, JobId: j.meta.JobID, ClusterId: c.ClusterID, Target: c.Target(), Seed: TaskSeed(j.meta.Params.Seed, e.Index)}
		j.byID[id] = len(j.tasks)
		j.tasks = append(j.tasks, t)
		j.inFlight[id] = true
		j.strat.Issued(c)
	case "obs":
		delete(j.inFlight, e.TaskID)
		// Every result's calls were made and count, whatever its fate.
		j.spend = j.spend.Add(e.spend())
		c := strategy.FromTask(j.tasks[j.byID[e.TaskID]])
		if j.stopped != "" {
			j.observed[e.TaskID] = observed{decision: evolvev1.Decision_DECISION_DROPPED}
			j.strat.Dropped(c)
			return
		}
		j.attempts++
		j.tokens += e.Tokens
		d, dup := j.div.Apply(*e.Obs)
		j.strat.Observed(c, d, e.Obs.Signature, e.Obs.CAC, j.div)
		var dec evolvev1.Decision
		switch d {
		case diversity.Accepted:
			dec = evolvev1.Decision_DECISION_ACCEPTED
			j.recent = append(j.recent, at)
			if len(j.recent) > 200 {
				j.recent = j.recent[1:]
			}
			acc := j.div.Accepted()
			if every := max(1, j.Target()/100); acc%every == 0 || acc == j.Target() {
				j.curve = append(j.curve, j.snapshot(at))
			}
		case diversity.RejectedDuplicate:
			dec = evolvev1.Decision_DECISION_REJECTED_DUPLICATE
			j.rejects["near_duplicate"]++
		default:
			dec = evolvev1.Decision_DECISION_REJECTED_UNVERIFIED
			reason := "unverified"
			if len(e.Reasons) > 0 {
				reason = e.Reasons[0]
			}
			j.rejects[reason]++
			if e.Detail != "" {
				j.examples[reason] = e.Detail
			}
		}
		j.breaker.observe(failureOf(dec, e.Reasons))
		j.observed[e.TaskID] = observed{decision: dec, dupOf: dup}
		j.checkStop(at)
	case "dead":
		delete(j.inFlight, e.TaskID)
		j.observed[e.TaskID] = observed{decision: evolvev1.Decision_DECISION_REJECTED_UNVERIFIED}
		j.strat.Dropped(strategy.FromTask(j.tasks[j.byID[e.TaskID]]))
		if j.stopped == "" {
			j.dead++
			j.attempts++
			j.rejects["dead_lettered"]++
			j.breaker.observe("dead_lettered")
			j.checkStop(at)
		}
	case "stop":
		if j.stopped == "" {
			j.stopAt(at, e.Reason, stopKindOf(e.Reason), "")
		}
	case "resume":
		j.resumes = e.Resumes
		if j.stopped == "" || j.stopped == ReasonTarget {
			return
		}
		budget := &jobv1.Budget{}
		if err := protojson.Unmarshal(e.Budget, budget); err == nil {
			spec := proto.Clone(j.job.GetSpec()).(*jobv1.JobSpec)
			spec.Budget = budget
			j.job = proto.Clone(j.job).(*jobv1.Job)
			j.job.Spec = spec
		}
		// A fresh window for the breaker and a fresh clock: what was spent
		// still counts against the budget.
		j.stopped, j.stop, j.stoppedAt, j.runningSince = "", nil, time.Time{}, at
		j.breaker = newBreaker(j.job.GetSpec().GetBudget().GetBreaker())
		j.checkStop(at)
	}
}

// checkStop stops the job when its target is reached, a budget is spent
// or the breaker trips.
func (j *Job) checkStop(at time.Time) {
	if j.stopped != "" {
		return
	}
	b := j.job.GetSpec().GetBudget()
	spent := j.spend.Total()
	tokens := max(j.tokens, spent.Tokens())
	switch {
	case j.div.Accepted() >= j.job.GetSpec().GetTargetRecords() && j.job.GetSpec().GetTargetRecords() > 0:
		j.stopAt(at, ReasonTarget, evolvev1.StopKind_STOP_KIND_TARGET, "")
	case b.GetMaxRecords() > 0 && j.div.Accepted() >= b.GetMaxRecords():
		j.stopAt(at, ReasonRecords, evolvev1.StopKind_STOP_KIND_MAX_RECORDS, fmt.Sprintf("%s (%d records)", ReasonRecords, j.div.Accepted()))
	case b.GetMaxLlmTokens() > 0 && tokens >= b.GetMaxLlmTokens():
		j.stopAt(at, ReasonTokens, evolvev1.StopKind_STOP_KIND_MAX_LLM_TOKENS, fmt.Sprintf("%s (%d of %d tokens)", ReasonTokens, tokens, b.GetMaxLlmTokens()))
	case b.GetMaxCost() > 0 && spent.Cost >= b.GetMaxCost():
		j.stopAt(at, ReasonCost, evolvev1.StopKind_STOP_KIND_MAX_COST, fmt.Sprintf("%s (%.4f of %.4f)", ReasonCost, spent.Cost, b.GetMaxCost()))
	case b.GetMaxAttempts() > 0 && j.attempts >= b.GetMaxAttempts():
		j.stopAt(at, ReasonAttempts, evolvev1.StopKind_STOP_KIND_MAX_ATTEMPTS, fmt.Sprintf("%s (%d attempts, %d accepted)", ReasonAttempts, j.attempts, j.div.Accepted()))
	case b.GetMaxWallTime() != nil && b.GetMaxWallTime().AsDuration() > 0 && at.Sub(j.runningSince) >= b.GetMaxWallTime().AsDuration():
		j.stopAt(at, ReasonWallTime, evolvev1.StopKind_STOP_KIND_MAX_WALL_TIME, fmt.Sprintf("%s (%s)", ReasonWallTime, b.GetMaxWallTime().AsDuration()))
	default:
		if kind, why := j.breaker.tripped(j.attempts); kind != evolvev1.StopKind_STOP_KIND_UNSPECIFIED {
			reason := ReasonBreaker
			if kind == evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE {
				reason = ReasonSameFail
			}
			j.stopAt(at, reason, kind, "breaker: "+why)
		}
	}
}

// Stopped is why the job stopped, "" while it runs.
func (j *Job) Stopped() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.stopped
}

// Issue tops the tasks in flight up to the window and returns the new
// tasks, already persisted. The window is the job's, or what the agent
// workers run at once when that is more (fleet: the sum of their windows)
// and an eighth more (strategy.Window); near the target it is fewer, the
// tasks expected to yield the records still missing and a quarter more
// (strategy.Needed), so little work is wasted on rollouts still running
// when the target is reached. A stopped job issues
// nothing; max_attempts bounds the tasks issued.
func (j *Job) Issue(ctx context.Context, fleet int) ([]*evolvev1.Task, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.stopped != "" {
		return nil, nil
	}
	want := j.window.Size(fleet)
	if t := j.Target(); t > 0 {
		acc := j.div.Accepted()
		want = min(want, max(1, strategy.Needed(t-acc, acc, j.attempts)))
	}
	return j.issue(ctx, want-len(j.inFlight))
}

// Next issues n more tasks regardless of the window (the NextTargets RPC,
// for callers that run their own loop).
func (j *Job) Next(ctx context.Context, n int) ([]*evolvev1.Task, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.stopped != "" {
		return nil, nil
	}
	return j.issue(ctx, n)
}

func (j *Job) issue(ctx context.Context, n int) ([]*evolvev1.Task, error) {
	if m := j.job.GetSpec().GetBudget().GetMaxAttempts(); m > 0 {
		// The attempts counted and those in flight: tasks dropped after a
		// stop that was later resumed are no attempts.
		n = min(n, int(m-j.attempts)-len(j.inFlight))
	}
	var out []*evolvev1.Task
	for range max(n, 0) {
		index := int64(len(j.tasks))
		c := j.strat.Pick(index, j.div)
		if err := j.persist(ctx, entry{Kind: "issue", Index: index, Choice: toJSON(c), At: j.now().UnixNano()}); err != nil {
			return out, err
		}
		out = append(out, j.tasks[index])
	}
	return out, nil
}

// Pending returns the tasks issued and neither observed nor dead-lettered,
// in issue order (republished after a restart; the queue drops duplicates
// by task id).
func (j *Job) Pending() []*evolvev1.Task {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []*evolvev1.Task
	for _, t := range j.tasks {
		if j.inFlight[t.GetId()] {
			out = append(out, t)
		}
	}
	return out
}

// Outcome is what Observe did.
type Outcome struct {
	Decision evolvev1.Decision
	// First is the first observation's decision, for DECISION_ALREADY_OBSERVED.
	First       evolvev1.Decision
	DuplicateOf string
	// Record is the result's record with its reasoning mode and CAC re-measured.
	Record *trajectoryv1.Record
	// StoppedNow is the stop reason when this observation stopped the job.
	StoppedNow string
}

// Observe takes a rollout result of one of the job's tasks. It is
// idempotent per task id; results that arrive after the job stopped are
// dropped.
func (j *Job) Observe(ctx context.Context, res *agentv1.RolloutResult) (Outcome, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	id := res.GetTaskId()
	if _, ok := j.byID[id]; !ok {
		return Outcome{}, fmt.Errorf("%w: %q is not a task of job %s", ErrUnknownTask, id, j.meta.JobID)
	}
	rec := Measured(res.GetRecord())
	if o, ok := j.observed[id]; ok {
		return Outcome{Decision: evolvev1.Decision_DECISION_ALREADY_OBSERVED, First: o.decision, DuplicateOf: o.dupOf, Record: rec}, nil
	}
	// The primitives the record's blueprint realises; the task's target
	// when the record does not say.
	ps := res.GetRecord().GetPrimitives()
	if len(ps) == 0 {
		t := j.tasks[j.byID[id]].GetTarget()
		ps = t.GetPrimitives()
		if t.GetCodeStep() {
			ps = append(slices.Clone(ps), blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_CODE_COMPUTATION)
		}
	}
	var prims []string
	for _, p := range ps {
		prims = append(prims, p.String())
	}
	// A passed result without messages has nothing to accept.
	passed := res.GetPassed() && len(res.GetRecord().GetMessages()) > 0
	obs := diversity.Measure(toTrajectory(res.GetRecord()), passed, prims)
	e := entry{Kind: "obs", TaskID: id, Obs: &obs, At: j.now().UnixNano()}
	u := res.GetUsage()
	if u == nil {
		u = res.GetRecord().GetUsage()
	}
	e.Tokens = u.GetPromptTokens() + u.GetCompletionTokens()
	e.Usage = usageJSON(u)
	if !passed {
		for _, r := range res.GetRejections() {
			e.Reasons = append(e.Reasons, strings.ToLower(strings.TrimPrefix(r.GetReason().String(), "REJECT_REASON_")))
		}
		if rs := res.GetRejections(); len(rs) > 0 {
			e.Detail = clip(rs[0].GetDetail(), 400)
		}
	}
	if !passed || j.stopped != "" {
		e.Obs.Shingles = nil // never reaches the near-duplicate index
	}
	was := j.stopped
	if err := j.persist(ctx, e); err != nil {
		return Outcome{}, err
	}
	o := j.observed[id]
	out := Outcome{Decision: o.decision, DuplicateOf: o.dupOf, Record: rec}
	if was == "" && j.stopped != "" {
		out.StoppedNow = j.stopped
	}
	return out, nil
}

// DeadLettered takes a task that exhausted its deliveries: it leaves the
// window and counts as a rejection. Idempotent.
func (j *Job) DeadLettered(ctx context.Context, taskID string) (stoppedNow string, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.byID[taskID]; !ok {
		return "", fmt.Errorf("%w: %q is not a task of job %s", ErrUnknownTask, taskID, j.meta.JobID)
	}
	if _, ok := j.observed[taskID]; ok {
		return "", nil
	}
	was := j.stopped
	if err := j.persist(ctx, entry{Kind: "dead", TaskID: taskID, At: j.now().UnixNano()}); err != nil {
		return "", err
	}
	if was == "" && j.stopped != "" {
		return j.stopped, nil
	}
	return "", nil
}

// Stop stops issuing (cancellation, or a wall-time budget checked by the
// loop). Idempotent: the first reason stays.
func (j *Job) Stop(ctx context.Context, reason string) (stoppedNow bool, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.stopped != "" {
		return false, nil
	}
	if err := j.persist(ctx, entry{Kind: "stop", Reason: reason, At: j.now().UnixNano()}); err != nil {
		return false, err
	}
	return true, nil
}

// WallTimeSpent says whether the job's wall-time budget has elapsed since
// it started or last resumed.
func (j *Job) WallTimeSpent() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	d := j.job.GetSpec().GetBudget().GetMaxWallTime()
	return d != nil && d.AsDuration() > 0 && j.now().Sub(j.runningSince) >= d.AsDuration()
}

// Resumes is how many resumes the job applied.
func (j *Job) Resumes() int32 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.resumes
}

// Resume continues a job that stopped short of its target (a budget, the
// breaker, a cancel) with the budget of job, the job as the gateway resumed
// it (its resumes count above the one applied). The spend and the records
// so far stay; the breaker's window and the wall-time clock start afresh.
// It reports whether the job runs again (a budget still spent stops it at
// once). Idempotent by the resumes count.
func (j *Job) Resume(ctx context.Context, job *jobv1.Job) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if job.GetResumes() <= j.resumes {
		return j.stopped == "", nil
	}
	budget, err := protojson.Marshal(job.GetSpec().GetBudget())
	if err != nil {
		return false, err
	}
	if err := j.persist(ctx, entry{Kind: "resume", Resumes: job.GetResumes(), Budget: budget, At: j.now().UnixNano()}); err != nil {
		return false, err
	}
	return j.stopped == "", nil
}

// Measured returns a copy of the record with its reasoning mode and CAC
// re-measured from its messages (docs/metrics.md).
func Measured(r *trajectoryv1.Record) *trajectoryv1.Record {
	if r == nil {
		return nil
	}
	out := proto.Clone(r).(*trajectoryv1.Record)
	m := trajectory.Measure(toTrajectory(r).Messages)
	out.ReasoningMode, out.Cac = m.Signature, m.CAC
	return out
}

func toTrajectory(r *trajectoryv1.Record) *trajectory.Record {
	out := &trajectory.Record{ID: r.GetId(), JobID: r.GetJobId(), ClusterID: r.GetClusterId(), BlueprintID: r.GetBlueprintId(), Domain: r.GetDomain()}
	for _, m := range r.GetMessages() {
		msg := trajectory.Message{Role: m.GetRole(), Content: m.GetContent(), Name: m.GetName(), ToolCallID: m.GetToolCallId(), ReasoningContent: m.GetReasoningContent()}
		for _, c := range m.GetToolCalls() {
			msg.ToolCalls = append(msg.ToolCalls, trajectory.ToolCall{ID: c.GetId(), Type: c.GetType(), Function: trajectory.FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
		}
		out.Messages = append(out.Messages, msg)
	}
	return out
}

// Snapshot is the job's diversity state now.
func (j *Job) Snapshot() *evolvev1.Snapshot {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.snapshot(j.lastAt)
}

func (j *Job) snapshot(at time.Time) *evolvev1.Snapshot {
	s := j.div.Snapshot()
	return &evolvev1.Snapshot{
		Accepted: s.Accepted, Rejected: s.Rejected + j.dead, NearDuplicates: s.NearDuplicates,
		HDom: s.HDom, HMode: s.HMode, CacMean: s.CACMean, CacP50: s.CACP50, CacP90: s.CACP90,
		DistinctDomains: int64(s.DistinctDomains), DistinctSignatures: int64(s.DistinctSignatures),
		At: timestamppb.New(at), HRequest: s.HRequest, RequestsPerRecord: s.RequestsPerRecord,
		DistinctRequestSignatures: int64(s.DistinctRequests),
	}
}

// nearDupRate is near-duplicates among verified rollouts.
func nearDupRate(s *evolvev1.Snapshot) float64 {
	if n := s.GetAccepted() + s.GetNearDuplicates(); n > 0 {
		return float64(s.GetNearDuplicates()) / float64(n)
	}
	return 0
}

// rejectionRate is rejections among counted attempts.
func (j *Job) rejectionRate(s *evolvev1.Snapshot) float64 {
	if j.attempts > 0 {
		return float64(s.GetRejected()) / float64(j.attempts)
	}
	return 0
}

// Progress is the job's progress for JobProgressed.
func (j *Job) Progress() *jobv1.Progress {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := j.snapshot(j.lastAt)
	p := &jobv1.Progress{
		Target: j.Target(), Accepted: s.GetAccepted(), Rejected: s.GetRejected(), InFlight: int64(len(j.inFlight)),
		DeadLettered: j.dead, HDom: s.GetHDom(), HMode: s.GetHMode(), CacMean: s.GetCacMean(), CacP90: s.GetCacP90(),
		NearDuplicateRate: nearDupRate(s), At: s.GetAt(), HRequest: s.GetHRequest(), RequestsPerRecord: s.GetRequestsPerRecord(),
		Usage: j.usageProto(), Rejections: j.rejections(),
	}
	if n := len(j.recent); n >= 2 {
		if dt := j.recent[n-1].Sub(j.recent[0]).Seconds(); dt > 0 {
			p.Rate = float64(n-1) / dt
			if left := j.Target() - s.GetAccepted(); left > 0 {
				p.Eta = durationpb.New(time.Duration(float64(left) / p.Rate * float64(time.Second)))
			}
		}
	}
	return p
}

// CACBucketWidth is the width of the report's CAC histogram buckets.
const CACBucketWidth = 1.0

// Report is the job's report: the three metrics and their curves over
// accepted count, the histograms, the rejection rates by reason, and the
// uniform baseline's domain metrics at the same count (uniformBaseline).
func (j *Job) Report() *evolvev1.Report {
	j.mu.Lock()
	defer j.mu.Unlock()
	final := j.snapshot(j.lastAt)
	r := &evolvev1.Report{
		JobId:             j.meta.JobID,
		Strategy:          j.meta.Params.Spec(int32(j.meta.Window), int32(j.meta.MaxClusters)),
		Final:             final,
		Curve:             slices.Clone(j.curve),
		Domains:           counts(j.div.Domains),
		Signatures:        counts(j.div.Signatures),
		Primitives:        counts(j.div.Primitives),
		NearDuplicateRate: nearDupRate(final),
		RejectionRate:     j.rejectionRate(final),

		SignatureGrammarVersion: trajectory.GrammarVersion,
		RequestSignatures:       counts(j.div.Requests),
		UniformBaseline:         uniformBaseline(j.meta.DomainTools, final.GetAccepted(), j.meta.Params.Seed),
		Usage:                   j.usageProto(),
		Stop:                    j.stopProto(),
		Attempts:                j.attempts,
	}
	for _, n := range slices.Sorted(maps.Keys(j.div.RequestsPerRecord)) {
		c := j.div.RequestsPerRecord[n]
		r.RequestsPerRecord = append(r.RequestsPerRecord, &evolvev1.Count{Key: strconv.Itoa(n), Count: int64(c)})
		if n > j.meta.Params.MaxRequests {
			r.RequestsOverCap += int64(c)
		}
	}
	for _, b := range j.div.Histogram(CACBucketWidth) {
		r.CacHistogram = append(r.CacHistogram, &evolvev1.Bucket{Lower: b.Lower, Upper: b.Upper, Count: int64(b.Count)})
	}
	r.Rejections = j.rejections()
	for p := blueprintv1.ReasoningPrimitive(1); int(p) < len(blueprintv1.ReasoningPrimitive_name); p++ {
		if j.div.Primitives[p.String()] == 0 {
			r.PrimitivesMissing = append(r.PrimitivesMissing, p)
		}
	}
	return r
}

// counts lists a histogram by count, largest first (ties by key).
func counts(m map[string]int) []*evolvev1.Count {
	out := make([]*evolvev1.Count, 0, len(m))
	for k, v := range m {
		out = append(out, &evolvev1.Count{Key: k, Count: int64(v)})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Count != out[b].Count {
			return out[a].Count > out[b].Count
		}
		return out[a].Key < out[b].Key
	})
	return out
}

// Level is the tdscaling complexity ceiling now.
func (j *Job) Level() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.strat.Level()
}
