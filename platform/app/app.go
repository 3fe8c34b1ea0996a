// Package app hosts a TDScaling service: in its own binary (Main) or beside
// the others in the all-in-one `tds up`. A service declares its flags and runs
// with what the host gives it (Env).
package app

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// Service is one TDScaling service.
type Service interface {
	// Name is the short name: "cluster", "sandbox", "gateway", ...
	Name() string
	// RegisterFlags declares the service's own options.
	RegisterFlags(fs *flag.FlagSet)
	// Validate checks the options into v, so errors name the key at fault
	// and where its value came from.
	Validate(v *config.Validator)
	// Run serves until ctx is done, then stops gracefully.
	Run(ctx context.Context, env Env) error
}

// Env is what the host process gives a service.
type Env struct {
	Logger *slog.Logger
	// Telemetry is the service's own tracer provider (its spans carry its
	// service.name) with the process's meter provider.
	Telemetry telemetry.Providers
	// NATS is the connection to the event bus; nil when none is configured.
	NATS *nats.Conn
	// NATSReplicas is how many copies of each stream, KV and object bucket
	// the service creates: 1 on a single server (tds up), 3 on a cluster.
	// Zero means 1.
	NATSReplicas int
	// Listener, when set, replaces the service's configured listen address
	// (tds up opens the ports itself).
	Listener net.Listener
	// Ready, when set, is called with the gRPC address once the service listens.
	Ready func(addr string)
}

// ServerFlags are the options every gRPC service has.
type ServerFlags struct {
	Listen          string
	Tokens          string
	ShutdownTimeout time.Duration
	// MaxRecvMsgSize is set by services that take large requests; zero keeps gRPC's 4 MiB.
	MaxRecvMsgSize int
	// MethodLimits bound some methods' requests below MaxRecvMsgSize
	// (grpcserver.Config.MethodLimits).
	MethodLimits map[string]int
}

// Register declares grpc.listen, auth.tokens and grpc.shutdown_timeout.
func (f *ServerFlags) Register(fs *flag.FlagSet, defaultListen string) {
	fs.StringVar(&f.Listen, "grpc.listen", defaultListen, "gRPC listen address (host:port; an empty host binds loopback)")
	fs.StringVar(&f.Tokens, "auth.tokens", "", "comma-separated bearer tokens accepted by the API; empty disables auth (health stays open)")
	fs.DurationVar(&f.ShutdownTimeout, "grpc.shutdown_timeout", grpcserver.DefaultShutdownTimeout, "time in-flight calls get on shutdown before they are cut")
}

// Validate checks the server options.
func (f *ServerFlags) Validate(v *config.Validator) {
	_, _, err := net.SplitHostPort(f.Listen)
	v.Check(err == nil, "grpc.listen", "want host:port, got %q", f.Listen)
	v.Check(f.ShutdownTimeout > 0, "grpc.shutdown_timeout", "must be positive, got %s", f.ShutdownTimeout)
}

// TokenList returns the configured tokens.
func (f *ServerFlags) TokenList() []string {
	var out []string
	for _, t := range strings.Split(f.Tokens, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Serve builds the standard server, lets register add the service's
// implementations, and serves until ctx is done.
func (f *ServerFlags) Serve(ctx context.Context, env Env, register func(*grpcserver.Server)) error {
	srv := grpcserver.New(grpcserver.Config{
		Tokens:          f.TokenList(),
		ShutdownTimeout: f.ShutdownTimeout,
		Logger:          env.Logger,
		Telemetry:       env.Telemetry,
		MaxRecvMsgSize:  f.MaxRecvMsgSize,
		MethodLimits:    f.MethodLimits,
	})
	register(srv)
	lis := env.Listener
	if lis == nil {
		var err error
		if lis, err = grpcserver.Listen(f.Listen); err != nil {
			return err
		}
	}
	if env.Ready != nil {
		env.Ready(lis.Addr().String())
	}
	env.Logger.Info("serving gRPC", "addr", lis.Addr().String())
	return srv.Serve(ctx, lis)
}

// GRPCService is a service that is a gRPC server with the standard options
// and nothing else yet: a service whose logic has not landed registers its
// generated Unimplemented server here, and still starts, reports healthy and
// is reflectable.
type GRPCService struct {
	ServiceName   string
	DefaultListen string
	Register      func(*grpcserver.Server)
	server        ServerFlags
}

// Name implements Service.
func (s *GRPCService) Name() string { return s.ServiceName }

// RegisterFlags implements Service.
func (s *GRPCService) RegisterFlags(fs *flag.FlagSet) { s.server.Register(fs, s.DefaultListen) }

// Validate implements Service.
func (s *GRPCService) Validate(v *config.Validator) { s.server.Validate(v) }

// Run implements Service.
func (s *GRPCService) Run(ctx context.Context, env Env) error {
	return s.server.Serve(ctx, env, s.Register)
}

// Peered is a service that calls other services. A host that picks their
// addresses at start (tds up on free ports) tells it where each one listens,
// for every peer whose address the service was not given explicitly.
type Peered interface {
	SetPeer(name, addr, token string)
}
