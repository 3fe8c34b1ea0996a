package planner

import (
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A person has one API key for a service, not one per request: a required
// credential (an API key, an access token, a client secret, a service's
// X-…-KEY header) takes one value for the whole conversation, and the user
// says it once — the assistant reuses it from there. OpenAPI corpora carry
// such parameters on a tenth of their operations (APIs.guru: api_key,
// access_token, X-API2CRM-USER-KEY); drawn afresh for each call they had a
// user reciting three different keys of one account in one message.

// keyWords and tokenWords are the words that make a "key" or a "token" a
// credential ("user key", "access token"), not a record's key or a page's.
var (
	keyWords   = map[string]bool{"api": true, "apikey": true, "user": true, "application": true, "app": true, "access": true, "secret": true, "subscription": true, "client": true, "auth": true, "private": true, "developer": true, "license": true}
	tokenWords = map[string]bool{"access": true, "auth": true, "oauth": true, "bearer": true, "api": true, "session": true, "refresh": true, "id": true, "jwt": true, "security": true}
	notTokens  = map[string]bool{"page": true, "next": true, "continuation": true, "sync": true, "cursor": true, "pagination": true, "prev": true, "previous": true, "csrf": true}
)

// credential reports whether parameter param of t carries the caller's
// credentials, by its name and, for a bare "key" or "token", its
// description ("Your API key").
func credential(t *catalog.Tool, param string) bool {
	ws := ident.Words(param)
	if len(ws) == 0 {
		return false
	}
	head, rest := ws[len(ws)-1], ws[:len(ws)-1]
	if slices.ContainsFunc(rest, func(w string) bool { return notTokens[w] }) {
		return false
	}
	desc := paramText(t, param)
	described := strings.Contains(desc, "api key") || strings.Contains(desc, "apikey") || strings.Contains(desc, "authenticat") ||
		strings.Contains(desc, "authoriz") || strings.Contains(desc, "access key") || strings.Contains(desc, "access token")
	switch head {
	case "apikey", "secret", "authorization":
		return true
	case "authentication":
		// "X-Bunq-Client-Authentication: the authentication token is used
		// to authenticate the source of the API call".
		return described
	case "key":
		return slices.ContainsFunc(rest, func(w string) bool { return keyWords[w] || strings.HasPrefix(w, "api") }) || described
	case "token":
		return slices.ContainsFunc(rest, func(w string) bool { return tokenWords[w] }) || described
	}
	return false
}

// credentialValue is the value of credential param for this conversation:
// drawn by draw the first time, the same from then on.
func (b *builder) credentialValue(param string, draw func() string) string {
	k := strings.ToLower(param)
	if v, ok := b.creds[k]; ok {
		return v
	}
	v := draw()
	b.creds[k] = v
	return v
}

// isCredential reports whether valueJSON is one of the conversation's
// credentials.
func (b *builder) isCredential(valueJSON string) bool {
	for _, v := range b.creds {
		if v == valueJSON {
			return true
		}
	}
	return false
}

// credentialNoun is how a person names their own key: "my 2crm application
// key", or just "key", never the header's "API 2crm application key" (an
// API's key header is named after the API: X-API2CRM-APPLICATION-KEY). A
// leading "API" before the API's own name is the header's, not the
// person's; "API key" stays.
func (sp *speaker) credentialNoun(noun string) string {
	ws := strings.Fields(noun)
	if len(ws) > 2 && ws[0] == "API" && ws[1] != "key" && ws[1] != "token" {
		ws = ws[1:]
	}
	switch sp.r.IntN(3) {
	case 0:
		return "my " + strings.Join(ws, " ")
	case 1:
		if len(ws) > 1 {
			return strings.Join(ws[len(ws)-2:], " ") // "application key"
		}
	}
	return strings.Join(ws, " ")
}
