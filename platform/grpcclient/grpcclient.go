// Package grpcclient dials TDScaling services with the same telemetry as the
// servers, so a call's span continues the caller's trace.
package grpcclient

import (
	"context"
	"fmt"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// Config is how to reach a service.
type Config struct {
	// Token is sent as "authorization: Bearer <token>" when set.
	Token     string
	Telemetry telemetry.Providers
}

// Dial returns a client connection to target (host:port or any gRPC target).
// Transport security is left to the network (loopback, a service mesh): the
// services speak plaintext gRPC, as inside a pod.
func Dial(target string, cfg Config, extra ...grpc.DialOption) (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler(cfg.Telemetry.GRPC()...)),
	}
	if cfg.Token != "" {
		opts = append(opts, grpc.WithPerRPCCredentials(bearer(cfg.Token)))
	}
	conn, err := grpc.NewClient(target, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", target, err)
	}
	return conn, nil
}

// bearer sends a static bearer token with every call.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

// RequireTransportSecurity is false: see Dial.
func (bearer) RequireTransportSecurity() bool { return false }
