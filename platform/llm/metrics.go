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
	// sets are the attribute sets of the clients of one endpoint, model
	// and role (attrSets).
	sets sync.Map // setsKey → *attrSets
}

// setsKey names the clients that label their metrics alike.
type setsKey struct {
	baseURL, provider, model string
	role                     Role
}

// attrSets are the attribute sets a client's metrics take, made once per
// endpoint, model and role: clients are made per rollout and role, and
// building and sorting the sets at every call was a measurable share of a
// call's CPU.
type attrSets struct {
	// base: operation, provider, model, server.address, role (record).
	base, callsOK, callsCached, callsError, tokensIn, tokensOut attribute.Set
	// where: server.address, server.port, model, role (recordAttempt,
	// recordWait); wait by reason.
	where []attribute.KeyValue
	wait  map[string]attribute.Set
	// attempts by answer (a status code, or why none came).
	attempts sync.Map // string → attribute.Set
}

// setsFor returns the attribute sets of c's endpoint, model and role.
func (in *instruments) setsFor(c *Client) *attrSets {
	if in == nil {
		return nil
	}
	key := setsKey{baseURL: c.ep.BaseURL, provider: c.ep.Provider, model: c.ep.Model, role: c.role}
	if s, ok := in.sets.Load(key); ok {
		return s.(*attrSets)
	}
	base := []attribute.KeyValue{
		attrOperation.String("chat"),
		attrProvider.String(c.ep.Provider),
		attrModel.String(c.ep.Model),
		attrServer.String(c.host),
		AttrRole.String(string(c.role)),
	}
	with := func(kv attribute.KeyValue) attribute.Set { return attribute.NewSet(append(slices.Clip(base), kv)...) }
	s := &attrSets{
		base: attribute.NewSet(base...), callsOK: with(attrOutcome.String("ok")), callsCached: with(attrOutcome.String("cached")),
		callsError: with(attrOutcome.String("error")), tokensIn: with(attrTokenType.String("input")), tokensOut: with(attrTokenType.String("output")),
		where: append(slices.Clip(c.where), attrModel.String(c.ep.Model), AttrRole.String(string(c.role))),
		wait:  map[string]attribute.Set{},
	}
	for _, why := range []string{waitLimit, waitQuota, waitRetry} {
		s.wait[why] = attribute.NewSet(append(slices.Clip(s.where), attrWait.String(why))...)
	}
	got, _ := in.sets.LoadOrStore(key, s)
	return got.(*attrSets)
}

// attempt returns the set of an attempt that ended in answer.
func (s *attrSets) attempt(answer string) attribute.Set {
	if set, ok := s.attempts.Load(answer); ok {
		return set.(attribute.Set)
	}
	kv := attrErrorType.String(answer)
	if code, err := strconv.Atoi(answer); err == nil {
		kv = attrStatus.Int(code)
	}
	set, _ := s.attempts.LoadOrStore(answer, attribute.NewSet(append(slices.Clip(s.where), kv)...))
	return set.(attribute.Set)
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
	in.attempts.Add(ctx, 1, metric.WithAttributeSet(c.sets.attempt(answer)))
}

// recordWait notes time a call spent waiting for why.
func (c *Client) recordWait(ctx context.Context, why string, d time.Duration) {
	in := c.metrics
	if in == nil || d <= 0 {
		return
	}
	set, ok := c.sets.wait[why]
	if !ok {
		set = attribute.NewSet(append(slices.Clip(c.sets.where), attrWait.String(why))...)
	}
	in.wait.Record(ctx, d.Seconds(), metric.WithAttributeSet(set))
}

// WithRole returns a client that shares c's endpoint, limiter, cache and
// budget and labels its metrics with role.
func (c *Client) WithRole(role Role) *Client {
	cc := *c
	cc.role = role
	cc.sets = cc.metrics.setsFor(&cc)
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
	sets := c.sets
	switch {
	case err != nil:
		typ := errorType(err)
		failed := metric.WithAttributes(append(sets.base.ToSlice(), attrErrorType.String(typ))...)
		in.calls.Add(ctx, 1, metric.WithAttributeSet(sets.callsError))
		in.errors.Add(ctx, 1, failed)
		if !errors.Is(err, ErrBudgetExhausted) {
			in.duration.Record(ctx, time.Since(start).Seconds(), failed)
		}
	case resp.Cached:
		in.calls.Add(ctx, 1, metric.WithAttributeSet(sets.callsCached))
	default:
		in.calls.Add(ctx, 1, metric.WithAttributeSet(sets.callsOK))
		in.duration.Record(ctx, time.Since(start).Seconds(), metric.WithAttributeSet(sets.base))
		in.tokens.Record(ctx, resp.Usage.PromptTokens, metric.WithAttributeSet(sets.tokensIn))
		in.tokens.Record(ctx, resp.Usage.CompletionTokens, metric.WithAttributeSet(sets.tokensOut))
		if cost := c.ep.Price.Cost(resp.Spent); cost > 0 {
			in.cost.Add(ctx, cost, metric.WithAttributeSet(sets.base))
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
