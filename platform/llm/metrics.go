package llm

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

const meterName = "github.com/tdscaling/tdscaling/platform/llm"

// Metric attribute keys: the OpenTelemetry GenAI conventions, plus the
// role a call plays in a rollout and how it ended.
const (
	attrOperation = attribute.Key("gen_ai.operation.name")
	attrProvider  = attribute.Key("gen_ai.provider.name")
	attrModel     = attribute.Key("gen_ai.request.model")
	attrTokenType = attribute.Key("gen_ai.token.type")
	attrServer    = attribute.Key("server.address")
	attrErrorType = attribute.Key("error.type")
	// AttrRole is the role (Role) a client plays; see Client.WithRole.
	AttrRole    = attribute.Key("tds.llm.role")
	attrOutcome = attribute.Key("tds.llm.outcome")
	attrPort    = attribute.Key("server.port")
	attrStatus  = attribute.Key("http.response.status_code")
	attrWait    = attribute.Key("tds.llm.wait.reason")
)

// Why a call waited (tds.llm.wait.duration).
const (
	// waitLimit: for a slot under the endpoint's adaptive limit.
	waitLimit = "limit"
	// waitQuota: for the provider's rate-limit quota to reset.
	waitQuota = "quota"
	// waitRetry: between a failed attempt and its retry (backoff, Retry-After).
	waitRetry = "retry"
)

// instruments are one meter provider's LLM instruments, shared by every
// client using it (clients are made per request).
type instruments struct {
	calls    metric.Int64Counter
	errors   metric.Int64Counter
	tokens   metric.Int64Histogram
	cost     metric.Float64Counter
	duration metric.Float64Histogram
	attempts metric.Int64Counter
	wait     metric.Float64Histogram
	limit    metric.Float64ObservableGauge
	// limiters are the limiters the gauge reports, with their endpoint's
	// attributes (one per endpoint: clients share them).
	limiters sync.Map // *Limiter → attribute.Set
}

var instrumentsByProvider sync.Map // metric.MeterProvider → *instruments

func instrumentsFor(mp metric.MeterProvider) *instruments {
	if mp == nil {
		return nil
	}
	if in, ok := instrumentsByProvider.Load(mp); ok {
		return in.(*instruments)
	}
	m := mp.Meter(meterName)
	// Instrument creation fails only on invalid names or options; the SDK
	// then still returns usable instruments, so the errors are dropped.
	var in instruments
	in.calls, _ = m.Int64Counter("tds.llm.calls", metric.WithUnit("{call}"),
		metric.WithDescription("Chat completions asked for, by role, model and outcome (ok, cached: answered from the cache, error)"))
	in.errors, _ = m.Int64Counter("tds.llm.errors", metric.WithUnit("{call}"),
		metric.WithDescription("Chat completions that failed after retries, by role, model and error.type"))
	in.tokens, _ = m.Int64Histogram("gen_ai.client.token.usage", metric.WithUnit("{token}"),
		metric.WithDescription("Tokens per call the provider reported (cached answers excluded), by gen_ai.token.type"),
		metric.WithExplicitBucketBoundaries(1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304))
	in.cost, _ = m.Float64Counter("tds.llm.cost", metric.WithUnit("{currency}"),
		metric.WithDescription("What the calls cost at the endpoint's price (llm.<role>.price), by role and model; endpoints without a price add nothing"))
	in.duration, _ = m.Float64Histogram("gen_ai.client.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of chat completions sent to the provider, retries included"),
		metric.WithExplicitBucketBoundaries(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92))
	in.attempts, _ = m.Int64Counter("tds.llm.attempts", metric.WithUnit("{request}"),
		metric.WithDescription("HTTP requests sent to model endpoints, retries included, by server.address, server.port, model and http.response.status_code (error.type timeout, transport or canceled when none came): the 429 and 5xx rates"))
	in.wait, _ = m.Float64Histogram("tds.llm.wait.duration", metric.WithUnit("s"),
		metric.WithDescription("Time calls spent waiting, by role, model and tds.llm.wait.reason: limit (for a slot under the adaptive limit), quota (for the provider's rate-limit reset), retry (before a retry)"),
		metric.WithExplicitBucketBoundaries(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120))
	in.limit, _ = m.Float64ObservableGauge("tds.llm.limit", metric.WithUnit("{call}"),
		metric.WithDescription("Calls the adaptive limiter allows in flight to the endpoint now, by server.address and server.port"))
	got, loaded := instrumentsByProvider.LoadOrStore(mp, &in)
	if !loaded {
		_, _ = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
			in.limiters.Range(func(k, v any) bool {
				set := v.(attribute.Set)
				o.ObserveFloat64(in.limit, k.(*Limiter).Stats().Limit, metric.WithAttributeSet(set))
				return true
			})
			return nil
		}, in.limit)
	}
	return got.(*instruments)
}

// watch reports l's limit under attrs.
func (in *instruments) watch(l *Limiter, attrs []attribute.KeyValue) {
	if in == nil {
		return
	}
	in.limiters.LoadOrStore(l, attribute.NewSet(attrs...))
}

// endpointAttrs names the endpoint: host and port.
func (c *Client) endpointAttrs() []attribute.KeyValue {
	host, port := c.ep.BaseURL, ""
	if u, err := url.Parse(c.ep.BaseURL); err == nil && u.Host != "" {
		host, port = u.Hostname(), u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
	}
	out := []attribute.KeyValue{attrServer.String(host)}
	if p, err := strconv.Atoi(port); err == nil {
		out = append(out, attrPort.Int(p))
	}
	return out
}

// recordAttempt counts one HTTP request: answer is its status code, or
// why none came.
func (c *Client) recordAttempt(ctx context.Context, answer string) {
	in := c.metrics
	if in == nil || answer == "" {
		return
	}
	attrs := append(slices.Clip(c.where), attrModel.String(c.ep.Model), AttrRole.String(string(c.role)))
	if code, err := strconv.Atoi(answer); err == nil {
		attrs = append(attrs, attrStatus.Int(code))
	} else {
		attrs = append(attrs, attrErrorType.String(answer))
	}
	in.attempts.Add(ctx, 1, metric.WithAttributes(attrs...))
}

// recordWait notes time a call spent waiting for why.
func (c *Client) recordWait(ctx context.Context, why string, d time.Duration) {
	in := c.metrics
	if in == nil || d <= 0 {
		return
	}
	attrs := append(slices.Clip(c.where), attrModel.String(c.ep.Model), AttrRole.String(string(c.role)), attrWait.String(why))
	in.wait.Record(ctx, d.Seconds(), metric.WithAttributes(attrs...))
}

// WithRole returns a client that shares c's endpoint, limiter, cache and
// budget and labels its metrics with role.
func (c *Client) WithRole(role Role) *Client {
	cc := *c
	cc.role = role
	return &cc
}

// Role returns the role the client's metrics are labelled with, or "".
func (c *Client) Role() Role { return c.role }

// record notes one Complete call that started at start.
func (c *Client) record(ctx context.Context, start time.Time, resp *ChatResponse, err error) {
	in := c.metrics
	if in == nil {
		return
	}
	host := c.ep.BaseURL
	if u, perr := url.Parse(c.ep.BaseURL); perr == nil && u.Host != "" {
		host = u.Hostname()
	}
	base := []attribute.KeyValue{
		attrOperation.String("chat"),
		attrProvider.String(c.ep.Provider),
		attrModel.String(c.ep.Model),
		attrServer.String(host),
		AttrRole.String(string(c.role)),
	}
	switch {
	case err != nil:
		typ := errorType(err)
		in.calls.Add(ctx, 1, metric.WithAttributes(append(base, attrOutcome.String("error"))...))
		in.errors.Add(ctx, 1, metric.WithAttributes(append(base, attrErrorType.String(typ))...))
		if !errors.Is(err, ErrBudgetExhausted) {
			in.duration.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(append(base, attrErrorType.String(typ))...))
		}
	case resp.Cached:
		in.calls.Add(ctx, 1, metric.WithAttributes(append(base, attrOutcome.String("cached"))...))
	default:
		in.calls.Add(ctx, 1, metric.WithAttributes(append(base, attrOutcome.String("ok"))...))
		in.duration.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(base...))
		in.tokens.Record(ctx, resp.Usage.PromptTokens, metric.WithAttributes(append(base, attrTokenType.String("input"))...))
		in.tokens.Record(ctx, resp.Usage.CompletionTokens, metric.WithAttributes(append(base, attrTokenType.String("output"))...))
		if cost := c.ep.Price.Cost(resp.Spent); cost > 0 {
			in.cost.Add(ctx, cost, metric.WithAttributes(base...))
		}
	}
}

// errorType names a failure for the error.type attribute: the HTTP status
// of a refused call, or what kind of failure it was.
func errorType(err error) string {
	var se *StatusError
	switch {
	case errors.As(err, &se):
		return strconv.Itoa(se.Status)
	case errors.Is(err, ErrBudgetExhausted):
		return "budget_exhausted"
	case errors.Is(err, ErrBadResponse):
		return "bad_response"
	case errors.Is(err, ErrTruncated):
		return "truncated"
	case errors.Is(err, ErrUnavailable):
		return "unavailable"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline_exceeded"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	return "_OTHER"
}
