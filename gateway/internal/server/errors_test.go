package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/engine"
	"github.com/tdscaling/tdscaling/platform/apierr"
)

// An error that is not a status reaches the caller as a bare Internal: its
// text (a path on the gateway's host here) goes to the log, not the client.
func TestStatusHidesInternalErrors(t *testing.T) {
	var logged bytes.Buffer
	s := New(nil, slog.New(slog.NewTextHandler(&logged, nil)))
	ctx := context.Background()

	secret := fmt.Errorf("export: %w", errors.New("open /var/lib/tds/jobs/job-1/trajectories.jsonl: input/output error"))
	got := s.status(ctx, secret)
	st, _ := status.FromError(got)
	if st.Code() != codes.Internal || apierr.Reason(got) != errorsv1.ErrorReason_ERROR_REASON_INTERNAL {
		t.Fatalf("status %v (reason %v), want Internal with reason INTERNAL", got, apierr.Reason(got))
	}
	if strings.Contains(st.Message(), "/var/lib") || strings.Contains(st.Message(), "input/output") {
		t.Errorf("the caller sees the internal cause: %q", st.Message())
	}
	if !strings.Contains(logged.String(), "/var/lib/tds/jobs/job-1/trajectories.jsonl") {
		t.Errorf("the cause is not in the log:\n%s", logged.String())
	}

	cases := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"invalid", fmt.Errorf("create: %w", apierr.Invalid(apierr.Violation{Field: "spec.corpus", Description: "required"})), codes.InvalidArgument, "invalid request: spec.corpus: required"},
		{"not found", &engine.Error{Kind: engine.ErrNotFound, Reason: errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND, Msg: `no job "j"`}, codes.NotFound, `no job "j"`},
		{"exists", &engine.Error{Kind: engine.ErrExists, Msg: "holds a dataset"}, codes.AlreadyExists, "holds a dataset"},
		{"conflict", &engine.Error{Kind: engine.ErrConflict, Msg: "job j already succeeded"}, codes.FailedPrecondition, "job j already succeeded"},
		{"denied", &engine.Error{Kind: engine.ErrDenied, Msg: "does not write there"}, codes.PermissionDenied, "does not write there"},
		{"too large", &engine.Error{Kind: engine.ErrTooLarge, Msg: "larger than"}, codes.ResourceExhausted, "larger than"},
		{"unavailable", &engine.Error{Kind: engine.ErrUnavailable, Msg: "the cluster service is unavailable"}, codes.Unavailable, "the cluster service is unavailable"},
		{"unreachable", &engine.Error{Kind: engine.ErrUnreachable, Msg: "cannot reach"}, codes.InvalidArgument, "cannot reach"},
		{"status passes through", apierr.New(codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND, "no job %q", "j"), codes.NotFound, `no job "j"`},
		{"canceled", fmt.Errorf("watch: %w", context.Canceled), codes.Canceled, ""},
		{"deadline", context.DeadlineExceeded, codes.DeadlineExceeded, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := status.Convert(s.status(ctx, c.err))
			if got.Code() != c.code || !strings.Contains(got.Message(), c.msg) {
				t.Fatalf("got %v %q, want %v %q", got.Code(), got.Message(), c.code, c.msg)
			}
		})
	}
	nf := &engine.Error{Kind: engine.ErrNotFound, Reason: errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND, Msg: "no job"}
	if r := apierr.Reason(s.status(ctx, nf)); r != errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND {
		t.Errorf("reason of a missing job = %v", r)
	}
	if vs := apierr.Violations(s.status(ctx, apierr.Invalid(apierr.Violation{Field: "format", Description: "choose"}))); len(vs) != 1 || vs[0].Field != "format" {
		t.Errorf("violations = %+v", vs)
	}
	if s.status(ctx, nil) != nil {
		t.Fatal("status(nil) is an error")
	}
}
