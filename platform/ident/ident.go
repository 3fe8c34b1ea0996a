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

// Singular is the singular of an English plural word, by suffix rules good
// enough for API vocabulary: ids → id, users → user, categories → category,
// addresses → address, statuses → status, houses → house; words of three
// letters or fewer, and words ending in ss, us or is, stay as they are.
func Singular(w string) string {
	n := len(w)
	switch {
	case w == "ids":
		return "id"
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case strings.HasSuffix(w, "uses") && n >= 5 && (n == 5 || !strings.ContainsRune("aeiou", rune(w[n-5]))):
		return w[:n-2] // statuses, buses; not houses, causes
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case w[n-1] == 's':
		return w[:n-1]
	}
	return w
}
