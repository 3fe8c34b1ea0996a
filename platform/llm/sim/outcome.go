package sim

import (
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// agreeOutcome makes a response object's fields agree on how the call
// went. The sim answers calls that succeed (failures are planned apart), so
// a flag that reports success is set, and a reason for failure beside it
// says nothing: it is left out, or empty (null, "", none) where the schema
// requires it. {"verification_status": true, "verification_failure": "..."}
// reads as a contradiction to anyone who trains on it.
func (v *Values) agreeOutcome(root any, props map[string]any, required map[string]bool, out map[string]any) {
	succeeded := false
	// Every flag the schema has, sent or not: a response that drops its
	// verification_status says nothing of how the call went, and a failure
	// reason alone then reads as a failure.
	for _, k := range slices.Sorted(maps.Keys(props)) {
		s, ok := jsonschema.Resolve(root, props[k])
		if !ok || !successFlag(k, s) {
			continue
		}
		switch jsonschema.TypeOf(s) {
		case "boolean":
			out[k] = true
			succeeded = true
		case "integer", "number":
			if withinBounds(s, 1) {
				out[k] = int64(1) // an API's "success": 1
				succeeded = true
			}
		}
	}
	if !succeeded {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		s, ok := jsonschema.Resolve(root, props[k])
		if !ok || !failureField(k, s) {
			continue
		}
		if !required[k] {
			delete(out, k)
			continue
		}
		if x, ok := noFailure(s); ok {
			out[k] = x
		}
	}
}

// successFlag reports whether a property is a flag saying the call or the
// thing it checked succeeded: "success", "ok", "verified", or a status its
// description calls true when successful.
func successFlag(name string, s map[string]any) bool {
	t := jsonschema.TypeOf(s)
	if t != "boolean" && t != "integer" && t != "number" {
		return false
	}
	n := normalise(name)
	if s["enum"] != nil || s["const"] != nil {
		return false
	}
	if hasAny(n, "success", "successful", "succeeded", "is_success", "ok", "is_ok") && !hasAny(n, "count", "rate", "total", "number", "num", "ratio") {
		return true
	}
	if t != "boolean" {
		return false
	}
	if hasAny(n, "verified", "is_verified", "valid", "is_valid") {
		return true
	}
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	return strings.Contains(d, "true if success") || strings.Contains(d, "true if the verification") || strings.Contains(d, "whether the operation succeeded") ||
		strings.Contains(d, "whether the call succeeded") || strings.Contains(d, "whether the request succeeded")
}

// failureField reports whether a property says why a call or a check
// failed: a failure, an error message or code, a rejection or decline
// reason.
func failureField(name string, s map[string]any) bool {
	n := normalise(name)
	switch jsonschema.TypeOf(s) {
	case "boolean", "integer", "number":
		return false // an error flag, a count of errors: not a reason
	}
	if hasAny(n, "failure", "failures", "failure_reason", "fail_reason", "failed_reason", "error", "errors", "error_message", "error_code",
		"error_description", "error_details", "rejection_reason", "decline_reason", "reject_reason") {
		return true
	}
	for _, w := range strings.Split(n, "_") {
		if w == "failure" || w == "error" || w == "errors" || w == "failures" {
			return true
		}
	}
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	return strings.Contains(d, "reason for the") && (strings.Contains(d, "fail") || strings.Contains(d, "error") || strings.Contains(d, "reject"))
}

// noFailure is the value a required failure field holds when nothing
// failed: null where the schema takes it, else an empty or zero value.
func noFailure(s map[string]any) (any, bool) {
	if ts, ok := s["type"].([]any); ok && slices.Contains(ts, any("null")) || s["nullable"] == true {
		return nil, true
	}
	switch jsonschema.TypeOf(s) {
	case "string":
		if fitsString(s, "") {
			return "", true
		}
	case "array":
		if m, ok := num(s["minItems"]); !ok || m == 0 {
			return []any{}, true
		}
	case "integer", "number":
		if withinBounds(s, 0) {
			return int64(0), true
		}
	case "null":
		return nil, true
	}
	return nil, false
}
