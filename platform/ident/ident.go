// Package ident reads identifiers — tool, parameter and field names — as
// words, whatever their case convention.
package ident

import (
	"strings"
	"unicode"
)

// Words splits an identifier into lower-case words at separators (anything
// but letters and digits: snake_case, kebab-case, dotted and path names)
// and at case changes: before an upper-case letter that follows a lower-case
// one ("getOrder"), and before the last capital of an acronym that starts a
// word ("HTTPStatus" → http status, "readStorageV1StorageClass" → read
// storage v1 storage class).
func Words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}
