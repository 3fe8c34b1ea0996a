package config

import (
	"errors"
	"fmt"
)

// FieldError is a configuration error about one key. Load returns it for a
// value that does not parse; services return it, through a Validator, from
// their Validate methods.
type FieldError struct {
	Key string
	// Source is where the value came from, as Loaded.Source says, or "".
	Source string
	Reason string
}

// Error reads `config: key "nats.url" from env TDS_NATS_URL: must not be
// empty`, or without the source when it is unknown.
func (e *FieldError) Error() string {
	if e.Source == "" {
		return fmt.Sprintf("config: key %q: %s", e.Key, e.Reason)
	}
	return fmt.Sprintf("config: key %q from %s: %s", e.Key, e.Source, e.Reason)
}

// Validator collects FieldErrors so that a user sees every bad key at once.
// The zero value is ready to use.
type Validator struct {
	// Sources, when set, names where each key's value came from in the
	// errors. Usually the *Loaded that Load returned.
	Sources *Loaded

	prefix string
	errs   *[]error // shared with the Validators made by WithPrefix
}

// Check records a FieldError for key when ok is false.
func (v *Validator) Check(ok bool, key, reasonFormat string, args ...any) {
	if ok {
		return
	}
	key = v.prefix + key
	v.list()
	*v.errs = append(*v.errs, &FieldError{
		Key:    key,
		Source: v.Sources.Source(key),
		Reason: fmt.Sprintf(reasonFormat, args...),
	})
}

// WithPrefix returns a Validator that puts prefix before every key it is
// given and records its errors with v's, so that a component whose flags
// were registered under "prefix" can validate with its own key names.
func (v *Validator) WithPrefix(prefix string) *Validator {
	return &Validator{Sources: v.Sources, prefix: v.prefix + prefix, errs: v.list()}
}

func (v *Validator) list() *[]error {
	if v.errs == nil {
		v.errs = new([]error)
	}
	return v.errs
}

// Err is nil if every check passed, the one *FieldError if one failed, or
// all of them joined with errors.Join. It covers the checks made through
// WithPrefix as well.
func (v *Validator) Err() error {
	if v.errs == nil {
		return nil
	}
	switch errs := *v.errs; len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	default:
		return errors.Join(errs...)
	}
}
