package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
)

// budgetFlags are a job's budget and breaker on the command line.
type budgetFlags struct {
	maxTokens     int64
	maxCost       float64
	maxAttempts   int64
	maxWall       time.Duration
	noBreaker     bool
	breakerWindow int
	breakerRate   float64
	breakerStreak int
}

func (b *budgetFlags) register(fs *flag.FlagSet) {
	fs.Int64Var(&b.maxTokens, "max-tokens", 0, "stop the job once its model calls (every role, accepted or rejected rollouts) used this many prompt + completion tokens; 0: no limit")
	fs.Float64Var(&b.maxCost, "max-cost", 0, "stop the job once its model calls cost this much at the roles' prices (<role>.price.input_per_million, .output_per_million); 0: no limit")
	fs.Int64Var(&b.maxAttempts, "max-attempts", 0, "stop after this many rollout attempts, accepted or not; 0: 10 per record + 100")
	fs.DurationVar(&b.maxWall, "max-wall-time", 0, "stop the job after this long (e.g. 30m); 0: no limit")
	fs.BoolVar(&b.noBreaker, "no-breaker", false, "never stop because most rollouts fail")
	fs.IntVar(&b.breakerWindow, "breaker-window", 0, "the breaker's window of recent attempts (0: 100)")
	fs.Float64Var(&b.breakerRate, "breaker-rate", 0, "the breaker stops the job when more than this share of the window failed (0: 0.9)")
	fs.IntVar(&b.breakerStreak, "breaker-streak", 0, "the breaker stops the job when this many attempts in a row failed the same way (0: 25)")
}

func (b *budgetFlags) check() string {
	switch {
	case b.maxTokens < 0 || b.maxCost < 0 || b.maxAttempts < 0 || b.maxWall < 0:
		return "--max-tokens, --max-cost, --max-attempts and --max-wall-time must not be negative (0 means no limit)"
	case b.breakerRate < 0 || b.breakerRate > 1:
		return fmt.Sprintf("--breaker-rate is a share in [0, 1], got %g", b.breakerRate)
	case b.breakerWindow < 0 || b.breakerStreak < 0:
		return "--breaker-window and --breaker-streak must not be negative (0 means the default)"
	}
	return ""
}

// set says whether any flag departs from the defaults.
func (b *budgetFlags) set() bool { return *b != budgetFlags{} }

func (b *budgetFlags) proto() *jobv1.Budget {
	out := &jobv1.Budget{MaxLlmTokens: b.maxTokens, MaxCost: b.maxCost, MaxAttempts: b.maxAttempts}
	if b.maxWall > 0 {
		out.MaxWallTime = durationpb.New(b.maxWall)
	}
	if b.noBreaker || b.breakerWindow != 0 || b.breakerRate != 0 || b.breakerStreak != 0 {
		out.Breaker = &jobv1.Breaker{Disabled: b.noBreaker, Window: int32(b.breakerWindow), MaxRejectionRate: b.breakerRate, SameFailureStreak: int32(b.breakerStreak)}
	}
	return out
}

// usageShort is a job's model usage in a few words, "" when it made no call.
func usageShort(u *llmv1.Usage) string {
	if u.GetLlmCalls()+u.GetCachedCalls() == 0 {
		return ""
	}
	s := fmt.Sprintf("tokens %s in %d calls", compact(u.GetPromptTokens()+u.GetCompletionTokens()), u.GetLlmCalls())
	if u.GetCost() > 0 {
		s += fmt.Sprintf(" cost %.4f", u.GetCost())
	}
	return s
}

// usageByRole is one line per role: calls, tokens, cost.
func usageByRole(u *llmv1.Usage) []string {
	var out []string
	for _, role := range slices.Sorted(maps.Keys(u.GetByRole())) {
		r := u.GetByRole()[role]
		name := role
		if name == "" {
			name = "(unattributed)"
		}
		line := fmt.Sprintf("%s: %d prompt + %d completion tokens in %d calls", name, r.GetPromptTokens(), r.GetCompletionTokens(), r.GetLlmCalls())
		if r.GetCachedCalls() > 0 {
			line += fmt.Sprintf(" (+%d from the cache)", r.GetCachedCalls())
		}
		if r.GetCost() > 0 {
			line += fmt.Sprintf(", cost %.4f", r.GetCost())
		}
		out = append(out, line)
	}
	return out
}

func compact(n int64) string {
	switch {
	case n >= 10_000_000:
		return fmt.Sprintf("%.0fM", float64(n)/1e6)
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	case n >= 1_000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

// printStop says why a job stopped short of its target: the reason, the
// rejections that led there with an example, the spend, and what to do.
func printStop(w io.Writer, job *jobv1.Job) {
	st := job.GetStop()
	fmt.Fprintf(w, "job %s %s: %s\n", job.GetId(), stateWord(job.GetState()), firstNonEmpty(st.GetReason(), job.GetReason()))
	if len(st.GetTopRejections()) > 0 {
		var top []string
		for _, c := range st.GetTopRejections() {
			top = append(top, fmt.Sprintf("%s %d", c.GetKey(), c.GetCount()))
		}
		fmt.Fprintf(w, "  rejections: %s\n", strings.Join(top, ", "))
	}
	if ex := st.GetExample(); ex != "" {
		fmt.Fprintf(w, "  example: %s\n", ex)
	}
	u := job.GetProgress().GetUsage()
	if s := usageShort(u); s != "" {
		fmt.Fprintf(w, "  spent: %s\n", s)
		for _, line := range usageByRole(u) {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	if r := st.GetResume(); r != "" {
		fmt.Fprintf(w, "  next: %s\n", r)
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
