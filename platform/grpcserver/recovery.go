package grpcserver

import (
	"context"
	"log/slog"
	"runtime/debug"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"google.golang.org/grpc"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// recoveryInterceptors turn a handler panic into a generic Internal error.
// The panic value and stack go to the log only: they may hold request data
// or internals the caller must not see.
func recoveryInterceptors(log *slog.Logger) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	h := recovery.WithRecoveryHandlerContext(func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "handler panicked", "panic", p, "stack", string(debug.Stack()))
		return apierr.Internal()
	})
	return recovery.UnaryServerInterceptor(h), recovery.StreamServerInterceptor(h)
}
