package realism

import (
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// qualifiers are the generic words a generator puts before a field's own
// name when it has no value for it: "default option", "main status",
// "secondary season", "personal memory".
var qualifiers = map[string]bool{
	"main": true, "default": true, "custom": true, "new": true, "old": true, "primary": true,
	"secondary": true, "public": true, "private": true, "personal": true, "standard": true, "team": true,
	"business": true, "external": true, "internal": true, "premium": true, "basic": true, "generic": true,
	"other": true, "some": true, "my": true, "first": true, "second": true,
}

// echoesName reports whether a value is a generic qualifier followed by
// nothing but the names around it: the words of its keys on the way, or of
// the tool's name, whole or cut short ("main statu" under doorStatus). Such
// a value restates where it is instead of holding data. "New York" under
// city, "Main Street" under address, "team admin" under role hold data and
// are left alone.
func echoesName(value string, path []string, tool string) bool {
	ws := strings.Fields(strings.ToLower(value))
	if len(ws) < 2 || len(ws) > 4 || !qualifiers[ws[0]] {
		return false
	}
	var names []string
	for _, k := range path {
		names = append(names, ident.Words(k)...)
	}
	names = append(names, ident.Words(tool)...)
	for _, w := range ws[1:] {
		if qualifiers[w] {
			continue
		}
		found := false
		for _, n := range names {
			if n == w || n+"s" == w || len(w) >= 4 && strings.HasPrefix(n, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
