package executor

import (
	"fmt"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
)

// Errors for requests that were not run. Bad input is an *apierr.InvalidError
// naming the fields at fault; the service's gRPC edge maps each to its status.
type (
	// NotInstalledError: the request's language has no runtime on this host.
	NotInstalledError struct{ Language sandboxv1.Language }
	// QueueFullError: every slot is busy and the wait queue is full.
	QueueFullError struct{ Slots, MaxQueue int }
	// QueueTimeoutError: the caller's context ended before a slot became free.
	QueueTimeoutError struct{ Slots int }
)

func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("%s is not installed on this sandbox host (ListRuntimes says what is)", e.Language)
}

func (e *QueueFullError) Error() string {
	return fmt.Sprintf("all %d sandbox slots are busy and %d requests are queued; retry with backoff", e.Slots, e.MaxQueue)
}

func (e *QueueTimeoutError) Error() string {
	return fmt.Sprintf("no sandbox slot became free before the call's deadline (%d slots)", e.Slots)
}
