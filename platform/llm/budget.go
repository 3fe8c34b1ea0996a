package llm

import (
	"context"
	"fmt"
	"maps"
	"slices"
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

// Price is what an endpoint charges per million tokens.
type Price struct {
	InputPerMillion  float64
	OutputPerMillion float64
}

// Cost is what t costs at p.
func (p Price) Cost(t Totals) float64 {
	return (float64(t.PromptTokens)*p.InputPerMillion + float64(t.CompletionTokens)*p.OutputPerMillion) / 1e6
}

// Spend is usage per role with its cost: what the contract's Usage holds.
type Spend struct {
	ByRole map[Role]RoleSpend
}

// RoleSpend is one role's usage and cost.
type RoleSpend struct {
	Totals
	Cost float64
}

// Total sums the roles.
func (s Spend) Total() RoleSpend {
	var out RoleSpend
	for _, r := range s.ByRole {
		out.Totals = out.Totals.Add(r.Totals)
		out.Cost += r.Cost
	}
	return out
}

// Add returns s + o.
func (s Spend) Add(o Spend) Spend {
	out := Spend{ByRole: maps.Clone(s.ByRole)}
	if out.ByRole == nil {
		out.ByRole = map[Role]RoleSpend{}
	}
	for role, r := range o.ByRole {
		cur := out.ByRole[role]
		out.ByRole[role] = RoleSpend{Totals: cur.Totals.Add(r.Totals), Cost: cur.Cost + r.Cost}
	}
	return out
}

// Proto converts to the contract's Usage: the sums, and every role's own.
func (s Spend) Proto() *llmv1.Usage {
	t := s.Total()
	u := t.Totals.Proto()
	u.Cost = t.Cost
	for _, role := range slices.Sorted(maps.Keys(s.ByRole)) {
		r := s.ByRole[role]
		ru := r.Totals.Proto()
		ru.Cost = r.Cost
		if u.ByRole == nil {
			u.ByRole = map[string]*llmv1.Usage{}
		}
		u.ByRole[string(role)] = ru
	}
	return u
}

// SpendFromProto reads the contract's Usage. Usage without roles (from a
// service that does not account by role) is kept under the role "".
func SpendFromProto(u *llmv1.Usage) Spend {
	out := Spend{ByRole: map[Role]RoleSpend{}}
	if u == nil {
		return out
	}
	if len(u.GetByRole()) == 0 {
		if u.GetLlmCalls()+u.GetCachedCalls()+u.GetPromptTokens()+u.GetCompletionTokens() > 0 || u.GetCost() > 0 {
			out.ByRole[""] = RoleSpend{Totals: totalsOf(u), Cost: u.GetCost()}
		}
		return out
	}
	for role, r := range u.GetByRole() {
		out.ByRole[Role(role)] = RoleSpend{Totals: totalsOf(r), Cost: r.GetCost()}
	}
	return out
}

func totalsOf(u *llmv1.Usage) Totals {
	return Totals{PromptTokens: u.GetPromptTokens(), CompletionTokens: u.GetCompletionTokens(), Calls: u.GetLlmCalls(), CachedCalls: u.GetCachedCalls()}
}

// Budget accounts LLM usage by role and stops the work when spent. A call
// checks the budget before it is sent (after it holds a slot of its
// endpoint's limiter, so calls queued behind a slow server do not all pass
// the check at once) and is charged when it returns: once the budget is
// spent no new call starts, calls already sent finish and are charged (the
// overshoot is at most those calls), and every caller gets
// ErrBudgetExhausted to wind down on. Cached answers are counted, not
// charged. A zero limit means no limit; the zero Budget only accounts.
//
// A budget with a parent charges the parent too and is spent when the
// parent is: a rollout's own accounting under its job's budget.
type Budget struct {
	// MaxTokens bounds prompt plus completion tokens; MaxCalls bounds
	// charged calls; MaxCost bounds the cost at the endpoints' prices.
	MaxTokens int64
	MaxCalls  int64
	MaxCost   float64

	parent *Budget
	mu     sync.Mutex
	spend  Spend
	// floor is spend known from elsewhere (other workers, an earlier
	// process) that counts against the limits but is not this budget's.
	floor RoleSpend
}

// NewBudget returns a budget with the given limits (0 = unlimited).
func NewBudget(maxTokens, maxCalls int64) *Budget {
	return &Budget{MaxTokens: maxTokens, MaxCalls: maxCalls}
}

// Child returns a budget that accounts its own calls and charges b too.
func (b *Budget) Child() *Budget { return &Budget{parent: b} }

// Check returns ErrBudgetExhausted once the budget (or its parent's) is spent.
func (b *Budget) Check() error {
	if b == nil {
		return nil
	}
	if err := b.parent.Check(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.spend.Total()
	tokens := max(t.Tokens(), b.floor.Tokens())
	calls := max(t.Calls, b.floor.Calls)
	cost := max(t.Cost, b.floor.Cost)
	switch {
	case b.MaxTokens > 0 && tokens >= b.MaxTokens:
		return fmt.Errorf("%w: %d of %d tokens used", ErrBudgetExhausted, tokens, b.MaxTokens)
	case b.MaxCalls > 0 && calls >= b.MaxCalls:
		return fmt.Errorf("%w: %d of %d calls made", ErrBudgetExhausted, calls, b.MaxCalls)
	case b.MaxCost > 0 && cost >= b.MaxCost:
		return fmt.Errorf("%w: cost %.4f of %.4f spent", ErrBudgetExhausted, cost, b.MaxCost)
	}
	return nil
}

// Charge records one call of role at price.
func (b *Budget) Charge(role Role, price Price, u Usage, cached bool) {
	if b == nil {
		return
	}
	b.parent.Charge(role, price, u, cached)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spend.ByRole == nil {
		b.spend.ByRole = map[Role]RoleSpend{}
	}
	r := b.spend.ByRole[role]
	if cached {
		r.CachedCalls++
	} else {
		t := Totals{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens, Calls: 1}
		r.Totals = r.Totals.Add(t)
		r.Cost += price.Cost(t)
	}
	b.spend.ByRole[role] = r
}

// Floor raises what counts against the limits to at least s (spend reported
// from elsewhere: the job's total as evolve last saw it). It never lowers
// it and is not part of Spend.
func (b *Budget) Floor(s RoleSpend) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.floor.PromptTokens = max(b.floor.PromptTokens, s.PromptTokens)
	b.floor.CompletionTokens = max(b.floor.CompletionTokens, s.CompletionTokens)
	b.floor.Calls = max(b.floor.Calls, s.Calls)
	b.floor.Cost = max(b.floor.Cost, s.Cost)
}

// Totals returns what has been used so far, over all roles.
func (b *Budget) Totals() Totals {
	if b == nil {
		return Totals{}
	}
	return b.Spend().Total().Totals
}

// Spend returns what has been used so far, by role.
func (b *Budget) Spend() Spend {
	if b == nil {
		return Spend{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return Spend{ByRole: maps.Clone(b.spend.ByRole)}
}

// Add charges spend accounted elsewhere (another service's calls for the
// same work, e.g. the planner's) to b and its parents.
func (b *Budget) Add(s Spend) {
	if b == nil {
		return
	}
	b.parent.Add(s)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.spend = b.spend.Add(s)
}

type budgetKey struct{}

// ContextWithBudget returns ctx carrying the budget the work done under it
// is charged to (a job's, in a worker).
func ContextWithBudget(ctx context.Context, b *Budget) context.Context {
	return context.WithValue(ctx, budgetKey{}, b)
}

// BudgetFrom returns the budget ctx carries, or nil.
func BudgetFrom(ctx context.Context) *Budget {
	b, _ := ctx.Value(budgetKey{}).(*Budget)
	return b
}
