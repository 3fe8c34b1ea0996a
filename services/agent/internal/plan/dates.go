package plan

import (
	"regexp"
	"strings"
	"time"
)

// Dates written in one layout and passed on in another: a result gives an
// expiry as 2025-02-03 and the next tool takes it as MM/YYYY. The value is
// the same date at the coarser layout's precision, and a careful assistant
// converts it; references, grounding and verification accept the
// conversion as the same value (SameValue).

// dateLayouts are the unambiguous numeric layouts recognised, finest
// first; dd/mm against mm/dd is never guessed.
var dateLayouts = []struct {
	layout string
	day    bool
}{
	{time.RFC3339, true}, {"2006-01-02T15:04:05", true}, {"2006-01-02 15:04:05", true},
	{"2006-01-02", true}, {"2006/01/02", true}, {"2006-01", false}, {"01/2006", false}, {"01-2006", false}, {"01/06", false},
}

// parseDate reads s in one of dateLayouts; day says whether it carries one.
func parseDate(s string) (t time.Time, day bool, ok bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.layout, strings.TrimSpace(s)); err == nil {
			return t, l.day, true
		}
	}
	return time.Time{}, false, false
}

// sameDate reports whether a and b name the same date in two layouts: the
// same year and month, and the same day when both carry one.
func sameDate(a, b string) bool {
	ta, da, ok := parseDate(a)
	if !ok {
		return false
	}
	tb, db, ok := parseDate(b)
	if !ok || ta.Year() != tb.Year() || ta.Month() != tb.Month() {
		return false
	}
	return !da || !db || ta.Day() == tb.Day()
}

// spelledLayout finds a date layout spelled out in a parameter's
// description ("in the format MM/YYYY").
var spelledLayout = regexp.MustCompile(`\b(?:YYYY|YY|MM|DD)(?:[-/](?:YYYY|YY|MM|DD))+\b`)

// DateLayout is the Go layout of the date a parameter's description asks
// for ("The expiration date in the format MM/YYYY" → "01/2006"), "" when it
// names none or an ambiguous one.
func DateLayout(description string) string {
	spelled := spelledLayout.FindString(description)
	if spelled == "" {
		return ""
	}
	layout := strings.NewReplacer("YYYY", "2006", "YY", "06", "MM", "01", "DD", "02").Replace(spelled)
	for _, l := range dateLayouts {
		if l.layout == layout {
			return layout
		}
	}
	return ""
}

// InLayout rewrites a date value in layout, when v is a date in another
// recognised layout and layout keeps no more than v carries.
func InLayout(v any, layout string) (string, bool) {
	s, ok := v.(string)
	if !ok || layout == "" {
		return "", false
	}
	t, day, ok := parseDate(s)
	if !ok {
		return "", false
	}
	if _, err := time.Parse(layout, s); err == nil {
		return "", false // already in the layout
	}
	if strings.Contains(layout, "02") && !day {
		return "", false // the layout asks for a day the value lacks
	}
	return t.Format(layout), true
}

// dateToken finds numeric dates in text: ISO dates and date-times, and
// month/year.
var dateToken = regexp.MustCompile(`\b\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?|\b\d{2}/\d{4}\b`)

// dateTokenSaid reports whether text holds the date s in another numeric
// layout.
func dateTokenSaid(s, text string) bool {
	if _, _, ok := parseDate(s); !ok {
		return false
	}
	for _, tok := range dateToken.FindAllString(text, -1) {
		if sameDate(s, tok) {
			return true
		}
	}
	return false
}
