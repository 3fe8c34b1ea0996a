package server

import (
	"context"
	"errors"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/llmplanner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/planner"
)

// status maps a domain error to the status the client gets. It is the one
// place where that happens.
func (s *Server) status(ctx context.Context, err error) error {
	var (
		impossible *planner.ImpossibleError
		invalid    *planner.InvalidPlanError
		failed     *llmplanner.FailedError
		httpErr    *llm.StatusError
	)
	switch {
	case errors.As(err, &impossible):
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_TARGET_UNREALISABLE, "%s", impossible.Error())
	case errors.As(err, &invalid):
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_BLUEPRINT_INVALID, "%s", invalid.Error())
	case errors.As(err, &failed):
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_BLUEPRINT_INVALID, "%s", failed.Error())
	case errors.Is(err, llm.ErrBudgetExhausted):
		return apierr.New(codes.ResourceExhausted, errorsv1.ErrorReason_ERROR_REASON_BUDGET_EXHAUSTED, "%s", err.Error())
	case errors.Is(err, llm.ErrBadResponse):
		return apierr.New(codes.Unavailable, errorsv1.ErrorReason_ERROR_REASON_LLM_BAD_RESPONSE, "planner model: %s", err.Error())
	case errors.Is(err, llm.ErrUnavailable):
		return apierr.New(codes.Unavailable, errorsv1.ErrorReason_ERROR_REASON_LLM_UNAVAILABLE, "planner model: %s", err.Error())
	case errors.As(err, &httpErr):
		// 4xx other than 429: the endpoint's configuration (model, key) needs fixing.
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_LLM_UNAVAILABLE, "planner endpoint refused the call: %s", httpErr.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		if ctx.Err() != nil {
			return status.FromContextError(ctx.Err()).Err()
		}
		return status.FromContextError(err).Err()
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	s.cfg.Logger.ErrorContext(ctx, "draft failed", "err", err)
	return apierr.Internal()
}

// fetch gets a cluster from the cluster service.
func (s *Server) fetch(ctx context.Context, id string) (*clusterv1.Cluster, error) {
	if s.cfg.Clusters == nil {
		return nil, apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_DEPENDENCY_UNAVAILABLE, "no cluster service configured: send the cluster inline or set cluster.addr")
	}
	c, err := s.cfg.Clusters.GetCluster(ctx, id)
	if err == nil {
		if c == nil {
			return nil, apierr.New(codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CLUSTER_NOT_FOUND, "cluster %q not found", id)
		}
		return c, nil
	}
	switch status.Code(err) {
	case codes.NotFound:
		return nil, apierr.New(codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CLUSTER_NOT_FOUND, "cluster %q not found", id)
	case codes.Canceled, codes.DeadlineExceeded:
		return nil, err
	}
	return nil, apierr.New(codes.Unavailable, errorsv1.ErrorReason_ERROR_REASON_DEPENDENCY_UNAVAILABLE, "cluster service: GetCluster(%q): %s", id, status.Convert(err).Message())
}

// withUsage attaches the model usage of a failed draft to its status as a
// tdscaling.llm.v1.Usage detail, so the caller can account for it.
func withUsage(err error, u *llmv1.Usage) error {
	st, ok := status.FromError(err)
	if !ok || u.GetLlmCalls()+u.GetCachedCalls() == 0 {
		return err
	}
	withU, derr := st.WithDetails(u)
	if derr != nil {
		return err
	}
	return withU.Err()
}
