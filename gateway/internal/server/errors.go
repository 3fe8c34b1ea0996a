package server

import (
	"context"
	"errors"

	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// status maps an error of the engine to the status the caller gets: status
// errors pass through, an ended context is Canceled or DeadlineExceeded, and
// anything else is a generic Internal whose cause goes to the log only (it
// may name paths, addresses or other internals of the gateway).
func (s *Server) status(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return status.FromContextError(err).Err()
	}
	s.log.ErrorContext(ctx, "job service call failed", "err", err)
	return apierr.Internal()
}
