package realism

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// placeholderShape is one explicit way a value can look like a stand-in
// rather than data. The list is the measure's definition: a value is
// placeholder-shaped when one of these matches it whole, or, for the shapes
// marked inText, one of its words.
type placeholderShape struct {
	name   string
	inText bool // also found as one word of a longer text
	match  func(s string) bool
}

var (
	// word_123, id_12345, field_0, user_93925, review_launch_42: lower-case
	// words joined by underscores and a number; a plausible year (1900-2099)
	// as the number is a real naming habit ("budget_2024") and is left alone.
	wordNumber = regexp.MustCompile(`^[a-z]+(?:_[a-z]+)*_([0-9]+)$`)
	// /data/review_13.csv, C:\tmp\field_2.txt: a path whose file stem has the
	// word_number shape.
	pathStem = regexp.MustCompile(`^[^ ]*[/\\]([a-z]+(?:_[a-z]+)*_[0-9]+)(?:\.[A-Za-z0-9]+)?$`)
	// test123, sample_2, example, dummy, placeholder, foo, bar, baz, abc123,
	// asdf, qwerty, xxx, TODO, N/A.
	testWord = regexp.MustCompile(`(?i)^(?:test|testing|sample|example|dummy|placeholder|foo|bar|baz|qux|quux|foobar|abc|asdf|qwerty|xyz|todo|tbd|n/a|x{3,})[-_ ]?[0-9]*$`)
	// Please review the audit invoice before Friday.
	reviewTemplate = regexp.MustCompile(`^Please review the \w+ \w+ before Friday\.?$`)
	// <name>, {user_id}, {{value}}, ${VAR}, [insert name]
	bracketed = regexp.MustCompile(`^(?:<[^<>]{1,40}>|\$?\{\{?[\w .-]{1,40}\}?\}|\[(?i:insert|your|enter)[^\]]{0,40}\])$`)
	// YOUR_API_KEY, your-name, your email here
	yourValue = regexp.MustCompile(`(?i)^your[ _-][\w ]{1,30}$`)
)

// typeNames are JSON Schema and programming type names, which a generator
// that read the type instead of producing a value writes as the value.
var typeNames = map[string]bool{
	"int": true, "integer": true, "string": true, "str": true, "float": true, "double": true,
	"number": true, "bool": true, "boolean": true, "object": true, "array": true, "dict": true,
	"null": true, "undefined": true, "nan": true, "int32": true, "int64": true, "varchar": true,
}

var placeholderShapes = []placeholderShape{
	{"test_word", false, testWord.MatchString},
	{"word_number", true, func(s string) bool {
		m := wordNumber.FindStringSubmatch(s)
		return m != nil && !plausibleYear(m[1])
	}},
	{"path_of_word_number", true, func(s string) bool {
		m := pathStem.FindStringSubmatch(s)
		if m == nil {
			return false
		}
		n := wordNumber.FindStringSubmatch(m[1])
		return n != nil && !plausibleYear(n[1])
	}},
	{"type_name", false, func(s string) bool { return typeNames[strings.ToLower(s)] }},
	{"lorem_ipsum", false, func(s string) bool { return strings.Contains(strings.ToLower(s), "lorem ipsum") }},
	{"review_template", false, reviewTemplate.MatchString},
	{"bracketed", false, bracketed.MatchString},
	{"your_value", false, yourValue.MatchString},
	{"doubled_word", false, doubledWord},
	{"sequential_digits", false, func(s string) bool {
		return len(s) >= 4 && (strings.HasPrefix("1234567890", s) || strings.HasPrefix("0123456789", s))
	}},
}

// doubledWord matches one word said twice or more ("review review",
// "Launch launch"), what picking words at random from a small vocabulary
// gives; place names that double a capitalised word ("Bora Bora", "Walla
// Walla") are left alone.
func doubledWord(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 {
		return false
	}
	capitalised := true
	for _, w := range ws {
		if !strings.EqualFold(w, ws[0]) {
			return false
		}
		r := []rune(w)
		capitalised = capitalised && unicode.IsUpper(r[0])
	}
	return !capitalised
}

func plausibleYear(digits string) bool {
	y, err := strconv.Atoi(digits)
	return err == nil && len(digits) == 4 && y >= 1900 && y <= 2099
}

// placeholder returns the name of the first shape that matches s, or "".
// A multi-word text is placeholder-shaped when it matches whole (a
// template) or when one of its words has an inText shape ("no user matches
// user_30325").
func placeholder(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return ""
	}
	for _, sh := range placeholderShapes {
		if sh.match(t) {
			return sh.name
		}
	}
	if !strings.ContainsFunc(t, unicode.IsSpace) {
		return ""
	}
	for _, w := range strings.Fields(t) {
		w = strings.TrimFunc(w, func(r rune) bool { return strings.ContainsRune(`"'`+"`"+`.,;:!?()[]{}`, r) })
		for _, sh := range placeholderShapes {
			if sh.inText && sh.match(w) {
				return sh.name
			}
		}
	}
	return ""
}
