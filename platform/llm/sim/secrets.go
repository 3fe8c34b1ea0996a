package sim

import (
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// Result returns a value for root as a tool's response to a call with
// args: what For gives, less what a service never sends back, and with
// what the call asked for worked out. A password or a write-only field is
// left out (or masked where the schema requires it), a stored secret shows
// its last characters only, except in the response of the call that
// issues it, where it is shown once; a translation is the call's text
// translated.
func (v *Values) Result(root any, args map[string]any) any {
	v.output++
	v.args = args
	defer func() { v.output--; v.args = nil }()
	out := v.asSucceeded(root, v.gen(root, root, "", "", 0))
	if v.removes() {
		out = v.confirmDeletion(root, out)
	}
	return out
}

// mask is what a service shows of a password it must name.
const mask = "********"

// withheld reports whether a response leaves a property out: the schema
// marks it write-only, it holds a password, or it is a language code a
// made-up language has none of.
func (v *Values) withheld(root, schema any, name string) bool {
	s, ok := jsonschema.Resolve(root, schema)
	if !ok {
		return false
	}
	if w, _ := s["writeOnly"].(bool); w {
		return true
	}
	if v.translating() && hasAny(normalise(name), "target_language", "target_lang", "target") && v.madeUpTarget() {
		return true // Dothraki has no language code to report
	}
	if t := jsonschema.TypeOf(s); t != "string" && t != "" {
		return false
	}
	return classify(name, s, "", false, v.subj.text).kind == kPassword
}

// masked is a withheld property's value where the schema requires it: the
// mask where the schema takes it, else the value drawn.
func masked(s map[string]any, drawn any) any {
	if _, isString := drawn.(string); isString && fitsString(s, mask) {
		return mask
	}
	return drawn
}

// storedSecret reports whether a response's field holds a secret the
// service keeps (a client's secret, a private key), which it shows again
// only in part; a token the call hands out is the response's point.
func storedSecret(f field) bool {
	return f.kind == kSecret && hasAny(f.norm, "secret", "client_secret", "api_secret", "secret_key", "private_key", "signing_secret", "webhook_secret")
}

// issues reports whether the tool makes a new secret (creates a client,
// rotates a key): its response is the one place the secret is shown whole.
func (v *Values) issues() bool {
	t, _ := readTool(v.subj.tool, "", "")
	for _, w := range t.words {
		switch w {
		case "create", "add", "new", "generate", "rotate", "regenerate", "reset", "issue", "register":
			return true
		case "post":
			if len(t.words) > 1 && t.words[0] == "post" {
				return true // post_clients: a POST that makes one
			}
		}
	}
	return false
}

// partly shows a secret's last four characters, as dashboards and APIs
// show a stored key.
func partly(secret string) string {
	if len(secret) <= 8 {
		return mask
	}
	return strings.Repeat("*", 8) + secret[len(secret)-4:]
}
