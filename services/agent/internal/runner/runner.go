// Package runner turns a RolloutRequest into a RolloutResult: it checks the
// request, chooses who plays each role (the sim provider or a model behind
// an OpenAI-compatible endpoint, from the request or the service's
// defaults), runs the rollout engine and converts the result. The gRPC
// handler, the worker and in-process callers all go through it. It is safe
// for concurrent use and holds no per-rollout state.
package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	"go.opentelemetry.io/otel/attribute"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/llmroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/simroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// Config configures a Runner.
type Config struct {
	// Defaults are the roles' endpoints when a request names none; a role
	// missing here is sim, and the judge runs only when present.
	Defaults map[llm.Role]llm.Endpoint
	// KeyRefs are the api_key_env / api_key_file values a request's
	// endpoints may name, so a request cannot make the service send an
	// arbitrary secret of its environment to a URL of the caller's choosing.
	KeyRefs []string
	// LLM returns the client of an endpoint (shared cache and limiters).
	LLM func(llm.Endpoint) (*llm.Client, error)
	// Code runs code-tool calls; nil when no sandbox is configured.
	Code world.CodeRunner
	// MaxCorrections bounds off-plan corrections (0: the engine's default).
	MaxCorrections int
	// MaxExtraTurns bounds lookups and confirmations beyond the plan (0:
	// the engine's default; negative: none).
	MaxExtraTurns int
	// ModelPatience bounds how long a role's call waits out an endpoint's
	// outage inside the rollout (llm.Patient; 0: llm.DefaultPatience,
	// negative: not at all) before the rollout is rejected.
	ModelPatience time.Duration
	Version       string
	Logger        *slog.Logger
	// TraceFirst and TraceEvery bound a job's trace: the rollouts of its
	// first TraceFirst tasks and of every TraceEvery-th are traced in full,
	// the others leave no spans (0: DefaultTraceFirst, DefaultTraceEvery;
	// TraceEvery < 0: none after the first).
	TraceFirst int
	TraceEvery int
}

// Runner runs rollouts.
type Runner struct {
	cfg Config
}

// New returns a runner.
func New(cfg Config) *Runner {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	for _, e := range cfg.Defaults {
		if e.APIKeyEnv != "" {
			cfg.KeyRefs = append(cfg.KeyRefs, e.APIKeyEnv)
		}
		if e.APIKeyFile != "" {
			cfg.KeyRefs = append(cfg.KeyRefs, e.APIKeyFile)
		}
	}
	return &Runner{cfg: cfg}
}

// ErrStopped is wrapped, with the context's error, by the error of a
// rollout whose context ended before it did.
var ErrStopped = errors.New("rollout stopped")

// Rollout runs one request. Errors are an *apierr.InvalidError naming the
// fields at fault, or ErrStopped when the context ends first; the service's
// gRPC edge maps them to statuses. A rollout that fails on its own terms
// (off plan, a model or sandbox failure, a failed check) is a result with
// passed false and its rejections.
func (r *Runner) Rollout(ctx context.Context, req *agentv1.RolloutRequest) (*agentv1.RolloutResult, error) {
	if err := r.check(req); err != nil {
		return nil, err
	}
	ctx, span := r.startRollout(ctx, req.GetJobId(), req.GetTaskId(), req.GetSeed())
	defer span.End()
	// The rollout's own accounting, by role, under the job's budget when
	// the caller runs one (the worker): every call of every role is charged
	// to both, whether the rollout passes or not.
	spent := llm.BudgetFrom(ctx).Child()
	roles, err := r.roles(req, spent)
	if err != nil {
		return nil, err
	}
	res, err := rollout.Run(ctx, rollout.Config{Code: r.cfg.Code, MaxCorrections: r.cfg.MaxCorrections, MaxExtraTurns: r.cfg.MaxExtraTurns, Version: r.cfg.Version}, roles, rollout.Request{
		Blueprint: req.GetBlueprint(), Tools: req.GetTools(), JobID: req.GetJobId(), TaskID: req.GetTaskId(),
		Seed: req.GetSeed(), MaxCorrections: int(req.GetMaxCorrections()),
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %w", ErrStopped, ctx.Err())
		}
		return nil, apierr.Invalid(apierr.Violation{Field: "tools", Description: err.Error()})
	}
	out := &agentv1.RolloutResult{
		TaskId: req.GetTaskId(), JobId: req.GetJobId(), Record: res.Record, Passed: res.Passed,
		Rejections: res.Rejections, Usage: spent.Spend().Proto(), Corrections: int32(res.Corrections),
	}
	span.SetAttributes(attribute.Bool("tds.rollout.passed", out.GetPassed()), attribute.Int64("tds.llm.calls", out.GetUsage().GetLlmCalls()),
		attribute.Int64("gen_ai.usage.input_tokens", out.GetUsage().GetPromptTokens()), attribute.Int64("gen_ai.usage.output_tokens", out.GetUsage().GetCompletionTokens()))
	if len(out.GetRejections()) > 0 {
		span.SetAttributes(attribute.String("tds.rollout.reject_reason", out.GetRejections()[0].GetReason().String()))
	}
	return out, nil
}

// check checks a request: the contract's rules (a blueprint, the bound on
// corrections), then what they cannot say. It runs for gRPC callers and
// in-process ones alike.
func (r *Runner) check(req *agentv1.RolloutRequest) error {
	v, err := apierr.Check(req)
	if err != nil {
		return fmt.Errorf("request validation rules: %w", err)
	}
	add := func(field, format string, a ...any) {
		v = append(v, apierr.Violation{Field: field, Description: fmt.Sprintf(format, a...)})
	}
	bp := req.GetBlueprint()
	if bp != nil && len(bp.GetCalls()) == 0 && len(bp.GetIntents()) == 0 {
		add("blueprint.calls", "the blueprint has neither calls nor intents")
	}
	if len(req.GetTools()) == 0 {
		// A plan of only code steps needs no cluster tool; any other needs them.
		for _, c := range bp.GetCalls() {
			if c.GetCode() == "" {
				add("tools", "required: the definitions of the blueprint's tools")
				break
			}
		}
	}
	if roles := req.GetRoles(); roles != nil {
		for role, e := range llm.RolesFromProto(roles) {
			field := "roles." + string(role)
			for _, p := range e.Problems() {
				add(field+"."+p[0], "%s", p[1])
			}
			if k := e.APIKeyEnv; k != "" && !slices.Contains(r.cfg.KeyRefs, k) {
				add(field+".api_key_env", "this service does not allow requests to use %q (allowed by its llm.key_refs option: %v)", k, r.cfg.KeyRefs)
			}
			if k := e.APIKeyFile; k != "" && !slices.Contains(r.cfg.KeyRefs, k) {
				add(field+".api_key_file", "this service does not allow requests to use that key file (see its llm.key_refs option)")
			}
		}
	}
	if len(v) > 0 {
		return apierr.Invalid(v...)
	}
	return nil
}

// roles picks each role's player: the request's endpoints when it names
// any, else the service's defaults.
func (r *Runner) roles(req *agentv1.RolloutRequest, spent *llm.Budget) (rollout.Roles, error) {
	eps := r.cfg.Defaults
	if req.GetRoles() != nil {
		eps = llm.RolesFromProto(req.GetRoles())
	}
	ep := func(role llm.Role) llm.Endpoint { return eps[role].WithDefaults() }
	out := rollout.Roles{Models: map[string]string{}}
	client := func(role llm.Role) (llm.Completer, error) {
		c, err := r.cfg.LLM(ep(role))
		if err != nil {
			return nil, apierr.Invalid(apierr.Violation{Field: "roles." + string(role), Description: err.Error()})
		}
		out.Models[string(role)] = ep(role).Model
		return llm.Patient{C: c.WithRole(role).WithBudget(spent), Patience: r.cfg.ModelPatience}, nil
	}
	sim := func(role llm.Role) bool {
		out.Models[string(role)] = llm.ProviderSim
		return ep(role).Provider == llm.ProviderSim
	}
	if sim(llm.RoleUserSimulator) {
		out.User = simroles.User{}
	} else if c, err := client(llm.RoleUserSimulator); err != nil {
		return out, err
	} else {
		out.User = llmroles.User{LLM: c}
	}
	if sim(llm.RoleAssistant) {
		out.Assistant = simroles.Assistant{}
	} else if c, err := client(llm.RoleAssistant); err != nil {
		return out, err
	} else {
		out.Assistant = llmroles.Assistant{LLM: c}
	}
	if sim(llm.RoleToolSimulator) {
		out.Tools = world.SimGenerator{}
	} else if c, err := client(llm.RoleToolSimulator); err != nil {
		return out, err
	} else {
		out.Tools = llmroles.ToolSimulator{LLM: c}
	}
	if _, ok := eps[llm.RoleJudge]; ok {
		if sim(llm.RoleJudge) {
			out.Judge = simroles.Judge{}
		} else if c, err := client(llm.RoleJudge); err != nil {
			return out, err
		} else {
			out.Judge = llmroles.Judge{LLM: c}
		}
	}
	return out, nil
}
