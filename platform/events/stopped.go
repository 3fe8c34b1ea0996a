package events

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// StoppedBucket is the KV bucket in which the job's owner (evolve) records
// the jobs that stopped issuing, key = job id, the moment they stop. Results
// that arrive after a stop no longer count (evolve drops them, counting only
// their model usage), so agent workers watch the bucket and end the rollouts
// of a stopped job at once instead of running them to the end: a job that
// reached its target is not held up by its last rollouts.
const StoppedBucket = "tds_stopped_jobs"

// stoppedTTL forgets stopped jobs after a day: by then no task of theirs is
// in the work queue or in flight.
const stoppedTTL = 24 * time.Hour

// StoppedConfig is the stopped-jobs bucket's configuration.
func StoppedConfig(replicas int) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:      StoppedBucket,
		Description: "jobs that stopped issuing: their rollouts in flight no longer count",
		History:     1,
		TTL:         stoppedTTL,
		Storage:     jetstream.FileStorage,
		Replicas:    max(replicas, 1),
	}
}

// MarkStopped records that job stopped issuing.
func (b *Bus) MarkStopped(ctx context.Context, job string) error {
	if err := CheckJobID(job); err != nil {
		return fmt.Errorf("events: mark stopped: %w", err)
	}
	kv, err := b.js.KeyValue(ctx, StoppedBucket)
	if err != nil {
		return fmt.Errorf("events: bucket %s: %w", StoppedBucket, err)
	}
	if _, err := kv.PutString(ctx, job, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("events: mark %s stopped: %w", job, err)
	}
	return nil
}

// UnmarkStopped forgets a stop: the job runs again (it was continued).
func (b *Bus) UnmarkStopped(ctx context.Context, job string) error {
	if err := CheckJobID(job); err != nil {
		return fmt.Errorf("events: unmark stopped: %w", err)
	}
	kv, err := b.js.KeyValue(ctx, StoppedBucket)
	if err != nil {
		return fmt.Errorf("events: bucket %s: %w", StoppedBucket, err)
	}
	if err := kv.Delete(ctx, job); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("events: unmark %s stopped: %w", job, err)
	}
	return nil
}

// IsStopped says whether job is recorded as stopped now (a read of the
// bucket, where WatchStopped may lag behind).
func (b *Bus) IsStopped(ctx context.Context, job string) (bool, error) {
	kv, err := b.js.KeyValue(ctx, StoppedBucket)
	if err != nil {
		return false, fmt.Errorf("events: bucket %s: %w", StoppedBucket, err)
	}
	_, err = kv.Get(ctx, job)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("events: read %s: %w", StoppedBucket, err)
	}
	return true, nil
}

// WatchStopped calls stopped(job, true) for every job recorded as stopped,
// first those already recorded, then each as it stops, and stopped(job,
// false) when a record is removed, until ctx is done. It returns nil once
// ctx is done, or the error that ended the watch. Calls come from one
// goroutine, in order.
func (b *Bus) WatchStopped(ctx context.Context, stopped func(job string, yes bool)) error {
	kv, err := b.js.KeyValue(ctx, StoppedBucket) // made by EnsureStreams
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("events: bucket %s: %w", StoppedBucket, err)
	}
	w, err := kv.WatchAll(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("events: watch %s: %w", StoppedBucket, err)
	}
	defer func() { _ = w.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-w.Updates():
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("events: watch %s: ended", StoppedBucket)
			}
			if e == nil {
				continue // the end of the records already there
			}
			stopped(e.Key(), e.Operation() == jetstream.KeyValuePut)
		}
	}
}
