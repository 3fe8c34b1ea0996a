package server

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/gateway/internal/engine"
	"github.com/tdscaling/tdscaling/platform/apierr"
)

// kindCodes is the status code of each kind of the engine's refusals.
var kindCodes = map[error]codes.Code{
	engine.ErrNotFound:    codes.NotFound,
	engine.ErrExists:      codes.AlreadyExists,
	engine.ErrConflict:    codes.FailedPrecondition,
	engine.ErrDenied:      codes.PermissionDenied,
	engine.ErrTooLarge:    codes.ResourceExhausted,
	engine.ErrUnavailable: codes.Unavailable,
	engine.ErrUnreachable: codes.InvalidArgument,
}

// status maps an error of the engine to the status the caller gets.
func (s *Server) status(ctx context.Context, err error) error {
	return Status(ctx, s.log, err)
}

// Status maps an error of the engine to the status the caller gets, in one
// place for the gRPC service and the dashboard: bad input is InvalidArgument
// with its field violations, an *engine.Error the code of its kind with its
// reason, status errors (of the services the engine calls) pass through, an
// ended context is Canceled or DeadlineExceeded, and anything else is a
// generic Internal whose cause goes to the log only (it may name paths,
// addresses or other internals of the gateway).
func Status(ctx context.Context, log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	if vs, ok := apierr.AsInvalid(err); ok {
		return apierr.InvalidArgument(vs...)
	}
	var refusal *engine.Error
	if errors.As(err, &refusal) {
		if code, ok := kindCodes[refusal.Kind]; ok {
			return apierr.New(code, refusal.Reason, "%s", refusal.Msg)
		}
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return status.FromContextError(err).Err()
	}
	log.ErrorContext(ctx, "job service call failed", "err", err)
	return apierr.Internal()
}
