package server

import (
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// Bounds of the identifiers and labels a caller sends. Job ids are keys of
// the job store and parts of NATS subjects, where spaces, '*', '>' and '.'
// mean something; labels are stored with the job and shown by tools.
const (
	maxIDLength        = 128
	maxRequestIDLength = 256
	maxLabels          = 64
	maxLabelKeyLength  = 63
	maxLabelValueBytes = 256
)

// checkID refuses a job id that is empty or is not made of letters, digits,
// '-' and '_' (the gateway's ids are "job-" and base32).
func checkID(id string) error {
	switch {
	case id == "":
		return apierr.InvalidArgument(apierr.Violation{Field: "job_id", Description: "required"})
	case len(id) > maxIDLength:
		return apierr.InvalidArgument(apierr.Violation{Field: "job_id",
			Description: fmt.Sprintf("%d characters; at most %d", len(id), maxIDLength)})
	}
	for _, r := range id {
		if !isIDRune(r) {
			return apierr.InvalidArgument(apierr.Violation{Field: "job_id",
				Description: fmt.Sprintf("%q is not a job id: letters, digits, '-' and '_' only", id)})
		}
	}
	return nil
}

func isIDRune(r rune) bool {
	return r < utf8.RuneSelf && (r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
}

// checkCreate checks what CreateJob takes besides the spec's own settings
// (which the engine validates): the idempotency key and the labels.
func checkCreate(req *jobv1.CreateJobRequest) error {
	var vs []apierr.Violation
	bad := func(field, format string, a ...any) {
		vs = append(vs, apierr.Violation{Field: field, Description: fmt.Sprintf(format, a...)})
	}
	if id := req.GetRequestId(); len(id) > maxRequestIDLength || !utf8.ValidString(id) {
		bad("request_id", "want valid UTF-8 of at most %d bytes, got %d bytes", maxRequestIDLength, len(id))
	}
	labels := req.GetSpec().GetLabels()
	if len(labels) > maxLabels {
		bad("spec.labels", "%d labels; at most %d", len(labels), maxLabels)
	} else {
		keys := make([]string, 0, len(labels))
		for k := range labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			field := fmt.Sprintf("spec.labels[%q]", k)
			if !validLabelKey(k) {
				bad(field, "a label key is 1 to %d letters, digits, '.', '_', '-' or '/', starting with a letter or digit", maxLabelKeyLength)
			}
			v := labels[k]
			switch {
			case len(v) > maxLabelValueBytes:
				bad(field, "value of %d bytes; at most %d", len(v), maxLabelValueBytes)
			case !utf8.ValidString(v) || containsControl(v):
				bad(field, "value must be printable UTF-8")
			}
		}
	}
	if len(vs) > 0 {
		return apierr.InvalidArgument(vs...)
	}
	return nil
}

func validLabelKey(k string) bool {
	if k == "" || len(k) > maxLabelKeyLength {
		return false
	}
	for i, r := range k {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case i > 0 && (r == '.' || r == '_' || r == '-' || r == '/'):
		default:
			return false
		}
	}
	return true
}

func containsControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}
