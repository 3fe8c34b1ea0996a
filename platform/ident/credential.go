package ident

import "slices"

// credentialNouns end the names that hold a credential whatever qualifies
// them (access_token, client_secret, apiKey, keyStorePassword,
// Authorization).
var credentialNouns = map[string]bool{"token": true, "password": true, "passwd": true, "passphrase": true, "secret": true,
	"apikey": true, "authorization": true}

// credentialKeys qualify a "key" that is a credential ("API key", "user
// key"); a key alone, or a thing's key ("object key"), is a name.
var credentialKeys = map[string]bool{"api": true, "access": true, "secret": true, "private": true, "signing": true, "client": true,
	"license": true, "licence": true, "master": true, "application": true, "app": true, "consumer": true, "developer": true,
	"auth": true, "encryption": true, "subscription": true, "session": true, "user": true}

// notCredentials are words that make a token a page's or a kind's, not a
// caller's (nextPageToken, token_type).
var notCredentials = map[string]bool{"page": true, "next": true, "previous": true, "prev": true, "cursor": true,
	"continuation": true, "pagination": true, "sync": true, "type": true, "symbol": true, "count": true}

// Credential reports whether a parameter or field named name carries the
// caller's credentials, by its words: it ends in a token, password, secret
// or API key, or in a key qualified as one, or it is a key sent as an HTTP
// header (X-API2CRM-APPLICATION-KEY). Page cursors and a token's kind are
// not credentials.
func Credential(name string) bool {
	ws := Words(name)
	n := len(ws)
	if n == 0 || slices.ContainsFunc(ws, func(w string) bool { return notCredentials[w] }) {
		return false
	}
	switch last := ws[n-1]; {
	case credentialNouns[last]:
		return true
	case last == "key":
		return n > 1 && (credentialKeys[ws[n-2]] || ws[0] == "x")
	}
	return false
}
