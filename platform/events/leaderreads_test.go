package events

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

// TestKeyValueReadsThroughTheLeader: a bucket EnsureKeyValue makes serves
// no direct gets (a server behind the stream's leader could answer a read
// with what was there before an acknowledged write), and its handle reads
// what was just put — also when the bucket is ensured again.
func TestKeyValueReadsThroughTheLeader(t *testing.T) {
	b := newBus(t)
	ctx := t.Context()
	for round := range 2 {
		kv, err := EnsureKeyValue(ctx, b.JetStream(), jetstream.KeyValueConfig{Bucket: "leader_reads", Description: "test"})
		require_NoError(t, err)
		st, err := kv.Status(ctx)
		require_NoError(t, err)
		if st.(*jetstream.KeyValueBucketStatus).StreamInfo().Config.AllowDirect {
			t.Fatalf("round %d: the bucket's stream allows direct gets", round+1)
		}
		_, err = kv.Put(ctx, "k", []byte{byte('a' + round)})
		require_NoError(t, err)
		e, err := kv.Get(ctx, "k")
		require_NoError(t, err)
		if string(e.Value()) != string(rune('a'+round)) {
			t.Fatalf("round %d: read %q", round+1, e.Value())
		}
	}
}
