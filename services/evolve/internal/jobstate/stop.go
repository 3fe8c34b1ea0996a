package jobstate

import (
	"fmt"
	"maps"
	"slices"
	"time"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
)

// Breaker defaults (tdscaling.job.v1.Breaker).
const (
	DefaultBreakerWindow  = 100
	DefaultBreakerRate    = 0.9
	DefaultBreakerStreak  = 25
	maxTopRejections      = 5
	breakerAcceptedMarker = ""
)

// breaker watches the recent attempts: the share that failed over a
// sliding window, and the run of identical failures at the end. Near
// duplicates are verified rollouts the corpus cannot vary enough, not
// failures, so they do not count toward it; dead letters do.
type breaker struct {
	off    bool
	window int
	rate   float64
	min    int
	streak int
	// recent holds the failure reason of the last window attempts ("" for
	// a success), oldest first; failed counts the non-empty ones.
	recent []string
	failed int
	// run is the number of consecutive failures with reason last.
	run  int
	last string
}

func newBreaker(b *jobv1.Breaker) breaker {
	out := breaker{off: b.GetDisabled(), window: int(b.GetWindow()), rate: b.GetMaxRejectionRate(), min: int(b.GetMinAttempts()), streak: int(b.GetSameFailureStreak())}
	if out.window <= 0 {
		out.window = DefaultBreakerWindow
	}
	if out.rate <= 0 {
		out.rate = DefaultBreakerRate
	}
	if out.min <= 0 {
		out.min = out.window
	}
	if out.streak <= 0 {
		out.streak = DefaultBreakerStreak
	}
	return out
}

// failureOf is the breaker's name for an outcome: "" for a verified
// rollout, else its first rejection reason.
func failureOf(d evolvev1.Decision, reasons []string) string {
	switch d {
	case evolvev1.Decision_DECISION_ACCEPTED, evolvev1.Decision_DECISION_REJECTED_DUPLICATE:
		return breakerAcceptedMarker
	}
	if len(reasons) > 0 {
		return reasons[0]
	}
	return "unverified"
}

func (b *breaker) observe(failure string) {
	if failure == "budget" {
		// A rollout cut short by a spent budget says nothing of the model;
		// the budget stops the job on its own.
		return
	}
	b.recent = append(b.recent, failure)
	if failure != "" {
		b.failed++
	}
	if len(b.recent) > b.window {
		if b.recent[0] != "" {
			b.failed--
		}
		b.recent = b.recent[1:]
	}
	switch {
	case failure == "":
		b.run, b.last = 0, ""
	case failure == b.last:
		b.run++
	default:
		b.run, b.last = 1, failure
	}
}

// tripped says whether and why the breaker stops the job after attempts.
func (b *breaker) tripped(attempts int64) (evolvev1.StopKind, string) {
	if b.off {
		return evolvev1.StopKind_STOP_KIND_UNSPECIFIED, ""
	}
	if b.run >= b.streak {
		return evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE, fmt.Sprintf("the last %d attempts all failed the same way (%s)", b.run, b.last)
	}
	n := len(b.recent)
	if attempts >= int64(b.min) && n > 0 && float64(b.failed) > b.rate*float64(n) {
		return evolvev1.StopKind_STOP_KIND_BREAKER_REJECTION_RATE, fmt.Sprintf("%d of the last %d attempts failed (more than %.0f%%)", b.failed, n, 100*b.rate)
	}
	return evolvev1.StopKind_STOP_KIND_UNSPECIFIED, ""
}

// stopAt stops the job: reason is the short reason (Stopped), text the
// line for people.
func (j *Job) stopAt(at time.Time, reason string, kind evolvev1.StopKind, text string) {
	if text == "" {
		text = reason
	}
	j.stopped, j.stoppedAt = reason, at
	j.stop = &evolvev1.Stop{Kind: kind, Reason: text}
}

// stopKindOf maps the reason of a "stop" log entry to its kind.
func stopKindOf(reason string) evolvev1.StopKind {
	switch reason {
	case ReasonCancelled:
		return evolvev1.StopKind_STOP_KIND_CANCELLED
	case ReasonWallTime:
		return evolvev1.StopKind_STOP_KIND_MAX_WALL_TIME
	}
	return evolvev1.StopKind_STOP_KIND_UNSPECIFIED
}

// StopInfo is why the job stopped (nil while it runs): the reason, the most
// frequent rejections with an example, and what to do next.
func (j *Job) StopInfo() *evolvev1.Stop {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.stopProto()
}

// StoppedAt is when the job stopped (zero while it runs).
func (j *Job) StoppedAt() time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.stoppedAt
}

func (j *Job) stopProto() *evolvev1.Stop {
	if j.stop == nil {
		return nil
	}
	out := &evolvev1.Stop{Kind: j.stop.GetKind(), Reason: j.stop.GetReason()}
	top := j.rejections()
	out.TopRejections = top[:min(len(top), maxTopRejections)]
	for _, c := range out.TopRejections {
		if ex := j.examples[c.GetKey()]; ex != "" {
			out.Example = c.GetKey() + ": " + ex
			break
		}
	}
	out.Resume = resumeHint(out.GetKind(), j.div.Accepted())
	return out
}

// resumeHint says what a user can do after a stop of kind.
func resumeHint(kind evolvev1.StopKind, accepted int64) string {
	kept := fmt.Sprintf("The %d records accepted so far are in the dataset (marked partial).", accepted)
	switch kind {
	case evolvev1.StopKind_STOP_KIND_TARGET:
		return ""
	case evolvev1.StopKind_STOP_KIND_MAX_LLM_TOKENS:
		return kept + " To continue it, run the same tds synth command with a larger --max-tokens (or ResumeJob with a larger budget.max_llm_tokens): what it spent counts."
	case evolvev1.StopKind_STOP_KIND_MAX_COST:
		return kept + " To continue it, run the same tds synth command with a larger --max-cost (or ResumeJob with a larger budget.max_cost): what it spent counts."
	case evolvev1.StopKind_STOP_KIND_MAX_ATTEMPTS:
		return kept + " See the rejections above and rejected.jsonl; to continue it, run the same tds synth command with a larger --max-attempts, or without it (ResumeJob, budget.max_attempts)."
	case evolvev1.StopKind_STOP_KIND_MAX_WALL_TIME:
		return kept + " To continue it, run the same tds synth command again (ResumeJob): --max-wall-time counts from then."
	case evolvev1.StopKind_STOP_KIND_MAX_RECORDS:
		return kept + " budget.max_records capped the job below its target."
	case evolvev1.StopKind_STOP_KIND_BREAKER_REJECTION_RATE, evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE:
		return kept + " The model endpoints answer in a way the rollouts cannot use: read the example and rejected.jsonl, fix the endpoint or its settings (services/agent/README.md, \"Model mode\"), then run the same tds synth command again (ResumeJob): the job continues with a fresh breaker window. " +
			"--breaker-rate, --breaker-window and --no-breaker (budget.breaker) tune the breaker."
	case evolvev1.StopKind_STOP_KIND_CANCELLED:
		return kept + " To continue it, run the same tds synth command again (ResumeJob)."
	}
	return kept
}

// roleUsage is one role's usage in the log.
type roleUsage struct {
	Prompt     int64   `json:"p,omitempty"`
	Completion int64   `json:"c,omitempty"`
	Calls      int64   `json:"n,omitempty"`
	Cached     int64   `json:"k,omitempty"`
	Cost       float64 `json:"$,omitempty"`
}

func usageJSON(u *llmv1.Usage) map[string]roleUsage {
	s := llm.SpendFromProto(u)
	if len(s.ByRole) == 0 {
		return nil
	}
	out := make(map[string]roleUsage, len(s.ByRole))
	for role, r := range s.ByRole {
		out[string(role)] = roleUsage{Prompt: r.PromptTokens, Completion: r.CompletionTokens, Calls: r.Calls, Cached: r.CachedCalls, Cost: r.Cost}
	}
	return out
}

// spend is the entry's usage; entries written before usage was by role
// hold only their token total, kept as prompt tokens of no role.
func (e entry) spend() llm.Spend {
	out := llm.Spend{ByRole: map[llm.Role]llm.RoleSpend{}}
	if e.Usage == nil {
		if e.Tokens > 0 {
			out.ByRole[""] = llm.RoleSpend{Totals: llm.Totals{PromptTokens: e.Tokens}}
		}
		return out
	}
	for _, role := range slices.Sorted(maps.Keys(e.Usage)) {
		r := e.Usage[role]
		out.ByRole[llm.Role(role)] = llm.RoleSpend{Totals: llm.Totals{PromptTokens: r.Prompt, CompletionTokens: r.Completion, Calls: r.Calls, CachedCalls: r.Cached}, Cost: r.Cost}
	}
	return out
}

func (j *Job) usageProto() *llmv1.Usage { return j.spend.Proto() }

// Spend is every model call of the job so far, by role.
func (j *Job) Spend() *llmv1.Usage {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.usageProto()
}

// InFlight is the number of tasks issued and not yet observed.
func (j *Job) InFlight() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.inFlight)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// rejections are the rejections by reason, largest first.
func (j *Job) rejections() []*evolvev1.Count {
	rej := map[string]int{}
	for k, v := range j.rejects {
		rej[k] = int(v)
	}
	return counts(rej)
}
