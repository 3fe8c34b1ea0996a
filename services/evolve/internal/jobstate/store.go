package jobstate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tdscaling/tdscaling/platform/events"
)

// ErrNotFound is returned for a job the store does not hold.
var ErrNotFound = errors.New("jobstate: not found")

// ErrExists is returned when a create-only write finds the key taken.
var ErrExists = errors.New("jobstate: already exists")

// Store persists jobs: one meta value per job, written once, and an
// append-only log of the job's events (issued tasks, observations, dead
// letters, stops). A job's state is a pure function of its meta and log.
type Store interface {
	// CreateMeta writes a job's meta; ErrExists when it already has one.
	CreateMeta(ctx context.Context, job string, data []byte) error
	// Meta reads a job's meta; ErrNotFound when there is none.
	Meta(ctx context.Context, job string) ([]byte, error)
	// Append writes log entry seq (0, 1, 2, …); ErrExists when seq is taken.
	Append(ctx context.Context, job string, seq int64, data []byte) error
	// Log reads a job's entries in order.
	Log(ctx context.Context, job string) ([][]byte, error)
}

// Memory is a Store in memory, for in-process jobs (benchmarks, tests of
// the steering) that need no restart.
type Memory struct {
	mu   sync.Mutex
	meta map[string][]byte
	logs map[string][][]byte
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{meta: map[string][]byte{}, logs: map[string][][]byte{}}
}

// CreateMeta implements Store.
func (m *Memory) CreateMeta(_ context.Context, job string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.meta[job]; ok {
		return ErrExists
	}
	m.meta[job] = data
	return nil
}

// Meta implements Store.
func (m *Memory) Meta(_ context.Context, job string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.meta[job]
	if !ok {
		return nil, ErrNotFound
	}
	return d, nil
}

// Append implements Store.
func (m *Memory) Append(_ context.Context, job string, seq int64, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if int64(len(m.logs[job])) != seq {
		return fmt.Errorf("%w: entry %d of job %s (log has %d)", ErrExists, seq, job, len(m.logs[job]))
	}
	m.logs[job] = append(m.logs[job], data)
	return nil
}

// Log implements Store.
func (m *Memory) Log(_ context.Context, job string) ([][]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([][]byte(nil), m.logs[job]...), nil
}

// Bucket is the JetStream KV bucket of the evolve service's job states.
const Bucket = "tds_evolve"

// MaxValueSize bounds one KV value. The largest value is an observation
// entry: a few hundred bytes plus 8 bytes per shingle hash of the record
// (a long conversation has a few thousand shingles), far below this.
const MaxValueSize = 1 << 20

// KV is a Store in the JetStream KV bucket Bucket: keys "<job>.meta" and
// "<job>.e.<seq, 12 digits>". Writes are create-only, so a second writer of
// the same entry fails instead of overwriting it.
type KV struct {
	kv jetstream.KeyValue
}

// OpenKV creates or opens the bucket.
func OpenKV(ctx context.Context, js jetstream.JetStream, replicas int) (*KV, error) {
	kv, err := events.EnsureKeyValue(ctx, js, jetstream.KeyValueConfig{
		Bucket:       Bucket,
		Description:  "evolve: per-job diversity state as meta plus an append-only event log",
		MaxValueSize: MaxValueSize,
		History:      1,
		Storage:      jetstream.FileStorage,
		Replicas:     max(replicas, 1),
	})
	if err != nil {
		return nil, fmt.Errorf("jobstate: kv bucket %s: %w", Bucket, err)
	}
	return &KV{kv: kv}, nil
}

// CreateMeta implements Store.
func (k *KV) CreateMeta(ctx context.Context, job string, data []byte) error {
	_, err := k.kv.Create(ctx, job+".meta", data)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return ErrExists
	}
	return err
}

// Meta implements Store.
func (k *KV) Meta(ctx context.Context, job string) ([]byte, error) {
	e, err := k.kv.Get(ctx, job+".meta")
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return e.Value(), nil
}

func entryKey(job string, seq int64) string { return fmt.Sprintf("%s.e.%012d", job, seq) }

// Append implements Store.
func (k *KV) Append(ctx context.Context, job string, seq int64, data []byte) error {
	_, err := k.kv.Create(ctx, entryKey(job, seq), data)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return fmt.Errorf("%w: entry %d of job %s", ErrExists, seq, job)
	}
	return err
}

// Log implements Store: a watch over the job's entries delivers the stored
// values, then a nil marker.
func (k *KV) Log(ctx context.Context, job string) ([][]byte, error) {
	w, err := k.kv.Watch(ctx, job+".e.*", jetstream.IgnoreDeletes())
	if err != nil {
		return nil, err
	}
	defer w.Stop()
	type kv struct {
		key string
		val []byte
	}
	var entries []kv
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case e, ok := <-w.Updates():
			if !ok {
				return nil, fmt.Errorf("jobstate: watch of job %s closed", job)
			}
			if e == nil {
				sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
				out := make([][]byte, len(entries))
				for i, x := range entries {
					if want := entryKey(job, int64(i)); x.key != want {
						return nil, fmt.Errorf("jobstate: job %s log has a gap: %s where %s belongs", job, strings.TrimPrefix(x.key, job+"."), strings.TrimPrefix(want, job+"."))
					}
					out[i] = x.val
				}
				return out, nil
			}
			entries = append(entries, kv{e.Key(), e.Value()})
		}
	}
}
