// Package wording is the sim provider's vocabulary for talking about tools:
// what a tool is for as a user would ask for it ("look up the zip code of a
// city"), how a parameter or an output field is named in a sentence ("ticket
// ID", "following count"), and a bank of everyday requests no tool serves,
// with their answers. The planner and the simulated user and assistant read
// the same words, so a request and the reasoning about it agree.
package wording

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// Purpose returns what a tool does as an imperative verb phrase in lower
// case ("get all tickets created by the current user"), from the leading
// verb phrase of its description, cleaned of markup, examples and asides,
// or from its name when the description is empty, not English or not a
// verb phrase a user could say.
//
// Where the name leads with a verb that changes something and the
// description's verb does another thing (cancelCrawlItem described as
// "Create a crawl resource", a description copied from a sibling
// operation), the name says what the operation does.
func Purpose(name, description string) string {
	if nameOnly(name, description) {
		if p := fromName(name); !strings.HasPrefix(p, "use ") {
			return p
		}
	}
	if p := fromDescription(description); p != "" {
		if nv := nameVerb(name); nv != "" && contradicts(nv, p, description) {
			return fromName(name)
		}
		return handled(typeWords(name, p))
	}
	return fromName(name)
}

// capitalised is a word written with a capital, as a name is ("Amazon").
var capitalised = regexp.MustCompile(`^[A-Z][a-z]+[,.;:]?$`)

// pascal finds a type name written as one word ("ServiceAccount",
// "SslCertificate", "cuePoint").
var pascal = regexp.MustCompile(`\b(?:[A-Z][a-z]+|[a-z]{2,})(?:[A-Z][a-z]+)+\b`)

// typeWords says a type the operation's name also names in words ("read
// the ServiceAccount" of readCoreV1NamespacedServiceAccount is "read the
// service account"): a resource's type is no brand, and no person says it
// as one word. A capitalised word the name does not hold (a product's
// name, GitHub) stays.
func typeWords(name, p string) string {
	// A capitalised word the name holds ("a CodePush Deployment" of
	// codePushDeployments_create) is the resource's type, in lower case;
	// beside another such word it is part of a name ("Amazon Resource
	// Name").
	held := map[string]bool{}
	for _, w := range Words(name) {
		held[strings.ToLower(ident.Singular(w))] = true
	}
	ws := strings.Split(p, " ")
	for i, w := range ws {
		l := strings.ToLower(w)
		if !capitalised.MatchString(w) || !held[ident.Singular(l)] ||
			i > 0 && capitalised.MatchString(ws[i-1]) || i+1 < len(ws) && capitalised.MatchString(ws[i+1]) {
			continue
		}
		ws[i] = l
	}
	p = strings.Join(ws, " ")
	return pascal.ReplaceAllStringFunc(p, func(w string) string {
		one := ident.Singular(w)
		// The name writes it with the same capitals ("sslCertificates",
		// "NamespacedServiceAccount"); "adsensehost" holds a brand.
		if !strings.Contains(name, one) && !strings.Contains(name, strings.ToLower(one[:1])+one[1:]) {
			return w
		}
		return Phrase(w)
	})
}

// handledEvents are the events a description says a tool "handles", with
// what a person asks instead and the word that leads a place after it.
var handledEvents = map[string][2]string{
	"login": {"log in", " to the "}, "logout": {"log out", " of the "}, "signup": {"sign up", " for the "},
	"sign-up": {"sign up", " for the "}, "checkout": {"check out", " of the "}, "registration": {"register", " with the "},
}

// handled says a purpose worded as handling an event the way a person asks
// for it: "handle user login" is "log in", "handle user logout for trading
// system" is "log out of the trading system".
func handled(p string) string {
	rest, ok := strings.CutPrefix(p, "handle ")
	if !ok {
		return p
	}
	ws := strings.Fields(rest)
	for i, w := range ws {
		if i > 2 {
			break
		}
		ev, ok := handledEvents[strings.ToLower(w)]
		if !ok {
			continue
		}
		tail := strings.Join(ws[i+1:], " ")
		if place, ok := strings.CutPrefix(tail, "for "); ok {
			return ev[0] + ev[1] + strings.TrimPrefix(place, "the ")
		}
		if tail != "" {
			return ev[0] + " " + tail
		}
		return ev[0]
	}
	return p
}

var (
	tag        = regexp.MustCompile(`(?s)<[^>]*>`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	paren      = regexp.MustCompile(`\s*[(\[{][^()\[\]{}]*[)\]}]`)
	url        = regexp.MustCompile(`https?://\S+`)
	spaces     = regexp.MustCompile(`\s+`)
	sentenceAt = regexp.MustCompile(`[.!?](\s|$)|\n|;|:\s| - | — | – `)
	// Asides and examples end the phrase: what follows them is detail a
	// user would not say.
	asideAt = regexp.MustCompile(`(?i)\b(e\.g\.?|eg\.|i\.e\.?|for example|for instance|such as|see |note that|this (?:endpoint|api|method|operation|call)|if |when |which (?:is|are|can|will)|optionally|only available|deprecated|requires? )`)
	toSeeIf = regexp.MustCompile(`(?i)\bto (?:see|find out|determine) (?:if|whether) `)
	// Lead-ins before the verb ("This endpoint returns", "Used to obtain").
	// "Attempts to stop a build" stops it; "Represents a collection of
	// domain names" and "Access to public facilities" name the thing got.
	leadIn  = regexp.MustCompile(`(?i)^(?:attempts? to|tries to|represents?|access to|(?:this|the) (?:endpoint|api|method|operation|call|function|tool|resource|service|route|request)(?: will| can| is used to| allows (?:you|users|the user) to| lets you)?|(?:use|call) this (?:endpoint |api |method |operation |tool |function )?to|used (?:to|for)|use to|allows? (?:you |users |the user |a user )?to|lets? (?:you |users )?|endpoint (?:to|for)|method (?:to|for)|api (?:to|for)|operation (?:to|for)|helps? (?:you )?(?:to )?|you can|can be used to|is used to|will)\s+`)
	article = regexp.MustCompile(`(?i)\b(?:(?:a|an|the) )?(?:array|list|collection|set|json array|json list|paginated list|page) of(?: (?:all )?the\b)?`)
)

// verbs maps the forms a description starts with to the imperative a user
// says. A leading word not in it is not taken for a verb.
var verbs = map[string]string{}

func init() {
	for _, v := range strings.Fields(`abort add aggregate analyse analyze append apply approve archive assign attach authenticate authorize
		book build calculate cancel change check clear clone close compare compile compute configure confirm connect convert
		copy count create contact unmap map submit comment fund mention retweet tweet multiply divide subtract sum round average echo ping login logout bind unbind rate optimise optimize enroll detach reboot ban unban block unblock pin unpin star vote like accept deny handle manage access administer allow control debug decline decode decrypt delete deploy describe detect disable disconnect display download
		duplicate edit enable encode encrypt end enqueue estimate evaluate execute export extract fetch fill filter find
		follow format generate geocode get grant import initiate insert install invite invoke join kill launch link list
		load locate lock log look lookup make mark merge modify monitor move mute notify obtain open order parse patch pause
		perform ping place play post predict preview print process provide publish purchase push put query queue read
		rebuild receive record redeem refresh register reject release reload remove rename render reorder replace reply
		report request reschedule reset resize resolve restart restore resume retrieve return revoke rotate run save scan
		schedule search select send set share show sign simulate sort split start stop store submit subscribe suggest
		summarize summarise suspend sync tag terminate test toggle track transfer transform translate trigger unassign
		unfollow unlink unlock unmute unsubscribe update upgrade upload validate verify view void watch withdraw write ensure overwrite
		retry untag upsert associate disassociate deregister unregister provision recover allocate resend redact unsuspend
		undelete uninstall destroy migrate deselect reinstate unlike`) {
		verbs[v] = v
		verbs[thirdPerson(v)] = v
	}
	// What an API "returns", "provides" or "obtains" a user asks to get;
	// "lookup" is a noun used as a verb.
	for _, f := range []string{"return", "returns", "provide", "provides", "obtain", "obtains"} {
		verbs[f] = "get"
	}
	verbs["lookup"], verbs["lookups"], verbs["looks"] = "look up", "look up", "look"
	// What an API "serves" (a file, a thumbnail) the user asks to get.
	verbs["serve"], verbs["serves"] = "get", "get"
}

func thirdPerson(v string) string {
	switch {
	case strings.HasSuffix(v, "y") && !strings.HasSuffix(v, "ay") && !strings.HasSuffix(v, "ey") && !strings.HasSuffix(v, "oy"):
		return v[:len(v)-1] + "ies"
	case strings.HasSuffix(v, "s"), strings.HasSuffix(v, "sh"), strings.HasSuffix(v, "ch"), strings.HasSuffix(v, "x"), strings.HasSuffix(v, "z"):
		return v + "es"
	}
	return v + "s"
}

// baseForm undoes the third person of a verb ("navigates" → "navigate").
func baseForm(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

func determiner(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an", "all", "your", "this", "these", "those", "my", "our", "their", "its", "every", "each", "one", "two", "three", "some", "any", "multiple", "several", "new":
		return true
	}
	return false
}

// Short drops a purpose's trailing qualifier, the way people shorten a
// request ("book a flight given the travel information" → "book a
// flight"); a purpose without one comes back as it is.
func Short(purpose string) string {
	ws := strings.Fields(purpose)
	for i := 3; i < len(ws); i++ {
		switch ws[i] {
		case "for", "from", "based", "within", "using", "given", "with", "that", "which", "according":
			return shortAt(ws, i, purpose)
		case "in", "to", "into", "on", "at":
			// "create a file in the current directory", "push files to a
			// GitHub repository", "move a file at the path": where, said
			// when it matters; not "sign in to", "take a look at", nor
			// what a thing is added to ("add a user to a workspace": a
			// user added is not one made).
			if i+1 < len(ws) && determiner(ws[i+1]) && !phrasal[ws[i-1]] && !lookAt[ws[i-1]] && !(ws[i] == "to" && toHeld[ws[0]]) {
				return shortAt(ws, i, purpose)
			}
		}
	}
	return purpose
}

// lookAt are the words "at" completes ("a look at", "point at"): what
// follows is their object, not a place.
var lookAt = map[string]bool{"look": true, "glance": true, "stare": true, "aim": true, "point": true, "arrive": true, "arriving": true, "good": true, "bad": true}

// shortAt is the purpose's words before i without the function words the
// cut left dangling ("randomize the order at which …" is "randomize the
// order", "… of a particle at a given angle" is "… of a particle"); the
// whole purpose when too little is left.
func shortAt(ws []string, i int, purpose string) string {
	kept := undangle(ws[:i])
	if n := len(kept); n > 2 && participleLeft(kept[n-1]) && !determiner(kept[n-2]) {
		kept = kept[:n-1] // "create a project shared with the team": "create a project"
	}
	if len(kept) < 2 {
		return purpose
	}
	return strings.Join(kept, " ")
}

// participleLeft reports whether a word is a past participle a cut left
// without what it qualified ("shared", "published", "created").
func participleLeft(w string) bool {
	return len(w) > 5 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") && verbs[w] == ""
}

// dangling are words a phrase cannot end on: prepositions that want an
// object, articles, determiners and conjunctions. Particles that finish a
// verb ("log in", "sign up") are not among them.
var dangling = map[string]bool{"at": true, "of": true, "to": true, "for": true, "by": true, "with": true, "from": true, "into": true, "onto": true,
	"via": true, "per": true, "during": true, "including": true, "about": true, "across": true, "between": true, "within": true, "a": true, "an": true, "the": true, "and": true,
	"or": true, "which": true, "that": true, "whose": true, "whom": true, "where": true, "its": true, "their": true, "your": true, "each": true, "every": true}

// undangle drops the words a phrase cannot end on from its end.
func undangle(ws []string) []string {
	for len(ws) > 0 && dangling[strings.ToLower(strings.Trim(ws[len(ws)-1], ",.;:"))] {
		ws = ws[:len(ws)-1]
	}
	return ws
}

// gerund reads "managing" as the verb "manage" ("Used for managing …").
func gerund(w string) (string, bool) {
	if !strings.HasSuffix(w, "ing") || len(w) < 6 {
		return "", false
	}
	stem := w[:len(w)-3]
	for _, c := range []string{stem, stem + "e", stem[:len(stem)-1]} {
		if v, ok := verbs[c]; ok {
			return v, true
		}
	}
	return "", false
}

// maxWords bounds a purpose: longer leading phrases are cut at a clause
// boundary, since a user names the thing, not its specification.
const maxWords = 12

// leadingPath is an HTTP route a description opens with
// ("/v1/Catalog/Services \nGets the list of …", "GET /users – List users").
var leadingPath = regexp.MustCompile(`^\s*(?:(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+)?/[^\s]*\s*(?:[-–—:]\s*)?`)

// fromDescription is the purpose a description states: its leading phrase,
// read as a verb and its object, or as a noun phrase the user asks for; ""
// when the description says nothing a user could ask.
func fromDescription(d string) string {
	d, ok := leadingPhrase(d)
	if !ok {
		return ""
	}
	ws := clauseWords(d)
	if len(ws) == 0 {
		return ""
	}
	verb, ok := leadingVerb(ws)
	if !ok {
		return nounPurpose(ws)
	}
	if _, ing := gerund(strings.ToLower(ws[0])); ing {
		ws = subjectOnly(ws)
	}
	return verbPurpose(verb, ws)
}

// subjectOnly is the subject of a sentence a gerund opens ("Creating a new
// task is as easy as POSTing …" is "creating a new task"): the words
// before its verb.
func subjectOnly(ws []string) []string {
	for i := 2; i < len(ws); i++ {
		switch strings.ToLower(ws[i]) {
		case "is", "are", "was", "were", "can", "will", "should", "must", "may", "requires", "involves":
			return ws[:i]
		}
	}
	return ws
}

// leadingPhrase is the phrase a description opens with, cleaned of
// markup, a route, asides, lead-ins ("This endpoint returns") and a
// leading condition; false for an empty or non-English description.
func leadingPhrase(d string) (string, bool) {
	d = leadingPath.ReplaceAllString(d, "")
	d = clean(d)
	if loc := sentenceAt.FindStringIndex(d); loc != nil {
		d = d[:loc[0]]
	}
	if d == "" || !English(d) {
		return "", false
	}
	// "Checks to see if each file exists" checks whether it does: the
	// condition is the object, not an aside.
	d = toSeeIf.ReplaceAllString(d, "whether ")
	if loc := asideAt.FindStringIndex(d); loc != nil {
		d = d[:loc[0]]
	}
	d = strings.Trim(strings.TrimSpace(d), ",.;:-–— ")
	for {
		nd := leadIn.ReplaceAllString(d, "")
		if nd == d {
			break
		}
		d = nd
	}
	// A leading condition ("Given the ID of a webhook, return its
	// details"): the verb comes after it.
	if f := strings.Fields(d); len(f) > 0 {
		switch strings.ToLower(f[0]) {
		case "given", "using", "with", "based", "once", "after", "when", "if":
			// "Once an async_job_id is returned from members/add, use
			// this to poll the status": when, not what.
			if i := strings.Index(d, ","); i > 0 {
				d = strings.TrimSpace(d[i+1:])
				for {
					nd := leadIn.ReplaceAllString(d, "")
					if nd == d {
						break
					}
					d = nd
				}
			}
		}
	}
	if i := strings.IndexAny(d, "([{"); i > 0 {
		d = strings.TrimSpace(d[:i]) // an aside left open by the sentence cut
	}
	return d, true
}

// clauseWords are the words of the phrase's first clause, without a
// leading manner adverb.
func clauseWords(d string) []string {
	ws := strings.Fields(d)
	// A comma before a verb or a pronoun starts a second clause
	// ("trigger a build, returns its summary").
	for i := 1; i < len(ws); i++ {
		if strings.HasSuffix(ws[i-1], ",") {
			w := strings.ToLower(ws[i])
			if _, ok := verbs[w]; ok || w == "this" || w == "it" || w == "which" || w == "and" || w == "or" {
				ws[i-1] = strings.TrimSuffix(ws[i-1], ",")
				ws = ws[:i]
				break
			}
		}
	}
	// "Recursively search for files": the manner is detail; the verb
	// comes after it.
	if len(ws) > 1 && strings.HasSuffix(strings.ToLower(ws[0]), "ly") {
		if _, ok := verbs[strings.ToLower(ws[1])]; ok {
			ws = ws[1:]
		}
	}
	return ws
}

// leadingVerb is the imperative of the phrase's first word, when it is a
// verb: one of verbs, a gerund of one, or a word the list lacks that an
// object follows.
func leadingVerb(ws []string) (string, bool) {
	first := strings.ToLower(strings.Trim(ws[0], ",.:;"))
	verb, ok := verbs[first]
	if !ok {
		verb, ok = gerund(first)
	}
	if !ok && len(ws) > 1 && (determiner(ws[1]) || ws[1] == "to" && strings.HasSuffix(first, "s")) && !strings.HasSuffix(ws[0], ",") {
		// "Fund the account", "Navigates to the destination": a verb the
		// list lacks, known by the object after it.
		verb, ok = baseForm(first), true
	}
	return verb, ok
}

// nounPurpose makes a purpose of a noun phrase ("List of bot files",
// "Cross street lookup"): the user asks for it. "" for a sentence that is
// not a name for the thing.
func nounPurpose(ws []string) string {
	np := lowerWords(ws)
	if len(np) == 0 || len(np) > maxWords {
		return ""
	}
	for _, w := range np {
		switch w {
		case "is", "are", "was", "were", "will", "can", "it", "this", "these", "used", "use", "allows", "shows", "you", "we", "endpoint", "method":
			return "" // a sentence, not a name for the thing
		}
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, "s") && verbs[w] != "" && verbs[w] != w {
			return "" // a comma or a verb in the third person: a sentence
		}
		if strings.Contains(w, "/") {
			return "" // a route, not a name for the thing
		}
	}
	// "a collection of domain name resources" is the resources.
	if loc := article.FindStringIndex(strings.Join(np, " ")); loc != nil && loc[0] == 0 {
		if rest := strings.Fields(strings.Join(np, " ")[loc[1]:]); len(rest) > 0 {
			np = append([]string{"the"}, rest...)
		}
	}
	last := np[len(np)-1]
	if _, ing := gerund(last); ing && len(np) > 1 {
		return "" // "the user making": a sentence cut before its verb
	}
	switch last {
	case "lookup", "search", "check", "query", "scan", "validation", "conversion", "calculation":
		return "run a " + strings.Join(np, " ")
	}
	if np[0] == "the" || np[0] == "a" || np[0] == "an" {
		np = np[1:]
	}
	if np[0] == "all" || possessive(np[0]) && articles[np[0]] {
		return "get " + oneDeterminer(unspecified(strings.Join(np, " "))) // "all feeds", "my addresses"
	}
	return oneDeterminer(unspecified("get the " + strings.Join(np, " ")))
}

// verbPurpose makes a purpose of the verb and the words after it: one
// action, in the imperative, in the words people use ("get the issue", not
// "get details of a specific issue").
func verbPurpose(verb string, ws []string) string {
	rest := alternativesCut(midWords(ws[1:]))
	if len(rest) > maxWords {
		rest = cutClause(rest)
	}
	for i := 1; i < len(rest); i++ {
		// "delete a profile and unmaps its faces": every verb of the
		// request in the imperative.
		if rest[i-1] == "and" || rest[i-1] == "or" {
			if base, ok := verbs[rest[i]]; ok && base != rest[i] && strings.HasSuffix(rest[i], "s") {
				rest[i] = base
			}
		}
	}
	obj := listOf(strings.Join(rest, " "))
	if verb == "list" && strings.HasPrefix(obj, "of ") {
		verb, obj = "get", "the list "+obj // "List of bot files": a noun, not the verb
	}
	out := strings.TrimSpace(verb + " " + obj)
	// "get details of a specific issue": the values that follow say which;
	// people say "the issue".
	out = strings.NewReplacer("the the ", "the ", "the all ", "all ", "the every ", "every ", "a specific ", "the ", "a particular ", "the ").Replace(out)
	out = strings.NewReplacer(" detailed ", " ", " complete ", " ", " comprehensive ", " ", " full ", " ", " multiple new ", " new ", " multiple ", " several ").Replace(out)
	out = unspecified(out)
	out = oneDeterminer(out)
	out = fitArticles(out)
	// "create a new tag in a workspace or organization": the place the
	// user's values name is one of them.
	out = placeOr.ReplaceAllString(out, "$1")
	for _, p := range []string{"get a listing of ", "get a detailed listing of ", "get a list of ", "get the list of ", "get list of "} {
		if strings.HasPrefix(out, p) && len(out) > len(p) {
			out = "list " + out[len(p):] // "get a listing of all files": list them
		}
	}
	out = strings.TrimRight(out, ",.;: ")
	// An aside or a clause cut can leave the phrase hanging on "at" or
	// "the": it ends where its last whole word group does.
	if ws := strings.Fields(out); len(ws) > 2 {
		if kept := undangle(ws); len(kept) >= 2 {
			out = strings.TrimRight(strings.Join(kept, " "), ",;:")
		}
	}
	if strings.Count(out, " ") == 0 && verb != "" {
		// A bare verb ("Search.") says nothing; the name says more.
		return ""
	}
	return out
}

// cutClause shortens a long phrase at the last clause boundary (a comma or a
// preposition that starts a qualifier) inside the word budget.
func cutClause(ws []string) []string {
	cut := maxWords
	for i := min(len(ws), maxWords) - 1; i >= 3; i-- {
		w := ws[i]
		if strings.HasSuffix(w, ",") {
			ws[i] = strings.TrimSuffix(w, ",")
			return ws[:i+1]
		}
		switch w {
		case "by", "with", "from", "using", "based", "that", "which", "where", "and", "or", "in", "for", "to", "of", "on", "at", "as":
			if quantifiers[ws[i-1]] || ws[i-1] == "each" {
				continue // "the compact representation of all of the …": "all" wants its things
			}
			if i < cut {
				return ws[:i]
			}
		}
	}
	return ws[:cut]
}

// lowerWords lower-cases words that are not acronyms or identifiers.
func lowerWords(ws []string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, lowerWord(w))
	}
	return out
}

// midWords lower-cases words that follow a sentence's start, except the
// names the sentence capitalises ("the Amazon Chime Voice Connector
// groups"): a product's name keeps its capitals in the user's words. A
// phrase in title case ("Gets The Account Details") capitalises every word,
// names or not, and is lower-cased whole.
func midWords(ws []string) []string {
	out := lowerWords(ws)
	if titleCase(ws) {
		return out
	}
	for i, w := range ws {
		if r := []rune(w); len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLetter(r[1]) {
			out[i] = w
			if a, ok := acronyms[strings.ToLower(w)]; ok {
				out[i] = a // "an Api resource" is an API resource
			}
		}
	}
	return out
}

// titleCase reports whether no word of ws but a short function word ("a",
// "of", "for") starts in lower case.
func titleCase(ws []string) bool {
	for _, w := range ws {
		r := []rune(strings.Trim(w, ",.:;()\"'"))
		if len(r) > 0 && unicode.IsLower(r[0]) && !titleSmall[string(r)] {
			return false
		}
	}
	return true
}

// titleSmall are the words a title leaves in lower case.
var titleSmall = map[string]bool{"a": true, "an": true, "the": true, "of": true, "for": true, "to": true, "in": true, "on": true,
	"by": true, "and": true, "or": true, "with": true, "at": true, "from": true, "as": true}

func lowerWord(w string) string {
	r := []rune(w)
	if len(r) == 0 {
		return w
	}
	if len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsUpper(r[1]) {
		return w // an acronym
	}
	for _, c := range r[1:] {
		if unicode.IsUpper(c) || unicode.IsDigit(c) || c == '_' {
			return w // an identifier: camelCase, snake_case
		}
	}
	return strings.ToLower(w)
}

// clean removes markup, links and parentheticals and folds whitespace.
func clean(d string) string {
	d = html.UnescapeString(tag.ReplaceAllString(d, " "))
	d = mdLink.ReplaceAllString(d, "$1")
	d = url.ReplaceAllString(d, "")
	d = strings.NewReplacer("`", "", "**", "", "__", "", "#", " ", "*", " ").Replace(d)
	for {
		nd := paren.ReplaceAllString(d, "")
		if nd == d {
			break
		}
		d = nd
	}
	// Newlines end sentences; fold other whitespace.
	d = strings.ReplaceAll(d, "\r", "")
	lines := strings.Split(strings.TrimSpace(d), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spaces.ReplaceAllString(l, " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// English reports whether text reads as English: mostly ASCII letters, and
// once it has five words or more, at least one common English function word.
func English(text string) bool {
	letters, ascii := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if r < 128 {
				ascii++
			}
		}
	}
	if letters == 0 || float64(ascii) < 0.9*float64(letters) {
		return false
	}
	english, foreign := 0, 0
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ",.;:()") {
		case "the", "a", "an", "of", "to", "for", "and", "in", "by", "with", "from", "on", "or", "is", "are", "all", "this", "your", "given", "specified", "new", "list", "returns", "gets":
			english++
		case "de", "la", "el", "los", "las", "der", "die", "das", "und", "le", "les", "des", "du", "para", "por", "con", "une", "um", "uma", "ein", "eine", "zu", "mit", "von", "il", "di", "della", "het", "een", "och", "og", "för", "pour", "avec", "sur", "nach", "eines", "dos", "obtener", "liefert", "gibt":
			foreign++
		}
	}
	return foreign < 2 || english > foreign
}

func versionWord(w string) bool {
	if len(w) < 2 || w[0] != 'v' {
		return false
	}
	for _, c := range w[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Words splits an identifier into words: snake_case, kebab-case, dotted and
// camelCase parts ("getHTTPStatus_v2" → get HTTP Status v2).
func Words(id string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(id, func(r rune) bool {
		return r == '_' || r == '-' || r == '.' || r == '/' || r == ' ' || r == '{' || r == '}' || r == '$'
	}) {
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			boundary := unicode.IsLower(prev) && unicode.IsUpper(cur) ||
				unicode.IsUpper(prev) && unicode.IsUpper(cur) && next != 0 && unicode.IsLower(next) ||
				unicode.IsLetter(prev) && unicode.IsDigit(cur) && !(prev == 'v' || prev == 'V') && i-start > 1
			if boundary {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		out = append(out, string(rs[start:]))
	}
	return out
}

// irregular past tenses of verbs purposes start with.
var irregular = map[string]string{"get": "got", "go": "went", "bring": "brought", "keep": "kept", "leave": "left", "hold": "held", "find": "found", "send": "sent", "make": "made", "run": "ran", "set": "set", "put": "put",
	"read": "read", "write": "wrote", "build": "built", "show": "showed", "begin": "began", "buy": "bought", "take": "took",
	"give": "gave", "do": "did", "split": "split", "reset": "reset", "cut": "cut", "shut": "shut", "upload": "uploaded", "look": "looked",
	"log": "logged", "login": "logged in", "logout": "logged out", "stop": "stopped", "plan": "planned", "tag": "tagged", "ban": "banned", "pin": "pinned",
	"withdraw": "withdrew", "draw": "drew", "pay": "paid", "sell": "sold", "spend": "spent", "lend": "lent", "tell": "told", "say": "said",
	"choose": "chose", "forget": "forgot", "bind": "bound", "feed": "fed", "meet": "met", "hide": "hid", "seek": "sought", "teach": "taught",
	"catch": "caught", "let": "let", "hit": "hit", "quit": "quit", "broadcast": "broadcast", "forecast": "forecast", "rebuild": "rebuilt",
	"rewrite": "rewrote", "overwrite": "overwrote", "override": "overrode", "undo": "undid", "redo": "redid", "rerun": "reran", "unpin": "unpinned",
	"drop": "dropped", "ship": "shipped", "swap": "swapped", "wrap": "wrapped", "flag": "flagged", "submit": "submitted", "commit": "committed",
	"transfer": "transferred", "upset": "upset", "win": "won", "spin": "spun", "sweep": "swept", "sleep": "slept", "freeze": "froze", "unfreeze": "unfroze"}

// Past puts a purpose's verbs in the past tense: "create a ticket and queue
// it" → "created a ticket and queued it".
func Past(purpose string) string {
	ws := strings.Fields(purpose)
	for i, w := range ws {
		if i == 0 || ws[i-1] == "and" && verbs[w] == w {
			ws[i] = pastOf(w)
		}
	}
	return strings.Join(ws, " ")
}

func pastOf(verb string) string {
	if p, ok := irregular[verb]; ok {
		return p
	}
	n := len(verb)
	switch {
	case n == 0:
		return verb
	case strings.HasSuffix(verb, "e"):
		return verb + "d"
	case strings.HasSuffix(verb, "y") && n > 1 && !strings.ContainsRune("aeiou", rune(verb[n-2])):
		return verb[:n-1] + "ied"
	case n == 3 && strings.ContainsRune("aeiou", rune(verb[1])) && !strings.ContainsRune("aeiouwxy", rune(verb[2])) && !strings.ContainsRune("aeiou", rune(verb[0])):
		return verb + string(verb[2]) + "ed"
	}
	return verb + "ed"
}

// alternativesCut keeps one action of a phrase that offers several: "create
// a new directory or ensure a directory exists" is "create a new
// directory", "move or rename files" is "move files", "read a file and
// return it as …" is "read a file"; a trailing manner ("simultaneously")
// goes too.
func alternativesCut(rest []string) []string {
	isVerb := func(i int) bool {
		if i >= len(rest) {
			return false
		}
		_, ok := verbs[rest[i]]
		return ok
	}
	for i := 0; i < len(rest); i++ {
		switch {
		case rest[i] == "or" && i == 0 && isVerb(1):
			rest = rest[2:] // "move or rename files"
			i = -1
		case rest[i] == "or" && i > 0 && (isVerb(i+1) || strings.HasSuffix(rest[min(i+1, len(rest)-1)], "ly") && isVerb(i+2)):
			return trimManner(rest[:i])
		case rest[i] == "and" && i > 0 && i+1 < len(rest) && (rest[i+1] == "return" || rest[i+1] == "returns"):
			return trimManner(rest[:i])
		}
	}
	return trimManner(rest)
}

func trimManner(ws []string) []string {
	for len(ws) > 1 && strings.HasSuffix(ws[len(ws)-1], "ly") && len(ws[len(ws)-1]) > 5 {
		ws = ws[:len(ws)-1]
	}
	return ws
}

// phrasal are particles that bind the preposition after them to the verb
// ("sign in to", "log on to"): not a place said after the thing.
var phrasal = map[string]bool{"in": true, "up": true, "on": true, "out": true, "back": true, "over": true}

// specWord finds an article and a word a specification uses to say that
// the caller names the thing ("a specified path", "the given user ID", "a
// provided amount"), with the word after it.
var specWord = regexp.MustCompile(`\b(a|an|any|the) (?:specified|given|provided|supplied|user-specified|user-provided) (\S+)`)

// unspecified says a thing the caller names the way a person asks for it,
// without the specification's word for "named by a parameter": "list all
// files in a specified path" is "list all files in a path" (the path the
// user gives then names it), "delete the topic with the given name" is
// "delete the topic with the name".
func unspecified(p string) string {
	return specWord.ReplaceAllStringFunc(p, func(m string) string {
		sm := specWord.FindStringSubmatch(m)
		if sm[1] == "the" {
			return "the " + sm[2]
		}
		return WithArticle(sm[2])
	})
}

// articles are the determiners a noun phrase takes one of: two in a row
// ("the your lists", "a the project's components") is one too many.
var articles = map[string]bool{"the": true, "a": true, "an": true, "your": true, "my": true, "our": true, "their": true, "its": true, "his": true, "her": true}

// possessive reports whether a determiner says whose a thing is.
func possessive(w string) bool { return w != "the" && w != "a" && w != "an" }

// oneDeterminer leaves one determiner where a phrase has two in a row:
// the one saying whose ("get your searches" for "get your the searches"),
// else the second ("get the custom roles" for "get a the custom roles").
func oneDeterminer(p string) string {
	ws := strings.Fields(p)
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := strings.ToLower(ws[i])
		if i+1 < len(ws) && articles[w] && articles[strings.ToLower(ws[i+1])] {
			if possessive(w) && !possessive(strings.ToLower(ws[i+1])) {
				out = append(out, ws[i])
				i++ // "your the searches": the possessive stays
			}
			continue
		}
		out = append(out, ws[i])
	}
	return strings.Join(out, " ")
}

// placeOr finds a place said as one of two ("in the workspace or
// organization", "in the zone or all zones").
var placeOr = regexp.MustCompile(`\b((?:in|within) (?:the|a|an) [a-z]+) or (?:all |any )?[a-z]+\b`)

// fitArticles gives each "a" or "an" before a lower-case word the one its
// sound takes: "delete an schema" is "delete a schema", "get an user" "get
// a user".
func fitArticles(p string) string {
	ws := strings.Fields(p)
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] != "a" && ws[i] != "an") || ws[i+1] != strings.ToLower(ws[i+1]) || !unicode.IsLetter(rune(ws[i+1][0])) {
			continue
		}
		ws[i], _, _ = strings.Cut(WithArticle(ws[i+1]), " ")
	}
	return strings.Join(ws, " ")
}

// quantifiers say how many of a set ("some filtered set of projects"): the
// set's things take them, as they take an article.
var quantifiers = map[string]bool{"some": true, "all": true, "any": true, "these": true, "those": true, "several": true}

// listOf says "a list of X" as X ("get a list of users" is "get the
// users"): where the list had its own article or none, the article is
// "the"; where a determiner and a word or two qualify the list ("the latest
// list of events", "a curated list of podcasts"), they qualify the things
// instead ("the latest events", "the curated podcasts"), without a second
// article.
func listOf(obj string) string {
	var b strings.Builder
	last := 0
	for _, loc := range article.FindAllStringIndex(obj, -1) {
		m := obj[loc[0]:loc[1]]
		before := obj[last:loc[0]]
		repl := "the"
		if first, _, _ := strings.Cut(m, " "); !articles[strings.ToLower(first)] {
			ws := strings.Fields(obj[:loc[0]])
			for back := 1; back <= 3 && back <= len(ws); back++ {
				w := strings.ToLower(ws[len(ws)-back])
				if !articles[w] && !quantifiers[w] {
					if dangling[w] {
						break // "the owner of list of": another phrase
					}
					continue
				}
				repl = ""
				if w == "a" || w == "an" {
					// "a curated list of podcasts": the things are several.
					at := strings.LastIndex(strings.ToLower(before), w+" ")
					if at >= 0 && (at == 0 || before[at-1] == ' ') {
						before = before[:at] + "the " + before[at+len(w)+1:]
					}
				}
				break
			}
		}
		b.WriteString(before)
		b.WriteString(repl)
		last = loc[1]
	}
	b.WriteString(obj[last:])
	return strings.Join(strings.Fields(b.String()), " ")
}
