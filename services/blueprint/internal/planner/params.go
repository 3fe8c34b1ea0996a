package planner

import "strings"

// incidental reports whether an optional parameter is API plumbing that no
// user asks for and no careful assistant fills in unasked: credentials,
// transport and formatting switches, tracing headers, and page cursors that
// only an earlier page can give (OpenAPI corpora carry them on thousands of
// operations: Google's key, alt, quotaUser, prettyPrint, fields; Kaltura's
// ks; X-… headers).
func incidental(param string) bool {
	p := strings.ToLower(strings.TrimPrefix(param, "$."))
	switch p {
	case "key", "api_key", "apikey", "oauth_token", "access_token", "token", "alt", "prettyprint", "pretty",
		"quotauser", "userip", "callback", "xgafv", "uploadtype", "upload_protocol", "fields", "ks",
		"clienttag", "responseprofile", "pagetoken", "page_token", "nexttoken", "next_token", "cursor",
		"continuation", "continuationtoken", "marker", "starting_after", "ending_before", "jsonp", "format":
		return true
	}
	// Headers (X-Request-Id, Cache-Control, Accept-Language, …).
	return strings.HasPrefix(p, "x-") || strings.Contains(p, "-")
}
