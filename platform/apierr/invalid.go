package apierr

import (
	"errors"
	"strings"
)

// InvalidError is a domain package's refusal of bad input: every field at
// fault and what is wrong with it. Domain packages return it as a plain
// error; a service's gRPC edge answers it with InvalidArgument carrying the
// same violations.
type InvalidError struct {
	Violations []Violation
}

// Invalid returns an *InvalidError listing the violations.
func Invalid(violations ...Violation) error {
	return &InvalidError{Violations: violations}
}

// Error names the violations the way the InvalidArgument status does.
func (e *InvalidError) Error() string {
	parts := make([]string, 0, len(e.Violations))
	for _, v := range e.Violations {
		parts = append(parts, v.Field+": "+v.Description)
	}
	return "invalid request: " + strings.Join(parts, "; ")
}

// AsInvalid returns the violations of an *InvalidError in err's chain, and
// whether there is one.
func AsInvalid(err error) ([]Violation, bool) {
	var inv *InvalidError
	if !errors.As(err, &inv) {
		return nil, false
	}
	return inv.Violations, true
}
