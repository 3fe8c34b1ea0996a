package sim

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// unknown is the value of a field no rule gave a meaning: what its
// description says anywhere in it (a format, a count, a name, a token),
// what its name says once its last word is singular ("redirect_uris"),
// what the words around it speak of, else a short identifier of the thing
// it names. Never a phrase from another domain: a dweet.io "lock" is not
// "sales readme", nor its "thing" "monthly budget".
func (v *Values) unknown(f field) string {
	if failureReason(f) {
		return v.errorMessage(f) // "The reason for the verification failure": what went wrong
	}
	if x, ok := v.readsAs(f); ok {
		return x // "self", "familiar_name", "subcategory": what the name says, not a codename
	}
	if x, ok := v.describedAnywhere(f); ok {
		return x
	}
	if x, ok := v.pluralName(f); ok {
		return x
	}
	if x, ok := v.namedByWord(f); ok {
		return x
	}
	if countOfThings(f.norm) {
		g := f
		g.kind = kCount
		return v.numericString(map[string]any{}, g)
	}
	last := ident.Singular(f.norm[strings.LastIndexByte(f.norm, '_')+1:])
	if f.norm == "item" || f.norm == "items" {
		if x, ok := v.listedItem(f); ok {
			return x // a cache policy list's "Items": the policies' ids, not products
		}
	}
	if x, ok := v.naturalName(last); ok {
		return x // a "district" is a place's name, a "language" a language
	}
	if x, ok := v.habitualName(last); ok {
		return x
	}
	if x, ok := v.byMeaning(f); ok {
		return x // "formatted_service", "elevation_ft", "continent", "managingDirectors"
	}
	if f.text != "" {
		if s, ok := v.topicIn(f.text + " " + f.noun); ok {
			return s
		}
	}
	if f.name == "" {
		return v.phrase(f) // a bare string result: words on the tool's subject, not a code
	}
	if k, ok := closedCompoundKind(f.norm); ok {
		g := f
		g.kind = k
		return v.byKind(g) // "footnote" is a note, "subtitle" a title
	}
	if !codeField(f) && plainWord(last) && !standInWords[strings.ToUpper(last)] {
		return v.thingName(field{noun: last, norm: f.norm}) // a "train", a "bucket": named as such things are, not coded
	}
	return v.shortIdentifier(f)
}

// describedAnywhere reads a named format the description states past its
// first sentence ("Date range end. Enter a date in MM/DD/YYYY format"), a
// count it says the field holds, or that it is a name or a token.
func (v *Values) describedAnywhere(f field) (string, bool) {
	if f.text == "" {
		return "", false
	}
	for _, r := range descRules {
		if !r.match(f.text) || numberOnlyFormats[r.k] {
			continue
		}
		g := f
		g.kind = r.k
		if numericKinds[r.k] {
			return v.numericString(map[string]any{}, g), true
		}
		if l := layoutIn(f.raw); l != "" && (r.k == kDate || r.k == kDateTime || r.k == kTime) {
			return v.date(g).Format(l), true
		}
		return v.byKind(g), true
	}
	if m := setTo.FindStringSubmatch(f.raw); m != nil {
		return m[1], true // "Set this parameter to **[accepted]**": the value it names
	}
	if opts := specifiedOptions.FindAllStringSubmatch(f.raw, 8); len(opts) > 1 {
		return opts[v.r.IntN(len(opts))][1], true // "opt out by specifying the <code>DISABLED</code> option": one of them
	}
	if vs := bracketed.FindAllStringSubmatch(f.raw, 8); len(vs) > 1 {
		return vs[v.r.IntN(len(vs))][1], true // "either [detail-successfully-disabled] or [all-details-successfully-disabled]"
	}
	head := firstSentence(f.text)
	switch {
	case countHead.MatchString(head):
		g := f
		g.kind = kCount
		return v.numericString(map[string]any{}, g), true
	case yesNo.MatchString(f.text):
		return v.pick([]string{"Y", "N"}), true
	case nameHead.MatchString(head):
		return v.nameSlug(f), true
	case tokenHead.MatchString(head):
		return v.alnum(16+v.r.IntN(9), true), true
	}
	return "", false
}

var (
	// "Set this parameter to **[accepted]** to acknowledge ...".
	setTo = regexp.MustCompile(`(?i)\bset (?:this|the) (?:parameter|field|value|property) to \**\[?"?([A-Za-z0-9_.-]+)"?\]?\**`)
	// An option a description says to specify in code ("by specifying the
	// <code>DISABLED</code> option").
	specifiedOptions = regexp.MustCompile(`\bspecify(?:ing)? (?:the |a |an )?<code>([A-Z][A-Z0-9_]+)</code>`)
	// A value a description writes in square brackets, as Adyen's do.
	bracketed = regexp.MustCompile(`\[([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+|[A-Z][A-Za-z]+)\]`)
	// "Number of facilities with ...", "Summary count of ...".
	countHead = regexp.MustCompile(`^(?:the |a |summary |total )?(?:number|count|total) of\b`)
	// Enter "Y" or "N", a Y/N flag.
	yesNo = regexp.MustCompile(`"y"(?: or |/)"n"|\by/n\b|enter "y"`)
	// "A unique name of a thing", "Name of the source".
	nameHead = regexp.MustCompile(`^(?:an? |the )?(?:unique |short |friendly |display )?name\b`)
	// "A valid dweet.io lock", "The session token".
	tokenHead = regexp.MustCompile(`^(?:an? |the )?valid [\w.]+ (?:lock|key|token|secret|session)\b|\b(?:session|lock|access) (?:token|key)\b`)
)

// pluralName reads a name whose last word is plural as its singular does:
// "redirect_uris" holds URIs, "participants" people, "attachments" files.
func (v *Values) pluralName(f field) (string, bool) {
	words := strings.Split(f.norm, "_")
	last := words[len(words)-1]
	one := ident.Singular(last)
	if one == last && strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss") && len(last) > 3 {
		one = strings.TrimSuffix(last, "s") // "uris", which reads like "analysis"
	}
	if one == last {
		return "", false
	}
	words[len(words)-1] = one
	g := classify(strings.Join(words, "_"), map[string]any{"description": f.raw}, f.parent, false, v.subj.text)
	if g.kind == kText {
		return "", false
	}
	if numericKinds[g.kind] {
		return v.numericString(map[string]any{}, g), true
	}
	return v.byKind(g), true
}

// namedByWord reads the few names that say their value's form outright: a
// JSONP callback is a function's name, an abbreviation a few capitals.
func (v *Values) namedByWord(f field) (string, bool) {
	switch {
	case hasAny(f.norm, "callback", "jsonp", "jsonp_callback"):
		return v.pick([]string{"handleResponse", "jsonpCallback", "onData", "processResult", "cb"}), true
	case hasAny(f.norm, "abbreviation", "abbr", "abbrev", "acronym", "initials", "short_code"):
		w := strings.Fields(v.f.Company())
		b := ""
		for _, x := range w {
			if r := []rune(x); len(r) > 0 && r[0] >= 'A' && r[0] <= 'Z' {
				b += string(r[0])
			}
		}
		if len(b) < 2 {
			b = strings.ToUpper(v.f.LetterN(3))
		}
		return b, true
	case hasAny(f.norm, "lock", "wskey", "session", "session_key", "nonce", "signature"):
		return v.alnum(16+v.r.IntN(9), true), true
	case dayKeys[f.norm]:
		// An opening-hours object's days: when it opens and closes.
		open := 7 + v.r.IntN(4)
		return fmt.Sprintf("%02d:%s-%02d:00", open, v.pick([]string{"00", "30"}), open+8+v.r.IntN(4)), true
	case pageLink(f):
		return v.pageURL(f), true
	case hasAny(f.norm, "revision", "rev", "revisions"):
		return fmt.Sprint(1 + v.r.IntN(400)), true
	case hasAny(f.norm, "role", "roles"):
		return v.pick([]string{"admin", "editor", "viewer", "owner", "member", "billing"}), true
	case hasAny(f.norm, "permission", "permissions", "rights", "access_level"):
		return v.pick([]string{"read", "write", "admin", "read_write", "manage"}), true
	case adjectiveFlag(f.norm):
		return v.pick([]string{"true", "false"}), true
	}
	return "", false
}

// pageLink reports whether a field links to another page of a listing or
// to a resource itself: "next", "previous", a links object's "self".
func pageLink(f field) bool {
	if hasAny(f.norm, "next", "previous", "prev", "next_page", "previous_page", "prev_page", "next_link", "prev_link") {
		return true
	}
	return hasAny(f.parent, "link", "links") && hasAny(f.norm, "self", "first", "last", "href", "related")
}

// pageURL is the address of a page of the listing the tool returns, on
// the service's API host.
func (v *Values) pageURL(f field) string {
	noun := v.subj.noun
	if !plainWord(noun) {
		noun = "items"
	} else {
		noun = plural(noun)
	}
	host := "api." + strings.ToLower(v.f.DomainName())
	if hasAny(f.norm, "self", "href", "related") {
		return fmt.Sprintf("https://%s/v1/%s/%d", host, noun, 1000+v.r.IntN(90000))
	}
	return fmt.Sprintf("https://%s/v1/%s?page=%d&per_page=%d", host, noun, 2+v.r.IntN(8), v.pick2(10, 20, 25, 50))
}

// adjectiveFlag reports whether a name is an adjective that a flag holds
// ("comparable", "editable", "visible"): "true" or "false".
func adjectiveFlag(norm string) bool {
	return !strings.Contains(norm, "_") && len(norm) > 5 && (strings.HasSuffix(norm, "able") || strings.HasSuffix(norm, "ible"))
}

// nameSlug is the name a system knows a thing by when its users choose it:
// lower case and hyphenated, from the thing and where or what it is for
// ("office-sensor-3").
func (v *Values) nameSlug(f field) string {
	n := v.subjectNoun(f)
	if !plainWord(n) || n == "thing" || n == "item" || n == "object" {
		n = v.pick([]string{"sensor", "device", "station", "monitor", "gateway", "tracker"})
	}
	n = strings.ReplaceAll(n, "_", "-")
	return v.pick([]string{"office", "warehouse", "lab", "garden", "kitchen", "roof", "north", "east"}) + "-" + n + "-" + fmt.Sprint(1+v.r.IntN(12))
}

// shortIdentifier is the last resort: a short code of the thing the field
// names, in the form ids of that thing take.
func (v *Values) shortIdentifier(f field) string {
	// The field's own word, not the object's: a detail's "area" is no
	// detail's id.
	n := f.norm
	if i := strings.LastIndexByte(n, '_'); i >= 0 {
		n = n[i+1:]
	}
	if !plainWord(n) && f.noun != "" {
		n = f.noun
	}
	p := strings.ToUpper(n)
	if len(p) > 3 {
		p = p[:3]
	}
	if len(p) < 2 || !plainWord(strings.ToLower(n)) || standInWords[p] {
		p = strings.ToUpper(v.f.LetterN(3))
		for standInWords[p] {
			p = strings.ToUpper(v.f.LetterN(3))
		}
	}
	return fmt.Sprintf("%s-%d", p, 1000+v.r.IntN(9000))
}

// countOfThings reports whether a name counts things in a state: a plural
// followed by what became of them ("urls_done", "pages_in_queue",
// "emails_failed").
func countOfThings(norm string) bool {
	words := strings.Split(norm, "_")
	if len(words) < 2 || !strings.HasSuffix(words[0], "s") || strings.HasSuffix(words[0], "ss") || len(words[0]) < 4 {
		return false
	}
	for _, w := range words[1:] {
		switch w {
		case "done", "queue", "crawled", "processed", "remaining", "left", "pending", "found", "indexed", "sent", "failed", "skipped", "queued", "completed", "received":
			return true
		}
	}
	return false
}

// dayKeys are the names of days an object of opening hours is keyed by.
var dayKeys = map[string]bool{"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true}

// failureReason reports whether a field says why something failed.
func failureReason(f field) bool {
	return hasAny(f.norm, "failure", "failures", "failure_message", "fail_reason", "rejection_reason", "reject_reason") ||
		strings.Contains(f.text, "reason for the") && (strings.Contains(f.text, "fail") || strings.Contains(f.text, "reject") || strings.Contains(f.text, "declin"))
}

// standInWords are the prefixes that read as a stand-in, not a code
// ("FOO-2381" for a footnote).
var standInWords = map[string]bool{"FOO": true, "BAR": true, "BAZ": true, "QUX": true, "ABC": true, "XYZ": true, "TBD": true, "TES": true, "TMP": true, "XXX": true, "N/A": true}

// closedCompoundKind is the kind of a one-word name that closes up a
// modifier and a word a rule knows ("footnote", "subtitle", "headline"):
// the kind of the word it ends in, for the words of prose and names.
func closedCompoundKind(norm string) (kind, bool) {
	if strings.Contains(norm, "_") {
		return "", false
	}
	for _, r := range nameRules {
		switch r.k {
		case kTitle, kDescription, kMessage, kTag:
		default:
			continue
		}
		for _, t := range r.tokens {
			if len(t) >= 4 && !strings.Contains(t, "_") && len(norm) > len(t)+2 && strings.HasSuffix(norm, t) {
				return r.k, true
			}
		}
	}
	return "", false
}

// listedItem is an entry of a list of things the tool is about that are
// not goods on sale: the listed thing's id ("ListCachePolicies": a policy
// id). It reports false where the tool sells or stocks things.
func (v *Values) listedItem(f field) (string, bool) {
	for _, w := range []string{"product", "shop", "store", "cart", "order", "inventory", "catalog", "sku", "merchant", "purchase", "grocery", "menu"} {
		if strings.Contains(v.subj.text, w) {
			return "", false
		}
	}
	t, _ := readTool(v.subj.tool, "", "")
	if !plainWord(t.noun) {
		return "", false
	}
	g := f
	g.kind, g.noun = kID, t.noun
	return v.byKind(g), true
}
