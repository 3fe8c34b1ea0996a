package llm

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// countingConn counts the writes made to a connection.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestRequestGoesOutInOneWrite: a request with a long conversation (headers
// and body together well past the default 4 KiB buffer) costs one system
// call to send, not one for the headers and more for the body.
func TestRequestGoesOutInOneWrite(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}`))
	}))
	t.Cleanup(srv.Close)
	lim := NewLimiter(2)
	var writes atomic.Int64
	tr := lim.httpClient().Transport.(*http.Transport)
	dial := (&net.Dialer{}).DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countingConn{Conn: c, writes: &writes}, nil
	}
	c, err := New(Endpoint{Provider: ProviderOpenAI, BaseURL: srv.URL, Model: "m", MaxConcurrency: 2}, Options{Limiter: lim})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a conversation that goes on ", 400) // 11 KB
	for i := range 3 {
		before := writes.Load()
		if _, err := c.Complete(context.Background(), ChatRequest{Messages: []Message{{Role: "user", Content: long}, {Role: "user", Content: string(rune('a' + i))}}}); err != nil {
			t.Fatal(err)
		}
		if got := writes.Load() - before; got != 1 {
			t.Fatalf("call %d: %d writes to send the request, want 1", i, got)
		}
	}
}
