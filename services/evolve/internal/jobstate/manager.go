package jobstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// Manager holds the jobs in memory, loading each from the store on first
// use.
type Manager struct {
	store Store
	now   func() time.Time
	mu    sync.Mutex
	jobs  map[string]*Job
}

// NewManager returns a manager over a store.
func NewManager(store Store) *Manager {
	return &Manager{store: store, now: time.Now, jobs: map[string]*Job{}}
}

// SetClock replaces the clock of the jobs loaded from now on (tests).
func (m *Manager) SetClock(now func() time.Time) { m.now = now }

// Create starts a job from its meta. Idempotent: when the store already
// holds the job, the stored job is returned (created false) and meta is
// ignored.
func (m *Manager) Create(ctx context.Context, meta Meta) (j *Job, created bool, err error) {
	data, err := json.Marshal(meta)
	if err != nil {
		return nil, false, err
	}
	switch err := m.store.CreateMeta(ctx, meta.JobID, data); {
	case errors.Is(err, ErrExists):
		j, err := m.Get(ctx, meta.JobID)
		return j, false, err
	case err != nil:
		return nil, false, err
	}
	j, err = newJob(m.store, meta)
	if err != nil {
		return nil, false, err
	}
	j.now = m.now
	m.mu.Lock()
	defer m.mu.Unlock()
	m.jobs[meta.JobID] = j
	return j, true, nil
}

// Get returns a job, loading (replaying) it from the store when it is not
// in memory or a failed write left it to be reloaded. ErrNotFound when the
// store does not hold it.
func (m *Manager) Get(ctx context.Context, id string) (*Job, error) {
	m.mu.Lock()
	j, ok := m.jobs[id]
	m.mu.Unlock()
	if ok && !j.Broken() {
		return j, nil
	}
	j, err := Load(ctx, m.store, id)
	if err != nil {
		return nil, err
	}
	j.now = m.now
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.jobs[id]; ok && !cur.Broken() {
		return cur, nil // loaded concurrently
	}
	m.jobs[id] = j
	return j, nil
}

// Forget drops a job from memory: another process writes it now, and its
// next Get here loads what that process wrote.
func (m *Manager) Forget(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.jobs, id)
}

// Fresh loads a job from the store without keeping it: a read of a job
// another process writes.
func (m *Manager) Fresh(ctx context.Context, id string) (*Job, error) {
	j, err := Load(ctx, m.store, id)
	if err != nil {
		return nil, err
	}
	j.now = m.now
	return j, nil
}

// Load rebuilds a job from its meta and log.
func Load(ctx context.Context, store Store, id string) (*Job, error) {
	data, err := store.Meta(ctx, id)
	if err != nil {
		return nil, err
	}
	var meta Meta
	if err := json.Unmarshal(data, &meta); err != nil {
		return nil, fmt.Errorf("jobstate: job %s meta: %w", id, err)
	}
	j, err := newJob(store, meta)
	if err != nil {
		return nil, err
	}
	log, err := store.Log(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("jobstate: job %s log: %w", id, err)
	}
	for i, raw := range log {
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("jobstate: job %s entry %d: %w", id, i, err)
		}
		j.apply(e)
	}
	return j, nil
}

// Start starts a job unless the store already holds it (then the stored
// job is returned, started false): fetch gives the clusters its strategy
// targets and is only called for a new job.
func (m *Manager) Start(ctx context.Context, job *jobv1.Job, fetch func(context.Context) (strategy.Pool, error)) (j *Job, started bool, err error) {
	if err := CheckJob(job); err != nil {
		return nil, false, err
	}
	switch j, err := m.Get(ctx, job.GetId()); {
	case err == nil:
		return j, false, nil
	case !errors.Is(err, ErrNotFound):
		return nil, false, err
	}
	pool, err := fetch(ctx)
	if err != nil {
		return nil, false, err
	}
	meta, err := NewMeta(job, pool, m.now())
	if err != nil {
		return nil, false, err
	}
	return m.Create(ctx, meta)
}

// InvalidJobError is a job evolve cannot run; Field names the job field at fault.
type InvalidJobError struct {
	Field, Problem string
}

func (e *InvalidJobError) Error() string { return e.Field + ": " + e.Problem }

// CheckJob says whether evolve can run a job.
func CheckJob(job *jobv1.Job) error {
	if err := events.CheckJobID(job.GetId()); err != nil {
		return &InvalidJobError{"id", err.Error()}
	}
	if job.GetSpec().GetTargetRecords() <= 0 {
		return &InvalidJobError{"spec.target_records", fmt.Sprintf("want a positive number of records, got %d", job.GetSpec().GetTargetRecords())}
	}
	if CorpusID(job) == "" {
		return &InvalidJobError{"corpus_id", "the job names no corpus of the cluster service"}
	}
	if s := job.GetSpec().CodeToolShare; s != nil && (*s < 0 || *s > 1) {
		return &InvalidJobError{"spec.code_tool_share", fmt.Sprintf("want 0..1, got %v", *s)}
	}
	switch job.GetSpec().GetStrategy().GetStrategy() {
	case evolvev1.Strategy_STRATEGY_UNSPECIFIED, evolvev1.Strategy_STRATEGY_TDSCALING, evolvev1.Strategy_STRATEGY_UNIFORM:
	default:
		return &InvalidJobError{"spec.strategy.strategy", fmt.Sprintf("unknown strategy %v", job.GetSpec().GetStrategy().GetStrategy())}
	}
	return nil
}

// CorpusID is the job's resolved corpus id, else its spec's.
func CorpusID(job *jobv1.Job) string {
	if id := job.GetCorpusId(); id != "" {
		return id
	}
	return job.GetSpec().GetCorpus().GetCorpusId()
}
