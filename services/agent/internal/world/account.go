package world

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// handleKeys name the account a record was made by: a post, a comment, a
// message the conversation's user makes carries their handle.
var handleKeys = set_("username", "user_name", "handle", "screen_name", "user_handle", "author_username", "author_handle", "posted_by", "login")

// passwordKeys name the secret a sign-in sends beside the account.
var passwordKeys = set_("password", "passwd", "pwd", "passphrase")

// normKey is a field name's words joined by "_", lower case.
func normKey(k string) string { return strings.Join(ident.Words(k), "_") }

// signIn notes the account a call signs in as: a call that sends an
// account name and a password (authenticate, login) makes the
// conversation act as that account from then on.
func (w *World) signIn(args map[string]any) {
	var user string
	secret := false
	for _, k := range slices.Sorted(maps.Keys(args)) {
		n := normKey(k)
		if s, ok := args[k].(string); ok && handleKeys[n] && s != "" {
			user = s
		}
		if passwordKeys[n] {
			secret = true
		}
	}
	if user == "" || !secret {
		return
	}
	w.mu.Lock()
	w.account = strings.TrimPrefix(user, "@")
	w.mu.Unlock()
}

// asAccount makes a record the conversation's user makes (a post, a
// comment: a call that creates or acts, not one that reads) carry the
// account they act as, unless the call named another. Before any sign-in
// the first such record's account is theirs, so that all their posts are
// by one person.
func (w *World) asAccount(t *toolset.Tool, args map[string]any, doc any) any {
	c := classify(t, args)
	if !c.create && !c.action || c.read {
		return doc
	}
	o, ok := doc.(map[string]any)
	if !ok {
		return doc
	}
	for _, k := range slices.Sorted(maps.Keys(args)) {
		if handleKeys[normKey(k)] {
			return doc // the call says whose record it is
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.account == "" {
		w.account = w.plannedSignIn()
	}
	mark := func(m map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			s, isText := m[k].(string)
			if !isText || !handleKeys[normKey(k)] || s == "" {
				continue
			}
			if w.account == "" {
				w.account = strings.TrimPrefix(s, "@")
				continue
			}
			if strings.HasPrefix(s, "@") {
				m[k] = "@" + w.account
			} else {
				m[k] = w.account
			}
		}
	}
	mark(o)
	for _, k := range slices.Sorted(maps.Keys(o)) {
		if inner, isObj := o[k].(map[string]any); isObj {
			mark(inner) // {"tweet": {"username": …}}
		}
	}
	return o
}

// plannedSignIn is the account the plan's first sign-in uses (a call
// binding an account name and a password to values the plan knows), ""
// if it has none: a post made before the sign-in is still by that account.
func (w *World) plannedSignIn() string {
	if w.plan == nil {
		return ""
	}
	for _, c := range w.plan.Calls {
		user, secret := "", false
		for _, b := range c.GetArguments() {
			n := normKey(b.GetParam())
			if passwordKeys[n] {
				secret = true
			}
			if !handleKeys[n] {
				continue
			}
			text := b.GetLiteralJson()
			if uv := b.GetUser(); uv != nil {
				text = uv.GetValueJson()
			}
			var s string
			if json.Unmarshal([]byte(text), &s) == nil && s != "" {
				user = strings.TrimPrefix(s, "@")
			}
		}
		if user != "" && secret {
			return user
		}
	}
	return ""
}
