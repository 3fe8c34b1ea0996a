// Package jobs keeps the gateway's jobs in the JetStream KV bucket "tds_jobs":
// each job with the principal that owns it, and the CreateJob idempotency keys.
// The bucket lives in JetStream's file store, so jobs survive restarts of the
// gateway and of the NATS server.
package jobs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/events"
)

// Bucket is the KV bucket holding jobs.
const Bucket = "tds_jobs"

// ErrNotFound is returned for a job that does not exist or belongs to another principal.
var ErrNotFound = errors.New("job not found")

// Store reads and writes jobs.
type Store struct {
	kv jetstream.KeyValue
}

// Open creates the bucket if needed, with replicas copies (1 on one NATS
// server, 3 on a cluster).
func Open(ctx context.Context, js jetstream.JetStream, replicas int) (*Store, error) {
	kv, err := events.EnsureKeyValue(ctx, js, jetstream.KeyValueConfig{
		Bucket:      Bucket,
		Description: "TDScaling jobs: spec, state, progress and owner",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    max(replicas, 1),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: open KV bucket %q: %w", Bucket, err)
	}
	return &Store{kv: kv}, nil
}

// Entry is a stored job and its owner (a grpcserver.Principal: a digest of
// the token that created the job, never the token).
type Entry struct {
	Owner    string
	Job      *jobv1.Job
	Revision uint64
	// TraceParent is the W3C traceparent of the CreateJob call that stored
	// the job: what is done for the job later joins that trace (Context).
	TraceParent string
}

type stored struct {
	Owner       string          `json:"owner"`
	Job         json.RawMessage `json:"job"`
	TraceParent string          `json:"traceparent,omitempty"`
}

// Context returns ctx in the trace of the call that created the job, so a
// later step of the job (announcing it again after a restart) is part of
// the job's one trace rather than the start of another.
func (e *Entry) Context(ctx context.Context) context.Context {
	if e.TraceParent == "" {
		return ctx
	}
	return propagation.TraceContext{}.Extract(ctx, propagation.MapCarrier{"traceparent": e.TraceParent})
}

// traceParent is the W3C traceparent of ctx's span, or "".
func traceParent(ctx context.Context) string {
	c := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, c)
	return c["traceparent"]
}

// NewID returns a fresh job id: "job-" and 26 characters of Crockford base32
// over 48 bits of milliseconds and 80 random bits, so ids sort by creation.
func NewID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	var out strings.Builder
	out.WriteString("job-")
	var acc uint32
	bits := 0
	for _, c := range b {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out.WriteByte(alphabet[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		out.WriteByte(alphabet[(acc<<(5-bits))&31])
	}
	return out.String()
}

func jobKey(id string) string { return "job." + id }

func requestKey(owner, requestID string) string {
	sum := sha256.Sum256([]byte(owner + "\x00" + requestID))
	return "req." + hex.EncodeToString(sum[:12])
}

// ClaimRequest binds an idempotency key of owner to candidate, or returns the
// job id it is already bound to.
func (s *Store) ClaimRequest(ctx context.Context, owner, requestID, candidate string) (string, error) {
	key := requestKey(owner, requestID)
	_, err := s.kv.Create(ctx, key, []byte(candidate))
	if err == nil {
		return candidate, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return "", fmt.Errorf("jobs: claim request id: %w", err)
	}
	e, err := s.kv.Get(ctx, key)
	if err != nil {
		return "", fmt.Errorf("jobs: read request id: %w", err)
	}
	return string(e.Value()), nil
}

// Create stores a new job; it fails with jetstream.ErrKeyExists when the id is taken.
func (s *Store) Create(ctx context.Context, owner string, job *jobv1.Job) (uint64, error) {
	data, err := encode(owner, job, traceParent(ctx))
	if err != nil {
		return 0, err
	}
	return s.kv.Create(ctx, jobKey(job.GetId()), data)
}

// Get returns the job; ErrNotFound unless it exists.
func (s *Store) Get(ctx context.Context, id string) (*Entry, error) {
	e, err := s.kv.Get(ctx, jobKey(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: get %s: %w", id, err)
	}
	return decode(e)
}

// GetOwned returns the job when owner owns it, ErrNotFound otherwise (another
// principal's job is indistinguishable from a missing one).
func (s *Store) GetOwned(ctx context.Context, owner, id string) (*Entry, error) {
	e, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Owner != owner {
		return nil, ErrNotFound
	}
	return e, nil
}

// Update applies change to the job under optimistic concurrency, retrying on
// conflicting writes. change returns false to leave the job as it is.
func (s *Store) Update(ctx context.Context, id string, change func(*jobv1.Job) bool) (*Entry, error) {
	for attempt := 0; ; attempt++ {
		e, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if !change(e.Job) {
			return e, nil
		}
		e.Job.UpdatedAt = timestamppb.Now()
		data, err := encode(e.Owner, e.Job, e.TraceParent)
		if err != nil {
			return nil, err
		}
		rev, err := s.kv.Update(ctx, jobKey(id), data, e.Revision)
		if err == nil {
			e.Revision = rev
			return e, nil
		}
		if attempt >= 50 || ctx.Err() != nil {
			return nil, fmt.Errorf("jobs: update %s: %w", id, err)
		}
	}
}

// List returns the jobs of owner (all jobs when all is set), newest first.
func (s *Store) List(ctx context.Context, owner string, all bool) ([]*Entry, error) {
	lister, err := s.kv.ListKeysFiltered(ctx, "job.>")
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	var out []*Entry
	for key := range lister.Keys() {
		e, err := s.Get(ctx, strings.TrimPrefix(key, "job."))
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			_ = lister.Stop()
			return nil, err
		}
		if all || e.Owner == owner {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Job.GetId() > out[j].Job.GetId() })
	return out, nil
}

// Watch calls fn with the job now and after every change, until fn returns
// false, the context ends or the job is deleted.
func (s *Store) Watch(ctx context.Context, id string, fn func(*Entry) bool) error {
	w, err := s.kv.Watch(ctx, jobKey(id))
	if err != nil {
		return fmt.Errorf("jobs: watch %s: %w", id, err)
	}
	defer func() { _ = w.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case kve, ok := <-w.Updates():
			if !ok {
				return nil
			}
			if kve == nil {
				continue // the end of the initial values
			}
			if kve.Operation() != jetstream.KeyValuePut {
				return nil
			}
			e, err := decode(kve)
			if err != nil {
				return err
			}
			if !fn(e) {
				return nil
			}
		}
	}
}

// Terminal reports whether a job in state st will not change any more.
func Terminal(st jobv1.JobState) bool {
	return st == jobv1.JobState_JOB_STATE_SUCCEEDED || st == jobv1.JobState_JOB_STATE_FAILED ||
		st == jobv1.JobState_JOB_STATE_CANCELLED || st == jobv1.JobState_JOB_STATE_STOPPED
}

func encode(owner string, job *jobv1.Job, traceParent string) ([]byte, error) {
	j, err := protojson.Marshal(job)
	if err != nil {
		return nil, fmt.Errorf("jobs: encode %s: %w", job.GetId(), err)
	}
	return json.Marshal(stored{Owner: owner, Job: j, TraceParent: traceParent})
}

func decode(e jetstream.KeyValueEntry) (*Entry, error) {
	var st stored
	if err := json.Unmarshal(e.Value(), &st); err != nil {
		return nil, fmt.Errorf("jobs: decode %s: %w", e.Key(), err)
	}
	job := &jobv1.Job{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(st.Job, job); err != nil {
		return nil, fmt.Errorf("jobs: decode %s: %w", e.Key(), err)
	}
	return &Entry{Owner: st.Owner, Job: job, Revision: e.Revision(), TraceParent: st.TraceParent}, nil
}

// Clone returns a deep copy of a job.
func Clone(j *jobv1.Job) *jobv1.Job { return proto.Clone(j).(*jobv1.Job) }
