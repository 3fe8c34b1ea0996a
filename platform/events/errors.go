package events

import (
	"errors"
	"time"

	"github.com/tdscaling/tdscaling/platform/backoff"
)

// outcomeError carries a handler's wish for what happens to the message it failed on.
type outcomeError struct {
	err      error
	term     bool          // Permanent: never redeliver
	delay    time.Duration // RetryAfter: explicit redelivery delay
	hasDelay bool
	handoff  bool // Handoff: not this process's message; not a failure
}

func (e *outcomeError) Error() string { return e.err.Error() }
func (e *outcomeError) Unwrap() error { return e.err }

// Retry asks for redelivery after the consumer's backoff. A plain non-nil error returned by a
// Handler means the same; Retry makes the intent explicit. Retry(nil) is nil.
func Retry(err error) error {
	if err == nil {
		return nil
	}
	return &outcomeError{err: err}
}

// RetryAfter asks for redelivery after d instead of the consumer's backoff. RetryAfter(nil, d)
// is nil.
func RetryAfter(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &outcomeError{err: err, delay: max(d, 0), hasDelay: true}
}

// Handoff gives the message back for another process to take after d: it
// belongs to work another replica owns (a job whose lease it holds). It is
// not a failure: the span and the log (at debug) say so, no more.
func Handoff(why error, d time.Duration) error {
	if why == nil {
		return nil
	}
	return &outcomeError{err: why, delay: max(d, 0), hasDelay: true, handoff: true}
}

// Permanent terminates the message: the server will not deliver it again, whatever the
// consumer's MaxDeliver. Use it for messages no retry can fix, such as undecodable payloads.
// Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &outcomeError{err: err, term: true}
}

// IsPermanent reports whether err, or an error it wraps, came from Permanent.
func IsPermanent(err error) bool {
	var oe *outcomeError
	return errors.As(err, &oe) && oe.term
}

// outcomeOf reads the outermost outcome wrapped in err; a plain error is a Retry.
func outcomeOf(err error) outcomeError {
	var oe *outcomeError
	if errors.As(err, &oe) {
		return *oe
	}
	return outcomeError{err: err}
}

// retryDelay returns the delay after attempt number `delivered` (from 1: a
// message's deliveries, a call's tries): min(base*2^(delivered-1), ceiling),
// jittered down by up to half so that messages which failed together do not
// come back together.
func retryDelay(base, ceiling time.Duration, delivered uint64) time.Duration {
	return backoff.Jittered(base, ceiling, int(min(max(delivered, 1)-1, 62)))
}
