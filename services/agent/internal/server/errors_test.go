package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/agent/internal/runner"
)

func TestStatusMapsEachRunnerError(t *testing.T) {
	s := New(nil, slog.New(slog.DiscardHandler))
	cases := []struct {
		err    error
		code   codes.Code
		reason errorsv1.ErrorReason
		msg    string
	}{
		{apierr.Invalid(apierr.Violation{Field: "tools", Description: "required"}), codes.InvalidArgument,
			errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "invalid request: tools: required"},
		{fmt.Errorf("%w: %w", runner.ErrStopped, context.DeadlineExceeded), codes.Canceled,
			errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED, "rollout stopped: context deadline exceeded"},
		{errors.New("request validation rules: compile"), codes.Internal,
			errorsv1.ErrorReason_ERROR_REASON_INTERNAL, "internal error"},
	}
	for _, c := range cases {
		got := s.status(context.Background(), c.err)
		st := status.Convert(got)
		if st.Code() != c.code || apierr.Reason(got) != c.reason || st.Message() != c.msg {
			t.Errorf("status(%v) = %v %v %q, want %v %v %q", c.err, st.Code(), apierr.Reason(got), st.Message(), c.code, c.reason, c.msg)
		}
	}
}
