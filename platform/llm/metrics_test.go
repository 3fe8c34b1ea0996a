package llm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// TestMetricsByRole makes real calls to the fake endpoint as two roles —
// answered, answered from the cache, refused — and finds each in the
// client's metrics with its role, model, outcome and tokens.
func TestMetricsByRole(t *testing.T) {
	srv := llmtest.New(t)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	cache, err := llm.NewCache(t.TempDir())
	requireNoError(t, err)
	c := newClient(t, srv, func(e *llm.Endpoint, o *llm.Options) {
		o.Meter = mp
		o.Cache = cache
		e.Price = llm.Price{InputPerMillion: 1e5, OutputPerMillion: 2e5} // 7 and 3 tokens: 0.7 + 0.6
	})
	ctx := context.Background()

	srv.Enqueue(llmtest.Reply{Content: "a", Usage: llm.Usage{PromptTokens: 7, CompletionTokens: 3}})
	user := c.WithRole(llm.RoleUserSimulator)
	_, err = user.Complete(ctx, ask("one"))
	requireNoError(t, err)
	resp, err := user.Complete(ctx, ask("one")) // same request: from the cache
	requireNoError(t, err)
	requireEqual(t, resp.Cached, true, "second call cached")
	srv.Enqueue(llmtest.Status(http.StatusBadRequest))
	_, err = c.WithRole(llm.RoleAssistant).Complete(ctx, ask("two"))
	var se *llm.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("want a StatusError, got %v", err)
	}

	var rm metricdata.ResourceMetrics
	requireNoError(t, reader.Collect(ctx, &rm))
	sums := map[string]int64{}
	hist := map[string]int64{}
	var durations uint64
	cost := map[string]float64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				if m.Name != "tds.llm.calls" && m.Name != "tds.llm.errors" {
					continue
				}
				for _, p := range d.DataPoints {
					sums[m.Name+" "+key(p.Attributes, "tds.llm.role", "gen_ai.request.model", "tds.llm.outcome", "error.type")] += p.Value
				}
			case metricdata.Histogram[int64]:
				for _, p := range d.DataPoints {
					hist[m.Name+" "+key(p.Attributes, "tds.llm.role", "gen_ai.token.type")] += p.Sum
				}
			case metricdata.Sum[float64]:
				if m.Name == "tds.llm.cost" {
					for _, p := range d.DataPoints {
						cost[key(p.Attributes, "tds.llm.role")] += p.Value
					}
				}
			case metricdata.Histogram[float64]:
				if m.Name != "gen_ai.client.operation.duration" {
					continue
				}
				for _, p := range d.DataPoints {
					durations += p.Count
				}
			}
		}
	}
	want := map[string]int64{
		"tds.llm.calls user_simulator/fake-model/ok/":     1,
		"tds.llm.calls user_simulator/fake-model/cached/": 1,
		"tds.llm.calls assistant/fake-model/error/":       1,
		"tds.llm.errors assistant/fake-model//400":        1,
		"gen_ai.client.token.usage user_simulator/input":  7,
		"gen_ai.client.token.usage user_simulator/output": 3,
	}
	for k, v := range want {
		if got := sums[k] + hist[k]; got != v {
			t.Errorf("%s = %d, want %d (sums %v, token histograms %v)", k, got, v, sums, hist)
		}
	}
	if len(sums) != 4 || len(hist) != 2 {
		t.Errorf("unexpected series: sums %v, token histograms %v", sums, hist)
	}
	// The cached answer and the refused call cost nothing.
	if c := cost["user_simulator"]; len(cost) != 1 || c < 1.3-1e-9 || c > 1.3+1e-9 {
		t.Errorf("tds.llm.cost = %v, want 1.3 for the user simulator's one charged call", cost)
	}
	if durations != 2 { // the cached answer took no call
		t.Errorf("gen_ai.client.operation.duration count = %d, want 2", durations)
	}
}

// key joins the values of keys in set with "/".
func key(set attribute.Set, keys ...string) string {
	var out string
	for i, k := range keys {
		if i > 0 {
			out += "/"
		}
		v, _ := set.Value(attribute.Key(k))
		out += v.String()
	}
	return out
}

// TestLimiterMetrics: the endpoint's limit, every HTTP request by status
// (the 429 and 5xx rates) and the time spent waiting before retries.
func TestLimiterMetrics(t *testing.T) {
	srv := llmtest.New(t)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	c := newClient(t, srv, func(_ *llm.Endpoint, o *llm.Options) { o.Meter = mp })
	ctx := context.Background()
	srv.Enqueue(llmtest.TooMany("0.05"), llmtest.Status(http.StatusInternalServerError))
	_, err := c.WithRole(llm.RoleAssistant).Complete(ctx, ask("one"))
	requireNoError(t, err)

	var rm metricdata.ResourceMetrics
	requireNoError(t, reader.Collect(ctx, &rm))
	attempts := map[string]int64{}
	var limit float64
	var retryWait float64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				if m.Name == "tds.llm.attempts" {
					for _, p := range d.DataPoints {
						attempts[key(p.Attributes, "http.response.status_code", "tds.llm.role", "server.address")] += p.Value
					}
				}
			case metricdata.Gauge[float64]:
				if m.Name == "tds.llm.limit" {
					for _, p := range d.DataPoints {
						limit = p.Value
					}
				}
			case metricdata.Histogram[float64]:
				if m.Name == "tds.llm.wait.duration" {
					for _, p := range d.DataPoints {
						if key(p.Attributes, "tds.llm.wait.reason") == "retry" {
							retryWait += p.Sum
						}
					}
				}
			}
		}
	}
	want := map[string]int64{"429/assistant/127.0.0.1": 1, "500/assistant/127.0.0.1": 1, "200/assistant/127.0.0.1": 1}
	if fmt.Sprint(attempts) != fmt.Sprint(want) {
		t.Errorf("tds.llm.attempts = %v, want %v", attempts, want)
	}
	if limit != 4 {
		t.Errorf("tds.llm.limit = %v, want 4 (the endpoint's max_concurrency)", limit)
	}
	if retryWait < 0.05 {
		t.Errorf("waited %.3fs before retries, want at least the Retry-After of 0.05s", retryWait)
	}
}
