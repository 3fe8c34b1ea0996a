package planner

import (
	"encoding/json"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

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
		"clienttag", "responseprofile", "jsonp", "format":
		return true
	}
	// Headers (X-Request-Id, Cache-Control, Accept-Language, …).
	return ident.PageCursor(p, "") || strings.HasPrefix(p, "x-") || strings.Contains(p, "-")
}

// exclusive reports whether optional parameters a and b are alternatives a
// caller gives one of, never both: the tool's description offers them with
// "or" ("use the 'head' parameter to read the first N lines, or the 'tail'
// parameter to read the last N"), a parameter's description rules the other
// out ("cannot be used with tail", "instead of"), or the two ask for the
// opposite ends of one thing (the first N lines, the last N lines).
func exclusive(t *catalog.Tool, a, b string) bool {
	da, db := paramText(t, a), paramText(t, b)
	if rulesOut(da, b) || rulesOut(db, a) {
		return true
	}
	if strings.Contains(da, "first") && strings.Contains(db, "last") || strings.Contains(da, "last") && strings.Contains(db, "first") {
		if sameEnds(da, db) {
			return true
		}
	}
	for _, sentence := range strings.Split(strings.ToLower(t.Proto.GetDescription()), ".") {
		i, j := quoted(sentence, a), quoted(sentence, b)
		if i >= 0 && j >= 0 && strings.Contains(sentence[min(i, j):max(i, j)], " or ") {
			return true
		}
	}
	return false
}

// paramText is a parameter's description, lower case.
func paramText(t *catalog.Tool, param string) string {
	s, _ := t.ParamSchema(param)
	d, _ := s["description"].(string)
	return strings.ToLower(d)
}

// rulesOut reports whether description d excludes the parameter other.
func rulesOut(d, other string) bool {
	o := strings.ToLower(other)
	for _, w := range []string{"cannot be used with " + o, "not be used with " + o, "mutually exclusive with " + o, "instead of " + o, "either " + o + " or", "or " + o + ", not both", "not both"} {
		if strings.Contains(d, w) && (w != "not both" || strings.Contains(d, o)) {
			return true
		}
	}
	return false
}

// sameEnds reports whether two descriptions that differ only in first/last
// speak of the same thing ("returns only the first N lines of the file").
func sameEnds(da, db string) bool {
	norm := func(s string) string {
		return strings.NewReplacer("first", "END", "last", "END").Replace(s)
	}
	return norm(da) == norm(db)
}

// quoted is where param stands quoted ('head', "head", `head`) in
// sentence, or -1.
func quoted(sentence, param string) int {
	p := strings.ToLower(param)
	for _, q := range []string{"'", "\"", "`"} {
		if i := strings.Index(sentence, q+p+q); i >= 0 {
			return i
		}
	}
	return -1
}

// constant is the JSON text of the one value a parameter of t can take (a
// const, or an enum of one value): a protocol's fixed part (a query API's
// Action and Version), which no user chooses or says. false otherwise.
func constant(t *catalog.Tool, param string) (string, bool) {
	s, ok := t.ParamSchema(param)
	if !ok {
		return "", false
	}
	return constOf(t.Input, s)
}

// constOf is constant for a schema s under root (references resolved).
func constOf(root any, s map[string]any) (string, bool) {
	if r, ok := jsonschema.Resolve(root, s); ok {
		s = r
	}
	v, ok := s["const"]
	if !ok {
		e, _ := s["enum"].([]any)
		if len(e) != 1 {
			return "", false
		}
		v = e[0]
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(raw), true
}

// pageCursor reports whether a field is a page cursor (NextToken, Marker,
// a "token returned by the previous call"): only an earlier page gives
// one, so no user states it, by its name or its description.
func pageCursor(name string, s map[string]any) bool {
	d, _ := s["description"].(string)
	return ident.PageCursor(name, d)
}

// idempotencyToken reports whether a field is a token that only tells a
// retried request from a new one (a client request token): the client
// makes it up, no user says it.
func idempotencyToken(name string, s map[string]any) bool {
	ws := lowerWords(name)
	if len(ws) == 0 || ws[len(ws)-1] != "token" {
		return false
	}
	d, _ := s["description"].(string)
	d = strings.ToLower(d)
	return ws[0] == "idempotency" || strings.Contains(d, "idempoten") || strings.Contains(d, "distinguish between calls") ||
		strings.Contains(d, "retry") && strings.Contains(d, "request") ||
		len(ws) >= 2 && ws[0] == "client" && !strings.Contains(d, "access") && !strings.Contains(d, "auth") && !strings.Contains(d, "verif")
}

// plumbing reports whether an optional field of a value the user states
// is the protocol's, not the user's: a page cursor, an idempotency token,
// a fixed value.
func plumbing(root any, name string, s map[string]any) bool {
	if r, ok := jsonschema.Resolve(root, s); ok {
		s = r
	}
	if _, ok := constOf(root, s); ok {
		return true
	}
	return pageCursor(name, s) || idempotencyToken(name, s)
}

// plumbingParam is plumbing for a parameter of t.
func plumbingParam(t *catalog.Tool, param string) bool {
	s, ok := t.ParamSchema(param)
	return ok && plumbing(t.Input, param, s)
}

// idempotencyParam is idempotencyToken for a parameter of t.
func idempotencyParam(t *catalog.Tool, param string) bool {
	s, ok := t.ParamSchema(param)
	return ok && idempotencyToken(param, s)
}
