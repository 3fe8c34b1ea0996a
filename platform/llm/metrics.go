package llm

import (
	"context"
	"errors"
	"net/url"
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
)

// instruments are one meter provider's LLM instruments, shared by every
// client using it (clients are made per request).
type instruments struct {
	calls    metric.Int64Counter
	errors   metric.Int64Counter
	tokens   metric.Int64Histogram
	duration metric.Float64Histogram
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
	in.duration, _ = m.Float64Histogram("gen_ai.client.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of chat completions sent to the provider, retries included"),
		metric.WithExplicitBucketBoundaries(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92))
	got, _ := instrumentsByProvider.LoadOrStore(mp, &in)
	return got.(*instruments)
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
