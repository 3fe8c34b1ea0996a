package server

import (
	"context"
	"errors"
	"fmt"
	"testing"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/executor"
)

func TestStatusMapsEachExecutorError(t *testing.T) {
	cases := []struct {
		err    error
		code   codes.Code
		reason errorsv1.ErrorReason
		msg    string
	}{
		{apierr.Invalid(apierr.Violation{Field: "code", Description: "empty"}), codes.InvalidArgument,
			errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "invalid request: code: empty"},
		{&executor.NotInstalledError{Language: sandboxv1.Language_LANGUAGE_SQLITE}, codes.FailedPrecondition,
			errorsv1.ErrorReason_ERROR_REASON_RUNTIME_NOT_INSTALLED, "LANGUAGE_SQLITE is not installed on this sandbox host (ListRuntimes says what is)"},
		{fmt.Errorf("wrapped: %w", &executor.QueueFullError{Slots: 2, MaxQueue: 3}), codes.ResourceExhausted,
			errorsv1.ErrorReason_ERROR_REASON_OVERLOADED, "all 2 sandbox slots are busy and 3 requests are queued; retry with backoff"},
		{&executor.QueueTimeoutError{Slots: 2}, codes.DeadlineExceeded,
			errorsv1.ErrorReason_ERROR_REASON_OVERLOADED, "no sandbox slot became free before the call's deadline (2 slots)"},
		{errors.New("/var/lib/sandbox: rules broke"), codes.Internal,
			errorsv1.ErrorReason_ERROR_REASON_INTERNAL, "internal error"},
	}
	for _, c := range cases {
		got := Status(context.Background(), nil, c.err)
		st := status.Convert(got)
		if st.Code() != c.code || apierr.Reason(got) != c.reason || st.Message() != c.msg {
			t.Errorf("Status(%v) = %v %v %q, want %v %v %q", c.err, st.Code(), apierr.Reason(got), st.Message(), c.code, c.reason, c.msg)
		}
	}
	if vs := apierr.Violations(Status(context.Background(), nil, cases[0].err)); len(vs) != 1 || vs[0].Field != "code" {
		t.Errorf("violations = %+v", vs)
	}
}
