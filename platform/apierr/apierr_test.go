package apierr_test

import (
	"strings"
	"testing"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

func TestInvalidArgumentCarriesFieldsAndReason(t *testing.T) {
	err := apierr.InvalidArgument(
		apierr.Violation{Field: "spec.target_records", Description: "must be positive"},
		apierr.Violation{Field: "spec.corpus", Description: "set path or corpus_id"},
	)
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("code = %v", status.Code(err))
	}
	if r := apierr.Reason(err); r != errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT {
		t.Fatalf("reason = %v", r)
	}
	v := apierr.Violations(err)
	if len(v) != 2 || v[0].Field != "spec.target_records" || v[1].Description != "set path or corpus_id" {
		t.Fatalf("violations = %+v", v)
	}
	if msg := status.Convert(err).Message(); !strings.Contains(msg, "spec.target_records: must be positive") {
		t.Fatalf("message %q does not name the field", msg)
	}
}

func TestNewAndReason(t *testing.T) {
	err := apierr.New(codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND, "job %q not found", "j1")
	if status.Code(err) != codes.NotFound || status.Convert(err).Message() != `job "j1" not found` {
		t.Fatalf("got %v", err)
	}
	if r := apierr.Reason(err); r != errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND {
		t.Fatalf("reason = %v", r)
	}
	if r := apierr.Reason(status.Error(codes.NotFound, "plain")); r != errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED {
		t.Fatalf("plain status reason = %v", r)
	}
	if apierr.Violations(err) != nil {
		t.Fatal("violations on a non-InvalidArgument error")
	}
}
