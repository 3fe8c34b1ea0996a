package verify

import (
	"strings"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// Access is what a tool does to the state behind it.
type Access int

// A tool reads (a lookup: get, list, search), writes (create, update,
// delete, send, book, cancel, transfer, ...), or its name and description
// do not say.
const (
	AccessUnknown Access = iota
	AccessRead
	AccessWrite
)

// ToolAccess tells a read-only tool from a write: by its annotations when
// the corpus carried them (MCP readOnlyHint, destructiveHint, kept as
// labels), else by the first verb of its name ("github_create_issue",
// "listOrders"), else by the first verb of its description ("Retrieves
// the order..."). A tool whose words name no known verb is unknown, and
// counts neither as a lookup nor as a write.
func ToolAccess(name, description string, labels map[string]string) Access {
	for k, v := range labels {
		key := strings.ToLower(strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, k))
		v = strings.ToLower(strings.TrimSpace(v))
		switch {
		case strings.HasSuffix(key, "destructivehint") && v == "true":
			return AccessWrite
		case strings.HasSuffix(key, "readonlyhint") || strings.HasSuffix(key, "readonly"):
			if v == "true" {
				return AccessRead
			}
			if v == "false" {
				return AccessWrite
			}
		}
	}
	words := ident.Words(name)
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		if a := verbAccess(w, next); a != AccessUnknown {
			return a
		}
	}
	desc := strings.FieldsFunc(strings.ToLower(description), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range desc {
		if i >= 3 {
			break
		}
		next := ""
		if i+1 < len(desc) {
			next = desc[i+1]
		}
		for _, form := range baseForms(w) {
			if describesRead[form] {
				return AccessRead
			}
			if a := verbAccess(form, next); a != AccessUnknown {
				return a
			}
		}
	}
	return AccessUnknown
}

// verbAccess classifies one word of a tool's name (next is the word after
// it: "check in" writes, "look up" reads).
func verbAccess(w, next string) Access {
	switch {
	case w == "check" && (next == "in" || next == "out"):
		return AccessWrite
	case readVerbs[w]:
		return AccessRead
	case writeVerbs[w]:
		return AccessWrite
	}
	return AccessUnknown
}

var (
	readVerbs = set("get", "list", "search", "find", "read", "fetch", "lookup", "look", "query", "retrieve", "show",
		"view", "check", "describe", "count", "browse", "download", "track", "inspect", "validate", "verify", "estimate",
		"calculate", "compute", "convert", "preview", "explain", "summarize", "summarise", "analyze", "analyse",
		"compare", "recommend", "suggest", "poll", "monitor", "detect", "identify", "locate", "filter", "translate",
		"parse", "whois", "quote", "forecast", "measure", "test", "ping", "resolve", "scan", "discover", "explore")
	writeVerbs = set("create", "add", "insert", "update", "edit", "modify", "set", "put", "patch", "post", "delete",
		"remove", "cancel", "send", "book", "reserve", "transfer", "pay", "purchase", "buy", "sell", "order", "submit",
		"upload", "move", "copy", "rename", "write", "save", "publish", "assign", "unassign", "approve", "reject",
		"decline", "accept", "enable", "disable", "start", "stop", "restart", "reset", "schedule", "reschedule",
		"register", "subscribe", "unsubscribe", "invite", "share", "archive", "unarchive", "close", "mark", "deploy",
		"execute", "run", "trigger", "revoke", "grant", "refund", "charge", "withdraw", "deposit", "follow", "unfollow",
		"like", "comment", "reply", "forward", "lock", "unlock", "activate", "deactivate", "merge", "commit", "push",
		"import", "apply", "login", "logout", "change", "replace", "upsert", "append", "clear", "purge", "destroy",
		"drop", "kill", "terminate", "suspend", "resume", "block", "unblock", "ban", "mute", "pin", "unpin", "star",
		"vote", "notify", "email", "tweet", "join", "leave", "enroll", "checkout", "renew", "extend", "upgrade",
		"downgrade", "install", "uninstall", "provision", "attach", "detach", "link", "unlink", "connect",
		"disconnect", "sync", "make", "place", "issue", "rebook", "redeem", "topup", "void", "increment", "decrement")
	// describesRead are description verbs that read ("Returns the list of
	// orders"); in a name the same word may write (return_item).
	describesRead = set("return", "provide", "give", "display", "obtain", "report")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// baseForms are the forms a verb of a description may have as written
// ("retrieves", "searches", "queries") and its base.
func baseForms(w string) []string {
	out := []string{w}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes"):
		out = append(out, w[:len(w)-2])
	}
	if strings.HasSuffix(w, "s") && len(w) > 3 {
		out = append(out, w[:len(w)-1])
	}
	return out
}
