package grpcserver

import (
	"context"
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// RuleChecker is implemented by a service whose handlers check the
// contract's rules themselves (apierr.Check), together with checks of their
// own, so that a caller learns every violation of a request in one answer.
// The server then leaves that service's requests to it.
type RuleChecker interface {
	ChecksContractRules()
}

// validateInterceptors check every request message against the
// protovalidate rules of its contract before the handler sees it, so that
// a handler keeps only the checks rules cannot say. A broken rule is
// InvalidArgument naming the field. Messages of bidirectional streams are
// left to their handler: such a stream answers a bad message in the stream
// and goes on. So are the requests of a RuleChecker.
func validateInterceptors(log *slog.Logger) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	check := func(ctx context.Context, method string, m any) error {
		msg, ok := m.(proto.Message)
		if !ok {
			return nil
		}
		vs, err := apierr.Check(msg)
		if err != nil {
			log.ErrorContext(ctx, "request validation rules failed", "method", method, "err", err)
			return apierr.Internal()
		}
		if len(vs) > 0 {
			return apierr.InvalidArgument(vs...)
		}
		return nil
	}
	unary := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if _, self := info.Server.(RuleChecker); self {
			return handler(ctx, req)
		}
		if err := check(ctx, info.FullMethod, req); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
	stream := func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if _, self := srv.(RuleChecker); self || (info.IsClientStream && info.IsServerStream) {
			return handler(srv, ss)
		}
		return handler(srv, &validatingStream{ServerStream: ss, method: info.FullMethod, check: check})
	}
	return unary, stream
}

// validatingStream checks each message as it is received.
type validatingStream struct {
	grpc.ServerStream
	method string
	check  func(context.Context, string, any) error
}

func (s *validatingStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return s.check(s.Context(), s.method, m)
}
