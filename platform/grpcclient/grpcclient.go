// Package grpcclient dials TDScaling services with the same telemetry as the
// servers, so a call's span continues the caller's trace.
package grpcclient

import (
	"context"
	"fmt"
	"net"
	"strings"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"

	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// Config is how to reach a service.
type Config struct {
	// Token is sent as "authorization: Bearer <token>" when set.
	Token     string
	Telemetry telemetry.Providers
}

// CheckTarget says whether target is what Dial takes from a flag: host:port,
// or several host:port (the replicas of one service) separated by commas.
func CheckTarget(target string) error {
	for _, a := range strings.Split(target, ",") {
		if _, _, err := net.SplitHostPort(strings.TrimSpace(a)); err != nil {
			return err
		}
	}
	return nil
}

// Dial returns a client connection to target (host:port or any gRPC target;
// several host:port separated by commas are replicas of one service, called
// round robin).
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
	if addrs := strings.Split(target, ","); len(addrs) > 1 {
		// Replicas of one service on known addresses (deploy/local/run
		// --cluster): calls go round robin to those that are up, and a
		// replica that dies is left out until it answers again.
		r := manual.NewBuilderWithScheme("tds-replicas")
		var state resolver.State
		for _, a := range addrs {
			state.Addresses = append(state.Addresses, resolver.Address{Addr: strings.TrimSpace(a)})
		}
		r.InitialState(state)
		opts = append(opts, grpc.WithResolvers(r), grpc.WithDefaultServiceConfig(`{"loadBalancingConfig": [{"round_robin": {}}]}`))
		target = r.Scheme() + ":///replicas"
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
