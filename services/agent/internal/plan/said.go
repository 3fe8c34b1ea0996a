package plan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Unsaid returns the leaves of a value the user must state that text does
// not convey, as a person reading it would judge: case, whitespace and
// diacritics do not count ("Zoë" is "zoe"), a number matches however it is
// written (1200, 1,200, $1,200.00; a small whole number also as a word,
// "six"), and a date or a date-time in any common format ("2026-03-05",
// "March 5th, 2026", "5 Mar 2026", "03/05/2026"; the time as "14:30" or
// "2:30 pm"). Flags and nulls cannot be checked in prose and count as said.
func Unsaid(v any, text string) []string {
	folded := Fold(text)
	var out []string
	for _, l := range Leaves(v) {
		if !said(l, text, folded) {
			out = append(out, Text(l))
		}
	}
	return out
}

// Fold lower-cases s, strips diacritics and collapses whitespace.
func Fold(s string) string {
	if f, ok := foldASCII(s); ok {
		return f
	}
	var b strings.Builder
	// Invalid bytes become U+FFFD first: normalising them raw, a byte that
	// looks like a sequence's lead takes its neighbours differently inside a
	// longer text, and a value would not be found verbatim in it.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "�")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// foldASCII is Fold of an ASCII text, which normalisation leaves as it is:
// lower-cased with its runs of white space one space, in one pass (Fold is
// called on every message a rollout checks). ok is false for other texts.
func foldASCII(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	space := false // a space is pending before the next word
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case c == ' ' || c >= '\t' && c <= '\r':
			space = len(b) > 0
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
	}
	return string(b), true
}

// SaidIn reports whether leaf l is said in one of texts, as Unsaid reads
// a statement.
func SaidIn(l any, texts []string) bool {
	for _, t := range texts {
		if said(l, t, Fold(t)) {
			return true
		}
	}
	return false
}

func said(l any, text, folded string) bool {
	if f, ok := Number(l); ok {
		return numberSaid(f, text)
	}
	s, ok := l.(string)
	if !ok {
		return true // a flag or null: not checkable in prose
	}
	if strings.TrimSpace(s) == "" || strings.Contains(folded, Fold(s)) {
		return true
	}
	// An identifier is said in words: "works_at" as "works at".
	if strings.Contains(s, "_") && !strings.Contains(s, " ") && strings.Contains(folded, Fold(strings.ReplaceAll(s, "_", " "))) {
		return true
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		// A number written as a string, or a code of digits (a phone number).
		return numberSaid(f, text) || digitsSaid(digitsOf(s), text)
	}
	if dateTokenSaid(s, text) {
		return true // the same date in another numeric layout (02/2025 for 2025-02-03)
	}
	if d, hasTime, ok := parseWhen(s); ok {
		return dateSaid(d, folded) && (!hasTime || timeSaid(d, folded))
	}
	if digitsOnly.MatchString(s) {
		return digitsSaid(digitsOf(s), text)
	}
	return false
}

// A phone number or a grouped code is said in groups of any separators:
// "+1 (415) 555-0100" is "+14155550100".
var (
	digitsOnly = regexp.MustCompile(`^\+?[\d\s\-.()/]*\d[\d\s\-.()/]*$`)
	digitRun   = regexp.MustCompile(`\+?\d[\d\s\-.()/]*\d`)
)

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func digitsSaid(want, text string) bool {
	if len(want) < 5 {
		return false
	}
	for _, m := range digitRun.FindAllString(text, -1) {
		if digitsOf(m) == want {
			return true
		}
	}
	return false
}

var (
	numberRe    = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)
	numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
)

func numberSaid(f float64, text string) bool {
	for _, m := range numberRe.FindAllStringIndex(text, -1) {
		t := text[m[0]:m[1]]
		neg := m[0] > 0 && text[m[0]-1] == '-' && (m[0] == 1 || !isDigitByte(text[m[0]-2]))
		if g, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64); err == nil {
			if neg {
				g = -g
			}
			if g == f {
				return true
			}
		}
	}
	if f >= 0 && f <= 20 && f == float64(int(f)) {
		w := numberWords[int(f)]
		for _, tok := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if tok == w {
				return true
			}
		}
	}
	return false
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// The forms a date value takes in a plan.
var whenLayouts = []struct {
	layout  string
	hasTime bool
}{
	{time.RFC3339, true}, {"2006-01-02T15:04:05", true}, {"2006-01-02T15:04", true}, {"2006-01-02 15:04:05", true}, {"2006-01-02 15:04", true},
	{"2006-01-02", false}, {"2006/01/02", false},
}

func parseWhen(s string) (time.Time, bool, bool) {
	s = strings.TrimSpace(s)
	for _, l := range whenLayouts {
		if d, err := time.Parse(l.layout, s); err == nil {
			return d, l.hasTime, true
		}
	}
	return time.Time{}, false, false
}

var ordinal = regexp.MustCompile(`(\d)(st|nd|rd|th)\b`)

// dateSaid reports whether folded text writes date d in a common format.
func dateSaid(d time.Time, folded string) bool {
	t := ordinal.ReplaceAllString(strings.ReplaceAll(folded, ",", ""), "$1")
	t = strings.ReplaceAll(t, " of ", " ")
	y, m, day := d.Date()
	month := strings.ToLower(m.String())
	short := month[:3]
	forms := []string{
		fmt.Sprintf("%04d-%02d-%02d", y, m, day),
		fmt.Sprintf("%04d/%02d/%02d", y, m, day),
		fmt.Sprintf("%02d/%02d/%04d", m, day, y), fmt.Sprintf("%d/%d/%04d", m, day, y),
		fmt.Sprintf("%02d/%02d/%04d", day, m, y), fmt.Sprintf("%d/%d/%04d", day, m, y),
		fmt.Sprintf("%02d.%02d.%04d", day, m, y), fmt.Sprintf("%d.%d.%04d", day, m, y),
	}
	for _, mn := range []string{month, short, short + "."} {
		forms = append(forms,
			fmt.Sprintf("%s %d %04d", mn, day, y),
			fmt.Sprintf("%d %s %04d", day, mn, y))
	}
	for _, f := range forms {
		if containsToken(t, f) {
			return true
		}
	}
	return false
}

// timeSaid reports whether folded text gives d's time of day: "14:30",
// "2:30 pm", "2:30pm", or "2 pm" on the hour.
func timeSaid(d time.Time, folded string) bool {
	h, mi := d.Hour(), d.Minute()
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	ampm := "am"
	if h >= 12 {
		ampm = "pm"
	}
	t := strings.ReplaceAll(folded, ".", "")
	forms := []string{fmt.Sprintf("%02d:%02d", h, mi), fmt.Sprintf("%d:%02d %s", h12, mi, ampm), fmt.Sprintf("%d:%02d%s", h12, mi, ampm)}
	if h < 10 {
		forms = append(forms, fmt.Sprintf("%d:%02d", h, mi))
	}
	if mi == 0 {
		forms = append(forms, fmt.Sprintf("%d %s", h12, ampm), fmt.Sprintf("%d%s", h12, ampm))
		if h == 12 {
			forms = append(forms, "noon", "midday")
		}
		if h == 0 {
			forms = append(forms, "midnight")
		}
	}
	for _, f := range forms {
		if containsToken(t, f) {
			return true
		}
	}
	return false
}

// containsToken reports whether f occurs in t not inside a longer number
// or word ("1/5/2026" is not in "11/5/2026").
func containsToken(t, f string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], f)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(f)
		if (start == 0 || !isWordByte(t[start-1])) && (end == len(t) || !isWordByte(t[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(b byte) bool { return isDigitByte(b) || (b >= 'a' && b <= 'z') }
