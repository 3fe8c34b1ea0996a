package realism

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	quotedValue = regexp.MustCompile("\"([^\"]{1,80})\"|'([^']{1,80})'|`([^`]{1,80})`|“([^”]{1,80})”")
	// A number with a unit ("2s", "30ms", "100MB", "50%") is a limit or a
	// delay, not a value of the call.
	withUnit = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?[A-Za-z%]{1,3}$`)
)

// standardNames are names of standards and encodings an error message may
// cite; they mix letters and digits but are not values of the call.
var standardNames = map[string]bool{
	"iso8601": true, "iso-8601": true, "rfc3339": true, "rfc-3339": true, "utf-8": true, "utf8": true,
	"e.164": true, "e164": true, "oauth2": true, "http/1.1": true, "http/2": true, "sha256": true,
	"sha-256": true, "md5": true, "base64": true, "ipv4": true, "ipv6": true, "iso4217": true,
	"iso-4217": true, "iso3166": true, "iso-3166": true, "x509": true, "s3": true, "v1": true, "v2": true, "v3": true,
}

// errorText is the message of an error result: the "error" member when it
// is a string, its "message" when it is an object, else the whole content.
func errorText(content string) string {
	v, ok := decode(content)
	if !ok {
		return content
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return content
	}
	switch e := obj["error"].(type) {
	case string:
		return e
	case map[string]any:
		if m, ok := e["message"].(string); ok {
			return m
		}
	}
	if m, ok := obj["message"].(string); ok {
		return m
	}
	return content
}

// namedValues lists the values an error message names: its quoted
// strings, and its words that mix letters and digits (an id such as
// "user_30325" or "ORD-48213"), less numbers with units and the names of
// standards.
func namedValues(msg string) []string {
	var out []string
	for _, m := range quotedValue.FindAllStringSubmatch(msg, -1) {
		for _, g := range m[1:] {
			if g != "" {
				out = append(out, g)
			}
		}
	}
	rest := quotedValue.ReplaceAllString(msg, " ")
	for _, w := range strings.Fields(rest) {
		w = strings.TrimFunc(w, func(r rune) bool { return strings.ContainsRune(`.,;:!?()[]{}<>`, r) })
		// "card_verification_number=26903": the parameter, then its value.
		if _, v, ok := strings.Cut(w, "="); ok {
			w = v
		}
		if len(w) < 3 || withUnit.MatchString(w) || standardNames[strings.ToLower(w)] {
			continue
		}
		if strings.ContainsFunc(w, unicode.IsDigit) && strings.ContainsFunc(w, unicode.IsLetter) {
			out = append(out, w)
		}
	}
	return out
}

// foreignValue returns the first value an error message names that the
// call did not carry: not in its arguments (keys or values), not the
// tool's name, not in the tool's own schema text. "" when there is none.
func foreignValue(msg, tool, args, schemaText string) string {
	pool := normalize(tool) + "\n" + normalize(args) + "\n" + normalize(schemaText)
	for _, v := range namedValues(msg) {
		if n := normalize(v); n != "" && !strings.Contains(pool, n) {
			return v
		}
	}
	return ""
}
