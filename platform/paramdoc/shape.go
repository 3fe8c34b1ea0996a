package paramdoc

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Shape is the character-class shape of an example or value: each
// run of digits becomes 9, of upper-case letters A, of lower-case letters a,
// and every other character stands for itself. "#W0000000" and "#W4821734"
// are both "#A9"; "order_784" is "a_9".
func Shape(s string) string {
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

// ShapeBearing reports whether an example fixes a shape rather than naming
// one word of a vocabulary: a single token holding a digit ("#W0000000",
// "2024-01-15", "3306"), a symbol next to an upper-case letter ("en-US"),
// or an upper-case code of two letters or more ("AAPL", "USD"). "Paris",
// "delete" or "first and last name" give a kind of value, not a shape; a
// lower-case template ("organization-name/repository-name") names the
// parts, not their characters; an example with a wildcard or a placeholder
// ("{id}", "*", "…") gives a pattern the measure does not read.
func ShapeBearing(ex string) bool {
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

// FitsExample reports whether value has the shape of the example: the same
// character-class shape, or both numbers (a range is not a shape). An
// example that is a comma-separated list ("14354,65473,3234") is fitted by
// a list of any length whose every item has the shape of its first; two
// RFC 3339 times fit whatever their precision and zone; a hexadecimal key
// is fitted by another of the same length.
func FitsExample(value, example string) bool {
	if isNumber(example) {
		return isNumber(value)
	}
	if first, _, list := strings.Cut(example, ","); list && first != "" {
		for _, item := range strings.Split(value, ",") {
			if !FitsExample(strings.TrimSpace(item), strings.TrimSpace(first)) {
				return false
			}
		}
		return true
	}
	if isTime(example) {
		return isTime(value)
	}
	if len(example) >= 8 && isHex(example) {
		return len(value) == len(example) && isHex(value)
	}
	return Shape(value) == Shape(example)
}

func isTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// isHex reports whether s is lower- or upper-case hexadecimal holding both a
// digit and a letter (a key or a hash, not a number or a word).
func isHex(s string) bool {
	digit, letter := false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F':
			letter = true
		default:
			return false
		}
	}
	return digit && letter
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
