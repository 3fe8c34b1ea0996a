package world

import (
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A sign-in the conversation made holds until it signs out: a later read
// of whether the user is logged in says so. The state is kept per service
// (ticket_login, ticket_get_login_status) and for the conversation as a
// whole (a bare logout), in the entity store under sessionFamily.

const sessionFamily = "\x00session"

// sessionWords are the words of a tool's name that are about signing in or
// out, not about the service.
var sessionWords = set_("login", "logout", "log", "in", "out", "sign", "signin", "signout", "logon", "logoff", "on", "off",
	"auth", "authenticate", "authentication", "session", "status", "get", "check", "is", "user", "verify", "current")

// sessionReads are the words that make a call about signing in a read of
// the state, not a sign-in.
var sessionReads = set_("get", "check", "is", "status", "show", "fetch", "read", "view", "verify", "current")

// sessionCall says what a call does to the sign-in state: "in", "out",
// "read" (it only tells the state) or "", and the service it is of.
func sessionCall(t *toolset.Tool) (kind, scope string) {
	w := ident.Words(t.Name)
	about, reads := "", false
	for i, x := range w {
		next := ""
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case x == "login" || x == "signin" || x == "logon" || x == "authenticate" || (x == "log" || x == "sign") && (next == "in" || next == "on"):
			if about == "" {
				about = "in"
			}
		case x == "logout" || x == "signout" || x == "logoff" || (x == "log" || x == "sign") && (next == "out" || next == "off"):
			about = "out"
		case sessionReads[x]:
			reads = true
		}
	}
	var rest []string
	for _, x := range w {
		if !sessionWords[x] {
			rest = append(rest, x)
		}
	}
	scope = strings.Join(rest, "_")
	switch {
	case about == "":
		return "", scope
	case reads:
		return "read", scope
	}
	return about, scope
}

// signedInField reports whether a boolean output field says the user is
// signed in: login_status, logged_in, is_authenticated; a bare "status"
// only in a call about signing in.
func signedInField(k string, about bool) bool {
	n := strings.Join(ident.Words(k), "_")
	switch n {
	case "login_status", "logged_in", "is_logged_in", "signed_in", "is_signed_in", "authenticated", "is_authenticated", "logged", "login", "session_active":
		return true
	case "status", "state":
		return about
	}
	return false
}

// session makes an output's signed-in flags agree with the sign-ins and
// sign-outs of earlier turns and keeps what a sign-in, a sign-out or a
// first read of the state says.
func (w *World) session(t *toolset.Tool, doc any, valid func(any) bool, group int32, order string) any {
	o, isObj := doc.(map[string]any)
	if !isObj {
		return doc
	}
	kind, scope := sessionCall(t)
	var flags []string
	for _, k := range slices.Sorted(maps.Keys(o)) {
		if _, isBool := o[k].(bool); isBool && signedInField(k, kind != "") {
			flags = append(flags, k)
		}
	}
	state, known := false, false
	switch kind {
	case "in", "out":
		state, known = kind == "in", true
	default:
		for _, id := range slices.Compact([]string{scope, ""}) {
			if v, has := w.ents.get(sessionFamily, id, group)["in"].(bool); has {
				state, known = v, true
				break
			}
		}
	}
	if known {
		o2 := clone(o).(map[string]any)
		for _, k := range flags {
			if kind == "in" || kind == "out" {
				if n := strings.Join(ident.Words(k), "_"); n == "status" || n == "state" {
					continue // a sign-in's own status is whether it went through
				}
			}
			o2[k] = state
		}
		if t.Output == nil || valid(o2) {
			o = o2
		}
	}
	switch {
	case kind == "in" || kind == "out":
		// A sign-in is the service's; a bare sign-out ends every one.
		w.setSession(scope, kind == "in", group, order)
	case kind == "read" && !known && len(flags) > 0:
		w.setSession(scope, o[flags[0]].(bool), group, order)
	}
	return o
}

// setSession keeps the sign-in state of a service ("" for one not named,
// which is every service's).
func (w *World) setSession(scope string, in bool, group int32, order string) {
	ids := []string{""}
	if scope != "" {
		ids = append(ids, scope)
	} else {
		w.mu.Lock()
		ids = append(ids, w.scopes...)
		w.mu.Unlock()
	}
	for _, id := range ids {
		w.ents.put(sessionFamily, id, map[string]any{"in": in}, group, order)
	}
	if scope != "" {
		w.mu.Lock()
		if !slices.Contains(w.scopes, scope) {
			w.scopes = append(w.scopes, scope)
		}
		w.mu.Unlock()
	}
}
