package server

import (
	"context"
	"errors"
	"log/slog"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/executor"
)

// Status maps an error of the executor to the status the caller gets. It is
// the one place where that happens; the CLI's in-process runs use it too, so
// they say what a remote call would. Anything unmapped is a generic Internal
// whose cause goes to the log only.
func Status(ctx context.Context, log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	var (
		notInstalled *executor.NotInstalledError
		queueFull    *executor.QueueFullError
		queueTimeout *executor.QueueTimeoutError
	)
	if vs, ok := apierr.AsInvalid(err); ok {
		return apierr.InvalidArgument(vs...)
	}
	switch {
	case errors.As(err, &notInstalled):
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_RUNTIME_NOT_INSTALLED, "%s", notInstalled.Error())
	case errors.As(err, &queueFull):
		return apierr.New(codes.ResourceExhausted, errorsv1.ErrorReason_ERROR_REASON_OVERLOADED, "%s", queueFull.Error())
	case errors.As(err, &queueTimeout):
		return apierr.New(codes.DeadlineExceeded, errorsv1.ErrorReason_ERROR_REASON_OVERLOADED, "%s", queueTimeout.Error())
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	log.ErrorContext(ctx, "sandbox: request failed", "err", err)
	return apierr.Internal()
}
