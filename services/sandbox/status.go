package sandbox

import (
	"context"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/executor"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/server"
)

// Status is the gRPC status the service answers for an error of
// exec.Execute, so a run in process (Open) reports what a remote call would.
func Status(ctx context.Context, exec *executor.Executor, err error) error {
	return server.Status(ctx, exec.Logger(), err)
}
