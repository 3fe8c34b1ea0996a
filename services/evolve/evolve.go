// Package evolve is the evolve service: diversity measurement as data arrives, and the targets of the next tasks.
// It is hosted by its own binary (cmd/evolve) and by the all-in-one `tds up`.
package evolve

import (
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7104"

// New returns the service with its defaults. Its RPCs answer Unimplemented
// until the service's logic lands.
func New() app.Service {
	return &app.GRPCService{
		ServiceName:   "evolve",
		DefaultListen: DefaultListen,
		Register: func(srv *grpcserver.Server) {
			evolvev1.RegisterEvolveServiceServer(srv.GRPC(), evolvev1.UnimplementedEvolveServiceServer{})
		},
	}
}
