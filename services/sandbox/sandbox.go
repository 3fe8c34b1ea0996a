// Package sandbox is the sandbox service: isolated execution of untrusted code.
// It is hosted by its own binary (cmd/sandbox) and by the all-in-one `tds up`.
package sandbox

import (
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7105"

// New returns the service with its defaults. Its RPCs answer Unimplemented
// until the service's logic lands.
func New() app.Service {
	return &app.GRPCService{
		ServiceName:   "sandbox",
		DefaultListen: DefaultListen,
		Register: func(srv *grpcserver.Server) {
			sandboxv1.RegisterSandboxServiceServer(srv.GRPC(), sandboxv1.UnimplementedSandboxServiceServer{})
		},
	}
}
