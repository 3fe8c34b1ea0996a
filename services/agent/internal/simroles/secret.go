package simroles

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A credential a tool returns (an access token, an API key, a password)
// is acknowledged, never read back: "a new Bearer access token was
// issued, valid until 2025-06-01 at 10:00 UTC", not the token. The
// conversation keeps it for the calls that pass it on; the answer is for
// the person, who has no use for it on screen.

// secretNouns end the names of fields that hold a credential.
var secretNouns = map[string]bool{"token": true, "password": true, "passwd": true, "passphrase": true, "secret": true, "apikey": true, "pin": true}

// keyKinds qualify a "key" that is a credential ("API key", "private
// key"); a key alone is a name ({"key": "a"}).
var keyKinds = map[string]bool{"api": true, "access": true, "secret": true, "private": true, "signing": true, "client": true, "license": true,
	"licence": true, "master": true, "application": true, "app": true, "consumer": true, "developer": true, "auth": true, "encryption": true, "subscription": true, "session": true}

// credentialText is a value shaped like a credential whatever its field:
// a JSON web token, a prefixed secret key ("sk_live_…", "ghp_…").
var credentialText = regexp.MustCompile(`^(?:eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]+|(?:sk|rk)_(?:live|test)_\w{8,}|sk-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abpr]-[\w-]{10,})$`)

// secretField reports whether field key holds a credential: its name
// ends in one (access_token, client_secret, apiKey, keyStorePassword) and
// it holds a text, or the text is shaped like one. Paging cursors
// (nextPageToken), a token's kind or lifetime (token_type, expires_in)
// and a coin's name (token_symbol) are not.
func secretField(key string, v any) bool {
	s, ok := v.(string)
	if !ok || len(strings.TrimSpace(s)) < 4 {
		return false
	}
	if credentialText.MatchString(s) {
		return true
	}
	ws := strings.FieldsFunc(strings.ToLower(wording.Phrase(key)), notWordRune)
	if len(ws) == 0 || slices.ContainsFunc(ws, func(w string) bool { return w == "page" || w == "cursor" || w == "next" || w == "previous" }) {
		return false
	}
	last := ws[len(ws)-1]
	if secretNouns[last] {
		return true
	}
	// A key sent as an HTTP header ("X-API2CRM-USER-KEY") is a
	// credential whatever it qualifies.
	return last == "key" && len(ws) > 1 && (keyKinds[ws[len(ws)-2]] || ws[0] == "x")
}

// secretFact is a credential told as what it is, without its value; the
// fields beside it that say of what kind it is and how long it holds
// ("token_type": "Bearer", "expires_in": 3600) go with it, and are
// returned so that they are not told again.
func secretFact(key string, x map[string]any) (fact, []string) {
	words := strings.Fields(wording.Phrase(key))
	for i, w := range words {
		if w == "jwt" || w == "pin" {
			words[i] = strings.ToUpper(w)
		}
	}
	f := fact{key: key, words: strings.Join(words, " "), secret: true, score: fieldScore(key, x[key]) + 1, parts: []string{plan.Text(x[key])}}
	if secrets := slices.DeleteFunc(slices.Collect(maps.Keys(x)), func(k string) bool { return !secretField(k, x[k]) }); len(secrets) > 1 {
		return f, nil // several credentials: whose kind or lifetime is whose is unclear
	}
	var with []string
	for _, k := range slices.Sorted(maps.Keys(x)) {
		ws := strings.FieldsFunc(strings.ToLower(wording.Phrase(k)), notWordRune)
		switch {
		case len(ws) == 2 && ws[1] == "type" && secretNouns[ws[0]]:
			if kind, ok := x[k].(string); ok && plainWord.MatchString(strings.ToLower(kind)) && len(kind) <= 12 {
				f.words = kind + " " + f.words // "Bearer access token"
				with = append(with, k)
			}
		case f.value == "" && slices.ContainsFunc(ws, lifetimeWord):
			if v := validity(k, x[k]); v != "" {
				f.value = v
				with = append(with, k)
			}
		}
	}
	return f, with
}

func lifetimeWord(w string) bool {
	switch w {
	case "expires", "expiry", "expiration", "expire", "valid", "ttl", "lifetime", "until":
		return true
	}
	return false
}

// validity says how long a credential holds from the field that tells
// it: "valid until 2025-06-01 at 10:00 UTC" for a moment, "valid for 3600
// seconds" for a lifetime; "" for anything else.
func validity(key string, v any) string {
	if at, ok := epoch(key, v); ok {
		return "valid until " + at.Format("2006-01-02") + " at " + at.Format("15:04") + " UTC"
	}
	if s, ok := v.(string); ok {
		if m := dateTime.FindStringSubmatch(s); m != nil {
			out := "valid until " + m[1] + " at " + m[2]
			if m[3] == "Z" || m[3] == "+00:00" {
				out += " UTC"
			}
			return out
		}
		if len(s) == 10 && dateTime.MatchString(s+"T00:00") {
			return "valid until " + s
		}
		return ""
	}
	n, ok := plan.Number(v)
	if !ok || n <= 0 {
		return ""
	}
	unit := "seconds"
	for _, w := range strings.FieldsFunc(strings.ToLower(wording.Phrase(key)), notWordRune) {
		switch w {
		case "ms", "millis", "milliseconds":
			unit = "milliseconds"
		case "minutes", "mins":
			unit = "minutes"
		case "hours":
			unit = "hours"
		case "days":
			unit = "days"
		}
	}
	return "valid for " + plan.Text(v) + " " + unit
}

// secretPhrase says a credential: as issued where the call made it ("a
// new access token was issued, valid for 3600 seconds"), as held where a
// lookup read it ("the key store password is set"), never its value.
func secretPhrase(f fact, withIs bool) string {
	valid := ""
	if f.value != "" {
		valid = " (" + f.value + ")"
	}
	switch {
	case f.issued && withIs:
		return wording.WithArticle("new "+f.words) + " was issued" + valid
	case f.issued:
		return wording.WithArticle("new "+f.words) + valid
	case withIs:
		return "the " + f.words + " is set (not shown here)" + valid
	}
	return wording.WithArticle(f.words) + " (not shown here)" + valid
}

// issuedBy marks the credentials among fs as issued when the call made
// them: its purpose is no lookup, the credential is a token or a key (a
// password is chosen, not issued) and the call did not send it (a
// password the user gave for a new config is set, not new).
func issuedBy(fs []fact, purpose string, args map[string]any) []fact {
	if lookup(purpose) {
		return fs
	}
	var sent []string
	for _, l := range plan.Leaves(args) {
		sent = append(sent, plan.Text(l))
	}
	for i, f := range fs {
		ws := strings.Fields(strings.ToLower(f.words))
		chosen := len(ws) > 0 && (ws[len(ws)-1] == "password" || ws[len(ws)-1] == "passphrase" || ws[len(ws)-1] == "pin" || ws[len(ws)-1] == "passwd")
		fs[i].issued = f.secret && !chosen && !slices.ContainsFunc(f.parts, func(p string) bool { return slices.Contains(sent, p) })
	}
	return fs
}

// secretFacts are the credentials object x holds, told without their
// values, and the fields they stand for (themselves, their kind and
// lifetime), which are not told again.
func secretFacts(x map[string]any, owners []string) ([]fact, map[string]bool) {
	var out []fact
	told := map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(x)) {
		if !secretField(k, x[k]) {
			continue
		}
		f, with := secretFact(k, x)
		told[k] = true
		for _, w := range with {
			told[w] = true
		}
		if f, ok := owned(f, x[k], owners); ok {
			out = append(out, f)
		}
	}
	return out, told
}
