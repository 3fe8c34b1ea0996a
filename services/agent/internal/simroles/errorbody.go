package simroles

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// A tool can answer a call with an error in a body of its own, not in the
// error member a planned failure carries: {"message": "The request timed
// out; please retry.", "statusCode": 504}, {"success": false, …}. Such a
// result is told as the failure it is ("I couldn't unregister matching
// devices for client ID c-1: the service answered 'The request timed
// out'"), never as the action done with its message read out.

// failureNote is a service's note that reads as a failure: the request
// timed out, was refused, named something that is not there.
var failureNote = regexp.MustCompile(`(?i)\b(?:timed out|time-?out|rate limit|not found|authentication failed|unauthori[sz]ed|forbidden|` +
	`permission denied|access denied|invalid (?:value|parameter|request|input|argument|token)|bad request|internal (?:server )?error|` +
	`service unavailable|has expired|was declined|insufficient funds|could not|couldn't|unable to|failed to|does not exist|doesn't exist|` +
	`not allowed|please retry|try again later)\b`)

// failedStatuses are the words a result's status says a call failed with.
var failedStatuses = []string{"error", "errored", "fail", "failure"}

// errorBody reports whether a result that came back without the error
// member is an error's body all the same, and what went wrong: something
// in an "error" member, a success flag that is false, an HTTP status of
// 4xx or 5xx, a status "error", or the service's note reading as a
// failure. Only the result's own members count: a record's lastError is
// what the record holds.
func errorBody(out any) (msg string, ok bool) {
	o, isObject := out.(map[string]any)
	if !isObject {
		return "", false
	}
	note := serviceNote(o)
	for _, k := range sortedKeys(o) {
		if m, failed := failedMember(strings.Join(ident.Words(k), "_"), o[k], note); failed {
			return orNote(m, note), true
		}
	}
	if note != "" && failureNote.MatchString(note) && !strings.Contains(strings.ToLower(note), "success") {
		return note, true
	}
	return "", false
}

// failedMember reports whether a result's member n (its name's words
// joined) holding x says the call failed, and what it says went wrong;
// note is the service's note beside it.
func failedMember(n string, x any, note string) (string, bool) {
	switch {
	case n == "error" || n == "errors" || n == "error_message" || n == "fault":
		if x == true {
			return "", true
		}
		return errorOf(x), present(x)
	case n == "success" || n == "ok" || n == "succeeded":
		return "", x == false
	case statusMember(n) && (n != "code" || note != ""):
		if c, isCode := httpStatus(x); isCode && c >= 400 && c < 600 {
			return "status " + strconv.Itoa(c), true
		}
		s, isText := x.(string)
		return "", isText && n == "status" && slices.Contains(failedStatuses, strings.ToLower(s))
	}
	return "", false
}

// statusMember reports whether a member (its name's words joined) holds
// the status a call was answered with.
func statusMember(n string) bool {
	switch n {
	case "status", "status_code", "http_status", "http_status_code", "http_code", "response_code", "code":
		return true
	}
	return false
}

// httpStatus is a status as a number, where it is written as one.
func httpStatus(x any) (int, bool) {
	if s, isText := x.(string); isText {
		c, err := strconv.Atoi(s)
		return c, err == nil && len(s) == 3
	}
	f, ok := plan.Number(x)
	return int(f), ok && f == float64(int(f))
}

// present reports whether a member holds something: not null, false, an
// empty text, list or object, nor zero.
func present(x any) bool {
	switch v := x.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return strings.TrimSpace(v) != ""
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	f, ok := plan.Number(x)
	return !ok || f != 0
}

// serviceNote is the service's own words on the call: its message or
// detail.
func serviceNote(o map[string]any) string {
	for _, k := range sortedKeys(o) {
		switch strings.Join(ident.Words(k), "_") {
		case "message", "msg", "detail", "error_description", "status_message", "description":
			if s, ok := o[k].(string); ok && strings.TrimSpace(s) != "" {
				return s
			}
		}
	}
	return ""
}

// errorOf is what an error member says: its text, or the message,
// detail, title or code of an error object, or of the first of a list.
func errorOf(x any) string {
	switch v := x.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return errorOf(v[0])
		}
	case map[string]any:
		for _, k := range []string{"message", "Message", "detail", "title", "description", "code", "Code"} {
			if s, ok := v[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// orNote is msg, else the service's note, else a plain "an error".
func orNote(msg, note string) string {
	switch {
	case msg != "" && !strings.HasPrefix(msg, "status "):
		return msg
	case note != "":
		return note
	case msg != "":
		return msg
	}
	return "an error"
}

func sortedKeys(o map[string]any) []string {
	ks := make([]string, 0, len(o))
	for k := range o {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// failedSentence tells the calls of planned call c whose results are
// error bodies: what the call was for, on what, and what the service
// said; msgs are the errors and ons the subjects, one per failed call,
// of the calls made in all.
func failedSentence(s *rollout.State, r *rand.Rand, c *blueprintv1.PlannedCall, ons, msgs []string, calls int) string {
	purpose := purposeOf(s, c)
	if len(msgs) == 1 && calls > 1 && ons[0] == "" {
		ons[0] = "one of them"
	}
	if len(msgs) == 1 {
		on, msg := ons[0], quoteError(msgs[0])
		if on != "" {
			on = " for " + on
		}
		if msg == "an error" {
			return pick(r, "I couldn't "+purpose+on+": it came back with an error.", "Trying to "+purpose+on+" failed; the service returned an error.")
		}
		line := pick(r,
			"I couldn't "+purpose+on+": the service answered "+msg+".",
			"Trying to "+purpose+on+" failed — "+msg+".",
			"That one didn't go through: the request to "+purpose+on+" came back with "+msg+".",
			"I tried to "+purpose+on+", but it failed ("+msg+").")
		return line + retryOffer(r, msgs[0])
	}
	var parts []string
	for i, m := range msgs {
		p := quoteError(m)
		if ons[i] != "" {
			p = ons[i] + " (" + p + ")"
		}
		parts = append(parts, p)
	}
	line := pick(r,
		"I couldn't "+purpose+" for any of them — "+wording.List(parts)+".",
		"Trying to "+purpose+" failed each time: "+wording.List(parts)+".")
	if len(msgs) < calls {
		line = "Trying to " + purpose + " failed for " + wording.List(parts) + "."
	}
	return line + retryOffer(r, strings.Join(msgs, " "))
}

// quoteError is an error as the answer cites it: its gist in quotes, a
// bare status as it is.
func quoteError(msg string) string {
	if strings.HasPrefix(msg, "status ") || msg == "an error" {
		return msg
	}
	return "\"" + strings.TrimRight(gist(msg), ".") + "\""
}

// retryOffer offers to try again where the error says it passes (a
// timeout, a rate limit).
func retryOffer(r *rand.Rand, msg string) string {
	l := strings.ToLower(msg)
	if !strings.Contains(l, "retry") && !strings.Contains(l, "timed out") && !strings.Contains(l, "rate limit") && !strings.Contains(l, "try again") {
		return ""
	}
	return pick(r, " I can try again in a moment if you like.", " It may work on a second try; shall I?", " That is usually temporary, so I can retry.")
}

// failedNote is what the reasoning of the turn after a reply that is an
// error's body notes first: that the step did not work and will be told
// so ("deletePushDeviceDetails came back with an error ("The request
// timed out"), so that step did not work; I'll say so when I answer."),
// never moving on as if it had. A failure the plan foresaw is told by
// the retry that follows it; "" when the last replies hold none.
func failedNote(s *rollout.State, r *rand.Rand) string {
	var tools, msgs []string
	for i := len(s.Messages) - 1; i >= 0 && s.Messages[i].Role == "tool"; i-- {
		m := s.Messages[i]
		doc, err := plan.Decode(m.Content)
		if err != nil || foreseen(s, m.ToolCallID) {
			continue
		}
		if msg, failed := errorBody(doc); failed && !slices.Contains(tools, m.Name) {
			tools, msgs = append(tools, m.Name), append(msgs, quoteError(msg))
		}
	}
	switch len(tools) {
	case 0:
		return ""
	case 1:
		return pick(r, tools[0]+" came back with an error ("+msgs[0]+"), so that step did not work; I'll say so when I answer rather than count it as done.",
			"That "+tools[0]+" reply is an error, not a result: "+msgs[0]+". I'll report it as not done.")
	}
	return wording.List(tools) + " came back with errors (" + strings.Join(msgs, "; ") + "); I'll report those steps as not done."
}

// foreseen reports whether the actual call id realises a planned call the
// plan expects to fail.
func foreseen(s *rollout.State, id string) bool {
	for pid, d := range s.Done {
		if slices.Contains(d.CallIDs, id) {
			return s.Plan.Call(pid).GetExpect().GetFails()
		}
	}
	return false
}
