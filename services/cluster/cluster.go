// Package cluster is the cluster service: tool corpora, the dependency graph, business clusters and their max-coverage selection.
// It is hosted by its own binary (cmd/cluster) and by the all-in-one `tds up`.
package cluster

import (
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7101"

// New returns the service with its defaults. Its RPCs answer Unimplemented
// until the service's logic lands.
func New() app.Service {
	return &app.GRPCService{
		ServiceName:   "cluster",
		DefaultListen: DefaultListen,
		Register: func(srv *grpcserver.Server) {
			clusterv1.RegisterClusterServiceServer(srv.GRPC(), clusterv1.UnimplementedClusterServiceServer{})
		},
	}
}
