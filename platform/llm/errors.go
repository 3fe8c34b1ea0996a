package llm

import (
	"errors"
	"fmt"
	"time"
)

var (
	// ErrBudgetExhausted is returned, without a call being made, once the
	// job's budget is spent.
	ErrBudgetExhausted = errors.New("llm: budget exhausted")
	// ErrBadResponse wraps a response that is not a usable chat completion
	// (malformed JSON, no choices).
	ErrBadResponse = errors.New("llm: bad response")
	// ErrUnavailable wraps the last error once retries are spent on a
	// transient failure (overload, 5xx, network, timeout).
	ErrUnavailable = errors.New("llm: endpoint unavailable")
	// ErrTruncated wraps a reply the token limit cut off (finish_reason
	// "length") even on its retry: it is never used as a complete answer.
	ErrTruncated = errors.New("llm: reply cut off by the token limit")
)

// StatusError is a non-2xx HTTP answer. Body is cut to 512 bytes and never
// contains the request (so no key or prompt leaks through it).
type StatusError struct {
	Status     int
	Body       string
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("llm: HTTP %d: %s", e.Status, e.Body)
}

// overload reports whether the status says the endpoint is saturated: the
// limiter backs off on these.
func (e *StatusError) overload() bool {
	return e.Status == 429 || e.Status >= 500
}
