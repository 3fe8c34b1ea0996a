package events

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ensureWithin bounds how long a stream or bucket is waited for at start:
// a NATS cluster that has just formed answers JetStream requests only once
// it has elected its metadata leader, and services start beside it.
const ensureWithin = time.Minute

// UntilAvailable runs f (which creates a stream, bucket or consumer) again
// while JetStream does not answer yet, for up to a minute: see
// whileUnavailable.
func UntilAvailable(ctx context.Context, f func(context.Context) error) error {
	return whileUnavailable(ctx, ensureWithin, f)
}

// publishWithin bounds how long a publish is retried while JetStream does
// not answer: a cluster that lost the leader of a stream elects another in
// a few seconds, and a message retried under its id is stored once.
const publishWithin = 30 * time.Second

// whileUnavailable runs f until it succeeds, fails for another reason than
// JetStream not answering (yet), ctx is done or within has passed.
func whileUnavailable(ctx context.Context, within time.Duration, f func(context.Context) error) error {
	deadline := time.Now().Add(within)
	for attempt := uint64(1); ; attempt++ {
		err := f(ctx)
		if err == nil || !unavailable(err) || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-time.After(retryDelay(250*time.Millisecond, 4*time.Second, attempt)):
		case <-ctx.Done():
			return err
		}
	}
}

// jsErrCodeClusterNoPeers is the NATS server's "no suitable peers for
// placement" (JSClusterNoPeersErr), which nats.go names no constant for.
const jsErrCodeClusterNoPeers jetstream.ErrorCode = 10005

// unavailable says whether err means that JetStream did not answer (yet):
// no metadata leader, no quorum for the stream, a request timed out.
func unavailable(err error) bool {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode {
		case jetstream.JSErrCodeJetStreamNotEnabled, jetstream.JSErrCodeStreamNotFound:
			return false
		case jsErrCodeClusterNoPeers:
			// A cluster still forming counts a peer as offline until its
			// route is up: placing replicas then fails for a moment.
			return true
		}
		return apiErr.Code == 503 || apiErr.Code == 500
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoHeartbeat) ||
		errors.Is(err, jetstream.ErrNoStreamResponse)
}

// EnsureKeyValue creates the KV bucket cfg or updates it to match. A bucket
// that already holds cfg is left alone, and the replica count of an
// existing bucket is never lowered (as EnsureStream).
func EnsureKeyValue(ctx context.Context, js jetstream.JetStream, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
	var kv jetstream.KeyValue
	err := whileUnavailable(ctx, ensureWithin, func(ctx context.Context) error {
		if have, err := js.KeyValue(ctx, cfg.Bucket); err == nil {
			if st, err := have.Status(ctx); err == nil {
				if info, ok := st.(*jetstream.KeyValueBucketStatus); ok {
					sc := info.StreamInfo().Config
					cfg.Replicas = max(cfg.Replicas, sc.Replicas, 1)
					if sc.Description == cfg.Description && sc.Replicas == cfg.Replicas &&
						sc.MaxMsgsPerSubject == int64(max(cfg.History, 1)) && sc.MaxAge == cfg.TTL &&
						(cfg.MaxValueSize == 0 || sc.MaxMsgSize == cfg.MaxValueSize) && sc.Storage == cfg.Storage {
						kv = have
						return nil
					}
				}
			}
		}
		var err error
		kv, err = js.CreateOrUpdateKeyValue(ctx, cfg)
		return err
	})
	return kv, err
}
