package grpcserver

import (
	"context"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// TooLarge is the error of a request above its method's limit: the caller
// learns the limit, and that the request, not the server, must change.
func TooLarge(method string, size, limit int) error {
	return apierr.New(codes.ResourceExhausted, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT,
		"request of %d bytes exceeds the limit of %d bytes for %s", size, limit, method)
}

// limitInterceptors hold each method of limits to its own request size,
// below the server-wide MaxRecvMsgSize that gRPC enforces while reading: a
// call that needs little room gets little. Streams are checked per message.
func limitInterceptors(limits map[string]int) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	unary := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if err := checkSize(limits, info.FullMethod, req); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
	stream := func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if _, ok := limits[info.FullMethod]; !ok {
			return handler(srv, ss)
		}
		return handler(srv, &limitedStream{ServerStream: ss, limits: limits, method: info.FullMethod})
	}
	return unary, stream
}

func checkSize(limits map[string]int, method string, msg any) error {
	limit, ok := limits[method]
	if !ok {
		return nil
	}
	m, ok := msg.(proto.Message)
	if !ok {
		return nil
	}
	if n := proto.Size(m); n > limit {
		return TooLarge(method, n, limit)
	}
	return nil
}

type limitedStream struct {
	grpc.ServerStream
	limits map[string]int
	method string
}

func (s *limitedStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return checkSize(s.limits, s.method, m)
}
