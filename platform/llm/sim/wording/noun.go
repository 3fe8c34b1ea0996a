package wording

import (
	"regexp"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// acronyms are written in capitals inside a phrase.
var acronyms = map[string]string{
	"id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "uri": "URI", "api": "API", "ip": "IP", "sku": "SKU",
	"iata": "IATA", "icao": "ICAO", "iso": "ISO", "utc": "UTC", "cve": "CVE", "isbn": "ISBN", "vin": "VIN",
	"dns": "DNS", "ssl": "SSL", "http": "HTTP", "https": "HTTPS", "json": "JSON", "csv": "CSV", "pdf": "PDF",
	"sms": "SMS", "rgb": "RGB", "os": "OS", "uuid": "UUID", "zip": "ZIP", "ocr": "OCR", "vat": "VAT", "eta": "ETA",
	"gps": "GPS", "iban": "IBAN", "arn": "ARN", "arns": "ARNs", "swift": "SWIFT", "dob": "date of birth",
	// A route's global or string id is an ID to the person giving it.
	"gid": "ID", "gids": "IDs", "guid": "ID", "guids": "IDs",
}

// Phrase turns an identifier into the words a sentence uses for it
// ("ticket_id" → "ticket ID", "distanceToNextVehicle" → "distance to next
// vehicle").
func Phrase(id string) string {
	ws := Words(id)
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		lw := strings.ToLower(w)
		if a, ok := acronyms[lw]; ok {
			out = append(out, a)
			continue
		}
		out = append(out, lw)
	}
	return strings.Join(out, " ")
}

// ParamNoun is how a user refers to a parameter: the words of its name, or,
// when the name is cryptic (one short token such as "q" or "ext"), the
// leading noun phrase of its description.
func ParamNoun(param, description string) string {
	if strings.HasPrefix(param, "$") { // a nested parameter named by its path
		if i := strings.LastIndexAny(param, ".['"); i >= 0 {
			param = strings.Trim(param[i+1:], "'] ")
		}
	}
	// A form field named for the record it belongs in ("model[audio_in]")
	// is said by its own name: "audio in", not "model[audio in]".
	if i := strings.LastIndex(param, "["); i > 0 && strings.HasSuffix(param, "]") && i+2 < len(param) {
		param = strings.Trim(param[i+1:len(param)-1], "'\" ")
	}
	// An HTTP header's "X-" says how it travels, not what it is.
	if len(param) > 2 && (strings.HasPrefix(param, "X-") || strings.HasPrefix(param, "x-")) {
		param = param[2:]
	}
	noun := Phrase(param)
	ws := Words(param)
	cryptic := len(ws) == 1 && len(ws[0]) <= 3 && acronyms[strings.ToLower(ws[0])] == "" && !commonShort[strings.ToLower(ws[0])]
	if cryptic || noun == "" {
		if np := descriptionNoun(description); np != "" {
			return np
		}
	}
	if noun == "" {
		return "value"
	}
	return noun
}

// commonShort are short parameter names that are words in their own right.
var commonShort = map[string]bool{"age": true, "day": true, "end": true, "key": true, "lat": true, "lon": true, "lng": true, "max": true, "min": true, "tag": true, "to": true, "top": true, "sex": true, "new": true, "old": true, "map": true, "cc": true, "bcc": true, "sum": true, "tax": true, "fee": true, "pin": true, "row": true, "col": true, "box": true}

// descriptionNoun returns a short noun phrase leading a parameter's
// description ("The search query to run" → "search query"), or "".
func descriptionNoun(d string) string {
	d = clean(d)
	if d == "" || !English(d) {
		return ""
	}
	if loc := sentenceAt.FindStringIndex(d); loc != nil {
		d = d[:loc[0]]
	}
	if loc := asideAt.FindStringIndex(d); loc != nil {
		d = d[:loc[0]]
	}
	ws := lowerWords(strings.Fields(strings.Trim(d, ",.;: ")))
	for len(ws) > 0 && (ws[0] == "the" || ws[0] == "a" || ws[0] == "an" || ws[0] == "your") {
		ws = ws[1:]
	}
	for i, w := range ws {
		switch w {
		case "to", "that", "which", "for", "of", "in", "used", "from", "by", "with", "is", "are":
			ws = ws[:i]
		}
		if i >= len(ws) {
			break
		}
	}
	if len(ws) == 0 || len(ws) > 4 || len(ws) > 1 && determiner(ws[1]) {
		return ""
	}
	return strings.Join(ws, " ")
}

// FieldWords names an output field in a sentence; a count field reads as
// the counted thing ("tweet_count" → "tweets"), see CountOf.
func FieldWords(key string) string { return Phrase(key) }

// CountOf returns the counted thing of a count field in the plural
// ("tweet_count" → "tweets", "numFollowers" → "followers"), or "".
func CountOf(key string) string {
	ws := strings.Fields(strings.ToLower(Phrase(key)))
	if len(ws) < 2 {
		return ""
	}
	switch {
	case ws[len(ws)-1] == "count" || ws[len(ws)-1] == "total":
		if states[ws[len(ws)-2]] {
			return "" // "busy count 10": a state counted, not a thing
		}
		return countedPlural(ws[:len(ws)-1])
	case ws[0] == "num" || ws[0] == "number" || ws[0] == "count" || ws[0] == "total":
		rest := ws[1:]
		if len(rest) > 0 && rest[0] == "of" {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return ""
		}
		return countedPlural(rest)
	}
	return ""
}

// countedPlural is the plural of what a count counts; a participle or
// an adjective ("received_count", "sent_count") counts things by what
// happened to them and stays as it is: "36 received", not "36 receiveds".
func countedPlural(ws []string) string {
	last := ws[len(ws)-1]
	if participle(last) {
		return strings.Join(ws, " ")
	}
	return Plural(strings.Join(ws, " "))
}

// participle reports whether a word is a past participle or an adjective
// that qualifies things rather than names them ("received", "sent",
// "unread", "active").
func participle(w string) bool {
	if states[w] || irregularParticiples[w] {
		return true
	}
	return len(w) >= 6 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed")
}

// irregularParticiples are past participles that do not end in "ed".
var irregularParticiples = map[string]bool{"sent": true, "seen": true, "read": true, "done": true, "written": true, "given": true, "taken": true,
	"shown": true, "known": true, "made": true, "kept": true, "sold": true, "paid": true, "won": true, "lost": true, "spent": true, "built": true,
	"unseen": true, "unsent": true, "hidden": true, "chosen": true, "drawn": true, "broken": true, "stolen": true, "held": true, "left": true,
	// Words in -ing that qualify rather than name ("15 following", "3
	// pending"); "listing", "booking" are nouns and take a plural.
	"following": true, "remaining": true, "pending": true, "trending": true, "upcoming": true, "outstanding": true, "missing": true,
	"existing": true, "ongoing": true, "incoming": true, "outgoing": true}

// states are words a count field counts things in, not things: a
// "busyCount" is a number of busy calls, not of busies.
var states = map[string]bool{"busy": true, "live": true, "misc": true, "active": true, "pending": true, "failed": true,
	"open": true, "closed": true, "new": true, "unread": true, "read": true, "done": true, "other": true, "total": true, "remaining": true, "placed": true, "attempted": true}

// Plural puts the last word of a noun phrase in the plural.
func Plural(np string) string {
	if np == "" {
		return np
	}
	i := strings.LastIndex(np, " ") + 1
	w := np[i:]
	switch {
	case irregularParticiples[w] && w != "read" || len(w) >= 6 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return np // "3 flagged", never "3 flaggeds": a participle takes no plural
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "data") || strings.HasSuffix(w, "info") || strings.HasSuffix(w, "information"):
		return np
	case strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return np[:i] + w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "sh"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "x"):
		return np + "es"
	}
	return np + "s"
}

// Singular puts the last word of a noun phrase in the singular.
func Singular(np string) string {
	i := strings.LastIndex(np, " ") + 1
	return np[:i] + ident.Singular(np[i:])
}

// WithArticle puts "a" or "an" before a noun phrase by how its first word
// sounds: "an invoice", "a user", and for an acronym read letter by letter,
// "an MP3 audio file", "a PNG image".
func WithArticle(phrase string) string {
	first, _, _ := strings.Cut(phrase, " ")
	if first == "" {
		return phrase
	}
	vowel := strings.ContainsRune("aeiouAEIOU", rune(first[0]))
	lower := strings.ToLower(first)
	for _, p := range []string{"uni", "use", "usa", "usu", "uti", "ure", "eu", "one"} {
		if strings.HasPrefix(lower, p) {
			vowel = false // "a user", "a unique", "a one-off": a consonant sound
		}
	}
	for _, p := range []string{"hour", "honest", "honor", "honour", "heir"} {
		if strings.HasPrefix(lower, p) {
			vowel = true // "an hour": a silent h
		}
	}
	if len(first) > 1 && strings.ToUpper(first) == first && strings.ContainsAny(first[1:2], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		// An acronym: the name of its first letter decides.
		vowel = strings.ContainsRune("AEFHILMNORSX", rune(first[0]))
	}
	if vowel {
		return "an " + phrase
	}
	return "a " + phrase
}

// units are the words a field's name ends on to say what its number is
// measured in, with the word said after the number (one of it for 1).
var units = map[string][2]string{
	"seconds": {"seconds", "second"}, "secs": {"seconds", "second"}, "sec": {"seconds", "second"}, "minutes": {"minutes", "minute"}, "mins": {"minutes", "minute"},
	"hours": {"hours", "hour"}, "days": {"days", "day"}, "weeks": {"weeks", "week"}, "months": {"months", "month"}, "years": {"years", "year"},
	"ms": {"ms", "ms"}, "millis": {"milliseconds", "millisecond"}, "milliseconds": {"milliseconds", "millisecond"},
	"bytes": {"bytes", "byte"}, "kb": {"KB", "KB"}, "mb": {"MB", "MB"}, "gb": {"GB", "GB"}, "kilobytes": {"kilobytes", "kilobyte"},
	"megabytes": {"megabytes", "megabyte"}, "gigabytes": {"gigabytes", "gigabyte"},
	"meters": {"meters", "meter"}, "metres": {"metres", "metre"}, "km": {"km", "km"}, "kilometers": {"kilometers", "kilometer"}, "miles": {"miles", "mile"},
	"feet": {"feet", "foot"}, "inches": {"inches", "inch"}, "cm": {"cm", "cm"}, "mm": {"mm", "mm"},
	"grams": {"grams", "gram"}, "kg": {"kg", "kg"}, "kilograms": {"kilograms", "kilogram"}, "pounds": {"pounds", "pound"}, "lbs": {"lbs", "lb"},
	"pixels": {"pixels", "pixel"}, "px": {"px", "px"}, "percent": {"%", "%"}, "pct": {"%", "%"}, "percentage": {"%", "%"},
}

// Measured says a figure whose field names its unit the way people say a
// measure: the unit after the number, the name without it ("size bytes"
// 579 is the size, 579 bytes; "discount percent" 42.5 the discount,
// 42.5%). ok is false when the name ends on no unit, is the unit alone,
// or the value is no number.
func Measured(words, value string) (noun, measure string, ok bool) {
	ws := strings.Fields(words)
	if len(ws) < 2 {
		return "", "", false
	}
	u, isUnit := units[strings.ToLower(ws[len(ws)-1])]
	if !isUnit || !number.MatchString(value) {
		return "", "", false
	}
	rest := ws[:len(ws)-1]
	if l := strings.ToLower(rest[len(rest)-1]); l == "in" || l == "of" {
		rest = rest[:len(rest)-1] // "duration in seconds"
	}
	if len(rest) == 0 {
		return "", "", false
	}
	switch {
	case u[0] == "%":
		return strings.Join(rest, " "), value + "%", true
	case value == "1":
		return strings.Join(rest, " "), value + " " + u[1], true
	}
	return strings.Join(rest, " "), value + " " + u[0], true
}

// Unitless is a field's name without the unit it ends on, for a value
// that is no measure ("the entry with the highest discount percent" is
// "the entry with the highest discount").
func Unitless(words string) string {
	ws := strings.Fields(words)
	if len(ws) > 1 {
		if _, ok := units[strings.ToLower(ws[len(ws)-1])]; ok {
			return strings.Join(ws[:len(ws)-1], " ")
		}
	}
	return words
}

// number is a figure as a value is written.
var number = regexp.MustCompile(`^-?\d+(?:\.\d+)?$`)
