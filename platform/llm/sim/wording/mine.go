package wording

import (
	"regexp"
	"strings"
)

// self is how a tool's description names the person using it: "the current
// user", "the currently authenticated user", "the logged-in user".
const self = `(?:the )?(?:current|currently (?:authenticated|logged[- ]in|signed[- ]in)|logged[- ]in|signed[- ]in|authenticated) user`

var (
	selfOf     = regexp.MustCompile(`\bthe ((?:[\w-]+ ){0,2}[\w-]+) of ` + self + `\b`)
	selfPoss   = regexp.MustCompile(`\b` + self + `'s\b`)
	selfLogOut = regexp.MustCompile(`\blog out ` + self + `\b`)
	selfAny    = regexp.MustCompile(`\b` + self + `\b`)
	// selfInfo is what a description says about the user ("information
	// about the current user"): the user's own details.
	selfInfo = regexp.MustCompile(`\b(information|info|details|data|metadata|settings|profile|account) (?:about|for|on|of) ` + self + `\b`)
	// selfWhole is the user as the whole object of a read or a change
	// ("get the current user", "update the current user"): the person's
	// profile, never "get me".
	selfWhole = regexp.MustCompile(`^(get|fetch|retrieve|read|show|view|describe|update|put|replace|patch|edit|modify|change) ` + self + `$`)
)

// Mine says a purpose in the voice of the person asking: a description
// speaks of "the current user", but that user is the one talking, who asks
// for "my login status", "messages sent by me", to "log out" — not "log me
// out", which a request opening "I want to …" would garble ("get the login
// status of the currently authenticated user" was asked as it stood).
func Mine(purpose string) string {
	if !strings.Contains(purpose, " user") {
		return purpose
	}
	purpose = selfWhole.ReplaceAllString(purpose, "$1 my profile")
	purpose = selfOf.ReplaceAllString(purpose, "my $1")
	purpose = selfPoss.ReplaceAllString(purpose, "my")
	purpose = selfInfo.ReplaceAllString(purpose, "my $1")
	purpose = selfLogOut.ReplaceAllString(purpose, "log out")
	return selfAny.ReplaceAllString(purpose, "me")
}
