package grpcserver

import (
	"context"
	"log/slog"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
)

// slogAdapter sends middleware log lines to slog, with the call's context:
// a logger built on telemetry.LogHandler adds the trace and span ids.
func slogAdapter(l *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(ctx context.Context, lvl logging.Level, msg string, fields ...any) {
		l.Log(ctx, slog.Level(lvl), msg, fields...)
	})
}

func loggingInterceptors(l *slog.Logger) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	opts := []logging.Option{
		logging.WithLogOnEvents(logging.FinishCall),
		logging.WithLevels(quietSuccess),
	}
	return logging.UnaryServerInterceptor(slogAdapter(l), opts...),
		logging.StreamServerInterceptor(slogAdapter(l), opts...)
}

// quietSuccess logs successful calls at debug level: services such as the
// sandbox take thousands of calls a second.
func quietSuccess(c codes.Code) logging.Level {
	if c == codes.OK {
		return logging.LevelDebug
	}
	return logging.DefaultServerCodeToLevel(c)
}
