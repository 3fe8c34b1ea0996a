package sim

import (
	"fmt"
	"regexp"
	"strings"
)

// readsAs is the value of a text field whose name or description says
// what it holds though no kind rule names it, so that it does not fall
// through to a codename ("self": "Bright meadow", "nanos": "Quiet
// meadow"): a link to the resource or a link's relation, a system's name
// for a thing, the parts of a person's name, a filter on another field,
// a category, prose, an error, a profile on a social network, a network
// or key code, a lifetime. It reports false for the others: a codename
// stays only for things that are named.
func (v *Values) readsAs(f field) (string, bool) {
	if f.norm == "" {
		return "", false
	}
	if x, ok := v.linkPart(f); ok {
		return x, true
	}
	if x, ok := v.filterOn(f); ok {
		return x, true
	}
	if x, ok := v.personPart(f); ok {
		return x, true
	}
	if x, ok := v.describedPart(f); ok {
		return x, true
	}
	return v.codedPart(f)
}

// linkPart reads a resource's own link ("self") and a link's relation and
// language, as HAL and JSON:API write them.
func (v *Values) linkPart(f field) (string, bool) {
	switch f.norm {
	case "self", "self_link", "self_href", "self_uri":
		g := f
		g.norm = "self"
		return v.pageURL(g), true
	case "rel":
		return v.pick([]string{"self", "next", "prev", "first", "last", "related"}), true
	case "hreflang":
		return v.pick([]string{"en", "en-US", "fr", "de", "es"}), true
	}
	return "", false
}

// filterOps are the operators a filter's name ends in after the field it
// filters ("nameEqual", "systemNameIn", "nameMultiLikeOr").
var filterOps = regexp.MustCompile(`_(?:equal|not_equal|in|not_in|like|multi_like_or|multi_like_and|starts_with|contains|greater_than_or_equal|less_than_or_equal|greater_than|less_than)$`)

// filterOn is the value of a filter on another field: a value that field
// holds.
func (v *Values) filterOn(f field) (string, bool) {
	loc := filterOps.FindStringIndex(f.norm)
	if loc == nil || loc[0] == 0 {
		return "", false
	}
	g := classify(f.norm[:loc[0]], map[string]any{"description": f.raw}, f.parent, false, v.subj.text)
	if numericKinds[g.kind] {
		return v.numericString(map[string]any{}, g), true
	}
	if g.kind == kText {
		return v.unknown(g), true
	}
	return v.byKind(g), true
}

// personPart reads the parts of a person's name a name object holds
// beside the full one ("familiar_name", "abbreviated_name", a public nick
// name), and the people a field lists by their role ("contributors",
// "organizer", "owner_display_names").
func (v *Values) personPart(f field) (string, bool) {
	words := strings.Split(f.norm, "_")
	last := words[len(words)-1]
	switch {
	case hasAny(f.norm, "familiar_name", "familiar_names", "nick_name"):
		return v.f.FirstName(), true
	case hasAny(f.norm, "abbreviated_name", "initials"):
		return string(v.f.FirstName()[0]) + string(v.f.LastName()[0]), true
	case hasAny(f.norm, "public_nick_name", "public_name"):
		return v.f.FirstName() + " " + string(v.f.LastName()[0]) + ".", true
	case hasAny(f.norm, "name_suffix"):
		return v.pick(closedWords["suffix"]), true
	case hasAny(f.norm, "name_prefix", "honorific"):
		return v.pick(closedWords["salutation"]), true
	case artistNouns[strings.TrimSuffix(last, "s")]:
		return v.f.SongArtist(), true // a track's "artist": who performs it, not "kitchen-performing-5"
	case roleNouns[strings.TrimSuffix(last, "s")] || roleNouns[last]:
		return v.f.FirstName() + " " + v.f.LastName(), true
	case len(words) > 2 && strings.HasPrefix(words[len(words)-2]+"_"+last, "display_name") && personNouns[words[len(words)-3]]:
		return v.f.FirstName() + " " + v.f.LastName(), true // "owner_display_names"
	}
	return "", false
}

// roleNouns are people named by what they do for a thing, beside
// personNouns.
var roleNouns = map[string]bool{"contributor": true, "organizer": true, "organiser": true, "developer": true, "maintainer": true,
	"presenter": true, "performer": true, "interviewer": true, "inviter": true}

// artistNouns are the people and bands a field names by what they perform.
var artistNouns = map[string]bool{"artist": true, "band": true, "singer": true, "musician": true, "performer": true}

// describedPart reads the fields whose last word says they hold prose (a
// snippet, an explanation, a placeholder, suggestions), a category (a
// subcategory, an industry, where a lead came from, how often), or why
// something failed.
func (v *Values) describedPart(f field) (string, bool) {
	words := strings.Split(f.norm, "_")
	last := words[len(words)-1]
	g := f
	switch {
	case proseWords[last] || hasAny(f.norm, "text_block"):
		g.kind = kDescription
		return v.byKind(g), true
	case strings.HasSuffix(last, "category") || strings.HasSuffix(last, "categories"):
		g.kind = kCategory
		return v.byKind(g), true
	case last == "industry" || last == "industries" || last == "sector":
		return v.pick(industries), true
	case hasAny(f.norm, "lead_source") || strings.Contains(f.text, "lead source"):
		return v.pick([]string{"Web", "Referral", "Trade show", "Cold call", "Partner", "Advertisement", "Email campaign"}), true
	case last == "source" && f.parent == "":
		return v.pick([]string{"web", "api", "email", "mobile app", "import"}), true
	case hasAny(last, "spread", "handicap") && v.aboutSport():
		return v.pick([]string{"-3.5", "+3.5", "-7", "+7", "-1.5", "+10.5"}), true // a betting line's points
	case last == "frequency" || last == "recurrence":
		return v.pick([]string{"daily", "weekly", "monthly", "quarterly", "yearly"}), true
	case hasAny(f.norm, "error", "errors", "error_message", "error_description", "failure_cause", "error_reason"):
		return v.errorMessage(f), true
	case last == "cause":
		return v.cause(f), true
	}
	return "", false
}

// proseWords are the last words of fields that hold a few words of prose.
var proseWords = map[string]bool{"snippet": true, "snippets": true, "highlight": true, "highlights": true, "excerpt": true, "explanation": true,
	"placeholder": true, "suggestion": true, "suggestions": true, "wording": true, "hint": true, "tooltip": true, "blurb": true,
	"tagline": true, "purpose": true, "deprecation": true, "remark": true, "remarks": true, "rationale": true, "justification": true}

// industries are the lines of business companies are filed under.
var industries = []string{"Banking", "Healthcare", "Retail", "Manufacturing", "Software", "Education", "Logistics", "Hospitality",
	"Real estate", "Telecommunications", "Energy", "Insurance"}

// codedPart reads what a network, a card, a chain or a product scanner
// writes in a code of its own, a profile on a social network, the name a
// system knows a thing by, the entity a description is of, and how long
// something lasts.
func (v *Values) codedPart(f field) (string, bool) {
	n := f.norm
	switch {
	case n == "ssid" || hasAny(n, "wifi_name", "network_name") && strings.Contains(f.text+v.subj.text, "wi"):
		return v.f.LastName() + "-" + v.pick([]string{"5G", "Guest", "Office", "Home", "2.4GHz"}), true
	case hasAny(n, "fingerprint", "key_fingerprint"):
		return "SHA256:" + v.alnum(43, true), true
	case hasAny(n, "barcode", "ean", "ean13", "gtin", "upc"):
		return "4" + v.f.DigitN(12), true
	case hasAny(n, "swift", "bic", "swift_bic", "swift_code", "bic_code"):
		return strings.ToUpper(v.f.LetterN(4)) + v.pick([]string{"DE", "GB", "FR", "NL", "US"}) + strings.ToUpper(v.alnum(2, false)), true
	case strings.Contains(n, "ethereum") || strings.Contains(n, "contract") && strings.HasSuffix(n, "address") || hasAny(n, "wallet_address"):
		return "0x" + v.hex(40), true
	case hasAny(n, "linkedin", "facebook", "instagram", "youtube", "github"):
		site := n[strings.LastIndexByte(n, '_')+1:]
		return fmt.Sprintf("https://www.%s.com/%s", site, v.username()), true
	case hasAny(n, "twitter", "x_handle", "twitter_handle"):
		return "@" + v.username(), true
	case hasAny(n, "system_name", "api_name", "internal_name", "machine_name", "system_names"):
		noun := f.parent
		if noun == "" {
			noun = v.subj.noun
		}
		if !plainWord(noun) || strings.Contains(noun, "name") {
			noun = "profile"
		}
		return v.pick([]string{"default", "primary", "main", "custom", "legacy"}) + "_" + noun, true
	case n == "entity" && strings.TrimSpace(f.text) == "entity" && plainWord(v.subj.noun):
		return v.subj.noun, true // an API's describe call: the entity described
	}
	return "", false
}
