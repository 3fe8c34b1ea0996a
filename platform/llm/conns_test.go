package llm_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"
)

// TestClientsOfOneLimiterShareConnections: a client is made per rollout and
// role; those of one endpoint (one limiter) reuse its connections instead
// of dialing one each.
func TestClientsOfOneLimiterShareConnections(t *testing.T) {
	var dialed atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dialed.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	lim := llm.NewLimiter(4)
	for i := range 20 {
		c, err := llm.New(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "m", MaxConcurrency: 4}, llm.Options{Limiter: lim})
		requireNoError(t, err)
		_, err = c.WithRole(llm.RoleAssistant).Complete(context.Background(), ask(string(rune('a'+i))))
		requireNoError(t, err)
	}
	requireEqual(t, dialed.Load(), int64(1), "connections dialed for 20 sequential calls of 20 clients")
}
