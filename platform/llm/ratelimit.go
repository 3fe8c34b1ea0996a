package llm

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is what a provider's rate-limit headers say about the key's
// quota (OpenAI, Groq, Together, vLLM behind a gateway, ...):
// x-ratelimit-remaining-requests / -tokens and x-ratelimit-reset-requests /
// -tokens. A count of -1 is unknown.
type RateLimit struct {
	Requests, Tokens           int64
	RequestsReset, TokensReset time.Duration
}

// Known reports whether the headers said anything.
func (r RateLimit) Known() bool { return r.Requests >= 0 || r.Tokens >= 0 }

// ParseRateLimit reads the rate-limit headers of an answer.
func ParseRateLimit(h http.Header, now time.Time) RateLimit {
	return RateLimit{
		Requests:      headerCount(h.Get("X-Ratelimit-Remaining-Requests")),
		Tokens:        headerCount(h.Get("X-Ratelimit-Remaining-Tokens")),
		RequestsReset: headerReset(h.Get("X-Ratelimit-Reset-Requests"), now),
		TokensReset:   headerReset(h.Get("X-Ratelimit-Reset-Tokens"), now),
	}
}

func headerCount(v string) int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 0 {
		return -1
	}
	return int64(n)
}

// headerReset reads a reset time as providers write it: a Go-style
// duration ("1s", "6m0s", "17ms", "2m59.56s"), seconds ("0.5", "60"), or a
// Unix time in seconds.
func headerReset(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if d, err := time.ParseDuration(v); err == nil {
		return max(d, 0)
	}
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || s <= 0 {
		return 0
	}
	if s > 1e9 {
		return max(time.Unix(0, int64(s*1e9)).Sub(now), 0)
	}
	return time.Duration(s * float64(time.Second))
}
