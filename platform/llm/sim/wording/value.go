package wording

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Value puts a decoded JSON value (numbers as json.Number) in words with
// the noun the user calls it by: "ticket ID 83", "active set to false",
// `note "Call back on Friday please"`, an object as its fields in prose.
// Every leaf appears as written (Spoken), so the value can be read back.
func Value(noun string, v any) string {
	switch x := v.(type) {
	case map[string]any:
		// A relation is said as one ("Ana Ruiz works at Acme"), an entity
		// by its name and kind.
		if from, ok := x["from"].(string); ok {
			if to, ok := x["to"].(string); ok {
				if rel, ok := x["relationType"].(string); ok && len(x) == 3 {
					return from + " " + strings.ReplaceAll(rel, "_", " ") + " " + to
				}
			}
		}
		if old, repl, ok := replacement(x); ok {
			return "replace " + quoted(old) + " with " + quoted(repl)
		}
		var parts []string
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		// A record with a name is said by it ("src/main.go with content
		// …"), not as "one with path src/main.go".
		lead, key := recordName(x)
		if lead != "" {
			keys = slices.DeleteFunc(keys, func(s string) bool { return s == key })
		}
		for _, k := range keys {
			parts = append(parts, Value(Phrase(k), x[k]))
		}
		if lead != "" {
			return lead + " with " + List(parts)
		}
		if len(parts) == 0 {
			return noun + " empty"
		}
		return noun + " with " + List(parts)
	case []any:
		var parts []string
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				if _, rel := m["relationType"]; rel && len(m) == 3 {
					parts = append(parts, Value("", e))
					continue
				}
				if v, ok := Listed(m); ok {
					parts = append(parts, v) // said by its name, what it holds in brackets
					continue
				}
				if v := Value("", e); !strings.HasPrefix(v, " with ") {
					parts = append(parts, v) // said by its name
					continue
				}
				parts = append(parts, Value("one", e))
				continue
			}
			parts = append(parts, Spoken(e))
		}
		if len(parts) == 0 {
			return "no " + noun
		}
		if !slices.ContainsFunc(parts, func(p string) bool { return !strings.HasPrefix(p, "replace ") }) {
			return List(parts) // edits said as what they replace need no name
		}
		return noun + " " + List(parts)
	case bool:
		return noun + " set to " + Spoken(x)
	}
	return noun + " " + Spoken(v)
}

// Listed says a named record of a list that holds a list or a kind of its
// own as a person lists it: `Laura Nguyen (a person; "Allergic to
// peanuts", "Runs marathons")`, not "Laura Nguyen with entity type person
// and observations Allergic to peanuts and Runs marathons", where the
// reader cannot tell where one record ends and the next starts. Its kind
// is said with an article, its list of texts bare, each text in quotes
// when it has spaces; other fields as Value says them. false when the
// record has no name, or nothing in it would run into the next record.
func Listed(x map[string]any) (string, bool) {
	lead, key := recordName(x)
	if lead == "" {
		return "", false
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		if k != key {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var parts []string
	bracketed := false
	for _, k := range keys {
		switch v := x[k].(type) {
		case string:
			if kindKey(k) && v != "" && !strings.Contains(v, " ") {
				parts = append([]string{WithArticle(strings.ReplaceAll(v, "_", " "))}, parts...)
				bracketed = true
				continue
			}
		case []any:
			if texts, ok := quotedTexts(v); ok {
				parts = append(parts, texts)
				bracketed = true
				continue
			}
		}
		parts = append(parts, Value(Phrase(k), x[k]))
	}
	if !bracketed {
		return "", false
	}
	return lead + " (" + strings.Join(parts, "; ") + ")", true
}

// recordName is the value that names a record and its key.
func recordName(x map[string]any) (string, string) {
	for _, k := range []string{"path", "name", "title", "file_name", "filename", "entityName", "entity_name", "key"} {
		if n, ok := x[k].(string); ok && n != "" && len(x) > 1 {
			return n, k
		}
	}
	return "", ""
}

// kindKey reports whether a field says what kind of thing its record is
// ("entityType", "kind", "category").
func kindKey(k string) bool {
	ws := Words(k)
	if len(ws) == 0 {
		return false
	}
	last := strings.ToLower(ws[len(ws)-1])
	return last == "type" || last == "kind" || last == "category"
}

// quotedTexts says a list of texts with each in quotes when it has spaces,
// joined by commas: inside brackets the list's end is the bracket's.
func quotedTexts(xs []any) (string, bool) {
	var said []string
	for _, e := range xs {
		s, ok := e.(string)
		if !ok {
			return "", false
		}
		said = append(said, Quoted(s))
	}
	return strings.Join(said, ", "), len(said) > 0
}

// Quoted is a text in quotes when it has spaces, so where a note ("Works
// as a musician") ends stays clear in a list; a word is said bare.
func Quoted(s string) string {
	if strings.Contains(s, " ") {
		return `"` + s + `"`
	}
	return s
}

// replacementKeys are the key pairs of an edit that swaps one text for
// another.
var replacementKeys = [][2]string{{"oldText", "newText"}, {"old_text", "new_text"}, {"old_string", "new_string"},
	{"old_str", "new_str"}, {"old", "new"}, {"search", "replace"}, {"find", "replace"}}

// replacement reads an edit object ({"oldText": a, "newText": b}) as the
// text it replaces and the text it puts instead.
func replacement(x map[string]any) (old, repl any, ok bool) {
	if len(x) != 2 {
		return nil, nil, false
	}
	for _, k := range replacementKeys {
		o, hasOld := x[k[0]]
		n, hasNew := x[k[1]]
		if hasOld && hasNew {
			return o, n, true
		}
	}
	return nil, nil, false
}

// quoted is a leaf in quotes when it is text, so where it starts and ends
// stays clear in a sentence.
func quoted(v any) string {
	if s, ok := v.(string); ok {
		return `"` + s + `"`
	}
	return Spoken(v)
}

// Spoken renders a leaf as a person writes it in a message: numbers as
// written, text bare, a sentence-like text in quotes.
func Spoken(v any) string {
	switch x := v.(type) {
	case string:
		if strings.Contains(x, " ") && len(x) > 24 {
			return `"` + x + `"`
		}
		return x
	case json.Number:
		return x.String()
	case nil:
		return "null"
	case map[string]any, []any:
		return Value("", x)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

// List joins phrases as prose: "a", "a and b", "a, b and c".
func List(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
