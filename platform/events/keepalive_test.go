package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/tdscaling/tdscaling/platform/eventually"
)

// TestConsumeKeepsLongHandlersAlive runs a handler for ten ack waits while
// another handler idles: without progress reports the server would hand the
// message to the idle one.
func TestConsumeKeepsLongHandlersAlive(t *testing.T) {
	const ackWait = 300 * time.Millisecond
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	_, err := b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	delivered := make(chan uint64, 8)
	release := make(chan struct{})
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers", AckWait: ackWait}, func(ctx context.Context, m *Message) error {
		delivered <- m.NumDelivered
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		return nil
	}, ConsumeOptions{Concurrency: 2})

	require_Equal(t, recv(t, delivered), uint64(1))
	select {
	case d := <-delivered:
		t.Fatalf("delivered again (delivery %d) while its handler ran", d)
	case <-time.After(10 * ackWait):
	}
	close(release)
	requireSettled(t, b, "TASKS", "workers", 1)
	ci, err := consumerInfo(t, b, "TASKS", "workers")
	require_NoError(t, err)
	require_Equal(t, ci.Delivered.Consumer, uint64(1))
}

// TestConsumePullsOnlyForIdleHandlers: messages beyond the idle handlers stay
// on the server, where another process can take them, instead of ageing in a
// buffer here where nothing reports on them.
func TestConsumePullsOnlyForIdleHandlers(t *testing.T) {
	const ackWait = 300 * time.Millisecond
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	const n = 3
	for i := range n {
		_, err := b.Publish(t.Context(), "tasks.rollout", fmt.Sprint("task-", i), jobEvent(fmt.Sprint("job-", i)))
		require_NoError(t, err)
	}
	var mu sync.Mutex
	deliveries := map[string][]uint64{}
	release := make(chan struct{})
	running := make(chan string, n)
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers", AckWait: ackWait}, func(ctx context.Context, m *Message) error {
		mu.Lock()
		deliveries[m.MsgID] = append(deliveries[m.MsgID], m.NumDelivered)
		mu.Unlock()
		running <- m.MsgID
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		return nil
	}, ConsumeOptions{Concurrency: 1})

	recv(t, running)
	// For five ack waits, long past the first: nothing is redelivered.
	eventually.Holds(t, 5*ackWait, ackWait/3, func() error {
		ci, err := consumerInfo(t, b, "TASKS", "workers")
		require_NoError(t, err)
		if ci.NumAckPending != 1 || ci.NumPending != n-1 {
			return fmt.Errorf("while the one handler runs: ack pending %d, pending %d; want 1, %d", ci.NumAckPending, ci.NumPending, n-1)
		}
		return nil
	})
	close(release)
	for range n - 1 {
		recv(t, running)
	}
	requireSettled(t, b, "TASKS", "workers", n)
	mu.Lock()
	defer mu.Unlock()
	require_Equal(t, len(deliveries), n)
	for id, d := range deliveries {
		if len(d) != 1 || d[0] != 1 {
			t.Errorf("%s delivered %v, want once", id, d)
		}
	}
}

// TestConsumeTakesOverADeadHoldersMessage: a message held by a connection that
// closed without settling it (a killed process) is delivered again one ack
// wait after its holder's last report, not after a fixed long timeout.
func TestConsumeTakesOverADeadHoldersMessage(t *testing.T) {
	const ackWait = 500 * time.Millisecond
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	_, err := b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	cfg := jetstream.ConsumerConfig{Durable: "workers", AckWait: ackWait, AckPolicy: jetstream.AckExplicitPolicy}

	// The dead holder: its own connection takes the message and goes away.
	dead, err := nats.Connect(b.js.Conn().ConnectedUrl())
	require_NoError(t, err)
	djs, err := jetstream.New(dead)
	require_NoError(t, err)
	cons, err := djs.CreateOrUpdateConsumer(t.Context(), "TASKS", cfg)
	require_NoError(t, err)
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	require_NoError(t, err)
	jm := recv(t, batch.Messages())
	require_True(t, jm != nil, "the dead holder got no message")
	require_NoError(t, jm.InProgress())
	dead.Close()

	got := make(chan uint64, 1)
	startConsume(t, b, "TASKS", cfg, func(_ context.Context, m *Message) error {
		got <- m.NumDelivered
		return nil
	}, ConsumeOptions{})
	// recv gives up after 10 s, long before a 30 s default ack wait would run out.
	require_Equal(t, recv(t, got), uint64(2))
	requireSettled(t, b, "TASKS", "workers", 1)
}

func TestConsumeDefaultsAckWait(t *testing.T) {
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(context.Context, *Message) error { return nil }, ConsumeOptions{})
	eventually.Check(t, 10*time.Second, 5*time.Millisecond, func() error {
		ci, err := consumerInfo(t, b, "TASKS", "workers")
		if err != nil {
			return err
		}
		if ci.Config.AckWait != DefaultAckWait {
			return fmt.Errorf("ack wait %v, want %v", ci.Config.AckWait, DefaultAckWait)
		}
		return nil
	})
}

// TestReclaimHeldHandsBackADeadProcesssMessages: a consumer records the
// messages it works on; once its process is gone, ReclaimHeld naks them and
// the next consumer gets them at once, long before their ack wait.
func TestReclaimHeldHandsBackADeadProcesssMessages(t *testing.T) {
	const ackWait = time.Minute
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	kv, err := b.JetStream().CreateOrUpdateKeyValue(t.Context(), HoldersConfig(1))
	require_NoError(t, err)
	_, err = b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	cfg := jetstream.ConsumerConfig{Durable: "workers", AckWait: ackWait}

	// The process that dies: its own connection, a handler that never ends.
	deadConn, err := nats.Connect(b.js.Conn().ConnectedUrl())
	require_NoError(t, err)
	dead, err := New(deadConn)
	require_NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	working := make(chan struct{})
	go func() {
		stopped <- dead.Consume(ctx, "TASKS", cfg, func(ctx context.Context, m *Message) error {
			close(working)
			<-ctx.Done()
			return ctx.Err()
		}, ConsumeOptions{})
	}()
	t.Cleanup(func() { cancel(); <-stopped })
	recv(t, working)
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, func() error {
		keys, err := kv.Keys(t.Context())
		if err != nil {
			return err
		}
		if len(keys) != 1 {
			return fmt.Errorf("keys %v, want the dead consumer's record", keys)
		}
		return nil
	})
	deadConn.Close() // killed: nothing settled, the record stays

	n, err := b.ReclaimHeld(t.Context())
	require_NoError(t, err)
	require_Equal(t, n, 1)
	got := make(chan uint64, 1)
	startConsume(t, b, "TASKS", cfg, func(_ context.Context, m *Message) error {
		got <- m.NumDelivered
		return nil
	}, ConsumeOptions{})
	// recv gives up after 10 s, long before the minute of ack wait.
	require_Equal(t, recv(t, got), uint64(2))
	requireSettled(t, b, "TASKS", "workers", 1)
	keys, err := kv.Keys(t.Context())
	if err != nil && !errors.Is(err, jetstream.ErrNoKeysFound) {
		t.Fatal(err)
	}
	require_Equal(t, len(keys), 0)
}

// TestHolderRecordIsRemovedOnACleanStop: a consumer that stops cleanly
// settled or handed back everything, so it leaves no record to reclaim.
func TestHolderRecordIsRemovedOnACleanStop(t *testing.T) {
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	kv, err := b.JetStream().CreateOrUpdateKeyValue(t.Context(), HoldersConfig(1))
	require_NoError(t, err)
	_, err = b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	working := make(chan struct{})
	stop := startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		close(working)
		<-ctx.Done()
		return ctx.Err()
	}, ConsumeOptions{})
	recv(t, working)
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, func() error {
		keys, err := kv.Keys(t.Context())
		if err != nil {
			return err
		}
		if len(keys) != 1 {
			return fmt.Errorf("keys %v, want one record", keys)
		}
		return nil
	})
	require_NoError(t, stop())
	keys, err := kv.Keys(t.Context())
	if err != nil && !errors.Is(err, jetstream.ErrNoKeysFound) {
		t.Fatal(err)
	}
	require_Equal(t, len(keys), 0)
}

// TestRecordHeldRecordsAtOnce: a handler that calls RecordHeld is in the
// record when the call returns, not a moment later.
func TestRecordHeldRecordsAtOnce(t *testing.T) {
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	kv, err := b.JetStream().CreateOrUpdateKeyValue(t.Context(), HoldersConfig(1))
	require_NoError(t, err)
	_, err = b.Publish(t.Context(), "tasks.rollout", "task-1", jobEvent("job-1"))
	require_NoError(t, err)
	recorded := make(chan []string, 1)
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		RecordHeld(ctx)
		keys, _ := kv.Keys(ctx)
		recorded <- keys
		return nil
	}, ConsumeOptions{})
	require_Equal(t, len(recv(t, recorded)), 1)
	RecordHeld(t.Context()) // outside a handler: nothing
}

// TestHolderRecordDropsSettledMessages: of two messages held and recorded,
// the one settled leaves the record while the other is still worked on.
func TestHolderRecordDropsSettledMessages(t *testing.T) {
	b := newBus(t)
	ensureStream(t, b, "TASKS", "tasks.>")
	kv, err := b.JetStream().CreateOrUpdateKeyValue(t.Context(), HoldersConfig(1))
	require_NoError(t, err)
	for _, id := range []string{"task-1", "task-2"} {
		_, err = b.Publish(t.Context(), "tasks.rollout", id, jobEvent(id))
		require_NoError(t, err)
	}
	release := map[string]chan struct{}{"task-1": make(chan struct{}), "task-2": make(chan struct{})}
	startConsume(t, b, "TASKS", jetstream.ConsumerConfig{Durable: "workers"}, func(ctx context.Context, m *Message) error {
		select {
		case <-release[m.MsgID]:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, ConsumeOptions{Concurrency: 2})
	entries := func(want int) func() error {
		return func() error {
			keys, err := kv.Keys(t.Context())
			if err != nil {
				return err
			}
			if len(keys) != 1 {
				return fmt.Errorf("keys %v, want one record", keys)
			}
			e, err := kv.Get(t.Context(), keys[0])
			if err != nil {
				return err
			}
			if got := len(strings.Fields(string(e.Value()))); got != want {
				return fmt.Errorf("record holds %d messages, want %d: %q", got, want, e.Value())
			}
			return nil
		}
	}
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, entries(2))
	close(release["task-1"])
	eventually.Check(t, 10*time.Second, 10*time.Millisecond, entries(1))
	close(release["task-2"])
}

// heldMsg is a delivered message as the keep-alive sees it: a reply subject
// to record and progress reports to send.
type heldMsg struct {
	jetstream.Msg
	reply string
}

func (m *heldMsg) Reply() string     { return m.reply }
func (m *heldMsg) InProgress() error { return nil }

// BenchmarkKeepAliveTick is one tick of a consumer holding 256 messages for a
// long time (a slow model): nothing to report and nothing new to record.
func BenchmarkKeepAliveTick(b *testing.B) {
	bus := newBus(b)
	kv, err := bus.JetStream().CreateOrUpdateKeyValue(b.Context(), HoldersConfig(1))
	if err != nil {
		b.Fatal(err)
	}
	k := newKeepAlive(10*time.Second, newHolderRecord(kv, "workers"), slog.New(slog.DiscardHandler))
	for i := range 256 {
		k.hold(&heldMsg{reply: fmt.Sprintf("$JS.ACK.TASKS.workers.1.%d.%d.1765000000000000000.0", i+1, i+1)})
	}
	for _, h := range k.held {
		h.since = h.since.Add(-time.Second)
	}
	k.writeRecord(b.Context())
	b.ReportAllocs()
	for b.Loop() {
		k.writeRecord(b.Context())
	}
}
