package events

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// DefaultAckWait is the ack wait of a consumer that sets none. A handler may
// run for much longer: while a message is held, Consume tells the server
// every quarter of the ack wait that it is still being worked on. The ack
// wait therefore bounds only how long the messages held by a process that
// died wait before they are delivered again, which is what a restarted
// suite waits for before it continues at full speed.
const DefaultAckWait = 10 * time.Second

// keepAlive sends "in progress" for every message a consumer holds, from the
// moment it arrives until it is settled, so that the server redelivers it
// only once its holder has gone silent for a whole ack wait; and it keeps
// the record of held messages (holderRecord) from which a successor process
// hands them back at once.
type keepAlive struct {
	every  time.Duration
	record *holderRecord // nil: no holders bucket
	log    *slog.Logger

	mu   sync.Mutex
	held map[jetstream.Msg]*holding
	// changed says the record may no longer match the held messages: a
	// recorded message was released or one was marked by RecordHeld. Messages
	// coming of age (held for recordAfter) are found by the tick itself, so a
	// tick with neither rebuilds nothing.
	changed bool
	// recordMu orders the record's writes: each writes the held messages as
	// they are when it takes the lock.
	recordMu sync.Mutex
}

type holding struct {
	since, reported time.Time // when it arrived; when the server last heard of it
	reply           string    // its ack reply subject, the record's entry
	recordNow       bool      // recorded before recordAfter: see RecordHeld
	recorded        bool      // in the record as last written
}

func newKeepAlive(ackWait time.Duration, record *holderRecord, log *slog.Logger) *keepAlive {
	return &keepAlive{every: max(ackWait/4, 10*time.Millisecond), record: record, log: log, held: map[jetstream.Msg]*holding{}}
}

// hold starts keeping jm alive; it arrived just now, so the server's clock
// for it starts now as well.
func (k *keepAlive) hold(jm jetstream.Msg) {
	now := time.Now()
	k.mu.Lock()
	k.held[jm] = &holding{since: now, reported: now, reply: jm.Reply()}
	k.mu.Unlock()
}

// release stops keeping jm alive. Called before jm is acked, nak'ed or
// terminated: a progress report after a nak would restart the ack wait and
// override the nak's delay.
func (k *keepAlive) release(jm jetstream.Msg) {
	k.mu.Lock()
	if h, ok := k.held[jm]; ok {
		k.changed = k.changed || h.recorded
		delete(k.held, jm)
	}
	k.mu.Unlock()
}

// run reports progress and updates the record until ctx is done, then
// removes the record. Reports are fire-and-forget publishes: one that is lost
// is made up for by the next, three more before the ack wait runs out.
func (k *keepAlive) run(ctx context.Context) {
	t := time.NewTicker(min(k.every/2, recordAfter))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if k.record != nil {
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
				k.recordMu.Lock()
				k.record.clear(cctx)
				k.recordMu.Unlock()
				cancel()
			}
			return
		case now := <-t.C:
			k.mu.Lock()
			for jm, h := range k.held {
				if now.Sub(h.reported) >= k.every {
					_ = jm.InProgress()
					h.reported = now
				}
			}
			k.mu.Unlock()
			k.writeRecord(ctx)
		}
	}
}

// writeRecord writes the record of the messages held for recordAfter or
// marked by RecordHeld, if it changed.
func (k *keepAlive) writeRecord(ctx context.Context) {
	if k.record == nil {
		return
	}
	k.recordMu.Lock()
	defer k.recordMu.Unlock()
	now := time.Now()
	k.mu.Lock()
	due := k.changed
	for _, h := range k.held {
		if !h.recorded && (h.recordNow || now.Sub(h.since) >= recordAfter) {
			due = true
			break
		}
	}
	if !due {
		k.mu.Unlock()
		return
	}
	var replies []string
	var recorded []*holding
	for _, h := range k.held {
		if h.recordNow || now.Sub(h.since) >= recordAfter {
			replies = append(replies, h.reply)
			recorded = append(recorded, h)
		}
	}
	k.changed = false
	k.mu.Unlock()
	err := k.record.update(ctx, replies)
	k.mu.Lock()
	if err != nil {
		k.changed = true // try again on the next tick
	} else {
		for _, h := range recorded {
			h.recorded = true
		}
	}
	k.mu.Unlock()
	if err != nil && ctx.Err() == nil {
		k.log.DebugContext(ctx, "events: record of held messages not written", slog.Any("error", err))
	}
}

// recordNow records jm as held at once.
func (k *keepAlive) recordNow(ctx context.Context, jm jetstream.Msg) {
	k.mu.Lock()
	h, ok := k.held[jm]
	if ok {
		h.recordNow = true
	}
	k.mu.Unlock()
	if ok {
		k.writeRecord(ctx)
	}
}

type recordHeldKey struct{}

// RecordHeld records the message a handler is working on as held right away,
// rather than once it has been held for a moment (which spares the many quick
// handlers a write each), so that if the process dies from here on, the suite
// that succeeds it takes the message over at once (Bus.ReclaimHeld). Call it
// in a handler before short but important work that must resume without
// delay, such as a job's final write. Outside a handler it does nothing.
func RecordHeld(ctx context.Context) {
	if f, ok := ctx.Value(recordHeldKey{}).(func(context.Context)); ok {
		f(ctx)
	}
}
