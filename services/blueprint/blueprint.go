// Package blueprint is the blueprint service: validated plans of trajectories, drafted from a cluster and a target before any dialogue is written.
// It is hosted by its own binary (cmd/blueprint) and by the all-in-one `tds up`.
package blueprint

import (
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7102"

// New returns the service with its defaults. Its RPCs answer Unimplemented
// until the service's logic lands.
func New() app.Service {
	return &app.GRPCService{
		ServiceName:   "blueprint",
		DefaultListen: DefaultListen,
		Register: func(srv *grpcserver.Server) {
			blueprintv1.RegisterBlueprintServiceServer(srv.GRPC(), blueprintv1.UnimplementedBlueprintServiceServer{})
		},
	}
}
