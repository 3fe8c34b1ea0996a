package events

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// HoldersBucket is the KV bucket in which every consumer records the messages
// it has been working on for a while (their ack reply subjects), under a key
// of its own. A suite restarted on its own data directory knows that whoever
// wrote those records is dead, and hands their messages back at once
// (ReclaimHeld) instead of waiting out their ack wait.
const HoldersBucket = "tds_holders"

// holdersTTL drops the records of processes that died where nobody reclaims
// them (services run apart, where the ack wait brings the messages back).
const holdersTTL = time.Hour

// recordAfter is how long a message is held before it is recorded: messages
// settled sooner (most of them) cost no write. A message delivered this
// recently before a kill is usually not yet in the server's stored consumer
// state either, and comes back as undelivered.
const recordAfter = 100 * time.Millisecond

// HoldersConfig is the holders bucket's configuration.
func HoldersConfig(replicas int) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:      HoldersBucket,
		Description: "ack reply subjects of the messages each consumer is working on",
		History:     1,
		TTL:         holdersTTL,
		Storage:     jetstream.FileStorage,
		Replicas:    max(replicas, 1),
	}
}

// holderRecord writes one Consume's record: the reply subjects of the messages
// it has held for at least recordAfter, rewritten when they change.
type holderRecord struct {
	kv  jetstream.KeyValue
	key string
	// last is what the bucket holds for key ("" when nothing).
	last string
}

func newHolderRecord(kv jetstream.KeyValue, consumer string) *holderRecord {
	if kv == nil {
		return nil
	}
	// Keys are tokens: consumer names are ours ([a-z-]); the id makes two
	// Consume calls on one consumer (two processes) write apart.
	return &holderRecord{kv: kv, key: consumer + "." + rand.Text()}
}

// update writes the reply subjects held, if they changed.
func (r *holderRecord) update(ctx context.Context, replies []string) error {
	slices.Sort(replies)
	v := strings.Join(replies, "\n")
	if v == r.last {
		return nil
	}
	var err error
	if v == "" {
		err = r.kv.Delete(ctx, r.key)
	} else {
		_, err = r.kv.PutString(ctx, r.key, v)
	}
	if err != nil {
		return err
	}
	r.last = v
	return nil
}

// clear removes the record: on a clean stop every message was settled or
// nak'ed.
func (r *holderRecord) clear(ctx context.Context) {
	if r.last != "" {
		_ = r.kv.Delete(ctx, r.key)
		r.last = ""
	}
}

// ReclaimHeld hands back, with a nak, every message recorded in the holders
// bucket, and empties it; it returns how many it handed back. Call it only
// when no process that wrote a record can be alive: `tds up` calls it on
// start, holding its data directory's lock, before its services consume. A
// recorded message that was settled since is left alone by the server.
func (b *Bus) ReclaimHeld(ctx context.Context) (int, error) {
	kv, err := b.js.KeyValue(ctx, HoldersBucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("events: holders bucket: %w", err)
	}
	keys, err := kv.Keys(ctx)
	if errors.Is(err, jetstream.ErrNoKeysFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("events: holders: %w", err)
	}
	nc := b.js.Conn()
	n := 0
	for _, k := range keys {
		e, err := kv.Get(ctx, k)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("events: holders: %w", err)
		}
		for reply := range strings.SplitSeq(string(e.Value()), "\n") {
			if !strings.HasPrefix(reply, "$JS.ACK.") {
				continue // not an ack subject: never written by a consumer
			}
			// A request, so that the server has taken the nak before the
			// services start pulling.
			if _, err := nc.RequestWithContext(ctx, reply, []byte("-NAK")); err != nil {
				if ctx.Err() != nil {
					return n, ctx.Err()
				}
				continue // a consumer that is gone
			}
			n++
		}
		if err := kv.Delete(ctx, k); err != nil {
			return n, fmt.Errorf("events: holders: %w", err)
		}
	}
	return n, nil
}
