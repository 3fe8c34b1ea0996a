package events

import (
	"context"
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
// only once its holder has gone silent for a whole ack wait.
type keepAlive struct {
	every time.Duration

	mu   sync.Mutex
	held map[jetstream.Msg]time.Time // message → when the server last heard of it
}

func newKeepAlive(ackWait time.Duration) *keepAlive {
	return &keepAlive{every: max(ackWait/4, 10*time.Millisecond), held: map[jetstream.Msg]time.Time{}}
}

// hold starts keeping jm alive; it arrived just now, so the server's clock
// for it starts now as well.
func (k *keepAlive) hold(jm jetstream.Msg) {
	k.mu.Lock()
	k.held[jm] = time.Now()
	k.mu.Unlock()
}

// release stops keeping jm alive. Called before jm is acked, nak'ed or
// terminated: a progress report after a nak would restart the ack wait and
// override the nak's delay.
func (k *keepAlive) release(jm jetstream.Msg) {
	k.mu.Lock()
	delete(k.held, jm)
	k.mu.Unlock()
}

// run reports progress until ctx is done. Reports are fire-and-forget
// publishes: one that is lost is made up for by the next, three more before
// the ack wait runs out.
func (k *keepAlive) run(ctx context.Context) {
	t := time.NewTicker(k.every / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			k.mu.Lock()
			for jm, last := range k.held {
				if now.Sub(last) >= k.every {
					_ = jm.InProgress()
					k.held[jm] = now
				}
			}
			k.mu.Unlock()
		}
	}
}
