// Package gateway is the gateway service: the public API: jobs, progress, datasets and auth.
// It is hosted by its own binary (cmd/gateway) and by the all-in-one `tds up`.
package gateway

import (
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7100"

// New returns the service with its defaults. Its RPCs answer Unimplemented
// until the service's logic lands.
func New() app.Service {
	return &app.GRPCService{
		ServiceName:   "gateway",
		DefaultListen: DefaultListen,
		Register: func(srv *grpcserver.Server) {
			jobv1.RegisterJobServiceServer(srv.GRPC(), jobv1.UnimplementedJobServiceServer{})
		},
	}
}
