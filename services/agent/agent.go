// Package agent is the agent service: multi-agent rollout of blueprints into verified trajectories.
// It is hosted by its own binary (cmd/agent) and by the all-in-one `tds up`.
package agent

import (
	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7103"

// New returns the service with its defaults. Its RPCs answer Unimplemented
// until the service's logic lands.
func New() app.Service {
	return &app.GRPCService{
		ServiceName:   "agent",
		DefaultListen: DefaultListen,
		Register: func(srv *grpcserver.Server) {
			agentv1.RegisterAgentServiceServer(srv.GRPC(), agentv1.UnimplementedAgentServiceServer{})
		},
	}
}
