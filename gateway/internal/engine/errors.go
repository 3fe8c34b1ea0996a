package engine

import (
	"errors"
	"fmt"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
)

// The kinds of refusal the engine returns, wrapped by an *Error; the
// gateway's gRPC edge (internal/server/errors.go) picks the status code by
// the kind. Bad input is an *apierr.InvalidError naming the fields at fault.
// Errors of the services the engine calls arrive as their gRPC statuses and
// are passed on as they are, or as ErrUnavailable when the service is down.
var (
	// ErrNotFound: no such job, corpus or dataset file for this owner.
	ErrNotFound = errors.New("not found")
	// ErrExists: the output directory already holds a dataset.
	ErrExists = errors.New("already exists")
	// ErrConflict: the state of a job, a directory or a corpus does not
	// allow the call now (another job's directory, a finished job, no clusters).
	ErrConflict = errors.New("conflicts with the current state")
	// ErrDenied: a path this gateway does not read or write.
	ErrDenied = errors.New("permission denied")
	// ErrTooLarge: an upload beyond the gateway's limit.
	ErrTooLarge = errors.New("too large")
	// ErrUnavailable: a service the call needs is down, or a dataset is
	// being written elsewhere; the call may succeed later.
	ErrUnavailable = errors.New("unavailable")
	// ErrUnreachable: the spec names a model endpoint that does not answer.
	ErrUnreachable = errors.New("endpoint unreachable")
)

// Error is a refusal: its kind (one of the Err values, for errors.Is), the
// ErrorReason a client's code acts on, and the message for people.
type Error struct {
	Kind   error
	Reason errorsv1.ErrorReason
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Kind }

// refuse returns an *Error of kind with reason and a formatted message.
func refuse(kind error, reason errorsv1.ErrorReason, format string, a ...any) error {
	return &Error{Kind: kind, Reason: reason, Msg: fmt.Sprintf(format, a...)}
}
