package sim

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var (
	// choicesRe finds the values a description lists for a field:
	// "one of: open, closed", "either 'asc' or 'desc'", "pending or done".
	choicesRe      = regexp.MustCompile(`(?i)(?:one of|possible values(?: are)?|allowed values(?: are)?|valid values(?: are)?|can be|either|options(?: are)?|values?:)\s*:?\s*((?:['"` + "`" + `]?[A-Za-z0-9_\-]{1,24}['"` + "`" + `]?(?:\s*,\s*|\s*,?\s*or\s+|\s*\|\s*|\s*/\s*))+['"` + "`" + `]?[A-Za-z0-9_\-]{1,24}['"` + "`" + `]?)`)
	bracketChoices = regexp.MustCompile(`(?i)(?:enum|one of|choose from|options|values|possible values)\]?\s*:?\s*\[((?:\s*["'][^"']{1,40}["']\s*,?)+)\]`)
	slashChoices   = regexp.MustCompile(`\(([A-Za-z_]{2,20}(?:/[A-Za-z_]{2,20})+)\)`)
	// three or more quoted values in a row: 'file', 'folder', 'shared_folder'
	quotedList  = regexp.MustCompile(`(?:'[^'\s]{1,30}'|"[^"\s]{1,30}")(?:\s*(?:,|,? or)\s*(?:'[^'\s]{1,30}'|"[^"\s]{1,30}")){2,}`)
	quotedItem  = regexp.MustCompile(`["']([^"']{1,40})["']`)
	bulletRe    = regexp.MustCompile(`(?m)^\s*[-*]\s*` + "`?" + `([A-Za-z0-9_.]{1,24})` + "`?" + `\s*(?:=|:| - )\s`)
	choiceSplit = regexp.MustCompile(`\s*(?:,\s*or\s+|,|\bor\b|\||/)\s*`)
)

// choices returns the values a description enumerates in prose or as a
// bullet list ("- JSON = ...").
func choices(raw string) []string {
	if m := slashChoices.FindStringSubmatch(raw); m != nil {
		return strings.Split(m[1], "/")
	}
	if m := quotedList.FindString(raw); m != "" {
		var out []string
		for _, q := range quotedItem.FindAllStringSubmatch(m, 24) {
			out = append(out, q[1])
		}
		return out
	}
	if m := bracketChoices.FindStringSubmatch(raw); m != nil {
		var out []string
		for _, q := range quotedItem.FindAllStringSubmatch(m[1], 24) {
			out = append(out, q[1])
		}
		if len(out) >= 2 {
			return out
		}
	}
	if bs := bulletRe.FindAllStringSubmatch(raw, 12); len(bs) >= 2 {
		var out []string
		for _, b := range bs {
			out = append(out, b[1])
		}
		return out
	}
	m := choicesRe.FindStringSubmatch(raw)
	if m == nil {
		return nil
	}
	var out []string
	for _, c := range choiceSplit.Split(m[1], -1) {
		c = strings.Trim(c, "'\"` ")
		if c != "" && !strings.EqualFold(c, "or") {
			out = append(out, c)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// spelledLayout finds a date layout written out in a description:
// YYYY-MM-DD, MM/YYYY, dd.mm.yyyy hh:mm.
var spelledLayout = regexp.MustCompile(`(?i)\b(?:yyyy|yy|mm|dd|hh|ss)(?:[-/.: t](?:yyyy|yy|mm|dd|hh|ss))+\b|\byyyymmdd\b`)

// layoutIn returns the Go layout of a date layout a description spells
// out, if any: "in the format MM/YYYY" gives 01/2006.
func layoutIn(text string) string {
	m := spelledLayout.FindString(text)
	if m == "" {
		return ""
	}
	lower := strings.ToLower(m)
	if lower == "yyyymmdd" {
		return "20060102"
	}
	var b strings.Builder
	afterHour := false
	for i := 0; i < len(lower); {
		j := i
		for j < len(lower) && lower[j] == lower[i] {
			j++
		}
		tok := lower[i:j]
		switch tok {
		case "yyyy":
			b.WriteString("2006")
		case "yy":
			b.WriteString("06")
		case "mm":
			if afterHour {
				b.WriteString("04")
			} else {
				b.WriteString("01")
			}
		case "dd":
			b.WriteString("02")
		case "hh":
			b.WriteString("15")
			afterHour = true
		case "ss":
			b.WriteString("05")
		case "t":
			b.WriteString("T")
		default:
			b.WriteString(m[i:j])
		}
		i = j
	}
	return b.String()
}

// schemaLayout returns the layout a description spells, unless the
// schema's format names another shape: the format is what a validator
// checks, so a date-time field described as "YYYY-MM-DD" holds a
// date-time, and a date field described with a time holds a plain date.
func schemaLayout(s map[string]any, spelled string) string {
	fm, _ := s["format"].(string)
	want, ok := map[string]string{"date-time": time.RFC3339, "date": "2006-01-02", "time": "15:04:05Z07:00"}[strings.ToLower(fm)]
	if spelled == "" || !ok {
		return spelled
	}
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	if _, err := time.Parse(want, at.Format(spelled)); err != nil {
		return want
	}
	return spelled
}

// layoutOf returns the layout an example date is written in.
func layoutOf(ex string) string {
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05Z", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02", "2006/01/02", "01/02/2006", "02.01.2006", "2006-01", "15:04:05", "15:04"} {
		if _, err := time.Parse(l, ex); err == nil {
			return l
		}
	}
	if _, err := time.Parse("02/01/2006", ex); err == nil {
		return "02/01/2006"
	}
	return ""
}

// randomLooking reports whether an example is a random token (a key, a
// hash) whose letters are noise, not a word or a prefix.
func randomLooking(ex string) bool {
	if len(ex) < 12 || strings.Contains(ex, "://") || strings.Contains(ex, "@") || strings.Count(ex, ".") >= 2 || strings.Contains(ex, " ") {
		return false // an address or a text: its letters are words
	}
	var lower, upper, digit int
	for _, r := range ex {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r):
			digit++
		}
	}
	return digit > 0 && (lower > 0 || upper > 0) || lower > 0 && upper > 2
}

// isHex reports whether a run of letters and digits is hexadecimal.
func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// likeExample returns a value of the example's shape: digits become other
// digits, a random-looking token other characters of the same classes;
// letters that read as a prefix or a word ("ORD-", "#W", "NCBITaxon:") and
// all punctuation stay.
func (v *Values) likeExample(ex string) string {
	rs := []rune(ex)
	noisy := randomLooking(ex)
	hex := noisy && isHex(strings.Map(func(r rune) rune {
		if r == '-' {
			return -1
		}
		return r
	}, ex))
	allZero := strings.Trim(ex, "0-_#:./ ") == "" || strings.Count(ex, "0") > len(ex)/2
	out := make([]rune, len(rs))
	digitRun, skip := 0, 0
	for i, r := range rs {
		if skip > 0 {
			skip-- // the rest of a year written below
			continue
		}
		if y, ok := yearAt(rs, i); ok && !noisy {
			// A year stays a plausible one, between the example's and
			// the synthesiser's present (2025, as its dates): "2015REG" →
			// "2022REG", not "7301REG".
			hi := max(y, presentYear)
			copy(out[i:], []rune(strconv.Itoa(y+v.r.IntN(hi-y+1))))
			skip = 3
			continue
		}
		switch {
		case unicode.IsDigit(r):
			out[i] = v.likeDigit(rs, i, digitRun == 0, allZero, hex)
			digitRun++
		case noisy && unicode.IsLower(r):
			digitRun = 0
			out[i] = v.likeLetter('a', hex)
		case noisy && unicode.IsUpper(r):
			digitRun = 0
			out[i] = v.likeLetter('A', hex)
		default:
			digitRun = 0
			out[i] = r
		}
	}
	return string(out)
}

// likeDigit draws the digit at i of an example again: the first of a run
// keeps a country code or a magnitude (not 0 unless it was, and the example
// is not mostly zeros); in a hex string a digit may become a letter.
func (v *Values) likeDigit(rs []rune, i int, first, allZero, hex bool) rune {
	var d rune
	switch r := rs[i]; {
	case first && r != '0' && len(rs) > 1 && !allZero:
		d = rune('1' + v.r.IntN(9))
	case first && r == '0' && !allZero:
		d = '0'
	case first:
		d = rune('1' + v.r.IntN(9))
	default:
		d = rune('0' + v.r.IntN(10))
	}
	if hex && v.r.IntN(3) == 0 && !unicode.IsUpper(neighbour(rs, i)) {
		d = rune('a' + v.r.IntN(6))
	}
	return d
}

// likeLetter draws a letter again from base ('a' or 'A'): a hex digit in a
// hex string.
func (v *Values) likeLetter(base rune, hex bool) rune {
	if hex {
		return base + rune(v.r.IntN(6))
	}
	return base + rune(v.r.IntN(26))
}

// presentYear is the year the synthesiser's dates are around (Values.date).
const presentYear = 2025

// yearAt reads a year (1900–2099) written as exactly four digits at i.
func yearAt(rs []rune, i int) (int, bool) {
	if i+4 > len(rs) || i > 0 && unicode.IsDigit(rs[i-1]) || i+4 < len(rs) && unicode.IsDigit(rs[i+4]) {
		return 0, false
	}
	y, err := strconv.Atoi(string(rs[i : i+4]))
	if err != nil || y < 1900 || y > 2099 {
		return 0, false
	}
	return y, true
}

func neighbour(rs []rune, i int) rune {
	if i > 0 {
		return rs[i-1]
	}
	if i+1 < len(rs) {
		return rs[i+1]
	}
	return 'a'
}

// shapeOf reduces a value to its shape: digits to 9, letters to a or A,
// the rest kept; the realism checks compare shapes.
func shapeOf(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsDigit(r):
			return '9'
		case unicode.IsUpper(r):
			return 'A'
		case unicode.IsLetter(r):
			return 'a'
		}
		return r
	}, s)
}

// hasDigit reports whether s holds a digit.
func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }
