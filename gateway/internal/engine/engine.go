// Package engine is the gateway's domain logic: creating, following,
// cancelling and finalising jobs, and the dataset sink (steps 1 and 5 of the
// job flow in platform/events/topology.go).
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/metadata"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/gateway/internal/jobs"
	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/dirlock"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/fscap"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/lease"
)

// Config is what the engine works with.
type Config struct {
	Store   *jobs.Store
	Bus     *events.Bus
	Cluster clusterv1.ClusterServiceClient
	Evolve  evolvev1.EvolveServiceClient
	// DataDir holds the datasets of jobs that name no output directory
	// (DataDir/jobs/<job id>).
	DataDir string
	Logger  *slog.Logger
	// HTTP probes LLM endpoints at CreateJob; nil means a client with a 5 s timeout.
	HTTP *http.Client
	// ProgressEvery is how often progress is written to the job store (default 250 ms).
	ProgressEvery time.Duration
	// Tracer receives the spans of dataset writes; nil means otel.GetTracerProvider().
	Tracer trace.TracerProvider
	// Meter, when set, receives the sink's metrics (tds.gateway.records.written).
	Meter metric.MeterProvider
	// ImportRoots are the directories whose files CreateJob may import by
	// path; none (the default) means corpora arrive by upload or by id only.
	ImportRoots *fscap.Roots
	// ExportRoots are where datasets may be written; nil means DataDir/jobs.
	ExportRoots *fscap.Roots
	// Leases, when set, makes the engine one gateway replica of several:
	// a job's dataset is written by the replica holding its "sink" lease,
	// and records of a job another replica holds go back to the consumer
	// (docs/scale-out.md). Run runs it; its OnLost should call Lost.
	Leases *lease.Table
	// MaxCorpusBytes bounds one corpus file or upload; 0 means DefaultMaxCorpusBytes.
	MaxCorpusBytes int64
}

// DefaultMaxCorpusBytes bounds a corpus file or upload unless configured.
const DefaultMaxCorpusBytes = 512 << 20

// Engine runs jobs.
type Engine struct {
	cfg    Config
	log    *slog.Logger
	tracer trace.Tracer
	// metrics count the sink's writes.
	metrics sinkMetrics

	importRoots *fscap.Roots
	exportRoots *fscap.Roots

	mu       sync.Mutex
	sinks    map[string]*sink
	progress map[string]*progressState
	// locks hold each running job's output directory against other processes.
	locks map[string]*dirlock.Lock
	// health says whether running jobs can move (the event store stores).
	health *storeHealth
}

type sink struct {
	dir      string
	accepted *dataset.Part
	rejected *dataset.Part
}

// New returns an engine.
func New(cfg Config) *Engine {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 5 * time.Second}
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 250 * time.Millisecond
	}
	if cfg.Tracer == nil {
		cfg.Tracer = otel.GetTracerProvider()
	}
	exportRoots := cfg.ExportRoots
	if exportRoots == nil && cfg.DataDir != "" {
		jobsDir := filepath.Join(cfg.DataDir, "jobs")
		if err := os.MkdirAll(jobsDir, 0o755); err == nil {
			exportRoots, _ = fscap.NewRoots(jobsDir)
		}
	}
	return &Engine{cfg: cfg, log: cfg.Logger, tracer: cfg.Tracer.Tracer("github.com/tdscaling/tdscaling/gateway/internal/engine"),
		metrics: newSinkMetrics(cfg.Meter), sinks: map[string]*sink{}, progress: map[string]*progressState{},
		importRoots: cfg.ImportRoots, exportRoots: exportRoots, locks: map[string]*dirlock.Lock{}, health: newStoreHealth()}
}

func (e *Engine) maxCorpusBytes() int64 {
	if e.cfg.MaxCorpusBytes > 0 {
		return e.cfg.MaxCorpusBytes
	}
	return DefaultMaxCorpusBytes
}

// asOwner marks calls to the cluster service as made for owner, so the
// corpora they create are owner's and they see only what owner may see.
func asOwner(ctx context.Context, owner string) context.Context {
	if owner == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, grpcserver.OwnerMetadata, owner)
}

// holdLock keeps a job's output directory lock until its sink closes.
func (e *Engine) holdLock(id string, l *dirlock.Lock) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if old, ok := e.locks[id]; ok {
		old.Release()
	}
	e.locks[id] = l
}

// Get returns a job of owner.
func (e *Engine) Get(ctx context.Context, owner, id string) (*jobv1.Job, error) {
	ent, err := e.cfg.Store.GetOwned(ctx, owner, id)
	if err != nil {
		return nil, storeErr(id, err)
	}
	return e.shown(ent.Job), nil
}

// List returns owner's jobs, newest first, optionally only those in state.
func (e *Engine) List(ctx context.Context, owner string, state jobv1.JobState) ([]*jobv1.Job, error) {
	ents, err := e.cfg.Store.List(ctx, owner, false)
	if err != nil {
		return nil, err
	}
	var out []*jobv1.Job
	for _, ent := range ents {
		if state == jobv1.JobState_JOB_STATE_UNSPECIFIED || ent.Job.GetState() == state {
			out = append(out, e.shown(ent.Job))
		}
	}
	return out, nil
}

// Watch calls fn with the job's state and progress now and on every change,
// until the job ends, fn fails or ctx is done. A running job is sent again
// when the event store stops or starts storing (it says why it is paused).
func (e *Engine) Watch(ctx context.Context, owner, id string, fn func(*jobv1.Job) error) error {
	if _, err := e.cfg.Store.GetOwned(ctx, owner, id); err != nil {
		return storeErr(id, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	updates := make(chan *jobv1.Job)
	watched := make(chan error, 1)
	go func() {
		watched <- e.cfg.Store.Watch(ctx, id, func(ent *jobs.Entry) bool {
			select {
			case updates <- ent.Job:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var last *jobv1.Job
	for {
		_, changed := e.health.now()
		select {
		case j := <-updates:
			last = j
			if err := fn(e.shown(j)); err != nil {
				return err
			}
			if jobs.Terminal(j.GetState()) {
				return nil
			}
		case <-changed:
			if last != nil {
				if err := fn(e.shown(last)); err != nil {
					return err
				}
			}
		case err := <-watched:
			return err
		}
	}
}

// Cancel stops a job: the job is marked CANCELLED and evolve stops issuing
// tasks. Cancelling a cancelled job changes nothing; a finished one cannot be.
func (e *Engine) Cancel(ctx context.Context, owner, id, reason string) (*jobv1.Job, error) {
	if _, err := e.cfg.Store.GetOwned(ctx, owner, id); err != nil {
		return nil, storeErr(id, err)
	}
	if reason == "" {
		reason = "cancelled by the user"
	}
	var conflict jobv1.JobState
	ent, err := e.cfg.Store.Update(ctx, id, func(j *jobv1.Job) bool {
		if jobs.Terminal(j.GetState()) {
			conflict = j.GetState()
			return false
		}
		j.State = jobv1.JobState_JOB_STATE_CANCELLED
		j.Reason = reason
		j.FinishedAt = now()
		return true
	})
	if err != nil {
		return nil, err
	}
	if conflict == jobv1.JobState_JOB_STATE_SUCCEEDED || conflict == jobv1.JobState_JOB_STATE_FAILED || conflict == jobv1.JobState_JOB_STATE_STOPPED {
		return nil, refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_JOB_STATE_CONFLICT,
			"job %s already %s", id, stateName(conflict))
	}
	// Published after the store update, and again on a retried cancel, so
	// evolve hears of it at least once.
	msgID := id + "/cancelled"
	if n := ent.Job.GetResumes(); n > 0 {
		msgID += fmt.Sprintf("/r%d", n) // the cancel of a resumed run is news
	}
	if _, err := e.cfg.Bus.Publish(ctx, events.JobStateSubject(id), msgID,
		&eventsv1.JobStateChanged{JobId: id, State: jobv1.JobState_JOB_STATE_CANCELLED, Reason: reason}); err != nil {
		return nil, err
	}
	// The sink stays open: evolve's final word after its drain writes the
	// dataset of what was accepted until now.
	return ent.Job, nil
}

// ExportPath returns the file of a finished job's dataset in format, in
// every final state: a stopped or cancelled job's dataset is partial (and
// says so in its card). A cancelled or stopped job whose dataset evolve has
// not yet released is written now from what the sink holds.
func (e *Engine) ExportPath(ctx context.Context, owner, id string, format jobv1.DatasetFormat) (string, error) {
	job, err := e.Get(ctx, owner, id)
	if err != nil {
		return "", err
	}
	name, ok := formatFiles[format]
	if !ok {
		return "", apierr.Invalid(apierr.Violation{Field: "format", Description: "choose a dataset format (JSONL, PARQUET, SHAREGPT, REJECTED, REPORT, CARD)"})
	}
	if !datasetClosed(job) {
		switch job.GetState() {
		case jobv1.JobState_JOB_STATE_CANCELLED, jobv1.JobState_JOB_STATE_STOPPED:
			err := e.finalize(ctx, id, &eventsv1.JobStateChanged{JobId: id, State: job.GetState(), Reason: job.GetReason()}, true)
			var held *lease.ErrHeld
			if errors.As(err, &held) {
				return "", refuse(ErrUnavailable, errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED,
					"job %s's dataset is being written by another gateway replica: ask again in a few seconds", id)
			}
			if err != nil {
				return "", err
			}
			if job, err = e.Get(ctx, owner, id); err != nil {
				return "", err
			}
		}
	}
	if !job.GetDatasetWritten() && job.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
		return "", refuse(ErrConflict, errorsv1.ErrorReason_ERROR_REASON_JOB_STATE_CONFLICT,
			"job %s is %s: its dataset is written when it ends (succeeded, stopped or cancelled)", id, stateName(job.GetState()))
	}
	path := filepath.Join(job.GetOutputDir(), name)
	if _, err := os.Stat(path); err != nil {
		return "", refuse(ErrNotFound, errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND,
			"job %s has no %s (formats chosen at creation: %v)", id, name, job.GetSpec().GetFormats())
	}
	return path, nil
}

var formatFiles = map[jobv1.DatasetFormat]string{
	jobv1.DatasetFormat_DATASET_FORMAT_JSONL:    dataset.FileTrajectories,
	jobv1.DatasetFormat_DATASET_FORMAT_PARQUET:  dataset.FileParquet,
	jobv1.DatasetFormat_DATASET_FORMAT_SHAREGPT: dataset.FileShareGPT,
	jobv1.DatasetFormat_DATASET_FORMAT_REJECTED: dataset.FileRejected,
	jobv1.DatasetFormat_DATASET_FORMAT_REPORT:   dataset.FileReport,
	jobv1.DatasetFormat_DATASET_FORMAT_CARD:     dataset.FileCard,
}

// Resume re-publishes JobCreated for jobs that were stored but whose
// announcement may have been lost (a crash between the two); evolve ignores
// a job it already knows. Running jobs resume through the durable consumers:
// the messages a dead process held come back one ack wait after its last
// progress report (events.DefaultAckWait), the final write among them. The
// temporary files of a final write that was cut off are removed first.
func (e *Engine) Resume(ctx context.Context) error {
	ents, err := e.cfg.Store.List(ctx, "", true)
	if err != nil {
		return err
	}
	for _, ent := range ents {
		if jobs.Terminal(ent.Job.GetState()) {
			continue
		}
		if e.cfg.Leases != nil && e.cfg.Leases.Acquire(ctx, ent.Job.GetId()) != nil {
			// Another replica writes it (or will, once its lease lapses).
		} else if dir := ent.Job.GetOutputDir(); dir != "" {
			// The directory is the job's again before anything in it is
			// touched; one another process holds (or that is gone) is left
			// alone, and the sink says why when it opens.
			if lock, err := dirlock.Acquire(dir); err != nil {
				e.log.Warn("the output directory of an unfinished job cannot be locked", "job", ent.Job.GetId(), "dir", dir, "err", err)
			} else {
				e.holdLock(ent.Job.GetId(), lock)
				removed, err := dataset.RemoveTemps(dir)
				if err != nil {
					e.log.Warn("temporary files of an unfinished write not removed", "job", ent.Job.GetId(), "dir", dir, "err", err)
				} else if len(removed) > 0 {
					e.log.Info("removed the temporary files of an unfinished write", "job", ent.Job.GetId(), "dir", dir, "files", removed)
				}
			}
		}
		if ent.Job.GetState() != jobv1.JobState_JOB_STATE_PENDING {
			continue
		}
		if err := e.announce(ent.Context(ctx), ent.Job); err != nil {
			return err
		}
		e.log.Info("resumed job", "job", ent.Job.GetId())
	}
	return nil
}

func (e *Engine) announce(ctx context.Context, job *jobv1.Job) error {
	// A resumed job is announced again: the stream drops a repeated id.
	id := job.GetId() + "/created"
	if n := job.GetResumes(); n > 0 {
		id += fmt.Sprintf("/r%d", n)
	}
	_, err := e.cfg.Bus.Publish(ctx, events.JobCreatedSubject(job.GetId()), id, &eventsv1.JobCreated{Job: job})
	return err
}

// sinkFor returns the open dataset parts of a job.
// openSink returns the job's sink if it is open, else nil.
func (e *Engine) openSink(id string) *sink {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sinks[id]
}

func (e *Engine) sinkFor(job *jobv1.Job) (*sink, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if s, ok := e.sinks[job.GetId()]; ok {
		return s, nil
	}
	// After a restart the directory is locked again before anything is written.
	if _, ok := e.locks[job.GetId()]; !ok {
		if err := os.MkdirAll(job.GetOutputDir(), 0o755); err != nil {
			return nil, err
		}
		l, err := dirlock.Acquire(job.GetOutputDir())
		if err != nil {
			return nil, err
		}
		e.locks[job.GetId()] = l
		// A final write its previous owner left half done leaves temporaries.
		if removed, err := dataset.RemoveTemps(job.GetOutputDir()); err != nil {
			e.log.Warn("temporary files of an unfinished write not removed", "job", job.GetId(), "err", err)
		} else if len(removed) > 0 {
			e.log.Info("removed the temporary files of an unfinished write", "job", job.GetId(), "files", removed)
		}
	}
	parts := filepath.Join(job.GetOutputDir(), dataset.PartsDir)
	if err := os.MkdirAll(parts, 0o755); err != nil {
		return nil, err
	}
	acc, err := dataset.OpenPart(filepath.Join(parts, dataset.PartAccepted), dataset.KeyField("id"), dataset.WithTracer(e.tracer),
		dataset.OnWrite(e.metrics.counter("accepted")))
	if err != nil {
		return nil, err
	}
	rej, err := dataset.OpenPart(filepath.Join(parts, dataset.PartRejected), dataset.KeyField("task_id"), dataset.WithTracer(e.tracer),
		dataset.OnWrite(e.metrics.counter("rejected")))
	if err != nil {
		_ = acc.Close()
		return nil, err
	}
	s := &sink{dir: job.GetOutputDir(), accepted: acc, rejected: rej}
	e.sinks[job.GetId()] = s
	return s, nil
}

func (e *Engine) closeSink(id string) {
	e.mu.Lock()
	s, ok := e.sinks[id]
	delete(e.sinks, id)
	lock := e.locks[id]
	delete(e.locks, id)
	e.mu.Unlock()
	if ok {
		_ = s.accepted.Close()
		_ = s.rejected.Close()
	}
	lock.Release()
}

// handoffWithin bounds how long a message of a job another replica owns
// waits before it is offered again, to that owner most likely.
const handoffWithin = 100 * time.Millisecond

// own makes this replica the owner of job's dataset, or says
// (events.Handoff) that another one is.
func (e *Engine) own(ctx context.Context, job string) error {
	if e.cfg.Leases == nil {
		return nil
	}
	err := e.cfg.Leases.Acquire(ctx, job)
	var held *lease.ErrHeld
	if errors.As(err, &held) {
		return events.Handoff(err, min(max(held.Lapses, 10*time.Millisecond), handoffWithin))
	}
	return err
}

// owns says whether this replica writes job's dataset now.
func (e *Engine) owns(job string) bool {
	return e.cfg.Leases == nil || e.cfg.Leases.Holds(job)
}

// release gives up a job's lease once its dataset is final.
func (e *Engine) release(ctx context.Context, job string) {
	if e.cfg.Leases == nil {
		return
	}
	if err := e.cfg.Leases.Release(ctx, job); err != nil {
		e.log.WarnContext(ctx, "lease of a finished job not released; it lapses instead", "job", job, "err", err)
	}
}

// Lost closes a job's sink: another replica took the job over.
func (e *Engine) Lost(job string) { e.closeSink(job) }

// Close releases the open dataset files.
func (e *Engine) Close() {
	e.mu.Lock()
	ids := make([]string, 0, len(e.sinks)+len(e.locks))
	for id := range e.sinks {
		ids = append(ids, id)
	}
	for id := range e.locks {
		ids = append(ids, id)
	}
	e.mu.Unlock()
	for _, id := range ids {
		e.closeSink(id)
	}
}

func storeErr(id string, err error) error {
	if errors.Is(err, jobs.ErrNotFound) {
		return refuse(ErrNotFound, errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND, "no job %q (or it belongs to another token)", id)
	}
	return err
}

func stateName(s jobv1.JobState) string {
	switch s {
	case jobv1.JobState_JOB_STATE_PENDING:
		return "pending"
	case jobv1.JobState_JOB_STATE_RUNNING:
		return "running"
	case jobv1.JobState_JOB_STATE_SUCCEEDED:
		return "succeeded"
	case jobv1.JobState_JOB_STATE_FAILED:
		return "failed"
	case jobv1.JobState_JOB_STATE_CANCELLED:
		return "cancelled"
	case jobv1.JobState_JOB_STATE_STOPPED:
		return "stopped"
	}
	return fmt.Sprint(s)
}
