package llm

import (
	"fmt"
	"sync"

	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
)

// Totals is the token accounting of a job (or of one request).
type Totals struct {
	PromptTokens     int64
	CompletionTokens int64
	// Calls counts calls answered by a server (charged).
	Calls int64
	// CachedCalls counts calls answered from the cache (not charged).
	CachedCalls int64
}

// Tokens is prompt plus completion tokens.
func (t Totals) Tokens() int64 { return t.PromptTokens + t.CompletionTokens }

// Add returns t + o.
func (t Totals) Add(o Totals) Totals {
	return Totals{t.PromptTokens + o.PromptTokens, t.CompletionTokens + o.CompletionTokens, t.Calls + o.Calls, t.CachedCalls + o.CachedCalls}
}

// Proto converts to the contract's Usage.
func (t Totals) Proto() *llmv1.Usage {
	return &llmv1.Usage{PromptTokens: t.PromptTokens, CompletionTokens: t.CompletionTokens, LlmCalls: t.Calls, CachedCalls: t.CachedCalls}
}

// Budget accounts a job's LLM usage and stops it when spent. A call checks
// the budget before it is sent and is charged when it returns, so once the
// budget is spent no new call starts, calls already in flight finish and are
// charged (the overshoot is at most those calls), and every caller gets
// ErrBudgetExhausted to wind down on. Cached answers are counted, not charged.
// A zero limit means no limit; the zero Budget only accounts.
type Budget struct {
	// MaxTokens bounds prompt plus completion tokens; MaxCalls bounds charged calls.
	MaxTokens int64
	MaxCalls  int64

	mu     sync.Mutex
	totals Totals
}

// NewBudget returns a budget with the given limits (0 = unlimited).
func NewBudget(maxTokens, maxCalls int64) *Budget {
	return &Budget{MaxTokens: maxTokens, MaxCalls: maxCalls}
}

// Check returns ErrBudgetExhausted once the budget is spent.
func (b *Budget) Check() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.MaxTokens > 0 && b.totals.Tokens() >= b.MaxTokens {
		return fmt.Errorf("%w: %d of %d tokens used", ErrBudgetExhausted, b.totals.Tokens(), b.MaxTokens)
	}
	if b.MaxCalls > 0 && b.totals.Calls >= b.MaxCalls {
		return fmt.Errorf("%w: %d of %d calls made", ErrBudgetExhausted, b.totals.Calls, b.MaxCalls)
	}
	return nil
}

// Charge records one call's usage.
func (b *Budget) Charge(u Usage, cached bool) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if cached {
		b.totals.CachedCalls++
		return
	}
	b.totals.Calls++
	b.totals.PromptTokens += u.PromptTokens
	b.totals.CompletionTokens += u.CompletionTokens
}

// Totals returns what has been used so far.
func (b *Budget) Totals() Totals {
	if b == nil {
		return Totals{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.totals
}
