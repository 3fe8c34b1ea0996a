package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/cluster/internal/importer"
)

// Domain errors the handlers return; toStatus maps them, in one place.
type (
	invalidError  struct{ field, problem string }
	notFoundError struct {
		reason errorsv1.ErrorReason
		what   string
	}
	noClustersError struct{ corpusID string }
)

func (e *invalidError) Error() string  { return e.field + ": " + e.problem }
func (e *notFoundError) Error() string { return e.what + " not found" }
func (e *noClustersError) Error() string {
	return fmt.Sprintf("corpus %q has no clustering yet: call BuildClusters first", e.corpusID)
}

func invalid(field, format string, args ...any) error {
	return &invalidError{field, fmt.Sprintf(format, args...)}
}

func corpusNotFound(id string) error {
	return &notFoundError{errorsv1.ErrorReason_ERROR_REASON_CORPUS_NOT_FOUND, fmt.Sprintf("corpus %q", id)}
}

// permissionDenied is answered with the status directly: there is nothing to map.
func permissionDenied(format string, args ...any) error {
	return apierr.New(codes.PermissionDenied, errorsv1.ErrorReason_ERROR_REASON_PERMISSION_DENIED, format, args...)
}

func clusterNotFound(what string) error {
	return &notFoundError{errorsv1.ErrorReason_ERROR_REASON_CLUSTER_NOT_FOUND, what}
}

// toStatus turns a domain error into a gRPC status; unexpected errors are
// logged and answered with a generic Internal.
func toStatus(ctx context.Context, log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	var inv *invalidError
	var nf *notFoundError
	var nc *noClustersError
	var ie *importer.Error
	switch {
	case errors.As(err, &inv):
		return apierr.InvalidArgument(apierr.Violation{Field: inv.field, Description: inv.problem})
	case errors.As(err, &nf):
		return apierr.New(codes.NotFound, nf.reason, "%s", nf.Error())
	case errors.As(err, &nc):
		return apierr.New(codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_NO_CLUSTERS, "%s", nc.Error())
	case errors.As(err, &ie):
		// A document we cannot read: InvalidArgument naming the place, with
		// the specific reason for machines.
		st := status.New(codes.InvalidArgument, "corpus document: "+ie.Error())
		if d, derr := st.WithDetails(
			&errdetails.ErrorInfo{Reason: errorsv1.ErrorReason_ERROR_REASON_CORPUS_PARSE.String(), Domain: apierr.Domain},
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "chunk", Description: ie.Error()}}},
		); derr == nil {
			st = d
		}
		return st.Err()
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "canceled")
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "deadline exceeded")
	}
	log.ErrorContext(ctx, "cluster service: unexpected error", "err", err)
	return apierr.Internal()
}
