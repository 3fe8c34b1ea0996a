package sim

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// agreeOutcome makes a response object's fields agree on how the call
// went. The sim answers calls that succeed (failures are planned apart), so
// a flag that reports success is set, and a reason for failure beside it
// says nothing: it is left out, or empty (null, "", none) where the schema
// requires it. {"verification_status": true, "verification_failure": "..."}
// reads as a contradiction to anyone who trains on it.
func (v *Values) agreeOutcome(root any, props map[string]any, required map[string]bool, out map[string]any) {
	v.agreeStatusCodes(root, props, out)
	if !v.dealsInErrors() {
		clearFailures(root, props, required, out)
	}
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
		if ok && failureField(k, s) {
			settleFailure(out, k, s, required[k])
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
		if w == "failure" || w == "error" || w == "errors" || w == "failures" || w == "err" {
			return true
		}
	}
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	return strings.Contains(d, "reason for the") && (strings.Contains(d, "fail") || strings.Contains(d, "error") || strings.Contains(d, "reject")) ||
		strings.Contains(d, "contains an error message") || strings.Contains(d, "the error message if")
}

// settingWords lead the names of settings about errors, which are no
// report of one ("PreventUserExistenceErrors", "ignore_errors").
var settingWords = map[string]bool{"prevent": true, "ignore": true, "suppress": true, "allow": true, "enable": true, "disable": true,
	"show": true, "include": true, "log": true, "report": true, "max": true, "min": true, "retry": true, "on": true, "skip": true,
	"stop": true, "continue": true, "fail": true, "raise": true, "throw": true, "treat": true, "notify": true}

// errorWords are the words of a tool's name that say errors are what it
// deals in (it lists a build's errors, a job's failures): there an error
// is the data asked for.
var errorWords = map[string]bool{"error": true, "errors": true, "failure": true, "failures": true, "fault": true, "faults": true,
	"exception": true, "exceptions": true, "problem": true, "problems": true, "incident": true, "incidents": true, "diagnostic": true,
	"diagnostics": true, "log": true, "logs": true, "alert": true, "alerts": true, "issue": false}

// dealsInErrors reports whether the tool's name says it deals in errors.
func (v *Values) dealsInErrors() bool { return dealsInErrors(v.subj.tool) }

func dealsInErrors(tool string) bool {
	for _, w := range ident.Words(tool) {
		if errorWords[w] {
			return true
		}
	}
	return false
}

// clearFailures leaves out of a response that worked what reports an
// error, in any object of it: a batch's list of errors is empty, a
// required error code is 0, an operation's httpErrorMessage is not sent.
// {"issues": [...], "errors": [{…}, {…}]} answering a bulk create that
// went through reads as a partial failure nobody planned.
func clearFailures(root any, props map[string]any, required map[string]bool, out map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(out)) {
		s, ok := jsonschema.Resolve(root, props[k])
		if !ok || settingWords[strings.SplitN(normalise(k), "_", 2)[0]] {
			continue
		}
		n := normalise(k)
		code := (jsonschema.TypeOf(s) == "integer" || jsonschema.TypeOf(s) == "number") && hasAny(n, "error_code", "err_code", "failure_code")
		if code || failureField(k, s) {
			settleFailure(out, k, s, required[k])
		}
	}
}

// settleFailure makes failure field k of a response that worked say
// nothing failed: left out where optional, its no-failure value
// (noFailure) where required.
func settleFailure(out map[string]any, k string, s map[string]any, required bool) {
	if !required {
		delete(out, k)
		return
	}
	if x, ok := noFailure(s); ok {
		out[k] = x
	}
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
	case "object":
		if len(requiredOf(s)) == 0 {
			return map[string]any{}, true // {"errors": {}}: none
		}
	}
	return nil, false
}

// errorBodyWords are the words of a schema's title or description that
// say the object is an error ("Error", "ApiError", "Returned error from
// failed REST.", "The error exception.").
var errorBodyWords = map[string]bool{"error": true, "errors": true, "fault": true, "exception": true, "failure": true}

// errorBodyFields are the members an error body carries besides those
// its descriptions say belong to the error: a code, a message, a status,
// where to read more, which request or server it was.
var errorBodyFields = map[string]bool{"code": true, "error": true, "errors": true, "message": true, "msg": true, "status": true,
	"status_code": true, "http_status": true, "http_status_code": true, "http_code": true, "detail": true, "details": true,
	"target": true, "type": true, "title": true, "instance": true, "href": true, "help": true, "help_url": true, "more_info": true,
	"documentation_url": true, "request_id": true, "trace_id": true, "correlation_id": true, "server_id": true, "timestamp": true,
	"time": true, "path": true, "reason": true, "inner_error": true, "innererror": true, "additional_info": true, "values": true,
	"error_code": true, "error_message": true, "error_description": true, "description": true}

// errorBody reports whether a response schema is an API's error body: its
// title or description calls it an error and every member is one an error
// carries or one its description ties to the error. An operation whose
// success sends no body (a DELETE answered 204) declares only this one.
func errorBody(s map[string]any) bool {
	props, _ := s["properties"].(map[string]any)
	if len(props) == 0 || jsonschema.TypeOf(s) != "object" && jsonschema.TypeOf(s) != "" {
		return false
	}
	title, _ := s["title"].(string)
	desc, _ := s["description"].(string)
	said := strings.Contains(strings.ToLower(title+" "+desc), "problem detail")
	for _, w := range ident.Words(title + " " + firstSentence(strings.ToLower(desc))) {
		said = said || errorBodyWords[w]
	}
	only := true // {"error": {…}} and nothing else says it by itself
	for k := range props {
		n := normalise(k)
		only = only && (n == "error" || n == "errors" || n == "fault")
	}
	if !said && !only {
		return false
	}
	for k, p := range props {
		ps, _ := p.(map[string]any)
		n := normalise(k)
		last := n[strings.LastIndex(n, "_")+1:]
		if !errorBodyFields[n] && !errorBodyEnds[last] && !speaksOfError(ps) {
			return false
		}
	}
	return true
}

// errorBodyEnds are the last words of the members an error body carries
// beside those errorBodyFields names: a message for its user or its
// developer, a code, where to read more ("DeveloperMessage", "MoreInfo").
var errorBodyEnds = map[string]bool{"message": true, "msg": true, "code": true, "detail": true, "details": true, "info": true,
	"link": true, "url": true, "uri": true}

// ErrorOnly reports whether a tool's declared response schema is its
// error body and no answer of a call that worked can fit it: it requires
// the error itself ({"error": {"code", "message"}} required, as Azure's
// CloudError), or an error code whose every value is a failure. An
// operation whose success sends no body (a DELETE answered 204) declares
// only the body of its failure, which says nothing of what a call that
// worked returns. A tool that deals in errors (DescribeServiceErrors) is
// answered with them.
func ErrorOnly(tool string, schema any) bool {
	s, ok := schema.(map[string]any)
	if !ok || !errorBody(s) || dealsInErrors(tool) {
		return false
	}
	props, _ := s["properties"].(map[string]any)
	for k := range requiredOf(s) {
		ps, _ := props[k].(map[string]any)
		f := newField(k, ps, "")
		switch t := jsonschema.TypeOf(ps); {
		case statusCodeField(k, ps), remarkField(f) && t == "string":
		case f.norm == "code" || f.norm == "error_code":
			if _, ok := noErrorCode(ps); !ok {
				return true
			}
		case t == "object" || t == "array" || errorBodyFields[f.norm] && f.norm != "request_id" && f.norm != "timestamp" && f.norm != "time":
			return true
		}
	}
	return false
}

// speaksOfError reports whether a member's description ties it to an
// error ("Server ID with which error was encountered.").
func speaksOfError(s map[string]any) bool {
	d, _ := s["description"].(string)
	t, _ := s["title"].(string)
	for _, w := range ident.Words(d + " " + t) {
		if errorBodyWords[w] || w == "failed" || w == "fails" {
			return true
		}
	}
	return false
}

// asSucceeded makes a response drawn from an error body read as the
// success the sim answers: the service's note on the call says what the
// call did ("Push devices were unregistered."), a status code is one of
// success, a required error code is the one of no error, and what only
// an error has (its code, a link to help with it, the server it was met
// on) is left out. {"message": "The request timed out; please retry.",
// "statusCode": 30} answering a call that worked reads as a failure told
// as done.
func (v *Values) asSucceeded(root, out any) any {
	s, ok := jsonschema.Resolve(root, root)
	o, isObject := out.(map[string]any)
	if !ok || !isObject {
		return out
	}
	v.fineStatus(root, s, o)
	if !errorBody(s) || v.dealsInErrors() {
		return out
	}
	props, _ := s["properties"].(map[string]any)
	required := requiredOf(s)
	for _, k := range slices.Sorted(maps.Keys(o)) {
		ps, _ := jsonschema.Resolve(root, props[k])
		f := newField(k, ps, "")
		switch {
		case statusCodeField(k, ps):
			if c, ok := v.successCode(ps); ok {
				o[k] = c
				continue
			}
		case remarkField(f) && jsonschema.TypeOf(ps) == "string" && !helpFields[f.norm]:
			if note := v.operationRemark(f); fitsString(ps, note) {
				o[k] = note
				continue
			}
		case required[k] && f.norm == "code" || required[k] && f.norm == "error_code":
			if c, ok := noErrorCode(ps); ok {
				o[k] = c
			}
			continue
		}
		if !required[k] && (errorOnlyFields[f.norm] || speaksOfError(ps) || failureField(k, ps)) {
			delete(o, k)
		}
	}
	return o
}

// helpFields are where an error body points for help with it: no note on
// a call that worked.
var helpFields = map[string]bool{"more_info": true, "help": true, "help_url": true, "more_info_url": true, "documentation_url": true,
	"href": true, "help_link": true, "info_url": true}

// errorOnlyFields are the members of an error body that only an error
// has: its code, details, target, where to read about it; a request id
// or a time stays in an answer that worked.
var errorOnlyFields = map[string]bool{"more_info_url": true, "help_link": true, "info_url": true, "code": true, "error": true, "errors": true, "details": true, "detail": true, "target": true,
	"type": true, "title": true, "instance": true, "href": true, "help": true, "help_url": true, "more_info": true, "documentation_url": true,
	"reason": true, "inner_error": true, "innererror": true, "additional_info": true, "values": true, "error_code": true,
	"error_message": true, "error_description": true, "fault": true, "path": true}

// noErrorCode is the code of no error a required error code holds: 0,
// or a member of its enum that says all went well.
func noErrorCode(s map[string]any) (any, bool) {
	if e, ok := s["enum"].([]any); ok {
		for _, x := range e {
			if str, ok := x.(string); ok && slices.Contains([]string{"ok", "success", "none", "noerror", "no_error"}, strings.ToLower(str)) {
				return str, true
			}
		}
		return nil, false
	}
	switch jsonschema.TypeOf(s) {
	case "integer", "number":
		if withinBounds(s, 0) {
			return int64(0), true
		}
	case "string":
		if fitsString(s, "OK") {
			return "OK", true
		}
	}
	return nil, false
}

// statusCodeField reports whether a property holds the HTTP status the
// call was answered with: a status code by its name ("statusCode",
// "http_status"), or a "status" or "code" its description calls an HTTP
// status.
func statusCodeField(name string, s map[string]any) bool {
	t := jsonschema.TypeOf(s)
	if t != "integer" && t != "number" && t != "string" {
		return false
	}
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	switch normalise(name) {
	case "status_code", "http_status", "http_status_code", "http_code", "response_code", "status_codes":
		return t != "string" || d == "" || strings.Contains(d, "code") || strings.Contains(d, "http")
	case "status", "code":
		return t != "string" && (strings.Contains(d, "http status") || strings.Contains(d, "http code") || strings.Contains(d, "http response code"))
	}
	return false
}

// successCode is the HTTP status a call that worked is answered with, as
// the schema writes it: 201 where it created something, else 200; false
// where the schema takes neither (nor any other 2xx of its enum).
func (v *Values) successCode(s map[string]any) (any, bool) {
	code := 200
	t, _ := readTool(v.subj.tool, "", "")
	switch remarkVerb(t.words) {
	case "create", "add", "new", "insert", "register":
		code = 201
	}
	str := jsonschema.TypeOf(s) == "string"
	as := func(c int) any {
		if str {
			return strconv.Itoa(c)
		}
		return int64(c)
	}
	if e, ok := s["enum"].([]any); ok {
		for _, c := range []int{code, 200, 201, 202, 204} {
			for _, x := range e {
				if n, isNum := num(x); isNum && int(n) == c || x == strconv.Itoa(c) {
					return x, true
				}
			}
		}
		return nil, false
	}
	for _, c := range []int{code, 200} {
		if str && fitsString(s, strconv.Itoa(c)) || !str && withinBounds(s, float64(c)) {
			return as(c), true
		}
	}
	return nil, false
}

// agreeStatusCodes makes an HTTP status a response reports one of
// success: the sim answers calls that work, and {"statusCode": 30} or
// 500 beside the data reads as a failure.
func (v *Values) agreeStatusCodes(root any, props map[string]any, out map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(out)) {
		s, ok := jsonschema.Resolve(root, props[k])
		if !ok || !statusCodeField(k, s) || succeededCode(out[k]) {
			continue
		}
		if c, ok := v.successCode(s); ok {
			out[k] = c
		}
	}
}

// succeededCode reports whether a status code is one of success (2xx).
func succeededCode(x any) bool {
	if str, ok := x.(string); ok {
		n, err := strconv.Atoi(str)
		return err == nil && n >= 200 && n < 300
	}
	n, ok := num(x)
	return ok && n >= 200 && n < 300
}

// failedStates are the values of a response's status or state that say
// the call failed.
var failedStates = []string{"failed", "failure", "fail", "error", "errored"}

// fineStates are the values tried in place of a failed one, in order.
var fineStates = []string{"success", "succeeded", "successful", "ok", "completed", "complete", "done", "available", "active", "ready", "enabled", "created"}

// fineStatus makes the status or state a response reports of the call
// one that it worked ("AVAILABLE" where the enum also holds "FAILED";
// "SUCCESS", not "ERROR", for a token verified): the sim answers calls
// that work, and the failures it plans are answered apart. Without an
// enum it is what the call did ("stopped"), in the case it was written.
func (v *Values) fineStatus(root any, s map[string]any, o map[string]any) {
	props, _ := s["properties"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(o)) {
		n := normalise(k)
		str, isText := o[k].(string)
		if n != "status" && n != "state" || !isText || !slices.Contains(failedStates, strings.ToLower(str)) {
			continue
		}
		ps, _ := jsonschema.Resolve(root, props[k])
		if e, ok := ps["enum"].([]any); ok {
			for _, fine := range fineStates {
				if i := slices.IndexFunc(e, func(x any) bool { y, _ := x.(string); return strings.EqualFold(y, fine) }); i >= 0 {
					o[k] = e[i]
					break
				}
			}
			continue
		}
		t, _ := readTool(v.subj.tool, "", "")
		fine := "completed"
		if past, ok := remarkVerbs[remarkVerb(t.words)]; ok {
			fine = past
		}
		if str == strings.ToUpper(str) {
			fine = strings.ToUpper(fine)
		}
		if fitsString(ps, fine) {
			o[k] = fine
		}
	}
}
