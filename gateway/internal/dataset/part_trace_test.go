package dataset

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// TestPartBatchWriteSpanLinksEveryRow: a batch written with one fsync is one
// span, the child of its first row's caller and linked to every other one.
func TestPartBatchWriteSpanLinksEveryRow(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	p, err := OpenPart(filepath.Join(t.TempDir(), "accepted.jsonl"), KeyField("id"), WithTracer(tp.Tracer("test")))
	if err != nil {
		t.Fatal(err)
	}
	p.maxBatch = 1 << 20 // rows wait for the ticker, so concurrent ones share a batch
	const rows = 8
	callers := map[trace.SpanID]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range rows {
		ctx, span := tp.Tracer("test").Start(context.Background(), fmt.Sprintf("process %d", i))
		mu.Lock()
		callers[span.SpanContext().SpanID()] = true
		mu.Unlock()
		wg.Go(func() {
			defer span.End()
			if _, err := p.Add(ctx, fmt.Sprint(i), fmt.Appendf(nil, `{"id":"%d"}`, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	seen, total := map[trace.SpanID]bool{}, 0
	for _, s := range rec.Ended() {
		if s.Name() != "write accepted.jsonl" {
			continue
		}
		if !callers[s.Parent().SpanID()] {
			t.Errorf("write span's parent %v is none of the rows' callers", s.Parent())
		}
		seen[s.Parent().SpanID()] = true
		for _, l := range s.Links() {
			seen[l.SpanContext.SpanID()] = true
		}
		for _, kv := range s.Attributes() {
			if kv.Key == "tds.dataset.rows" {
				total += int(kv.Value.AsInt64())
			}
		}
	}
	if total != rows || len(seen) != rows {
		t.Fatalf("write spans account for %d rows and reach %d of %d callers", total, len(seen), rows)
	}
}
