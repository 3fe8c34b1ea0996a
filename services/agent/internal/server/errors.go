package server

import (
	"context"
	"errors"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/agent/internal/runner"
)

// status maps an error of the runner to the status the caller gets. It is
// the one place where that happens. Anything unmapped is a generic Internal
// whose cause goes to the log only.
func (s *Server) status(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if vs, ok := apierr.AsInvalid(err); ok {
		return apierr.InvalidArgument(vs...)
	}
	if errors.Is(err, runner.ErrStopped) {
		return apierr.New(codes.Canceled, errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED, "%s", err.Error())
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	s.log.ErrorContext(ctx, "rollout failed", "err", err)
	return apierr.Internal()
}
