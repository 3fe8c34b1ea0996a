// Package lease makes one process of several the owner of a job: a key per
// job in the JetStream KV bucket tds_leases, which the owner rewrites (renews)
// every third of its time to live and which another process takes over only
// once it has seen the key unchanged for a whole time to live. Evolve's
// per-job loop and the gateway's dataset sink use it, so that each job has
// one writer at a time however many replicas run (docs/scale-out.md).
//
// Time is never compared across machines: a taker measures a lapse on its
// own clock from the moment it saw the key's current revision, and an owner
// stops acting on a lease two thirds of a time to live after it sent its last
// renewal that succeeded, so it has stopped before anyone can take over.
// Renewals and takeovers are compare-and-set on the key's revision, so two
// processes never both succeed.
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tdscaling/tdscaling/platform/events"
)

// Bucket holds every lease: keys "<kind>.<job>".
const Bucket = "tds_leases"

// DefaultTTL is how long a lease lives without renewal.
const DefaultTTL = 10 * time.Second

// BucketConfig is the bucket's configuration with replicas copies.
func BucketConfig(replicas int) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:      Bucket,
		Description: "job ownership: which replica runs each job's evolve loop and dataset sink",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    max(replicas, 1),
	}
}

// Config configures a Table.
type Config struct {
	// Kind names what is owned ("evolve", "sink"): the keys' first token.
	Kind string
	// TTL is how long a lease lives without renewal; default DefaultTTL.
	TTL time.Duration
	// Replicas of the bucket (1 on one server, 3 on a cluster).
	Replicas int
	// OnLost, when set, is called (from Run) with a job whose lease this
	// process held and another took over or deleted.
	OnLost func(job string)
	Logger *slog.Logger
}

// value is what a lease key holds: who owns it and for how long a renewal
// counts, so every replica measures a lapse with the owner's time to live.
type value struct {
	Owner string `json:"owner"`
	TTLMs int64  `json:"ttl_ms"`
}

// seen is a key's latest revision and when this process first saw it.
type seen struct {
	rev uint64
	at  time.Time
	ttl time.Duration
}

// held is a lease this process owns.
type held struct {
	rev uint64
	// renewed is when the last successful write was sent.
	renewed time.Time
}

// Table is one process's view of the leases of one kind.
type Table struct {
	kv    jetstream.KeyValue
	kind  string
	owner string
	ttl   time.Duration
	cfg   Config
	log   *slog.Logger

	mu   sync.Mutex
	seen map[string]seen // by job
	held map[string]held // by job
}

// Open creates or opens the bucket and returns this process's table of
// cfg.Kind; Run keeps it up to date.
func Open(ctx context.Context, js jetstream.JetStream, cfg Config) (*Table, error) {
	if cfg.Kind == "" || strings.ContainsAny(cfg.Kind, ".*> ") {
		return nil, fmt.Errorf("lease: kind %q must be one subject token", cfg.Kind)
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	kv, err := events.EnsureKeyValue(ctx, js, BucketConfig(cfg.Replicas))
	if err != nil {
		return nil, fmt.Errorf("lease: bucket %s: %w", Bucket, err)
	}
	owner, err := ownerID()
	if err != nil {
		return nil, err
	}
	return &Table{kv: kv, kind: cfg.Kind, owner: owner, ttl: cfg.TTL, cfg: cfg, log: cfg.Logger,
		seen: map[string]seen{}, held: map[string]held{}}, nil
}

// ownerID names this process: host, pid and a random part, so a restarted
// process (same pid in a fresh container) is another owner.
func ownerID() (string, error) {
	host, _ := os.Hostname()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("lease: owner id: %w", err)
	}
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:])), nil
}

// Owner is this process's name in the leases it holds.
func (t *Table) Owner() string { return t.owner }

func (t *Table) key(job string) string { return t.kind + "." + job }

// Holds says whether this process owns job's lease now: it took or renewed
// it less than two thirds of a time to live ago. A process that cannot
// renew (its NATS servers lost their quorum) stops holding in time.
func (t *Table) Holds(job string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	h, ok := t.held[job]
	return ok && time.Since(h.renewed) < t.ttl*2/3
}

// ErrHeld says another process owns the lease.
type ErrHeld struct {
	Job, Owner string
	// Lapses is how long, at the least, until this process may take it over.
	Lapses time.Duration
}

func (e *ErrHeld) Error() string {
	return fmt.Sprintf("job %s is owned by %s", e.Job, e.Owner)
}

// Acquire makes this process the owner of job's lease if it is free, lapsed
// or already its own; otherwise it returns *ErrHeld.
func (t *Table) Acquire(ctx context.Context, job string) error {
	if t.Holds(job) {
		return nil
	}
	mine, err := json.Marshal(value{Owner: t.owner, TTLMs: t.ttl.Milliseconds()})
	if err != nil {
		return err
	}
	sent := time.Now()
	e, err := t.kv.Get(ctx, t.key(job))
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		rev, err := t.kv.Create(ctx, t.key(job), mine)
		if errors.Is(err, jetstream.ErrKeyExists) {
			return &ErrHeld{Job: job, Owner: "another process", Lapses: t.ttl}
		}
		if err != nil {
			return fmt.Errorf("lease: create %s: %w", t.key(job), err)
		}
		t.hold(job, rev, sent)
		return nil
	case err != nil:
		return fmt.Errorf("lease: read %s: %w", t.key(job), err)
	}
	var v value
	_ = json.Unmarshal(e.Value(), &v) // an unreadable value is a lapsed one
	if v.Owner != t.owner {
		if left := t.lapsesIn(job, e.Revision(), v); left > 0 {
			return &ErrHeld{Job: job, Owner: v.Owner, Lapses: left}
		}
	}
	rev, err := t.kv.Update(ctx, t.key(job), mine, e.Revision())
	if err != nil {
		if isConflict(err) {
			return &ErrHeld{Job: job, Owner: "another process", Lapses: t.ttl}
		}
		return fmt.Errorf("lease: take over %s: %w", t.key(job), err)
	}
	if v.Owner != t.owner {
		t.log.InfoContext(ctx, "took over a lapsed job", "kind", t.kind, "job", job, "from", v.Owner)
	}
	t.hold(job, rev, sent)
	return nil
}

// lapsesIn returns how long until the lease at rev lapses as this process
// sees it: a time to live after it first saw that revision.
func (t *Table) lapsesIn(job string, rev uint64, v value) time.Duration {
	ttl := time.Duration(v.TTLMs) * time.Millisecond
	if ttl <= 0 {
		ttl = t.ttl
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.seen[job]
	if !ok || s.rev != rev {
		s = seen{rev: rev, at: time.Now(), ttl: ttl}
		t.seen[job] = s
	}
	return ttl - time.Since(s.at)
}

func (t *Table) hold(job string, rev uint64, sent time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.held[job] = held{rev: rev, renewed: sent}
	t.seen[job] = seen{rev: rev, at: sent, ttl: t.ttl}
}

// Release gives up job's lease (its work is done): the key is deleted if
// this process still owns it.
func (t *Table) Release(ctx context.Context, job string) error {
	t.mu.Lock()
	h, ok := t.held[job]
	delete(t.held, job)
	t.mu.Unlock()
	if !ok {
		return nil
	}
	err := t.kv.Delete(ctx, t.key(job), jetstream.LastRevision(h.rev))
	if isConflict(err) {
		// A renewal sent before the release moved the revision: the
		// lease is still this process's if the key names it.
		e, gerr := t.kv.Get(ctx, t.key(job))
		if gerr != nil {
			err = gerr
		} else {
			var v value
			if json.Unmarshal(e.Value(), &v) != nil || v.Owner != t.owner {
				return nil // taken over meanwhile
			}
			err = t.kv.Delete(ctx, t.key(job), jetstream.LastRevision(e.Revision()))
		}
	}
	if err != nil && !isConflict(err) && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("lease: release %s: %w", t.key(job), err)
	}
	return nil
}

// ReleaseAll gives up every lease this process holds: for a clean stop, so
// that another replica takes its jobs over at once.
func (t *Table) ReleaseAll(ctx context.Context) {
	t.mu.Lock()
	jobs := make([]string, 0, len(t.held))
	for job := range t.held {
		jobs = append(jobs, job)
	}
	t.mu.Unlock()
	for _, job := range jobs {
		if err := t.Release(ctx, job); err != nil {
			t.log.WarnContext(ctx, "lease not released; it lapses instead", "kind", t.kind, "job", job, "err", err)
		}
	}
}

// Lapsed lists the jobs whose lease lapsed (their owner stopped renewing)
// as this process sees them: candidates for Acquire.
func (t *Table) Lapsed() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for job, s := range t.seen {
		if _, mine := t.held[job]; !mine && time.Since(s.at) >= s.ttl {
			out = append(out, job)
		}
	}
	return out
}

// Run renews this process's leases every third of a time to live and
// follows the bucket's changes (for Lapsed) until ctx is done. It releases
// nothing when it stops: a stopped process's jobs are taken over one time
// to live later, as a dead one's.
func (t *Table) Run(ctx context.Context) error {
	w, err := t.kv.Watch(ctx, t.kind+".*", jetstream.MetaOnly())
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("lease: watch %s: %w", Bucket, err)
	}
	defer func() { _ = w.Stop() }()
	tick := time.NewTicker(t.ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-w.Updates():
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("lease: watch of %s closed", Bucket)
			}
			if e != nil {
				t.observe(e)
			}
		case <-tick.C:
			t.renew(ctx)
		}
	}
}

// observe records a change of a key, seen now.
func (t *Table) observe(e jetstream.KeyValueEntry) {
	job := strings.TrimPrefix(e.Key(), t.kind+".")
	t.mu.Lock()
	defer t.mu.Unlock()
	if e.Operation() != jetstream.KeyValuePut {
		delete(t.seen, job)
		return
	}
	if s, ok := t.seen[job]; ok && s.rev >= e.Revision() {
		return
	}
	// The watch carries no value (MetaOnly): the owner's time to live is
	// read when the lease is acquired; until then this table's own counts.
	t.seen[job] = seen{rev: e.Revision(), at: time.Now(), ttl: t.ttl}
}

// renew rewrites every held lease; a lease another process took (the
// revision moved) or deleted is lost.
func (t *Table) renew(ctx context.Context) {
	t.mu.Lock()
	jobs := make(map[string]held, len(t.held))
	for job, h := range t.held {
		jobs[job] = h
	}
	t.mu.Unlock()
	mine, _ := json.Marshal(value{Owner: t.owner, TTLMs: t.ttl.Milliseconds()})
	for job, h := range jobs {
		sent := time.Now()
		rev, err := t.kv.Update(ctx, t.key(job), mine, h.rev)
		t.mu.Lock()
		cur, still := t.held[job]
		switch {
		case !still || cur.rev != h.rev:
			// Released or re-acquired meanwhile.
		case err == nil:
			t.held[job] = held{rev: rev, renewed: sent}
			t.seen[job] = seen{rev: rev, at: sent, ttl: t.ttl}
		case isConflict(err) || errors.Is(err, jetstream.ErrKeyNotFound):
			delete(t.held, job)
			t.mu.Unlock()
			t.log.WarnContext(ctx, "lost a job to another process", "kind", t.kind, "job", job)
			if t.cfg.OnLost != nil {
				t.cfg.OnLost(job)
			}
			continue
		default:
			// No quorum, a leader moving: try again at the next tick; Holds
			// turns false meanwhile if it lasts.
			if ctx.Err() == nil {
				t.log.WarnContext(ctx, "lease not renewed", "kind", t.kind, "job", job, "err", err)
			}
		}
		t.mu.Unlock()
	}
}

// isConflict says whether err is a compare-and-set refusal (the key's
// revision is not the one named).
func isConflict(err error) bool {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
		return true
	}
	return errors.Is(err, jetstream.ErrKeyExists)
}

// Clear deletes every lease of the bucket: for a host that knows every
// process that held one is gone (tds up holding its data directory's lock),
// so that its jobs resume at once instead of a time to live later.
func Clear(ctx context.Context, js jetstream.JetStream) error {
	kv, err := js.KeyValue(ctx, Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("lease: bucket %s: %w", Bucket, err)
	}
	keys, err := kv.ListKeys(ctx)
	if err != nil {
		return fmt.Errorf("lease: list %s: %w", Bucket, err)
	}
	for k := range keys.Keys() {
		if err := kv.Purge(ctx, k); err != nil {
			return fmt.Errorf("lease: clear %s: %w", k, err)
		}
	}
	return nil
}
