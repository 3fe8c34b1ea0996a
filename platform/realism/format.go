package realism

import (
	"net/mail"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// A namedFormat is a format a parameter declares, by its schema's "format"
// or "pattern", by a layout or standard its description names, or by its
// name (an "email", a "start_date"); check says whether a value conforms.
type namedFormat struct {
	name  string
	check func(string) bool
}

// schemaFormats maps JSON Schema (and OpenAPI/Google discovery) format
// names to their checks; formats about storage ("int32", "double", "byte")
// say nothing a value can break in text and are not listed.
var schemaFormats = map[string]namedFormat{
	"email":           {"email", isEmail},
	"idn-email":       {"email", isEmail},
	"date":            {"date", isISODate},
	"date-time":       {"date-time", isDateTime},
	"datetime":        {"date-time", isDateTime},
	"google-datetime": {"date-time", isDateTime},
	"time":            {"time", isTimeOfDay},
	"uri":             {"uri", isURL},
	"url":             {"uri", isURL},
	"iri":             {"uri", isURL},
	"uuid":            {"uuid", isUUID},
	"guid":            {"uuid", isUUID},
	"ipv4":            {"ipv4", func(s string) bool { a, err := netip.ParseAddr(s); return err == nil && a.Is4() }},
	"ipv6":            {"ipv6", func(s string) bool { a, err := netip.ParseAddr(s); return err == nil && a.Is6() }},
	"hostname":        {"hostname", isHostname},
}

var (
	uuidRe     = regexp.MustCompile(`^(?i)\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$`)
	hostnameRe = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$`)
	iataRe     = regexp.MustCompile(`^[A-Z]{3}$`)
	airlineRe  = regexp.MustCompile(`^[A-Z0-9]{2}$`)
	tickerRe   = regexp.MustCompile(`^[A-Z]{1,5}(?:[.-][A-Z]{1,2})?$`)
	hexColorRe = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$|^[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?$`)
	e164Re     = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9 ().-]{7,24}$`)
	postalRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$`)
	timeRe     = regexp.MustCompile(`^(?i)(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9]){1,2}(?:\.[0-9]+)?(?:\s?[ap]\.?m\.?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?$|^(?i)(?:1[0-2]|0?[1-9])\s?[ap]\.?m\.?$`)
	// A layout written out in a description: YYYY-MM-DD, MM/DD/YYYY,
	// YYYY-MM-DDTHH:MM:SS, HH:mm.
	layoutRe = regexp.MustCompile(`\b(?:YYYY|yyyy|YY|yy|MM|mm|DD|dd|HH|hh|SS|ss)(?:[-/.: T](?:YYYY|yyyy|YY|yy|MM|mm|DD|dd|HH|hh|SS|ss))+\b`)
)

func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Scheme == "mailto" || u.Scheme == "urn" || u.Scheme == "file") && !strings.ContainsAny(s, " \t\n")
}

func isUUID(s string) bool { return uuidRe.MatchString(s) }

func isHostname(s string) bool { return len(s) <= 253 && hostnameRe.MatchString(s) }

func isISODate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

var dateTimeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05Z0700", time.RFC1123, time.RFC1123Z}

func isDateTime(s string) bool {
	for _, l := range dateTimeLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

func isTimeOfDay(s string) bool { return timeRe.MatchString(strings.TrimSpace(s)) || isDateTime(s) }

var dateLayouts = []string{"2006-01-02", "2006/01/02", "01/02/2006", "02/01/2006", "1/2/2006", "2/1/2006", "02.01.2006", "2 January 2006", "January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "2 Jan 2006", "Monday, January 2, 2006", "2006-01", "January 2006", "20060102"}

// relativeDates are words a person uses for a date; a date parameter may
// carry them when the tool resolves them.
var relativeDates = regexp.MustCompile(`^(?i)(?:today|tomorrow|yesterday|now|tonight|(?:next|this|last) (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$`)

// isDate accepts a calendar date in a common written layout, a date-time,
// a relative day word or a Unix timestamp.
func isDate(s string) bool {
	for _, l := range dateLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	if isDateTime(s) || relativeDates.MatchString(strings.TrimSpace(s)) {
		return true
	}
	return isUnixTime(s)
}

func isUnixTime(s string) bool {
	n, err := strconv.ParseFloat(s, 64)
	return err == nil && n >= 1e8 && n < 1e13 // seconds or milliseconds since 1973
}

func inRange(lo, hi float64) func(string) bool {
	return func(s string) bool {
		n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return err == nil && n >= lo && n <= hi
	}
}

func isCurrency(s string) bool {
	if len(s) != 3 || strings.ToUpper(s) != s {
		return false
	}
	_, err := currency.ParseISO(s)
	return err == nil
}

func isCountry(s string) bool {
	if l := len(s); l != 2 && l != 3 {
		return false
	}
	if strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return false
	}
	r, err := language.ParseRegion(s)
	return err == nil && r.IsCountry()
}

func isLanguage(s string) bool {
	if len(s) < 2 || len(s) > 12 || strings.ContainsAny(s, " _") {
		return false
	}
	_, err := language.Parse(s)
	return err == nil
}

func isPhone(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return phoneRe.MatchString(s) && digits >= 7
}

// isPostal accepts the postal codes of the world's common layouts: 3 to 10
// letters, digits, spaces and hyphens, with at least one digit.
func isPostal(s string) bool {
	return postalRe.MatchString(s) && strings.ContainsFunc(s, unicode.IsDigit)
}

// layoutFormat turns a layout written in a description (YYYY-MM-DD) into a
// check: digits where the layout has letters, the separators as written.
func layoutFormat(layout string) namedFormat {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(layout); {
		c := layout[i]
		j := i
		for j < len(layout) && layout[j] == c {
			j++
		}
		if strings.IndexByte("YyMmDdHhSs", c) >= 0 { // the T of a date-time is written as is
			b.WriteString(`[0-9]{` + strconv.Itoa(j-i) + `}`)
		} else {
			b.WriteString(regexp.QuoteMeta(layout[i:j]))
		}
		i = j
	}
	// A date-time layout still admits seconds it leaves out, fractions and
	// a zone: "2024-11-30T13:00:00Z" is a YYYY-MM-DDTHH:MM time, more precise.
	if strings.Contains(layout, ":") {
		b.WriteString(`(?::[0-9]{2})?(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?`)
	}
	b.WriteString("$")
	re := regexp.MustCompile(b.String())
	return namedFormat{"layout " + layout, re.MatchString}
}

// notAValueOf marks names about a kind of value rather than one: a
// "date_format" holds a layout, an "email_subject" a subject line.
var notAValueOf = map[string]bool{
	"format": true, "type": true, "field": true, "fields": true, "range": true, "filter": true, "sort": true,
	"order": true, "subject": true, "body": true, "content": true, "message": true, "template": true,
	"text": true, "count": true, "enabled": true, "verified": true, "notification": true, "notifications": true,
	"settings": true, "id": true, "ids": true, "status": true, "list": true, "name": true, "column": true,
	"key": true, "pattern": true, "mode": true, "option": true, "options": true, "zone": true, "unit": true,
}

// formatOf is the format a parameter declares, if any, in order of
// authority: the schema's format, its pattern, a layout in the
// description, a standard the description names, then the name.
func formatOf(p param) (namedFormat, bool) {
	if f, ok := schemaFormats[strings.ToLower(p.format)]; ok {
		return f, true
	}
	if p.pattern != "" {
		if re, err := regexp.Compile(p.pattern); err == nil {
			return namedFormat{"pattern", re.MatchString}, true
		}
	}
	if l := layoutRe.FindString(p.description); l != "" {
		return layoutFormat(l), true
	}
	c := cuesOf(p)
	for _, r := range formatRules {
		if r.when(c) {
			f := r.format(c)
			return f, f.check != nil
		}
	}
	return namedFormat{}, false
}

// cues are what a parameter's description and name say of its format.
type cues struct {
	d, ld string   // the description as written, and in lower case
	words []string // the name's words
	// qualified is true when a word of the name makes it about a kind of
	// value rather than one (notAValueOf).
	qualified bool
}

func cuesOf(p param) cues {
	c := cues{d: p.description, ld: strings.ToLower(p.description), words: ident.Words(p.name)}
	for _, w := range c.words {
		c.qualified = c.qualified || notAValueOf[w]
	}
	return c
}

// has reports whether the name has one of words.
func (c cues) has(words ...string) bool {
	for _, t := range c.words {
		if slices.Contains(words, t) {
			return true
		}
	}
	return false
}

// names reports whether the description names a standard, as written.
func (c cues) names(s string) bool { return strings.Contains(c.d, s) }

// says reports whether the description says s, in any case.
func (c cues) says(s string) bool { return strings.Contains(c.ld, s) }

// A formatRule gives a parameter whose cues match it a format; a rule
// whose format has no check says the parameter has none.
type formatRule struct {
	when   func(c cues) bool
	format func(c cues) namedFormat
}

// fixed is a rule's format that its cues do not change.
func fixed(name string, check func(string) bool) func(cues) namedFormat {
	return func(cues) namedFormat { return namedFormat{name, check} }
}

// formatRules are tried in order, the first match deciding: the standards
// a description names, then (unless the name is about a kind of value)
// what the name says.
var formatRules = []formatRule{
	{func(c cues) bool { return c.names("IATA") }, func(c cues) namedFormat {
		if c.says("airline") || c.says("carrier") {
			return namedFormat{"IATA airline code", airlineRe.MatchString}
		}
		return namedFormat{"IATA airport code", iataRe.MatchString}
	}},
	{func(c cues) bool {
		return c.names("ISO 4217") || (c.has("currency") && (c.has("code") || c.says("currency code")))
	}, fixed("ISO 4217 currency code", isCurrency)},
	{func(c cues) bool {
		return c.names("ISO 3166") || (c.says("country code") || c.has("country") && c.has("code")) && !c.has("phone", "dial", "calling")
	}, fixed("ISO 3166 country code", isCountry)},
	{func(c cues) bool {
		return c.names("ISO 639") || c.says("language code") || c.has("lang", "locale") && !c.qualified
	}, fixed("language tag", isLanguage)},
	{func(c cues) bool { return c.names("E.164") }, fixed("E.164 phone number", e164Re.MatchString)},
	{func(c cues) bool { return c.says("hex") && c.says("colo") }, fixed("hex colour", hexColorRe.MatchString)},
	{func(c cues) bool { return c.says("ticker") || c.says("stock symbol") || c.has("ticker") }, fixed("ticker symbol", tickerRe.MatchString)},
	{func(c cues) bool { return c.names("UUID") || c.names("GUID") || c.has("uuid", "guid") }, fixed("uuid", isUUID)},
	{func(c cues) bool { return c.says("iso 8601") || c.says("rfc 3339") || c.says("rfc3339") }, func(c cues) namedFormat {
		if c.says("time") {
			return namedFormat{"date-time", isDateTime}
		}
		return namedFormat{"date", isDate}
	}},
	// A "date_format" holds a layout, an "email_subject" a subject line:
	// no value of the kind the name says.
	{func(c cues) bool { return c.qualified }, fixed("", nil)},
	{func(c cues) bool { return c.has("email", "e-mail") }, fixed("email", isEmail)},
	{func(c cues) bool { return c.has("url", "uri", "href", "website", "homepage", "endpoint", "webhook") }, fixed("uri", isURL)},
	{func(c cues) bool { return c.has("latitude", "lat") }, fixed("latitude", inRange(-90, 90))},
	{func(c cues) bool { return c.has("longitude", "lng", "lon") }, fixed("longitude", inRange(-180, 180))},
	{func(c cues) bool { return c.has("datetime", "timestamp") }, fixed("date-time", func(s string) bool { return isDateTime(s) || isUnixTime(s) })},
	{func(c cues) bool { return c.has("date", "dob", "birthday", "birthdate") || c.says("date of birth") }, fixed("date", isDate)},
	// "start_time" is a time of day or a timestamp, written or in Unix
	// seconds, as APIs keep them.
	{func(c cues) bool { return c.has("time") && len(c.words) <= 2 }, fixed("time", func(s string) bool { return isTimeOfDay(s) || isUnixTime(s) })},
	{func(c cues) bool { return c.has("zip", "zipcode", "postcode", "postal") }, fixed("postal code", isPostal)},
	// A phone's country code ("+44") or a hash of a number is not a number.
	{func(c cues) bool {
		return c.has("phone", "telephone", "mobile", "tel") && !c.has("code", "countrycode", "prefix", "hash")
	}, fixed("phone number", isPhone)},
	{func(c cues) bool { return c.has("ip") }, fixed("ip address", func(s string) bool { _, err := netip.ParseAddr(s); return err == nil })},
}
