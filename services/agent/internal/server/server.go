// Package server is the agent service's gRPC handler, a thin layer over the
// runner.
package server

import (
	"context"
	"log/slog"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/runner"
)

// Server implements tdscaling.agent.v1.AgentService.
type Server struct {
	agentv1.UnimplementedAgentServiceServer
	r   *runner.Runner
	log *slog.Logger
}

// New returns the handler; log receives the errors it does not map (nil:
// slog.Default).
func New(r *runner.Runner, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{r: r, log: log}
}

// ChecksContractRules marks the service as checking the contract's rules
// itself (grpcserver.RuleChecker): the runner checks them with its own, for
// gRPC and in-process callers alike, so one answer lists every violation.
func (s *Server) ChecksContractRules() {}

// Rollout implements AgentService.Rollout.
func (s *Server) Rollout(ctx context.Context, req *agentv1.RolloutRequest) (*agentv1.RolloutResponse, error) {
	res, err := s.r.Rollout(ctx, req)
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return &agentv1.RolloutResponse{Result: res}, nil
}
