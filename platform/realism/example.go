package realism

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// exampleMarker finds where a description gives an example: "such as",
// "e.g.", "for example", "for instance", "example:".
var exampleMarker = regexp.MustCompile(`(?i)(?:\bsuch as|\be\.g\.|\bfor example|\bfor instance|\bexamples?:)[,:]?\s*`)

// exampleQuotes are the ways descriptions quote an example value.
var exampleQuotes = []struct{ open, close string }{
	{`"`, `"`}, {`'`, `'`}, {"`", "`"}, {"*", "*"}, {"<code>", "</code>"}, {"“", "”"}, {"‘", "’"},
}

// descriptionExamples lists the example values a description gives: the
// quoted value after each marker, or the single token there (up to a space,
// comma, semicolon or closing bracket, without a sentence's final period).
// A marker may be followed by a list: "e.g. 'AAPL', 'MSFT'" gives both.
func descriptionExamples(desc string) []string {
	var out []string
	for _, loc := range exampleMarker.FindAllStringIndex(desc, -1) {
		rest := desc[loc[1]:]
		for n := 0; n < 4 && rest != ""; n++ {
			v, after, ok := quoted(rest)
			if !ok {
				if n == 0 {
					if tok := bareToken(rest); tok != "" {
						out = append(out, tok)
					}
				}
				break
			}
			out = append(out, v)
			after = strings.TrimLeft(after, " ")
			switch {
			case strings.HasPrefix(after, ","), strings.HasPrefix(after, "/"):
				rest = strings.TrimLeft(after[1:], " ")
			case strings.HasPrefix(after, "or "), strings.HasPrefix(after, "and "):
				rest = after[strings.Index(after, " ")+1:]
			default:
				rest = ""
			}
		}
	}
	return out
}

func quoted(s string) (value, rest string, ok bool) {
	for _, q := range exampleQuotes {
		if strings.HasPrefix(s, q.open) {
			body := s[len(q.open):]
			end := strings.Index(body, q.close)
			if end <= 0 || end > 80 {
				return "", "", false
			}
			return body[:end], body[end+len(q.close):], true
		}
	}
	return "", "", false
}

func bareToken(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;)]}", r)
	})
	if end < 0 {
		end = len(s)
	}
	return strings.TrimRight(s[:end], ".:")
}

// exampleShape is the character-class shape of an example or value: each
// run of digits becomes 9, of upper-case letters A, of lower-case letters a,
// and every other character stands for itself. "#W0000000" and "#W4821734"
// are both "#A9"; "order_784" is "a_9".
func exampleShape(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		var c rune
		switch {
		case unicode.IsDigit(r):
			c = '9'
		case unicode.IsUpper(r):
			c = 'A'
		case unicode.IsLower(r):
			c = 'a'
		default:
			c = r
		}
		if c != last || !strings.ContainsRune("9Aa", c) {
			b.WriteRune(c)
		}
		last = c
	}
	return b.String()
}

// shapeBearing reports whether an example fixes a shape rather than naming
// one word of a vocabulary: a single token holding a digit ("#W0000000",
// "2024-01-15", "3306"), a symbol next to an upper-case letter ("en-US"),
// or an upper-case code of two letters or more ("AAPL", "USD"). "Paris",
// "delete" or "first and last name" give a kind of value, not a shape; a
// lower-case template ("organization-name/repository-name") names the
// parts, not their characters; an example with a wildcard or a placeholder
// ("{id}", "*", "…") gives a pattern the measure does not read.
func shapeBearing(ex string) bool {
	if ex == "" || strings.ContainsAny(ex, " \t\n{}*…<>|") || len([]rune(ex)) > 60 {
		return false
	}
	if isNumber(ex) {
		return true
	}
	upper, letters, symbol := 0, 0, false
	for _, r := range ex {
		switch {
		case unicode.IsDigit(r):
			return true
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLetter(r):
			letters++
		default:
			symbol = true
		}
	}
	if symbol {
		return upper > 0
	}
	return upper >= 2 && upper == letters
}

// fitsExample reports whether value has the shape of the example: the same
// character-class shape, or both numbers (a range is not a shape).
func fitsExample(value, example string) bool {
	if isNumber(example) {
		return isNumber(value)
	}
	return exampleShape(value) == exampleShape(example)
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
