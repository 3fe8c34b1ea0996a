// Package grpcserver bootstraps every TDScaling gRPC server the same way:
// OpenTelemetry stats handler, slog logging with trace ids, bearer-token auth
// that skips health checks, per-method request size limits, the contract's
// protovalidate rules on every request, panic recovery innermost,
// grpc.health.v1, reflection, and graceful stop with a timed hard stop.
package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// DefaultShutdownTimeout bounds a graceful stop before in-flight calls are cut.
const DefaultShutdownTimeout = 10 * time.Second

// Config is what a server needs besides its services.
type Config struct {
	// Tokens are the accepted bearer tokens; empty disables authentication.
	Tokens []string
	// ShutdownTimeout bounds the graceful stop; zero means DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	Logger          *slog.Logger
	Telemetry       telemetry.Providers
	// MaxRecvMsgSize in bytes; zero keeps gRPC's default (4 MiB). gRPC
	// refuses a larger message with ResourceExhausted before decoding it.
	MaxRecvMsgSize int
	// MethodLimits bound the request messages of some methods (full names,
	// "/pkg.Service/Method") below MaxRecvMsgSize: a larger one is answered
	// ResourceExhausted stating the limit.
	MethodLimits map[string]int
}

// Server is a gRPC server with health and reflection registered.
type Server struct {
	grpc    *grpc.Server
	health  *health.Server
	log     *slog.Logger
	timeout time.Duration
}

// New builds a server. Register services on GRPC() before calling Serve.
func New(cfg Config, extra ...grpc.ServerOption) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	logU, logS := loggingInterceptors(log)
	recU, recS := recoveryInterceptors(log)
	unary := []grpc.UnaryServerInterceptor{logU}
	stream := []grpc.StreamServerInterceptor{logS}
	var tapOpts []grpc.ServerOption
	if len(cfg.Tokens) > 0 {
		tokens := NewTokens(cfg.Tokens)
		authU, authS := authInterceptors(tokens)
		unary = append(unary, authU)
		stream = append(stream, authS)
		tapOpts = append(tapOpts, grpc.InTapHandle(authTap(tokens)))
	}
	if len(cfg.MethodLimits) > 0 {
		limU, limS := limitInterceptors(cfg.MethodLimits)
		unary = append(unary, limU)
		stream = append(stream, limS)
	}
	valU, valS := validateInterceptors(log)
	unary = append(unary, valU, recU)
	stream = append(stream, valS, recS)

	opts := append([]grpc.ServerOption{
		grpc.StatsHandler(otelgrpc.NewServerHandler(cfg.Telemetry.GRPC()...)),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(stream...),
	}, tapOpts...)
	if cfg.MaxRecvMsgSize > 0 {
		opts = append(opts, grpc.MaxRecvMsgSize(cfg.MaxRecvMsgSize))
	}
	s := &Server{
		grpc:    grpc.NewServer(append(opts, extra...)...),
		health:  health.NewServer(),
		log:     log,
		timeout: cfg.ShutdownTimeout,
	}
	if s.timeout <= 0 {
		s.timeout = DefaultShutdownTimeout
	}
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	return s
}

// GRPC returns the underlying server, to register services on.
func (s *Server) GRPC() *grpc.Server { return s.grpc }

// Health returns the health server, to report a service NOT_SERVING.
func (s *Server) Health() *health.Server { return s.health }

// Serve marks every registered service SERVING, serves lis until ctx is done,
// then stops gracefully: health turns NOT_SERVING, new calls are refused,
// in-flight calls get the shutdown timeout before they are cut.
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	for name := range s.grpc.GetServiceInfo() {
		s.health.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)

	errc := make(chan error, 1)
	go func() { errc <- s.grpc.Serve(lis) }()
	select {
	case err := <-errc:
		return fmt.Errorf("grpc serve %s: %w", lis.Addr(), err)
	case <-ctx.Done():
	}
	s.health.Shutdown()
	stopped := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(stopped)
	}()
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case <-stopped:
	case <-timer.C:
		s.log.Warn("graceful stop timed out; cutting in-flight calls", "timeout", s.timeout)
		s.grpc.Stop()
		<-stopped
	}
	if err := <-errc; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return fmt.Errorf("grpc serve %s: %w", lis.Addr(), err)
	}
	return nil
}

// Listen opens a TCP listener; an address without a host binds loopback, so
// nothing is exposed beyond the machine unless asked for.
func Listen(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	lis, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return lis, nil
}
