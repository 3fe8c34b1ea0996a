package realism

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize folds what a person would not count as a difference between
// two mentions of a value: case, runs of white space, diacritics ("Zoë" is
// "zoe") and surrounding quotes or punctuation.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimFunc(b.String(), func(r rune) bool { return strings.ContainsRune(`"'`+"`"+`.,;:!?()[]{}`, r) })
}

// canonicalNumber writes a number the one way: "1,250.50", "1250.5" and
// "1250.50" are all "1250.5". ok is false when s is not a number.
func canonicalNumber(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if strings.Contains(t, ",") {
		// Thousands separators only: 1,250 or 12,500,000.50.
		intPart, _, _ := strings.Cut(t, ".")
		groups := strings.Split(strings.TrimPrefix(intPart, "-"), ",")
		for i, g := range groups {
			if (i > 0 && len(g) != 3) || g == "" || len(g) > 3 {
				return "", false
			}
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || strings.ContainsAny(t, "eEinfINFxX_") {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// conversation is what a trajectory has said up to a point: the normalised
// text of its system, user and tool messages and of earlier call arguments,
// the numbers in it (canonical) and its words.
type conversation struct {
	text    strings.Builder
	numbers map[string]bool
	words   map[string]bool
}

func newConversation() *conversation {
	return &conversation{numbers: map[string]bool{}, words: map[string]bool{}}
}

// addText adds a message's text; JSON content (a tool output) is added as
// its keys and decoded values, so escapes do not hide a value.
func (c *conversation) addText(s string) {
	if v, ok := decode(s); ok {
		if _, scalar := v.(string); !scalar {
			for _, k := range objectKeys(v) {
				c.add(k)
			}
			for _, l := range leaves(v) {
				c.add(l.text)
			}
			return
		}
	}
	c.add(s)
}

func (c *conversation) add(s string) {
	n := normalize(s)
	c.text.WriteString(n)
	c.text.WriteString("\n")
	for _, tok := range strings.FieldsFunc(n, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".,-+", r)
	}) {
		tok = strings.TrimRight(tok, ".,")
		if num, ok := canonicalNumber(tok); ok {
			c.numbers[num] = true
		}
		for _, w := range words(tok) {
			c.words[w] = true
		}
	}
}

// grounds reports whether a leaf value occurs in the conversation: a number
// as a number written there (in any formatting), a string as a substring
// of the normalised text, and a text of three words or more when at least
// two thirds of its words of three letters or more occur there (a message
// the assistant composes from the request reuses its words, not its exact
// sentence).
func (c *conversation) grounds(l leaf) bool {
	if num, ok := canonicalNumber(l.text); ok && c.numbers[num] {
		return true
	}
	if l.number {
		return false
	}
	n := normalize(l.text)
	if n == "" || strings.Contains(c.text.String(), n) {
		return true
	}
	// An identifier said in words ("works_at" as "works at") is given.
	if strings.Contains(l.text, "_") && !strings.Contains(l.text, " ") {
		if w := normalize(strings.ReplaceAll(l.text, "_", " ")); w != "" && strings.Contains(c.text.String(), w) {
			return true
		}
	}
	ws := words(n)
	if len(ws) < 3 {
		return false
	}
	long, found := 0, 0
	for _, w := range ws {
		if len([]rune(w)) < 3 {
			continue
		}
		long++
		if c.words[w] {
			found++
		}
	}
	return long > 0 && 3*found >= 2*long
}

// words splits text into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// countsForGrounding says whether a leaf is long enough to carry
// information that must come from somewhere (docs/metrics.md's threshold
// for dependent values): a string of three characters or more, or a number
// written with three characters or more. "true"/"false" written as strings
// are flags, not values.
func countsForGrounding(l leaf) bool {
	if l.number {
		return len(l.text) >= 3
	}
	if !l.str || len([]rune(strings.TrimSpace(l.text))) < 3 {
		return false
	}
	switch strings.ToLower(l.text) {
	case "true", "false", "null", "none":
		return false
	}
	return true
}

// isLiteral reports whether the value is one the schema or the description
// itself offers for the parameter (enum, const, default, example).
func isLiteral(value string, p param) bool {
	n := normalize(value)
	num, isNum := canonicalNumber(value)
	for _, lits := range [][]string{p.literals, p.examples} {
		for _, lit := range lits {
			if normalize(lit) == n {
				return true
			}
			if isNum {
				if m, ok := canonicalNumber(lit); ok && m == num {
					return true
				}
			}
		}
	}
	return false
}
