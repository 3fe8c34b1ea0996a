package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

func requireNoError(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func requireEqual[T comparable](t testing.TB, got, want T, what string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

// fastBackoff keeps retry tests quick; the waits stay real.
var fastBackoff = llm.Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond}

func newClient(t testing.TB, srv *llmtest.Server, mut func(*llm.Endpoint, *llm.Options)) *llm.Client {
	t.Helper()
	ep := llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "fake-model", MaxConcurrency: 4, MaxRetries: 3, Timeout: 5 * time.Second}
	opts := llm.Options{Backoff: fastBackoff}
	if mut != nil {
		mut(&ep, &opts)
	}
	c, err := llm.New(ep, opts)
	requireNoError(t, err)
	return c
}

func ask(content string) llm.ChatRequest {
	return llm.ChatRequest{Messages: []llm.Message{{Role: "user", Content: content}}}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		script    []llmtest.Reply
		wantCalls int
		wantErr   error // nil: the call succeeds
		wantCode  int   // for a StatusError
	}{
		{"429 then ok", []llmtest.Reply{llmtest.TooMany("")}, 2, nil, 0},
		{"500s then ok", []llmtest.Reply{llmtest.Status(500), llmtest.Status(502)}, 3, nil, 0},
		{"malformed then ok", []llmtest.Reply{llmtest.Malformed()}, 2, nil, 0},
		{"no choices then ok", []llmtest.Reply{{Raw: `{"id":"x","choices":[]}`}}, 2, nil, 0},
		{"503 until retries are spent", []llmtest.Reply{llmtest.Status(503), llmtest.Status(503), llmtest.Status(503), llmtest.Status(503)}, 4, llm.ErrUnavailable, 0},
		{"malformed until retries are spent", []llmtest.Reply{llmtest.Malformed(), llmtest.Malformed(), llmtest.Malformed(), llmtest.Malformed()}, 4, llm.ErrBadResponse, 0},
		{"400 is not retried", []llmtest.Reply{llmtest.Status(400)}, 1, nil, 400},
		{"401 is not retried", []llmtest.Reply{llmtest.Status(401)}, 1, nil, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.New(t)
			srv.Enqueue(tc.script...)
			c := newClient(t, srv, nil)
			resp, err := c.Complete(context.Background(), ask("hi"))
			requireEqual(t, srv.Calls(), tc.wantCalls, "server calls")
			switch {
			case tc.wantCode != 0:
				var se *llm.StatusError
				if !errors.As(err, &se) {
					t.Fatalf("want a StatusError, got %v", err)
				}
				requireEqual(t, se.Status, tc.wantCode, "status")
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("want %v, got %v", tc.wantErr, err)
				}
			default:
				requireNoError(t, err)
				requireEqual(t, resp.Message().Content, "ok", "content")
				requireEqual(t, resp.Attempts, tc.wantCalls, "attempts")
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.TooMany("0.3"))
	c := newClient(t, srv, nil)
	_, err := c.Complete(context.Background(), ask("hi"))
	requireNoError(t, err)
	reqs := srv.Requests()
	requireEqual(t, len(reqs), 2, "requests")
	if gap := reqs[1].At.Sub(reqs[0].At); gap < 300*time.Millisecond {
		t.Fatalf("retried %s after a Retry-After of 0.3s", gap)
	}
}

// TestRetryAfterSetsTheWait: a Retry-After is when to come back, not a
// floor under the growing backoff — the fourth attempt after three 429s
// with Retry-After 0.1s comes 0.1–0.11s after the third, though the
// backoff alone would wait a second by then.
func TestRetryAfterSetsTheWait(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.TooMany("0.1"), llmtest.TooMany("0.1"), llmtest.TooMany("0.1"))
	c := newClient(t, srv, func(_ *llm.Endpoint, o *llm.Options) {
		o.Backoff = llm.Backoff{Base: 250 * time.Millisecond, Max: 20 * time.Second}
	})
	_, err := c.Complete(context.Background(), ask("hi"))
	requireNoError(t, err)
	reqs := srv.Requests()
	requireEqual(t, len(reqs), 4, "requests")
	for i := 1; i < len(reqs); i++ {
		gap := reqs[i].At.Sub(reqs[i-1].At)
		if gap < 100*time.Millisecond || gap > 400*time.Millisecond {
			t.Errorf("attempt %d came %s after the one before, want the Retry-After of 0.1s (and at most a tenth more)", i+1, gap)
		}
	}
}

func TestCache(t *testing.T) {
	srv := llmtest.New(t)
	dir := t.TempDir()
	cache, err := llm.NewCache(dir)
	requireNoError(t, err)
	budget := llm.NewBudget(0, 0)
	c := newClient(t, srv, func(_ *llm.Endpoint, o *llm.Options) { o.Cache = cache }).WithBudget(budget)
	ctx := context.Background()

	first, err := c.Complete(ctx, ask("plan a trip"))
	requireNoError(t, err)
	second, err := c.Complete(ctx, ask("plan a trip"))
	requireNoError(t, err)
	requireEqual(t, srv.Calls(), 1, "server calls after a repeat")
	requireEqual(t, first.Cached, false, "first cached")
	requireEqual(t, second.Cached, true, "second cached")
	requireEqual(t, second.Message().Content, first.Message().Content, "cached content")

	// A re-run (new client, same directory) repeats no call.
	cache2, err := llm.NewCache(dir)
	requireNoError(t, err)
	c2 := newClient(t, srv, func(_ *llm.Endpoint, o *llm.Options) { o.Cache = cache2 })
	_, err = c2.Complete(ctx, ask("plan a trip"))
	requireNoError(t, err)
	requireEqual(t, srv.Calls(), 1, "server calls after a re-run")

	// Any change to the request is a new call.
	temp := 0.7
	req := ask("plan a trip")
	req.Temperature = &temp
	_, err = c.Complete(ctx, req)
	requireNoError(t, err)
	requireEqual(t, srv.Calls(), 2, "server calls after a new temperature")

	// Failures are not cached.
	srv.Enqueue(llmtest.Status(400))
	_, err = c.Complete(ctx, ask("bad"))
	if err == nil {
		t.Fatal("want the 400 back")
	}
	_, err = c.Complete(ctx, ask("bad"))
	requireNoError(t, err)
	requireEqual(t, srv.Calls(), 4, "server calls after a failure and a retry")

	tot := budget.Totals()
	requireEqual(t, tot.Calls, int64(3), "charged calls")
	requireEqual(t, tot.CachedCalls, int64(1), "cached calls")
	requireEqual(t, tot.PromptTokens, int64(30), "prompt tokens")

	// A corrupt entry is replaced, not returned.
	var entries []string
	requireNoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			entries = append(entries, p)
		}
		return err
	}))
	for _, p := range entries {
		requireNoError(t, os.WriteFile(p, []byte("{"), 0o600))
	}
	_, err = c.Complete(ctx, ask("plan a trip"))
	requireNoError(t, err)
	requireEqual(t, srv.Calls(), 5, "server calls after corrupting the cache")
}

func TestBudgetStopsWork(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(func(llm.ChatRequest, int) llmtest.Reply {
		return llmtest.Reply{Content: "ok", Usage: llm.Usage{PromptTokens: 10, CompletionTokens: 5}}
	})
	budget := llm.NewBudget(40, 0)
	c := newClient(t, srv, nil).WithBudget(budget)
	ctx := context.Background()
	for i := range 3 {
		_, err := c.Complete(ctx, ask(fmt.Sprint(i)))
		requireNoError(t, err)
	}
	_, err := c.Complete(ctx, ask("one too many"))
	if !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Fatalf("want ErrBudgetExhausted, got %v", err)
	}
	requireEqual(t, srv.Calls(), 3, "server calls")
	requireEqual(t, budget.Totals().Tokens(), int64(45), "tokens")

	// Concurrent workers all stop; the overshoot is bounded by the calls in flight.
	srv2 := llmtest.New(t)
	srv2.SetLatency(time.Millisecond)
	b2 := llm.NewBudget(0, 20)
	c2 := newClient(t, srv2, func(e *llm.Endpoint, _ *llm.Options) { e.MaxConcurrency = 4 }).WithBudget(b2)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				_, err := c2.Complete(ctx, ask(fmt.Sprint(w, "-", i)))
				if errors.Is(err, llm.ErrBudgetExhausted) {
					return
				}
				if err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := srv2.Calls(); n < 20 || n > 20+8 {
		t.Fatalf("server saw %d calls for a budget of 20 calls and 8 workers", n)
	}
}

func TestToolCallsJSONAndAuth(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Call("get_weather", `{"city":"Paris"}`))
	t.Setenv("TDS_TEST_LLM_KEY", "sk-test-123")
	temp := 0.2
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) {
		e.APIKeyEnv = "TDS_TEST_LLM_KEY"
		e.Temperature = &temp
		e.MaxTokens = 256
	})
	req := ask("weather in Paris?")
	req.Tools = []llm.Tool{{Type: "function", Function: llm.FunctionSpec{Name: "get_weather", Parameters: json.RawMessage(`{"type":"object"}`)}}}
	req.ResponseFormat = &llm.ResponseFormat{Type: "json_object"}
	resp, err := c.Complete(context.Background(), req)
	requireNoError(t, err)
	calls := resp.Message().ToolCalls
	requireEqual(t, len(calls), 1, "tool calls")
	requireEqual(t, calls[0].Function.Name, "get_weather", "tool name")
	requireEqual(t, calls[0].Function.Arguments, `{"city":"Paris"}`, "arguments")
	requireEqual(t, resp.Choices[0].FinishReason, "tool_calls", "finish reason")

	got := srv.Requests()[0]
	requireEqual(t, got.Authorization, "Bearer sk-test-123", "authorization")
	requireEqual(t, got.Request.Model, "fake-model", "model")
	requireEqual(t, *got.Request.Temperature, 0.2, "temperature")
	requireEqual(t, got.Request.MaxTokens, 256, "max tokens")
	requireEqual(t, got.Request.ResponseFormat.Type, "json_object", "response format")
	requireEqual(t, len(got.Request.Tools), 1, "tools sent")

	// The key file works too, and a missing key is an error that names the variable, not a value.
	keyFile := filepath.Join(t.TempDir(), "key")
	requireNoError(t, os.WriteFile(keyFile, []byte("sk-file\n"), 0o600))
	c = newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) { e.APIKeyFile = keyFile })
	_, err = c.Complete(context.Background(), ask("x"))
	requireNoError(t, err)
	requireEqual(t, srv.Requests()[1].Authorization, "Bearer sk-file", "authorization from file")
	_, err = llm.New(llm.Endpoint{Provider: "openai", BaseURL: srv.URL, Model: "m", APIKeyEnv: "TDS_TEST_UNSET_KEY"}, llm.Options{})
	if err == nil || !strings.Contains(err.Error(), "TDS_TEST_UNSET_KEY") {
		t.Fatalf("want an error naming the variable, got %v", err)
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetLatency(time.Second)
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) {
		e.Timeout = 20 * time.Millisecond
		e.MaxRetries = 1
	})
	_, err := c.Complete(context.Background(), ask("slow"))
	if !errors.Is(err, llm.ErrUnavailable) {
		t.Fatalf("want ErrUnavailable after timeouts, got %v", err)
	}
	requireEqual(t, srv.Calls(), 2, "attempts")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Complete(ctx, ask("cancelled"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func TestEndpointProblems(t *testing.T) {
	bad := 3.0
	tests := []struct {
		name string
		ep   llm.Endpoint
		want string // field at fault, "" for valid
	}{
		{"sim needs nothing", llm.Endpoint{Provider: "sim"}, ""},
		{"empty is sim", llm.Endpoint{}, ""},
		{"openai ok", llm.Endpoint{Provider: "openai", BaseURL: "http://127.0.0.1:8000/v1", Model: "m"}, ""},
		{"openai without url", llm.Endpoint{Provider: "openai", Model: "m"}, "base_url"},
		{"openai without model", llm.Endpoint{Provider: "openai", BaseURL: "https://api.example/v1"}, "model"},
		{"unknown provider", llm.Endpoint{Provider: "gpt"}, "provider"},
		{"temperature", llm.Endpoint{Temperature: &bad}, "temperature"},
		{"both key sources", llm.Endpoint{Provider: "openai", BaseURL: "http://h/v1", Model: "m", APIKeyEnv: "A", APIKeyFile: "/f"}, "api_key_env"},
		{"floor above the maximum", llm.Endpoint{MaxConcurrency: 8, MinConcurrency: 9}, "min_concurrency"},
		{"negative floor", llm.Endpoint{MinConcurrency: -1}, "min_concurrency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.ep.Problems()
			if tc.want == "" {
				requireEqual(t, len(p), 0, fmt.Sprint("problems ", p))
				return
			}
			if len(p) == 0 || p[0][0] != tc.want {
				t.Fatalf("want a problem with %s, got %v", tc.want, p)
			}
		})
	}
	// Round trip through the contract.
	temp := 0.5
	ep := llm.Endpoint{Provider: "openai", BaseURL: "http://h/v1", Model: "m", Temperature: &temp, MaxTokens: 9, Timeout: time.Second}
	back := llm.FromProto(ep.Proto())
	requireEqual(t, *back.Temperature, 0.5, "temperature")
	requireEqual(t, back.Timeout, time.Second, "timeout")
	requireEqual(t, back.BaseURL, ep.BaseURL, "base url")
}

// BenchmarkClientOverhead measures the client's cost per call against an
// instant in-process server (HTTP round trip included), and per cache hit.
func BenchmarkClientOverhead(b *testing.B) {
	srv := llmtest.New(b)
	b.Run("http", func(b *testing.B) {
		c := newClient(b, srv, func(e *llm.Endpoint, _ *llm.Options) { e.MaxConcurrency = 64 }).WithBudget(llm.NewBudget(0, 0))
		req := ask("benchmark")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Complete(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cache-hit", func(b *testing.B) {
		cache, err := llm.NewCache(b.TempDir())
		requireNoError(b, err)
		c := newClient(b, srv, func(_ *llm.Endpoint, o *llm.Options) { o.Cache = cache })
		req := ask("benchmark cached")
		_, err = c.Complete(context.Background(), req)
		requireNoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Complete(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
