package sim

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// byMeaning is the value of a text field no rule gave a kind whose name
// still says what it holds: the word with its qualifiers dropped
// ("text_formatted" is text, "formatted_service" a service), an address
// ("avatar_https", "wikipedia"), a number with its unit ("elevation_ft"),
// one of the few words a closed vocabulary has (a protocol, a billing
// cycle, a continent, a legal form), people and companies by their role
// ("managingDirectors", "operator"), a team, a notice, an area. It
// reports false for names that say none of these: a code is for the
// fields that are codes (codeField).
func (v *Values) byMeaning(f field) (string, bool) {
	words := strings.Split(f.norm, "_")
	last := ident.Singular(words[len(words)-1])
	if m := digitsSaid.FindStringSubmatch(f.text); m != nil {
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		}
		if lo > 0 && hi >= lo && hi <= 20 {
			n := lo + v.r.IntN(hi-lo+1)
			b := []byte{byte('1' + v.r.IntN(9))}
			for len(b) < n {
				b = append(b, byte('0'+v.r.IntN(10)))
			}
			return string(b), true // "A 4-7 digit prefix"
		}
	}
	if vs := possibleValues(f.raw); len(vs) > 1 {
		return v.pick(vs), true // "Possible values are None (…), and Auto (…)"
	}
	if g, ok := unqualified(f, words); ok {
		return v.byKind(g), true
	}
	if strings.HasSuffix(f.norm, "token") || strings.HasSuffix(f.norm, "secret") {
		return v.alnum(24, true), true // "devtoken": a secret, not a name
	}
	if hasAny(f.norm, "https", "http", "wikipedia", "wiki", "redirect") {
		g := f
		g.kind = kURL
		if hasAny(f.norm, "wikipedia", "wiki") {
			return "https://en.wikipedia.org/wiki/" + strings.ReplaceAll(v.f.City(), " ", "_"), true
		}
		return v.byKind(g), true
	}
	if validity(words) {
		g := f
		g.kind = kDate
		return v.byKind(g), true // "validTill", "valid_from": a date
	}
	if x, ok := v.measuredText(f, words); ok {
		return x, true
	}
	for _, w := range []string{f.norm, last} {
		if vs, ok := closedWords[w]; ok {
			return v.pick(vs), true
		}
	}
	if participle(f.norm) {
		return v.pick([]string{"true", "false"}), true // "disconnected": whether it is
	}
	if x, ok := v.roleName(f, last); ok {
		return x, true
	}
	if x, ok := v.describedText(f, last); ok {
		return x, true
	}
	if g, ok := titledKind(f); ok {
		return v.byKind(g), true
	}
	return "", false
}

// possibleValues are the values a description lists with a gloss each:
// "Possible values are None (no preprocessing), and Auto (automatic
// enhancement)".
func possibleValues(raw string) []string {
	lower := strings.ToLower(raw)
	i := strings.Index(lower, "possible values")
	if i < 0 {
		i = strings.Index(lower, "valid values")
	}
	if i < 0 {
		return nil
	}
	var out []string
	for _, m := range glossedValue.FindAllStringSubmatch(raw[i:], 12) {
		out = append(out, m[1])
	}
	return out
}

// digitsSaid is a description that says how many digits a value has:
// "a 4-7 digit prefix", "6 digits".
var digitsSaid = regexp.MustCompile(`\b(\d{1,2})(?:\s*(?:-|to)\s*(\d{1,2}))?[- ]digits?\b`)

// glossedValue is a value followed by its gloss in brackets.
var glossedValue = regexp.MustCompile(`(?:are|,|and|or|:) ([A-Za-z][\w-]*) \(`)

// titledKind is the kind a short title or description names by its last
// word ("RCRA 3-Year Compliance Status" is a status, "Search our database
// for an ingredient" a search), where the field's own name is a code
// ("RCRAstatus", "find").
func titledKind(f field) (field, bool) {
	head := strings.TrimSuffix(firstSentence(f.text), ".")
	if strings.HasPrefix(head, "search ") || strings.HasPrefix(head, "filter by ") || strings.HasPrefix(head, "query ") {
		g := f
		g.kind = kQuery
		return g, true
	}
	ws := strings.Fields(head)
	if len(ws) == 0 || len(ws) > 6 {
		return f, false
	}
	g := classify(ws[len(ws)-1], map[string]any{}, f.parent, false, "")
	switch g.kind {
	case kStatus, kDate, kDateTime, kCity, kCountryName, kURL, kEmail, kPhone, kCategory, kTitle, kDescription, kCurrency, kLanguage:
		g.name, g.raw, g.text = f.name, f.raw, f.text
		return g, true
	}
	return f, false
}

// unqualified is the field its name says once the words that only qualify
// it are dropped ("text_formatted", "formatted_service", "display_title"),
// when that reading has a kind.
func unqualified(f field, words []string) (field, bool) {
	var kept []string
	for _, w := range words {
		if !qualifierWords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 || len(kept) == len(words) {
		return f, false
	}
	g := classify(strings.Join(kept, "_"), map[string]any{"description": f.raw}, f.parent, false, "")
	if g.kind == kText || g.kind == kID || numericKinds[g.kind] {
		return f, false
	}
	g.name = f.name
	return g, true
}

// validity reports whether a name says from or until when something
// holds ("validFrom", "valid_till", "effective_until", "available_since").
func validity(words []string) bool {
	last := words[len(words)-1]
	switch last {
	case "till", "until", "since":
		return true
	case "from", "to", "thru", "through":
		// "valid_to", not "assigned_to" (a person) or "reply_to" (an address).
		return slices.ContainsFunc(words, func(w string) bool { return w == "valid" || w == "effective" || w == "available" || w == "active" })
	}
	return false
}

// qualifierWords say how a value is written, not what it is.
var qualifierWords = map[string]bool{"formatted": true, "html": true, "plain": true, "raw": true, "rendered": true, "escaped": true,
	"localized": true, "localised": true, "encoded": true, "display": true, "pretty": true, "readable": true, "human": true, "profile": true}

// measuredText is a number written as text whose name says what it measures
// ("elevation_ft", "score", "rank"): digits, with decimals where the
// measure has them.
func (v *Values) measuredText(f field, words []string) (string, bool) {
	unit := words[len(words)-1]
	g := f
	switch {
	case len(words) > 1 && lengthUnits[unit]:
		g.kind = kDistance
		if hasAny(f.norm, "elevation", "altitude", "height", "depth") {
			return fmt.Sprint(v.r.IntN(2500)), true // an airport's elevation in feet
		}
	case hasAny(f.norm, "elevation", "altitude"):
		return fmt.Sprint(v.r.IntN(2500)), true
	default:
		for _, r := range numberRules {
			if r.k != kNumID && r.k != kZip && r.k != kCVV && hasAny(f.norm, r.tokens...) {
				g.kind = r.k
				break
			}
		}
	}
	if g.kind == f.kind {
		return "", false
	}
	return v.numericString(map[string]any{}, g), true
}

// lengthUnits are units a name ends in after what it measures.
var lengthUnits = map[string]bool{"ft": true, "feet": true, "m": true, "meters": true, "metres": true, "km": true, "mi": true, "miles": true, "nm": true}

// closedWords are the values of the fields whose name is a word of a
// closed vocabulary, by the name or its last word.
var closedWords = map[string][]string{
	"protocol":          {"https", "sftp", "ftp", "smb", "webdav"},
	"operation":         {"upload", "download", "delete", "rename", "move", "share"},
	"verb":              {"post", "share", "like", "comment", "retweet"},
	"action":            {"create", "update", "delete", "view", "share"},
	"via":               {"web", "api", "email", "mobile app", "browser extension"},
	"environment":       {"production", "staging", "development", "test"},
	"env":               {"production", "staging", "development", "test"},
	"billing_cycle":     {"monthly", "annually", "quarterly"},
	"cycle":             {"monthly", "annually", "quarterly", "weekly"},
	"ownership":         {"owner", "co-owner", "joint", "authorised user"},
	"legal_form":        {"GmbH", "LLC", "Ltd", "Inc.", "SA", "AG", "SARL", "PLC"},
	"gender":            {"female", "male", "non-binary"},
	"sex":               {"female", "male"},
	"salutation":        {"Mr", "Ms", "Mrs", "Dr"},
	"suffix":            {"Jr.", "Sr.", "II", "III"},
	"continent":         {"Europe", "Asia", "North America", "South America", "Africa", "Oceania"},
	"decimal_separator": {".", ","},
	"separator":         {",", ";", "|", "\t"},
	"delimiter":         {",", ";", "|", "\t"},
	"weekday":           {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	"season":            {"spring", "summer", "autumn", "winter"},
	"utm_tracking":      {"enabled", "disabled"},
	"tracking":          {"enabled", "disabled"},
	"track":             {"1", "2", "3", "4", "5", "7", "9", "12"},
	"platform":          {"1", "2", "3", "4", "5", "7", "9", "12"},
	"modifier":          {"chopped", "sliced", "large", "raw", "cooked", "1 cup"},
	"quality":           {"low", "medium", "high", "best"},
	"license":           {"MIT", "Apache-2.0", "GPL-3.0", "BSD-3-Clause", "CC-BY-4.0", "proprietary"},
	"licence":           {"MIT", "Apache-2.0", "GPL-3.0", "BSD-3-Clause", "CC-BY-4.0", "proprietary"},
	"logical_operator":  {"and", "or"},
	"logicaloperator":   {"and", "or"},
}

// roleName names what a field's last word says a name is for: people by
// their role (directors, a moderator), companies (an operator), a sports
// team and the conference it plays in, an area by its town, a service.
func (v *Values) roleName(f field, last string) (string, bool) {
	switch {
	case personNouns[last]:
		return v.f.FirstName() + " " + v.f.LastName(), true
	case companyNouns[last]:
		return v.f.Company(), true
	case hasAny(last, "away", "opponent", "offense", "defense") || v.aboutSport() && hasAny(last, "home", "school", "team", "winner", "loser"):
		return v.f.City() + " " + v.pick([]string{"Hawks", "Rovers", "United", "Tigers", "Comets", "Pioneers", "Wolves", "Falcons"}), true
	case v.aboutSport() && hasAny(last, "stat", "statistic", "metric"):
		return v.pick(sportStats), true
	case (v.aboutSport() || hasAny(f.norm, "home", "away", "offense", "defense")) && hasAny(last, "conference", "league", "division"):
		return v.pick([]string{"Big Ten", "SEC", "ACC", "Big 12", "Pac-12", "Mountain West", "Sun Belt", "American Athletic"}), true
	case hasAny(last, "department", "team", "division", "unit"):
		return v.pick([]string{"Finance", "Engineering", "Customer Success", "Marketing", "Operations", "Human Resources", "Legal", "Sales"}), true
	case hasAny(last, "area", "zone", "district", "territory"):
		return v.f.City() + " " + v.pick([]string{"area", "metropolitan area", "county area"}), true
	case hasAny(last, "service", "network", "provider") && v.aboutSocial():
		return v.pick([]string{"twitter", "facebook", "linkedin", "instagram", "pinterest"}), true
	case hasAny(last, "service", "provider"):
		return v.pick([]string{"Stripe", "Slack", "GitHub", "Dropbox", "Mailchimp", "Zendesk", "Twilio"}), true
	}
	return "", false
}

// sportStats are the statistics a game's box score lists.
var sportStats = []string{"passing yards", "rushing yards", "total yards", "first downs", "turnovers", "interceptions", "completions", "penalties", "possession time"}

// participle reports whether a one-word name is a past participle that
// says what became of a thing ("disconnected", "suspended"): a flag.
func participle(norm string) bool {
	return !strings.Contains(norm, "_") && len(norm) > 5 && strings.HasSuffix(norm, "ed") && !strings.HasSuffix(norm, "eed")
}

// aboutSocial reports whether the tool speaks of social media.
func (v *Values) aboutSocial() bool {
	for _, w := range []string{"social", "tweet", "twitter", "facebook", "instagram", "linkedin"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

// describedText is prose a field's name or description says it holds: a
// notice ("disclaimer", "copyright"), or text ("The second text").
func (v *Values) describedText(f field, last string) (string, bool) {
	switch {
	case hasAny(last, "disclaimer", "notice", "copyright", "attribution", "terms", "legal", "warning"):
		return v.pick(notices), true
	case textHead.MatchString(firstSentence(f.text)):
		g := f
		g.kind = kMessage
		return v.byKind(g), true
	}
	return "", false
}

// textHead is a description that says its field holds text.
var textHead = regexp.MustCompile(`^(?:the |a |an )?(?:first |second |input |source |plain |free |raw )?text\b`)

// notIDs are words that end in "id" and identify nothing.
var notIDs = map[string]bool{"valid": true, "invalid": true, "unpaid": true, "android": true, "fluid": true, "liquid": true, "rapid": true,
	"solid": true, "hybrid": true, "humid": true, "vivid": true, "pyramid": true, "candid": true, "madrid": true, "timid": true}

// notices are the notes services put beside the data they return.
var notices = []string{
	"Data is provided for information only and may not be accurate or complete.",
	"Information is provided as is, without warranty of any kind.",
	"Figures are updated daily and may differ from official sources.",
	"Use of this data is subject to the provider's terms of service.",
	"Schedules are subject to change without notice.",
}

// codeField reports whether a field's name or description says it holds
// a code, an identifier or a reference, so a short code is its value.
func codeField(f field) bool {
	if hasAny(f.norm, "code", "codes", "ref", "reference", "id", "ids", "key", "number", "no", "serial", "sku", "alias", "parent",
		"identifier", "tag", "handle", "slug", "cost_center", "locator", "pnr", "voucher", "coupon", "promo") {
		return true
	}
	if one := !strings.Contains(f.norm, "_"); one && len(f.norm) > 4 && strings.HasSuffix(f.norm, "id") && !notIDs[f.norm] {
		return true // "webid", "userid"
	}
	head := firstSentence(f.text)
	return idWord.MatchString(head) || strings.Contains(head, "code") || strings.Contains(head, "reference")
}
