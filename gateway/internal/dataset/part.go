package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Part is an append-only JSON Lines file holding at most one row per key.
// Rows are buffered and written with one fsync per batch (group commit): Add
// returns once its row is durable, so a consumer acks a message only after
// its row is on disk. The keys are re-read from the file on Open, which makes
// the file itself the sink's idempotence record: a redelivered row after a
// crash or a restart finds its key and is not written twice.
type Part struct {
	path     string
	maxBatch int
	interval time.Duration
	tracer   trace.Tracer
	onWrite  func(rows int)

	mu      sync.Mutex
	f       *os.File
	size    int64
	keys    map[string]*batch // committed keys map to the closed batch done
	cur     *batch
	closed  bool
	kick    chan struct{}
	stopped chan struct{}
}

type batch struct {
	buf  bytes.Buffer
	keys []string
	// from holds the span contexts of the Add calls whose rows the batch
	// carries: one write serves them all.
	from []trace.SpanContext
	done chan struct{}
	err  error
}

var committed = func() *batch {
	b := &batch{done: make(chan struct{})}
	close(b.done)
	return b
}()

// KeyFunc extracts the key of a row already in the file.
type KeyFunc func(line []byte) (string, error)

// KeyField reads a string field of a JSON row.
func KeyField(name string) KeyFunc {
	return func(line []byte) (string, error) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(line, &m); err != nil {
			return "", err
		}
		var s string
		if err := json.Unmarshal(m[name], &s); err != nil || s == "" {
			return "", fmt.Errorf("row without %q", name)
		}
		return s, nil
	}
}

// PartOption configures a Part.
type PartOption func(*Part)

// WithTracer makes each batch write a span of tr ("write <file>"): a fan-in,
// so the span continues the trace of the batch's first row and links to the
// callers of every row it writes.
func WithTracer(tr trace.Tracer) PartOption {
	return func(p *Part) { p.tracer = tr }
}

// OpenPart opens or creates the part file at path. A torn last line (a crash
// mid-write) is cut off; its row is written again when redelivered.
func OpenPart(path string, key KeyFunc, opts ...PartOption) (*Part, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	keys := map[string]*batch{}
	r := bufio.NewReaderSize(f, 1<<20)
	var good int64
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			break // a line without its newline is torn
		}
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		k, kerr := key(bytes.TrimSpace(line))
		if kerr != nil {
			break // a damaged line: keep what precedes it
		}
		keys[k] = committed
		good += int64(len(line))
	}
	if err := f.Truncate(good); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("truncate %s: %w", path, err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		_ = f.Close()
		return nil, err
	}
	p := &Part{
		path: path, maxBatch: 512, interval: 20 * time.Millisecond,
		f: f, size: good, keys: keys, kick: make(chan struct{}, 1), stopped: make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	go p.flushLoop()
	return p, nil
}

// Add appends row under key unless the key is already present; it returns
// whether the row was new, once the row (or the earlier one) is durable.
func (p *Part) Add(ctx context.Context, key string, row []byte) (bool, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return false, errors.New("dataset: part closed")
	}
	if b, ok := p.keys[key]; ok {
		p.mu.Unlock()
		return false, wait(ctx, b)
	}
	if p.cur == nil {
		p.cur = &batch{done: make(chan struct{})}
	}
	b := p.cur
	b.buf.Write(bytes.TrimSpace(row))
	b.buf.WriteByte('\n')
	b.keys = append(b.keys, key)
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() && p.tracer != nil {
		b.from = append(b.from, sc)
	}
	p.keys[key] = b
	full := len(b.keys) >= p.maxBatch
	p.mu.Unlock()
	if full {
		select {
		case p.kick <- struct{}{}:
		default:
		}
	}
	return true, wait(ctx, b)
}

func wait(ctx context.Context, b *batch) error {
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Count returns the rows durably in the file.
func (p *Part) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, b := range p.keys {
		if b == committed {
			n++
		}
	}
	return n
}

// Path returns the file's path.
func (p *Part) Path() string { return p.path }

func (p *Part) flushLoop() {
	defer close(p.stopped)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-p.kick:
		}
		p.mu.Lock()
		b, closed := p.cur, p.closed
		p.cur = nil
		p.mu.Unlock()
		if b != nil {
			p.flush(b)
		}
		if closed {
			return
		}
	}
}

func (p *Part) flush(b *batch) {
	span := p.startWrite(b)
	_, err := p.f.Write(b.buf.Bytes())
	if err == nil {
		err = p.f.Sync()
	}
	if span != nil {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}
	p.mu.Lock()
	if err != nil {
		// Roll back, so a failed batch leaves no torn row, and forget its
		// keys: their messages are redelivered and written again.
		_ = p.f.Truncate(p.size)
		_, _ = p.f.Seek(p.size, io.SeekStart)
		for _, k := range b.keys {
			delete(p.keys, k)
		}
		b.err = fmt.Errorf("dataset: write %s: %w", p.path, err)
	} else {
		p.size += int64(b.buf.Len())
		for _, k := range b.keys {
			p.keys[k] = committed
		}
	}
	p.mu.Unlock()
	if err == nil && p.onWrite != nil {
		p.onWrite(len(b.keys))
	}
	close(b.done)
}

// startWrite starts the span of a batch write, or returns nil when the part
// is not traced.
func (p *Part) startWrite(b *batch) trace.Span {
	if p.tracer == nil {
		return nil
	}
	ctx := context.Background()
	links := make([]trace.Link, 0, len(b.from))
	for i, sc := range b.from {
		if i == 0 {
			ctx = trace.ContextWithSpanContext(ctx, sc)
			continue
		}
		links = append(links, trace.Link{SpanContext: sc})
	}
	_, span := p.tracer.Start(ctx, "write "+filepath.Base(p.path),
		trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithLinks(links...),
		trace.WithAttributes(
			attribute.String("file.path", p.path),
			attribute.Int("tds.dataset.rows", len(b.keys)),
			attribute.Int("tds.dataset.bytes", b.buf.Len()),
		))
	return span
}

// Close flushes what is buffered and closes the file.
func (p *Part) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	select {
	case p.kick <- struct{}{}:
	default:
	}
	<-p.stopped
	return p.f.Close()
}
