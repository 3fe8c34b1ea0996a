package llm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/tdscaling/tdscaling/platform/backoff"
)

// Backoff shapes the waits between retries: attempt n waits a random time in
// [d/2, d] with d = min(Max, Base·2^n) ("equal jitter", so synchronised
// callers spread out and none retries instantly). An answer with a
// Retry-After says when to come back instead: the retry waits that long and
// up to a tenth more (the jitter that keeps the requests one 429 answered
// from returning in one burst), however many attempts came before — the
// server knows its window; growing the wait past it only idles the request.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
	// MaxRetryAfter caps how long a Retry-After may hold calls back.
	MaxRetryAfter time.Duration
}

// DefaultBackoff is used for zero fields.
var DefaultBackoff = Backoff{Base: 250 * time.Millisecond, Max: 20 * time.Second, MaxRetryAfter: 2 * time.Minute}

func (b Backoff) withDefaults() Backoff {
	if b.Base <= 0 {
		b.Base = DefaultBackoff.Base
	}
	if b.Max <= 0 {
		b.Max = DefaultBackoff.Max
	}
	if b.MaxRetryAfter <= 0 {
		b.MaxRetryAfter = DefaultBackoff.MaxRetryAfter
	}
	return b
}

func (b Backoff) wait(attempt int) time.Duration { return backoff.Jittered(b.Base, b.Max, attempt) }

// Options are a client's collaborators.
type Options struct {
	// Cache, when set, answers repeated requests from disk.
	Cache *Cache
	// Limiter bounds calls in flight to the endpoint; share one among the
	// clients of one endpoint (see Limiters). Nil gives the client its own.
	Limiter    *Limiter
	HTTPClient *http.Client
	Backoff    Backoff
	Logger     *slog.Logger
	// Meter, when set, receives the client's metrics (calls, errors,
	// tokens, durations; see metrics.go).
	Meter metric.MeterProvider
	// Tracer receives a span per call (span.go); nil takes the provider of
	// the caller's span.
	Tracer trace.TracerProvider
}

// Limiters hands out one Limiter per endpoint base URL, so every role and
// job that talks to the same server shares its adaptive bound.
type Limiters struct {
	mu sync.Mutex
	m  map[string]*Limiter
}

// For returns the limiter of baseURL, creating it with max and the
// default floor.
func (ls *Limiters) For(baseURL string, max int) *Limiter {
	return ls.ForEndpoint(Endpoint{BaseURL: baseURL, MaxConcurrency: max})
}

// ForEndpoint returns the limiter of e's base URL, creating it with e's
// max_concurrency and min_concurrency (the first endpoint to ask sets them).
func (ls *Limiters) ForEndpoint(e Endpoint) *Limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[string]*Limiter{}
	}
	l, ok := ls.m[e.BaseURL]
	if !ok {
		l = NewLimiterFloor(e.MaxConcurrency, e.MinConcurrency)
		ls.m[e.BaseURL] = l
	}
	return l
}

// All returns every endpoint's limiter, by base URL.
func (ls *Limiters) All() map[string]*Limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	out := make(map[string]*Limiter, len(ls.m))
	for k, l := range ls.m {
		out[k] = l
	}
	return out
}

// Client calls one OpenAI-compatible endpoint. It is safe for concurrent use.
type Client struct {
	ep      Endpoint
	url     string
	key     string
	opts    Options
	limiter *Limiter
	budget  *Budget
	role    Role
	metrics *instruments
	// sets are the attribute sets of its metrics (nil without a meter).
	sets *attrSets
	// host is the endpoint's host name (server.address).
	host string
	// where names the endpoint in metrics (server.address, server.port).
	where []attribute.KeyValue
	// noSchema is set once the server refused a json_schema request that
	// it then answered as json_object.
	noSchema *atomic.Bool
}

// New returns a client of an "openai" endpoint. It reads the API key once,
// here, and keeps it out of every log and error.
func New(e Endpoint, opts Options) (*Client, error) {
	e = e.WithDefaults()
	if e.Provider != ProviderOpenAI {
		return nil, fmt.Errorf("llm: provider %q has no HTTP client (want %q)", e.Provider, ProviderOpenAI)
	}
	if p := e.Problems(); len(p) > 0 {
		return nil, fmt.Errorf("llm: endpoint %s: %s", p[0][0], p[0][1])
	}
	key, err := e.APIKey()
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Backoff = opts.Backoff.withDefaults()
	l := opts.Limiter
	if l == nil {
		l = NewLimiterFloor(e.MaxConcurrency, e.MinConcurrency)
	}
	if opts.HTTPClient == nil {
		// The endpoint's connections, shared by every client of its
		// limiter: a client is made per rollout and role, and one pool
		// each would dial a connection per call.
		opts.HTTPClient = l.httpClient()
	}
	c := &Client{ep: e, url: strings.TrimRight(e.BaseURL, "/") + "/chat/completions", key: key, opts: opts, limiter: l, metrics: instrumentsFor(opts.Meter), noSchema: new(atomic.Bool)}
	c.where = c.endpointAttrs()
	c.host = c.where[0].Value.AsString()
	c.metrics.watch(l, c.where)
	c.sets = c.metrics.setsFor(c)
	return c, nil
}

// WithBudget returns a client that shares c's endpoint, limiter and cache
// and charges its calls to b (one per job).
func (c *Client) WithBudget(b *Budget) *Client {
	cc := *c
	cc.budget = b
	return &cc
}

// Endpoint returns the endpoint the client calls.
func (c *Client) Endpoint() Endpoint { return c.ep }

// Limiter returns the client's limiter.
func (c *Client) Limiter() *Limiter { return c.limiter }

// Budget returns the budget calls are charged to, or nil.
func (c *Client) Budget() *Budget { return c.budget }

// Complete sends a chat-completions request, from the cache when it has the
// answer. Fields the request leaves zero take the endpoint's configuration.
// The reply is normalised (see Normalize): <think> blocks and tool calls
// written as text move to their fields. A reply cut off by the token limit
// is asked again once, with another seed and the endpoint's
// LengthRetryMaxTokens; cut off again, it comes back with ErrTruncated.
func (c *Client) Complete(ctx context.Context, req ChatRequest) (resp *ChatResponse, err error) {
	start := time.Now()
	if req.Model == "" {
		req.Model = c.ep.Model
	}
	defer func() { c.record(ctx, start, resp, err) }()
	if req.Temperature == nil {
		req.Temperature = c.ep.Temperature
	}
	if req.TopP == nil {
		req.TopP = c.ep.TopP
	}
	if req.MaxTokens == 0 {
		req.MaxTokens = c.ep.MaxTokens
	}
	ctx, span := c.startSpan(ctx, req)
	defer func() { endSpan(span, resp, err) }()
	if len(req.Tools) > 0 && req.ParallelToolCalls == nil && !c.ep.Parallel() {
		no := false
		req.ParallelToolCalls = &no
	}
	req.Stream = false
	schema := req.ResponseFormat != nil && req.ResponseFormat.Type == StructuredJSONSchema
	if schema && (c.ep.StructuredOutput == StructuredJSONObject || c.noSchema.Load()) {
		req.ResponseFormat = &ResponseFormat{Type: StructuredJSONObject}
		schema = false
	}
	var spent Totals
	for round := 0; ; round++ {
		resp, err = c.completeOnce(ctx, req)
		var se *StatusError
		if schema && errors.As(err, &se) && (se.Status == http.StatusBadRequest || se.Status == http.StatusUnprocessableEntity) {
			// The server does not take json_schema: ask with json_object, and
			// keep doing so once that works.
			retry := req
			retry.ResponseFormat = &ResponseFormat{Type: StructuredJSONObject}
			if resp, err = c.completeOnce(ctx, retry); err == nil {
				c.noSchema.Store(true)
				req, schema = retry, false
			}
		}
		if err != nil {
			if spent != (Totals{}) {
				return &ChatResponse{Spent: spent}, err
			}
			return nil, err
		}
		spent = spent.Add(resp.one())
		resp.Spent = spent
		ch := &resp.Choices[0]
		ch.Message = Normalize(ch.Message, req.Tools)
		if ch.FinishReason != "length" {
			return resp, nil
		}
		if round == 1 {
			return resp, fmt.Errorf("%w: twice, at max_tokens %d", ErrTruncated, req.MaxTokens)
		}
		c.opts.Logger.Debug("llm reply cut off by the token limit, asking again", "endpoint", c.ep, "max_tokens", req.MaxTokens)
		req.Seed = VarySeed(req.Seed, 1)
		if c.ep.LengthRetryMaxTokens > req.MaxTokens {
			req.MaxTokens = c.ep.LengthRetryMaxTokens
		}
	}
}

// one is the accounting of this one completion.
func (r *ChatResponse) one() Totals {
	if r.Cached {
		return Totals{CachedCalls: 1}
	}
	return Totals{PromptTokens: r.Usage.PromptTokens, CompletionTokens: r.Usage.CompletionTokens, Calls: 1}
}

// completeOnce answers one request from the cache or the server, retrying
// transient failures; a malformed reply (or a tool call without a name) is
// asked again with another seed, since a seeded server would repeat it.
func (c *Client) completeOnce(ctx context.Context, req ChatRequest) (*ChatResponse, error) {
	body, err := encodeRequest(&req)
	if err != nil {
		return nil, fmt.Errorf("llm: encode request: %w", err)
	}
	var key string
	if c.opts.Cache != nil {
		key = c.opts.Cache.Key(c.ep.BaseURL, body)
		if raw, ok, err := c.opts.Cache.Get(key); err != nil {
			c.opts.Logger.Warn("llm cache read failed", "err", err)
		} else if ok {
			if resp, err := decodeResponse(raw); err == nil {
				resp.Cached = true
				c.budget.Charge(c.role, c.ep.Price, resp.Usage, true)
				return resp, nil
			}
			// A corrupt entry is replaced by a fresh answer below.
		}
	}
	var lastErr error
	bad := 0
	send := body
	for attempt := 0; ; attempt++ {
		if err := c.budget.Check(); err != nil {
			return nil, err
		}
		resp, raw, retryAfter, err := c.attempt(ctx, send)
		if err == nil {
			resp.Attempts = attempt + 1
			if c.opts.Cache != nil {
				if err := c.opts.Cache.Put(key, raw); err != nil {
					c.opts.Logger.Warn("llm cache write failed", "err", err)
				}
			}
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !retryable(err) {
			return nil, err
		}
		lastErr = err
		if attempt >= c.ep.MaxRetries {
			if errors.Is(err, ErrBadResponse) {
				return nil, fmt.Errorf("%w (after %d attempts)", err, attempt+1)
			}
			return nil, fmt.Errorf("%w: %s: after %d attempts: %v", ErrUnavailable, c.ep.BaseURL, attempt+1, lastErr)
		}
		if errors.Is(err, ErrBadResponse) && req.Seed != nil {
			bad++
			again := req
			again.Seed = VarySeed(req.Seed, bad+1)
			if send, err = encodeRequest(&again); err != nil {
				return nil, fmt.Errorf("llm: encode request: %w", err)
			}
		}
		wait := c.opts.Backoff.wait(attempt)
		if retryAfter > 0 {
			wait = retryAfter + rand.N(retryAfter/10+1)
		}
		c.opts.Logger.Debug("llm call failed, retrying", "endpoint", c.ep, "attempt", attempt+1, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		c.recordWait(ctx, waitRetry, wait)
	}
}

// attempt makes one HTTP request under a slot of the limiter.
func (c *Client) attempt(ctx context.Context, body []byte) (resp *ChatResponse, raw []byte, retryAfter time.Duration, err error) {
	permit, err := c.limiter.Acquire(ctx)
	c.recordWait(ctx, waitQuota, permit.QuotaWaited)
	c.recordWait(ctx, waitLimit, permit.Waited-permit.QuotaWaited)
	if err != nil {
		return nil, nil, 0, err
	}
	// Checked again with the slot held: calls that queued for a slot while
	// the budget was being spent must not all go out.
	if err := c.budget.Check(); err != nil {
		permit.Release(Ignored)
		return nil, nil, 0, err
	}
	outcome := Success
	answer := ""
	defer func() {
		permit.Release(outcome)
		c.recordAttempt(ctx, answer)
	}()

	actx, cancel := context.WithTimeout(ctx, c.ep.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, 0, fmt.Errorf("llm: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	if c.key != "" {
		hreq.Header.Set("Authorization", "Bearer "+c.key)
	}
	hresp, err := c.opts.HTTPClient.Do(hreq)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			outcome, answer = Ignored, "canceled"
		case actx.Err() != nil:
			// The endpoint did not answer in time: a sign of saturation.
			outcome, answer = Overload, "timeout"
			err = fmt.Errorf("llm: attempt timed out after %s: %w", c.ep.Timeout, errTransient)
		default:
			outcome, answer = Ignored, "transport"
			err = fmt.Errorf("llm: %s: %w: %w", c.ep.BaseURL, errTransient, scrub(err))
		}
		return nil, nil, 0, err
	}
	defer hresp.Body.Close()
	answer = strconv.Itoa(hresp.StatusCode)
	if rl := ParseRateLimit(hresp.Header, time.Now()); rl.Known() {
		c.limiter.Quota(rl, time.Now())
	}
	raw, err = readBody(hresp, 32<<20)
	if err != nil {
		if ctx.Err() != nil {
			outcome = Ignored
		}
		return nil, nil, 0, fmt.Errorf("llm: read response: %w: %w", errTransient, err)
	}
	if hresp.StatusCode/100 != 2 {
		se := &StatusError{Status: hresp.StatusCode, Body: clip(string(raw), 512)}
		// Retry-After holds back this request's retry (completeOnce), not
		// the other calls: see Limiter.
		se.RetryAfter = min(parseRetryAfter(hresp.Header.Get("Retry-After"), time.Now()), c.opts.Backoff.MaxRetryAfter)
		if se.overload() {
			outcome = Overload
		}
		return nil, nil, se.RetryAfter, se
	}
	resp, err = decodeResponse(raw)
	if err != nil {
		return nil, nil, 0, err
	}
	c.limiter.Tokens(resp.Usage.PromptTokens + resp.Usage.CompletionTokens)
	// Charged with the slot still held: a call queued for the slot checks
	// the budget after it, so one call past the budget is the most that
	// goes out.
	c.budget.Charge(c.role, c.ep.Price, resp.Usage, false)
	return resp, raw, 0, nil
}

// readBody reads at most limit bytes of a reply into one buffer of the
// announced length (io.ReadAll grows its buffer from 512 bytes, copying the
// reply over and over).
func readBody(hresp *http.Response, limit int64) ([]byte, error) {
	n := hresp.ContentLength
	if n < 0 || n > limit {
		return io.ReadAll(io.LimitReader(hresp.Body, limit))
	}
	// One byte more than announced, so that the read that meets the end
	// needs no room of its own.
	buf := make([]byte, 0, n+1)
	r := io.LimitReader(hresp.Body, limit)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // longer than announced
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// errTransient marks failures worth retrying that are not HTTP answers.
var errTransient = errors.New("transient")

func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.overload() || se.Status == http.StatusRequestTimeout
	}
	return errors.Is(err, errTransient) || errors.Is(err, ErrBadResponse)
}

func decodeResponse(raw []byte) (*ChatResponse, error) {
	var resp ChatResponse
	if err := unmarshalResponse(raw, &resp); err != nil {
		return nil, fmt.Errorf("%w: not a JSON chat completion: %v", ErrBadResponse, err)
	}
	if len(resp.Choices) == 0 {
		return nil, fmt.Errorf("%w: no choices", ErrBadResponse)
	}
	for _, tc := range resp.Choices[0].Message.ToolCalls {
		if tc.Function.Name == "" {
			return nil, fmt.Errorf("%w: tool call %q without a function name", ErrBadResponse, tc.ID)
		}
	}
	return &resp, nil
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// scrub drops the URL's query from transport errors (some providers take
// keys as query parameters).
func scrub(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Completer is what callers of a model depend on: *Client, or a stand-in.
type Completer interface {
	Complete(ctx context.Context, req ChatRequest) (*ChatResponse, error)
}

var _ Completer = (*Client)(nil)
