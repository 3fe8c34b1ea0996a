// Package apierr builds gRPC errors that machines can act on: a status code, an
// ErrorReason in google.rpc.ErrorInfo and, for bad input, the fields at fault.
package apierr

import (
	"fmt"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// Domain is the ErrorInfo domain of every TDScaling error.
const Domain = "tdscaling.io"

// New returns a status error with the given code, reason and message.
func New(code codes.Code, reason errorsv1.ErrorReason, format string, args ...any) error {
	st := status.New(code, fmt.Sprintf(format, args...))
	return withDetails(st, &errdetails.ErrorInfo{Reason: reason.String(), Domain: Domain})
}

// Violation names a request field and what is wrong with it.
type Violation struct {
	Field       string
	Description string
}

// InvalidArgument returns an InvalidArgument error whose BadRequest detail lists
// the violations, and whose message names them for humans.
func InvalidArgument(violations ...Violation) error {
	br := &errdetails.BadRequest{}
	for _, v := range violations {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
			Field: v.Field, Description: v.Description,
		})
	}
	st := status.New(codes.InvalidArgument, (&InvalidError{Violations: violations}).Error())
	return withDetails(st,
		&errdetails.ErrorInfo{Reason: errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT.String(), Domain: Domain},
		br)
}

// Internal returns a generic Internal error; the cause stays in the server's logs.
func Internal() error {
	return New(codes.Internal, errorsv1.ErrorReason_ERROR_REASON_INTERNAL, "internal error")
}

// Reason returns the ErrorReason carried by err, or ERROR_REASON_UNSPECIFIED.
func Reason(err error) errorsv1.ErrorReason {
	st, ok := status.FromError(err)
	if !ok {
		return errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetDomain() == Domain {
			return errorsv1.ErrorReason(errorsv1.ErrorReason_value[info.GetReason()])
		}
	}
	return errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED
}

// Violations returns the field violations carried by err.
func Violations(err error) []Violation {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var out []Violation
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				out = append(out, Violation{Field: fv.GetField(), Description: fv.GetDescription()})
			}
		}
	}
	return out
}

func withDetails(st *status.Status, details ...protoadapt.MessageV1) error {
	withD, err := st.WithDetails(details...)
	if err != nil {
		// Only an unmarshalable detail fails here, and ours are static; keep the bare status.
		return st.Err()
	}
	return withD.Err()
}
