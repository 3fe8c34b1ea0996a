// Package server is the gRPC face of the blueprint service: thin handlers
// over the planners and the validator, with domain errors mapped to status
// in one place (errors.go).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/llmplanner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/planner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// ClusterSource fetches clusters by id (the cluster service's GetCluster).
type ClusterSource interface {
	GetCluster(ctx context.Context, id string) (*clusterv1.Cluster, error)
}

// Config wires the server.
type Config struct {
	Clusters ClusterSource
	// DefaultPlanner is used when a request names no planner endpoint.
	DefaultPlanner llm.Endpoint
	// LLM builds a client for an "openai" planner endpoint.
	LLM func(llm.Endpoint) (*llm.Client, error)
	// MaxAttempts bounds the LLM planner's draft-and-repair rounds.
	MaxAttempts int
	// KeyRefs lists the api_key_env / api_key_file values a request may name:
	// a request must not make the server send an arbitrary secret of its
	// environment to a URL of the caller's choosing.
	KeyRefs []string
	Logger  *slog.Logger
}

// Server implements tdscaling.blueprint.v1.BlueprintService.
type Server struct {
	blueprintv1.UnimplementedBlueprintServiceServer
	cfg      Config
	planner  *planner.Planner
	catalogs *catalog.Cache
	drafts   drafts
}

// New returns the server.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Server{cfg: cfg, planner: planner.New(), catalogs: catalog.NewCache(256)}
}

// ChecksContractRules marks the service as checking the contract's rules
// itself (grpcserver.RuleChecker), with its own checks, so that one answer
// lists every violation, and in-process callers (NewLocal) are checked too.
func (s *Server) ChecksContractRules() {}

// DraftBlueprint implements BlueprintService.
func (s *Server) DraftBlueprint(ctx context.Context, r *blueprintv1.DraftBlueprintRequest) (*blueprintv1.DraftBlueprintResponse, error) {
	ep := s.cfg.DefaultPlanner
	if r.GetPlanner() != nil {
		ep = llm.FromProto(r.GetPlanner())
	}
	v, err := s.checkDraft(r, ep)
	if err != nil {
		s.cfg.Logger.ErrorContext(ctx, "request validation rules failed", "err", err)
		return nil, apierr.Internal()
	}
	if len(v) > 0 {
		return nil, apierr.InvalidArgument(v...)
	}
	cluster := r.GetCluster()
	if cluster == nil {
		c, err := s.fetch(ctx, r.GetClusterId())
		if err != nil {
			return nil, err
		}
		cluster = c
	}
	cat := s.catalogs.Get(cluster)
	if len(cat.Tools) == 0 {
		return nil, s.status(ctx, &planner.ImpossibleError{Reason: fmt.Sprintf("cluster %q has no tool with a usable input schema (%v)", cluster.GetId(), cat.Problems)})
	}
	switch ep.WithDefaults().Provider {
	case llm.ProviderSim:
		bp, err := s.planner.DraftCatalog(ctx, cat, r.GetTarget(), r.GetSeed(), r.GetJobId())
		if err != nil {
			return nil, s.status(ctx, err)
		}
		return &blueprintv1.DraftBlueprintResponse{Blueprint: bp, Usage: &llmv1.Usage{}, Attempts: 1}, nil
	default:
		client, err := s.cfg.LLM(ep)
		if err != nil {
			return nil, apierr.InvalidArgument(apierr.Violation{Field: "planner", Description: err.Error()})
		}
		budget := llm.NewBudget(0, 0)
		model := ep.Model
		p := &llmplanner.Planner{LLM: client.WithRole(llm.RolePlanner).WithBudget(budget), Model: model, MaxAttempts: s.cfg.MaxAttempts}
		dctx := ctx
		if r.GetDraftId() != "" {
			var done func()
			dctx, p.Stop, done = s.drafts.begin(ctx, r.GetJobId(), r.GetDraftId())
			defer done()
		}
		res, err := p.Draft(dctx, cat, r.GetTarget(), r.GetSeed(), r.GetJobId())
		if err != nil {
			// The calls of a failed draft were made and paid for all the same.
			if errors.Is(err, llmplanner.ErrStopped) || (dctx.Err() != nil && ctx.Err() == nil) {
				return nil, withUsage(errDraftCancelled(), budget.Spend().Proto())
			}
			return nil, withUsage(s.status(ctx, err), budget.Spend().Proto())
		}
		return &blueprintv1.DraftBlueprintResponse{Blueprint: res.Blueprint, Usage: budget.Spend().Proto(), Attempts: int32(res.Attempts)}, nil
	}
}

// ValidateBlueprint implements BlueprintService.
func (s *Server) ValidateBlueprint(ctx context.Context, r *blueprintv1.ValidateBlueprintRequest) (*blueprintv1.ValidateBlueprintResponse, error) {
	// The contract's rules require the blueprint and the cluster.
	bad, err := apierr.Check(r)
	if err != nil {
		s.cfg.Logger.ErrorContext(ctx, "request validation rules failed", "err", err)
		return nil, apierr.Internal()
	}
	if r.GetCluster() != nil && len(r.GetCluster().GetTools()) == 0 {
		bad = append(bad, apierr.Violation{Field: "cluster.tools", Description: "must not be empty"})
	}
	if len(bad) > 0 {
		return nil, apierr.InvalidArgument(bad...)
	}
	vs := validate.Blueprint(r.GetBlueprint(), s.catalogs.Get(r.GetCluster()))
	resp := &blueprintv1.ValidateBlueprintResponse{Valid: len(vs) == 0}
	for _, v := range vs {
		resp.Violations = append(resp.Violations, v.Proto())
	}
	return resp, nil
}

// checkDraft checks a draft request: the contract's rules (a cluster_ref,
// the target's complexity and primitives), then what they cannot say.
func (s *Server) checkDraft(r *blueprintv1.DraftBlueprintRequest, ep llm.Endpoint) ([]apierr.Violation, error) {
	out, err := apierr.Check(r)
	if err != nil {
		return nil, err
	}
	add := func(field, format string, args ...any) {
		out = append(out, apierr.Violation{Field: field, Description: fmt.Sprintf(format, args...)})
	}
	switch ref := r.GetClusterRef().(type) {
	case *blueprintv1.DraftBlueprintRequest_ClusterId:
		if ref.ClusterId == "" {
			add("cluster_id", "must not be empty")
		}
	case *blueprintv1.DraftBlueprintRequest_Cluster:
		if len(ref.Cluster.GetTools()) == 0 {
			add("cluster.tools", "must not be empty: a plan needs tools")
		}
	}
	if r.GetPlanner() != nil {
		for _, p := range ep.Problems() {
			add("planner."+p[0], "%s", p[1])
		}
		if k := ep.APIKeyEnv; k != "" && !slices.Contains(s.cfg.KeyRefs, k) {
			add("planner.api_key_env", "this server does not allow requests to use %q; allowed: %v (set by its llm.key_refs option)", k, s.cfg.KeyRefs)
		}
		if k := ep.APIKeyFile; k != "" && !slices.Contains(s.cfg.KeyRefs, k) {
			add("planner.api_key_file", "this server does not allow requests to use that key file (see its llm.key_refs option)")
		}
	}
	return out, nil
}
