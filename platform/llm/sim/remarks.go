package sim

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// conversationWords are the words of a tool's name that say it deals in
// what people write to each other: its free text is a person's line.
var conversationWords = map[string]bool{"message": true, "messages": true, "chat": true, "chats": true, "tweet": true,
	"tweets": true, "comment": true, "comments": true, "reply": true, "replies": true, "mail": true, "email": true,
	"emails": true, "sms": true, "inbox": true, "conversation": true, "conversations": true, "thread": true,
	"threads": true, "dm": true, "mention": true, "mentions": true, "status": false, "review": true, "reviews": true}

// conversationPhrases are what a tool's description says when the tool
// carries people's text (a chat, a feed of posts, a sentiment reader).
var conversationPhrases = []string{"chat", "tweet", "messaging", "comment", "conversation", "sentiment", "social media",
	"send a message", "text message", "sms", "reply", "memory", "forum"}

// conversational reports whether the tool deals in what people write to
// each other (a chat, a mailbox, a social feed, comments), where a free
// text field holds a person's line. Elsewhere the same field holds what
// the system or the record says.
func (v *Values) conversational() bool {
	for _, w := range ident.Words(v.subj.tool) {
		if conversationWords[w] {
			return true
		}
	}
	for _, p := range conversationPhrases {
		if strings.Contains(v.subj.text, p) {
			return true
		}
	}
	return v.aboutPosts()
}

// textAnalysisWords are what a tool that reads people's text says it does
// (detects spam, classifies, scores sentiment or readability).
var textAnalysisWords = []string{"classif", "detect", "analy", "readability", "spam", "keyword", "summari", "moderat", "toxic", "profan", "similarity"}

// analysesText reports whether the tool reads a text someone wrote: its
// text input is a line a person wrote.
func (v *Values) analysesText() bool {
	for _, w := range textAnalysisWords {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

// readsMessages reports whether the tool reads messages (gets, lists or
// searches them): a "message" in its response is one of them, where in the
// response of a send, a delete or a login it is the service's note.
func (v *Values) readsMessages() bool {
	t, _ := readTool(v.subj.tool, "", "")
	if t.verb == "" {
		return len(t.words) == 1 // "messages"; "message_login" logs in
	}
	return t.verbIn("get", "list", "search", "find", "query", "read", "fetch", "retrieve", "browse", "view", "show")
}

// errorText reports whether a free text field reports an error: its name,
// the object holding it or its description says so.
func errorText(f field) bool {
	return hasAny(f.norm, "error", "errors", "error_message", "error_description", "err", "fault", "failure_reason", "decline_reason") ||
		hasAny(f.parent, "error", "fault", "failure") || strings.HasPrefix(f.text, "error") || strings.Contains(f.text, "error message")
}

// failing reports whether a field's description or the thing it belongs
// to speaks of a failure: a "cause" is then what went wrong, where beside
// a command it is the reason the command was given ("The reason for the
// command").
func failing(f field) bool {
	return errorText(f) || strings.Contains(f.text, "fail") || strings.Contains(f.text, "error") || strings.Contains(f.text, "outage") ||
		strings.Contains(f.text, "incident")
}

// cause is why something happened: what went wrong where the field
// speaks of a failure, else the reason an action was taken (a command's
// "The reason for the command").
func (v *Values) cause(f field) string {
	if failing(f) {
		return v.errorMessage(f)
	}
	return v.pick([]string{"Scheduled maintenance.", "Requested by the operations team.", "Configuration change rolled out.",
		"Manual request from the control panel.", "Capacity adjustment after the nightly review.", "Routine restart after an update."})
}

// errorMessage is what a service says when an operation fails, in the
// terms of its domain.
func (v *Values) errorMessage(f field) string {
	if settingWords[strings.SplitN(f.norm, "_", 2)[0]] {
		// A setting about errors ("PreventUserExistenceErrors") is set,
		// it reports none.
		return v.pick([]string{"ENABLED", "DISABLED"})
	}
	around := f.text + " " + v.subj.text
	if strings.Contains(around, "pay") || strings.Contains(around, "account") || strings.Contains(around, "card") || strings.Contains(around, "fund") {
		return v.pick([]string{"Insufficient funds in the source account.", "The card was declined by the issuer.",
			"The account is closed and cannot receive transfers.", "The beneficiary details could not be verified.",
			"The transfer exceeds the daily limit."})
	}
	return v.pick([]string{"The request timed out; please retry.", "Rate limit exceeded; retry after 60 seconds.",
		fmt.Sprintf("Invalid value for parameter '%s'.", v.pick([]string{"limit", "start_date", "format", "id"})),
		"The resource was not found.", "Authentication failed: the token has expired."})
}

// remarkField reports whether a free text field is a service's note on
// the call ("message", "detail") rather than text about the record.
func remarkField(f field) bool {
	return hasAny(f.norm, "message", "msg", "status_message", "status_text", "detail", "details", "info", "response_message", "result_message")
}

// remarkVerbs are the past forms a service reports an operation by, by the
// verb of the tool's name.
var remarkVerbs = map[string]string{"create": "created", "add": "added", "new": "created", "insert": "created", "register": "registered",
	"submit": "submitted", "upload": "uploaded", "book": "booked", "schedule": "scheduled", "reserve": "reserved", "generate": "generated",
	"update": "updated", "edit": "updated", "modify": "updated", "set": "updated", "patch": "updated", "put": "updated", "replace": "replaced",
	"change": "updated", "rename": "renamed", "move": "moved", "assign": "assigned", "approve": "approved", "resolve": "resolved",
	"delete": "deleted", "remove": "removed", "unregister": "unregistered", "revoke": "revoked", "detach": "detached",
	"cancel": "cancelled", "stop": "stopped", "disable": "disabled", "enable": "enabled", "close": "closed", "start": "started",
	"send": "sent", "notify": "sent", "push": "pushed", "import": "imported", "export": "exported", "sync": "synchronised",
	"refund": "refunded", "transfer": "transferred", "pay": "paid", "verify": "verified", "validate": "validated", "activate": "activated",
	"deactivate": "deactivated", "archive": "archived", "restore": "restored", "publish": "published", "confirm": "confirmed"}

// remarkVerb is the verb of a tool's name a service reports its call by:
// the first word that names an action, an HTTP method ("post-…",
// "….delete") only where no other word does. A name that leads with
// delete, put or patch ("deletePushDeviceDetails") does that, whatever
// the words after it.
func remarkVerb(ws []string) string {
	method := ""
	for i, w := range ws {
		switch w {
		case "put", "patch", "delete":
			if i == 0 {
				return w
			}
			fallthrough
		case "get", "post":
			if method == "" {
				method = w
			}
			continue
		}
		if _, ok := remarkVerbs[w]; ok {
			return w
		}
	}
	if method == "post" {
		return "" // a POST creates, sends or runs something: the method does not say which
	}
	return method
}

// operationRemark is the note a service adds to its answer: how long a
// query took where the field speaks of performance, else what the call
// did to the thing the tool acts on.
func (v *Values) operationRemark(f field) string {
	if strings.Contains(f.text, "performance") || strings.Contains(f.text, "processing") || strings.Contains(f.text, "timing") {
		return v.pick([]string{
			fmt.Sprintf("Query processed in %.2f seconds.", 0.05+v.r.Float64()*2),
			fmt.Sprintf("Search completed in %d ms.", 20+v.r.IntN(1500)),
			fmt.Sprintf("Results retrieved in %.1f seconds from cache.", 0.1+v.r.Float64()),
		})
	}
	t, ok := readTool(v.subj.tool, "", "")
	noun := words(v.subj.noun)
	if ok && t.noun != "" {
		noun = words(t.noun)
	}
	if noun == "" {
		return v.pick([]string{"Request completed successfully.", "Request processed successfully.", "OK"})
	}
	if past, ok := remarkVerbs[remarkVerb(t.words)]; ok {
		return v.doneRemark(noun, past, pluralWord(t.words[len(t.words)-1]))
	}
	if t.verb != "get" && t.verb != "list" && t.verb != "search" && t.verb != "find" && t.verb != "query" {
		return v.pick([]string{"Request completed successfully.", "Request processed successfully.", "OK"})
	}
	n := 1 + v.r.IntN(40)
	return v.pick([]string{
		fmt.Sprintf("%d %s found.", n, plural(noun)),
		"Request completed successfully.",
		fmt.Sprintf("Returned %d of %d %s.", n, n+v.r.IntN(200), plural(noun)),
		"OK",
	})
}

// doneRemark is a service's note that the call did its thing to the
// thing (or the things) the tool acts on, in one of the ways services
// word it.
func (v *Values) doneRemark(noun, past string, several bool) string {
	things, was := noun, "was"
	if several {
		things, was = plural(noun), "were"
	}
	notes := []string{
		capital(things) + " " + past + " successfully.",
		"The " + things + " " + was + " " + past + ".",
		capital(things) + " " + past + fmt.Sprintf(" at %02d:%02d UTC.", v.r.IntN(24), 15*v.r.IntN(4)),
		"Done: " + things + " " + past + ".",
		"Request accepted; " + things + " " + past + ".",
		"Success",
		"OK",
	}
	// A count is the number of things the call named, never a guess.
	switch k := v.actedOn(several); {
	case k == 1:
		notes = append(notes, capital(past)+" 1 "+noun+".")
	case k > 1:
		notes = append(notes, fmt.Sprintf("%s %d %s.", capital(past), k, plural(noun)))
	}
	return v.pick(notes)
}

// actedOn is how many things the call acts on: the length of the first
// list among its arguments (in name order), one when it names a single
// thing, 0 when that cannot be told.
func (v *Values) actedOn(several bool) int {
	for _, k := range slices.Sorted(maps.Keys(v.args)) {
		if l, ok := v.args[k].([]any); ok && len(l) > 0 {
			return len(l)
		}
	}
	if several || v.args == nil {
		return 0
	}
	return 1
}

// measured reports whether a field's value is a reading of something
// measured: a sensor's datum, a dose, a metric.
func (v *Values) measured(f field) bool {
	around := f.text + " " + f.parent + " " + f.noun + " " + v.subj.text
	for _, w := range []string{"dose", "sensor", "measure", "reading", "metric", "feed", "datum", "data point", "sample", "level", "rate", "temperature", "iot", "telemetry"} {
		if strings.Contains(around, w) {
			return true
		}
	}
	return false
}

// fieldValue is what a "value" field holds outside a conversation: a
// reading where it measures something, else a short value of the thing
// it belongs to.
func (v *Values) fieldValue(f field) string {
	if v.measured(f) {
		return fmt.Sprintf("%.2f", v.r.Float64()*100)
	}
	return v.phrase(f)
}
