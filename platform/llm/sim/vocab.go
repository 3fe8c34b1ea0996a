package sim

import (
	"fmt"
	"hash/fnv"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// tickers are listed companies' real stock symbols (gofakeit has none).
var tickers = []string{"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "V", "WMT", "KO", "PEP", "NFLX", "ADBE",
	"ORCL", "CRM", "INTC", "AMD", "IBM", "DIS", "NKE", "SBUX", "BA", "XOM", "CVX", "PFE", "MRK", "T", "VZ", "SAP", "ASML", "SHOP", "UBER"}

// cloudRegions are real cloud regions.
var cloudRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "us-central1", "europe-west4", "westeurope", "eastus2"}

// File-system vocabulary: the stems and folders people give their files.
var (
	fileStems   = []string{"report", "notes", "budget", "invoice", "summary", "draft", "results", "todo", "readme", "config", "backup", "schedule", "minutes", "proposal", "analysis", "roadmap", "contacts", "inventory", "presentation", "timeline", "expenses", "checklist", "resume", "letter", "plan"}
	fileQuals   = []string{"final", "q1", "q2", "q3", "q4", "team", "project", "meeting", "annual", "monthly", "weekly", "client", "sales", "marketing", "draft"}
	folderNames = []string{"documents", "projects", "reports", "archive", "photos", "downloads", "invoices", "backup", "shared", "src", "notes", "drafts", "work", "personal", "data", "templates", "assets", "music"}
	cloudRe     = regexp.MustCompile(`aws|azure|gcp|google cloud|cloud|data ?cent(?:er|re)|availability zone`)
)

// extFor picks a file extension that fits what the field and tool speak of.
func (v *Values) extFor(text string) string {
	for _, c := range extRules {
		if c.re.MatchString(text) {
			return c.exts[v.r.IntN(len(c.exts))]
		}
	}
	return v.pick([]string{"txt", "md", "csv", "pdf", "json", "txt", "docx", "py", "log"})
}

type extRule struct {
	re   *regexp.Regexp
	exts []string
}

var extRules = func() []extRule {
	var out []extRule
	for _, c := range []struct{ re, exts string }{
		{`csv|comma.separated`, "csv"}, {`json`, "json"}, {`pdf`, "pdf"}, {`image|photo|picture|png|jpe?g|avatar|logo|icon|thumbnail`, "png jpg"},
		{`spreadsheet|excel|xlsx|sheet`, "xlsx"}, {`word document|docx`, "docx"}, {`\blog\b|logs`, "log"},
		{`python|script|\.py`, "py"}, {`markdown|\.md`, "md"}, {`audio|sound|music|song`, "mp3 wav"}, {`video|movie|clip`, "mp4"},
		{`archive|zip|compress`, "zip"}, {`html|web page`, "html"}, {`xml`, "xml"}, {`yaml|yml`, "yaml"}, {`text file|\.txt|plain text`, "txt"},
	} {
		out = append(out, extRule{regexp.MustCompile(c.re), strings.Fields(c.exts)})
	}
	return out
}()

func (v *Values) pick(xs []string) string { return xs[v.r.IntN(len(xs))] }

func capital(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// date returns a date fitting the field: a birth date decades ago, a
// creation or history date in the past, a booking or due date ahead.
func (v *Values) date(f field) time.Time {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	switch {
	case f.kind == kDOB || strings.Contains(f.text, "birth"):
		return time.Date(1950+v.r.IntN(55), time.Month(1+v.r.IntN(12)), 1+v.r.IntN(28), 0, 0, 0, 0, time.UTC)
	case hasAny(f.norm, "created", "updated", "modified", "since", "from", "start", "published", "last", "opened", "joined", "registered", "timestamp", "at", "sent", "posted", "issued"):
		// Records were made over the last two years or so.
		return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, v.r.IntN(700)).Add(time.Duration(8+v.r.IntN(10))*time.Hour + time.Duration(15*v.r.IntN(4))*time.Minute)
	case hasAny(f.norm, "travel", "departure", "check", "return", "due", "deadline", "expires", "expiry", "until", "end", "scheduled", "appointment", "event", "delivery", "arrival"):
		base = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	}
	return base.AddDate(0, 0, v.r.IntN(300)).Add(time.Duration(8+v.r.IntN(10))*time.Hour + time.Duration(15*v.r.IntN(4))*time.Minute)
}

// idStyle is how ids of one entity look when no example shows it; it is
// fixed per entity, so all order ids of a run share a shape.
func idStyle(noun string) int {
	h := fnv.New32a()
	h.Write([]byte(noun))
	return int(h.Sum32() % 4)
}

func (v *Values) alnum(n int, mixedCase bool) string {
	const lower, upper, digits = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
	set := lower + digits
	if mixedCase {
		set += upper
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = set[v.r.IntN(len(set))]
	}
	// Tokens mix letters and digits.
	b[v.r.IntN(n)] = digits[v.r.IntN(10)]
	b[v.r.IntN(n)] = lower[v.r.IntN(26)]
	return string(b)
}

func (v *Values) uuid() string {
	return fmt.Sprintf("%08x-%04x-4%03x-%x%03x-%012x", v.r.Uint32(), v.r.IntN(1<<16), v.r.IntN(1<<12), 8+v.r.IntN(4), v.r.IntN(1<<12), v.r.Int64N(1<<48))
}

// id returns an identifier of a realistic shape for the entity: one the
// field's name spells out (an ISBN, a slug), one shaped like the ids the
// tool's schemas show for the entity, else one of a style fixed per entity.
func (v *Values) id(f field) string {
	if x, ok := v.namedID(f); ok {
		return x
	}
	if x, ok := v.hintedID(f.noun); ok {
		return x
	}
	if strings.Contains(v.subj.text, "azure") || strings.Contains(v.subj.text, "microsoft") {
		return v.uuid()
	}
	return v.styledID(f.noun)
}

// namedID is an id whose form the field's name or noun says: an ISBN, a
// slug, a SKU, a number, a user's name, a card's token.
func (v *Values) namedID(f field) (string, bool) {
	noun := f.noun
	switch {
	case hasAny(f.norm, "isbn"):
		return v.f.ProductISBN(nil), true
	case hasAny(f.norm, "slug"):
		return v.slug(), true
	case hasAny(f.norm, "sku"):
		return fmt.Sprintf("%s-%s-%03d", strings.ToUpper(v.f.LetterN(3)), strings.ToUpper(v.f.LetterN(2)), v.r.IntN(1000)), true
	case hasAny(f.norm, "number", "no") && !hasAny(noun, "order", "invoice", "ticket", "booking", "case", "reservation"):
		return v.f.DigitN(uint(8 + v.r.IntN(5))), true
	case noun == "username":
		return v.username(), true
	case (f.norm == "key" || f.norm == "keys") && v.keyValueStore():
		// A memory's or a store's keys say what they hold.
		return v.pick([]string{"favorite_color", "home_city", "preferred_language", "last_order", "dietary_needs", "work_hours",
			"travel_preferences", "birthday_date", "pet_name", "project_deadline", "coffee_order", "gym_schedule"}), true
	case noun == "card" || noun == "credit_card":
		return fmt.Sprintf("card_%s", v.alnum(10, true)), true
	case noun == "cve":
		// MITRE's form: CVE-year-sequence, the sequence of four or more digits.
		return fmt.Sprintf("CVE-%d-%d", 2018+v.r.IntN(8), 1000+v.r.IntN(49000)), true
	}
	return "", false
}

// hintedID is an id like the ones the tool's schemas show for the noun:
// a UUID, one like their example, or one their pattern matches.
func (v *Values) hintedID(noun string) (string, bool) {
	h, ok := v.hints[noun]
	if !ok {
		return "", false
	}
	if h.uuid {
		return v.uuid(), true
	}
	var re *regexp.Regexp
	if h.pattern != "" {
		re, _ = compilePattern(h.pattern)
	}
	if h.example != "" {
		if x := v.likeExample(h.example); re == nil || re.MatchString(x) {
			return x, true
		}
	}
	if re != nil {
		if x, ok := v.fromPattern(h.pattern, idWord4(noun)); ok && re.MatchString(x) {
			return x, true
		}
	}
	return "", false
}

// styledID is an id in the entity's style (idStyle): "ORD-48213", a long
// number, a UUID or "ord_…" with a random tail.
func (v *Values) styledID(noun string) string {
	prefix := strings.ToUpper(noun)
	if len(prefix) > 3 {
		prefix = prefix[:3]
	}
	switch idStyle(noun) {
	case 0:
		if prefix == "" || prefix == "ID" {
			prefix = strings.ToUpper(v.f.LetterN(2))
		}
		return fmt.Sprintf("%s-%d", prefix, 10000+v.r.IntN(90000))
	case 1:
		return fmt.Sprint(100000 + v.r.Int64N(99900000))
	case 2:
		return v.uuid()
	}
	p := strings.ToLower(prefix)
	if p == "" || p == "id" {
		p = "id"
	}
	return p + "_" + v.alnum(14, true)
}

func (v *Values) username() string {
	first, last := strings.ToLower(v.f.FirstName()), strings.ToLower(v.f.LastName())
	switch v.r.IntN(4) {
	case 0:
		return first + "." + last
	case 1:
		return first[:1] + last
	case 2:
		return first + fmt.Sprint(10+v.r.IntN(90))
	}
	return first + "_" + last[:1]
}

func (v *Values) email() string {
	first, last := strings.ToLower(v.f.FirstName()), strings.ToLower(v.f.LastName())
	dom := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, v.f.Company()))
	if dom == "" {
		dom = "mail"
	}
	return first + "." + last + "@" + dom + v.pick([]string{".com", ".com", ".io", ".net", ".org", ".co.uk"})
}

// phone returns a phone number; E.164 when the field asks for it, the
// country calling code alone for a phone's country code field.
func (v *Values) phone(f field) string {
	if callingCode(f.norm) {
		return v.pick([]string{"+1", "+44", "+49", "+33", "+351", "+34", "+81", "+61", "+91", "+55"})
	}
	if strings.Contains(f.text, "e.164") || strings.Contains(f.text, "e164") {
		return fmt.Sprintf("+%d%03d%03d%04d", v.pick2(1, 44, 49, 33), 200+v.r.IntN(700), 200+v.r.IntN(700), v.r.IntN(10000))
	}
	switch v.r.IntN(3) {
	case 0:
		return fmt.Sprintf("+1 %03d-%03d-%04d", 200+v.r.IntN(700), 200+v.r.IntN(700), v.r.IntN(10000))
	case 1:
		return fmt.Sprintf("+44 20 %04d %04d", v.r.IntN(10000), v.r.IntN(10000))
	}
	return fmt.Sprintf("+1%03d%03d%04d", 200+v.r.IntN(700), 200+v.r.IntN(700), v.r.IntN(10000))
}

// callingCode reports whether a phone field holds a country calling code
// ("phone_country_code", "PhoneCode", "dial_code").
func callingCode(norm string) bool {
	return strings.HasSuffix(norm, "phone_code") || strings.HasSuffix(norm, "phonecode") || strings.HasSuffix(norm, "country_code") && strings.Contains(norm, "phone") ||
		strings.HasSuffix(norm, "countrycode") || strings.HasSuffix(norm, "dial_code") || strings.HasSuffix(norm, "calling_code")
}

func (v *Values) fileName(f field) string {
	stem := v.pick(fileStems)
	switch v.r.IntN(3) {
	case 0:
		stem = v.pick(fileQuals) + "_" + stem
	case 1:
		stem = stem + "_" + strings.ToLower(v.f.MonthString())
	}
	return v.textName(stem + "." + v.extFor(fileText(f, v.subj.text)))
}

// fileText is what a file's extension is read from: the field's own name
// where it says what the file is (a video's "thumbnail_path" is an image),
// else its description and the tool's.
func fileText(f field, subj string) string {
	name := words(f.norm)
	for _, c := range extRules {
		if c.re.MatchString(name) {
			return name
		}
	}
	return f.text + " " + subj
}

// topic is a short subject matter that fits the tool: a song on a music
// tool, a product on a shop, a city on a travel or weather tool.
func (v *Values) topic(f field) string {
	if s, ok := v.topicIn(f.text + " " + f.noun + " " + v.subj.text); ok {
		return s
	}
	return v.pick([]string{strings.ToLower(v.f.Hobby()), strings.ToLower(v.f.NounCommon()), v.docName()})
}

// topicIn is a subject matter of the vocabulary text speaks of; false
// where it speaks of none.
func (v *Values) topicIn(t string) (string, bool) {
	t = authorityWords.ReplaceAllString(t, "auth") // an "authorization" or a certificate "authority" is no book's author
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("song", "music", "track", "artist", "album", "playlist", "spotify"):
		if v.r.IntN(2) == 0 {
			return v.f.SongArtist(), true
		}
		return v.f.SongName(), true
	case has("book", "library", "author", "novel"):
		return v.f.BookTitle(), true
	case has("movie", "film", "cinema", "tv show", "series"):
		return v.f.MovieName(), true
	case has("product", "shop", "store", "catalog", "inventory", "cart", "ecommerce", "merchandise"):
		if v.r.IntN(2) == 0 {
			return strings.ToLower(v.f.ProductCategory()), true
		}
		return v.f.ProductName(), true
	case has("job", "career", "hiring", "recruit", "candidate"):
		return v.f.JobTitle(), true
	case has("recipe", "food", "restaurant", "meal", "cook"):
		return strings.ToLower(v.f.Dinner()), true
	case has("hotel", "flight", "travel", "weather", "city", "location", "place", "map", "geocod", "address"):
		return v.f.City(), true
	case has("company", "stock", "financ", "market", "invest"):
		return v.f.Company(), true
	case has("code", "repo", "github", "developer", "package", "library", "programming"):
		return strings.ToLower(v.f.ProgrammingLanguage()) + " " + v.pick([]string{"parser", "http client", "logging", "testing", "cli", "json"}), true
	case has("tweet", "social", "post", "news", "article", "blog", "video", "podcast", "forum"):
		return strings.ToLower(v.f.Hobby()), true
	case has("file", "document", "folder", "drive"):
		return v.docName(), true
	case has("user", "customer", "contact", "people", "member", "employee"):
		return v.f.LastName(), true
	}
	return "", false
}

// authorityWords are words that begin with "author" and are of no author.
var authorityWords = regexp.MustCompile(`authori[a-z]*`)

func (v *Values) subjectNoun(f field) string {
	if n := v.ownerNoun(f); !determiners[n] {
		return n
	}
	return "entry" // "anies" of a search for entries of any type: entries, not things called "any"
}

// ownerNoun is the entity a field is of, as the schema's words give it.
func (v *Values) ownerNoun(f field) string {
	n := v.subj.noun
	switch {
	case f.noun != "" && f.noun != "query" && f.noun != "search" && f.noun != "result" && !idNouns[f.noun]:
		n = f.noun
	case f.parent != "":
		n = f.parent
	}
	bulkItem := n == "item" && (strings.Contains(v.subj.text, "bulk") || strings.Contains(v.subj.text, "batch"))
	if (wrapperNouns[n] || bulkItem) && plainWord(v.subj.noun) && !wrapperNouns[v.subj.noun] {
		return v.subj.noun // "results.name", "metadata.name", "names.name": the tool's thing's name
	}
	return n
}

// wrapperNouns are the objects that hold a thing's fields, not a thing.
var wrapperNouns = map[string]bool{"result": true, "metadata": true, "meta": true, "id": true, "text": true, "data": true,
	"record": true, "value": true, "detail": true, "info": true, "name": true, "payload": true, "attribute": true, "property": true,
	"entity": true, "object": true, "element": true}

// title is a real-sounding title of the entity it heads.
func (v *Values) title(f field) string {
	n := v.subjectNoun(f)
	code := strings.Contains(v.subj.text, "github") || strings.Contains(v.subj.text, "gitlab") || strings.Contains(v.subj.text, "repositor") ||
		strings.Contains(v.subj.text, "pull request") || strings.Contains(v.subj.text, "commit")
	switch {
	case code && hasAny(n, "issue", "bug", "pull", "request", "pr", "commit", "change"):
		// A code host's issues and pull requests are about the code.
		verb := v.pick([]string{"Fix", "Add", "Update", "Remove", "Refactor", "Handle"})
		if hasAny(n, "issue", "bug") {
			verb = v.pick([]string{"Crash when", "Error when", "Wrong result when", "Timeout when", "Memory leak when"})
			return verb + " " + v.pick([]string{"parsing", "uploading", "exporting", "syncing", "loading", "saving"}) + " " +
				v.pick([]string{"large files", "empty config", "UTF-8 names", "nested folders", "the " + strings.ToLower(v.f.ProductFeature()), "a " + v.extFor("") + " file"})
		}
		return verb + " " + v.pick([]string{"retry on " + fmt.Sprint(500+v.r.IntN(4)) + " errors", "pagination to the list endpoint", "dark mode toggle", "config loading from env", "the " + strings.ToLower(v.f.ProductFeature()), "flaky " + v.pick(fileStems) + " test", "deprecated " + v.pick([]string{"API", "flag", "option"}) + " usage"})
	case hasAny(n, "ticket", "issue", "bug", "incident", "case", "request", "complaint", "support"):
		return v.pick([]string{
			"Cannot log in to " + v.f.Company() + " after password reset",
			"Refund not received for order " + v.f.DigitN(6),
			capital(strings.ToLower(v.f.ProductFeature())) + " setting is not saved",
			v.f.Company() + " crashes when uploading " + strings.ToUpper(v.extFor("")) + " files",
			"Invoice shows the wrong amount",
			"Delivery to " + v.f.City() + " is two weeks late",
			"Error " + fmt.Sprint(400+v.r.IntN(104)) + " at checkout",
			"Two-factor code never arrives",
			"Dashboard loads very slowly since " + v.f.WeekDay(),
			"Charged twice for my " + strings.ToLower(v.f.MonthString()) + " subscription",
		})
	case hasAny(n, "task", "todo", "card", "item", "reminder"):
		return capital(v.pick([]string{"prepare", "review", "send", "update", "finish", "schedule", "book", "renew"})) + " " +
			v.pick([]string{"the " + v.docName(), v.f.Company() + " contract", "call with " + v.f.FirstName(), "travel to " + v.f.City()})
	case hasAny(n, "event", "meeting", "appointment", "calendar", "call"):
		return v.meetingTitle()
	case hasAny(n, "book", "novel"):
		return v.f.BookTitle()
	case hasAny(n, "movie", "film", "video"):
		return v.f.MovieName()
	case hasAny(n, "song", "track", "album"):
		return v.f.SongName()
	case hasAny(n, "email", "mail", "message"):
		return v.pick([]string{"Re: " + v.f.Hobby() + " plans for " + v.f.WeekDay(), "Invoice " + v.f.DigitN(5) + " from " + v.f.Company(), "Your " + v.f.Company() + " order has shipped", "Question about the " + v.pick(fileStems)})
	case hasAny(n, "job", "position", "vacancy"):
		return v.f.JobTitle()
	case hasAny(n, "product", "listing"):
		return v.f.ProductName()
	}
	return v.pick([]string{
		capital(v.pick(fileQuals)) + " " + v.pick(fileStems) + " for " + v.f.Company(),
		capital(strings.ToLower(v.f.Hobby())) + " " + words(n),
		v.f.MonthString() + " " + v.pick(fileStems),
		"Ideas for the " + strings.ToLower(v.f.MonthString()) + " " + strings.ToLower(v.f.Hobby()) + " meetup",
	})
}

// sentence is a sentence about the entity or the tool's subject.
func (v *Values) sentence(f field) string {
	n := words(v.subjectNoun(f))
	switch {
	case errorText(f):
		return v.errorMessage(f) // "errorDescription": what went wrong
	case hasAny(f.norm, "resolution", "solution", "fix", "resolution_notes"):
		return v.pick([]string{
			"Reset the customer's password and confirmed they can sign in again.",
			"Refunded the duplicate charge; it will show on the statement in 3-5 business days.",
			"Sent a replacement unit by express shipping.",
			"Cleared the stuck sync job and re-ran the export; all rows are there now.",
			"Updated the billing address on the account and reissued the invoice.",
			"Known issue fixed in version " + fmt.Sprintf("%d.%d.%d", 1+v.r.IntN(4), v.r.IntN(20), v.r.IntN(10)) + "; the customer confirmed it works.",
		})
	case hasAny(v.subjectNoun(f), "product", "item", "listing"):
		return v.f.ProductDescription()
	case hasAny(v.subjectNoun(f), "ticket", "issue", "bug", "incident", "case", "complaint"):
		return v.pick([]string{
			"Since " + v.f.WeekDay() + " the app shows an error when I try to pay; I already cleared the cache.",
			"The order arrived damaged and the box was open. I'd like a replacement.",
			"I was charged twice this month and need one payment refunded.",
			"The export to " + strings.ToUpper(v.extFor("")) + " stops at about half the rows.",
			"After the last update I can't sign in on my phone, only on the web.",
		})
	case hasAny(v.subjectNoun(f), "tweet", "post", "comment", "review", "message", "reply", "status") && v.conversational():
		return v.chatLine()
	case v.codeHost() && hasAny(v.subjectNoun(f), "repository", "repo", "project", "organization", "org"):
		noun := strings.ToLower(v.f.HackerNoun())
		return v.pick([]string{
			"Command-line tool for syncing " + noun + " data between services.",
			"Go client for the " + v.f.Company() + " API.",
			"Terraform modules for the " + noun + " stack.",
			"Dashboard that tracks " + noun + " metrics across teams.",
			"Python library for parsing " + strings.ToUpper(v.extFor("")) + " exports.",
			"Internal tooling for the " + v.pick([]string{"billing", "search", "onboarding", "data platform", "mobile"}) + " team.",
		})
	case personNouns[v.subjectNoun(f)] || hasAny(f.norm, "bio", "about"):
		return v.f.JobTitle() + " at " + v.f.Company() + ", based in " + v.f.City() + "."
	case n == "":
		n = "note"
	}
	return v.pick([]string{
		capital(n) + " for the " + strings.ToLower(v.f.MonthString()) + " " + strings.ToLower(v.f.Hobby()) + " event.",
		capital(n) + " shared with " + v.f.FirstName() + " from " + v.f.Company() + ".",
		capital(strings.ToLower(v.f.AdjectiveDescriptive())) + " " + n + " for the " + strings.ToLower(v.f.JobTitle()) + " team.",
		"Updated " + n + " after the review on " + v.f.WeekDay() + ".",
		capital(n) + " covering the " + v.docName() + " and next steps.",
	})
}

// aboutPosts reports whether the tool deals in posts (a blog's, a forum's):
// "post" in its description or in its name, but not as the HTTP method an
// OpenAPI operation's name ends in (dfr_rest_services.get_naics.post).
func (v *Values) aboutPosts() bool {
	words := ident.Words(v.subj.tool)
	if n := len(words); n > 1 && words[n-1] == "post" && strings.ContainsAny(v.subj.tool, "._") {
		words = words[:n-1]
	}
	if lt := strings.ToLower(v.subj.tool); len(words) > 1 && (strings.HasPrefix(lt, "post-") || strings.HasPrefix(lt, "post.")) {
		words = words[1:] // post-refundFundsTransfer: the method leads
	}
	for _, w := range words {
		if w == "post" || w == "posts" {
			return true
		}
	}
	desc := strings.TrimPrefix(v.subj.text, strings.ToLower(v.subj.tool))
	ws := strings.FieldsFunc(desc, func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range ws {
		switch w {
		case "post":
			// "a POST request", "the post body": the HTTP method.
			if i+1 < len(ws) && (ws[i+1] == "request" || ws[i+1] == "requests" || ws[i+1] == "method" || ws[i+1] == "body") {
				continue
			}
			return true
		case "posts", "posted", "posting", "repost", "reposts":
			return true
		}
	}
	return false
}

// message is the free text a message-like field holds: a person's line
// where the tool carries what people write to each other, an error where
// the field reports one, the service's note on the call, a reading or a
// value in a "value" field, else text about the record it belongs to.
func (v *Values) message(f field) string {
	if v.codeHost() {
		return v.devText(f)
	}
	switch {
	case v.translating() && v.output == 0:
		return v.textToTranslate() // what people ask a translator for
	case errorText(f):
		return v.errorMessage(f)
	case hasAny(f.norm, "state_message", "status_message", "state_reason", "status_reason", "state_details", "status_details"):
		return v.stateSentence() // "StateMessage": what the state means for the thing, not "Florida"
	case hasAny(f.norm, "value", "last_value"):
		return v.fieldValue(f) // a label's or a reading's value is no one's line
	case v.output > 0 && remarkField(f) && !v.readsMessages():
		return v.operationRemark(f) // send_message's "message": "Message sent."
	case v.conversational():
		return v.chatLine()
	case v.output == 0 && v.analysesText() && hasAny(f.norm, "text", "content", "body", "document", "input"):
		return v.chatLine() // the text a spam or sentiment reader is given
	case remarkField(f):
		return v.operationRemark(f)
	case hasAny(f.norm, "prompt", "question", "answer", "review", "feedback"):
		return v.chatLine() // what a person asks or says, whatever the tool
	}
	return v.sentence(f)
}

// stateSentence is what a service says of the state a thing of the tool's
// is in: a sentence about it, in words that fit any state of a thing that
// is still there.
func (v *Values) stateSentence() string {
	noun := "resource"
	if t, ok := readTool(v.subj.tool, "", ""); ok && plainWord(strings.ReplaceAll(t.noun, "_", "")) {
		noun = words(t.noun)
	} else if plainWord(strings.ReplaceAll(v.subj.noun, "_", "")) {
		noun = words(v.subj.noun)
	}
	return v.pick([]string{
		"The " + noun + " is in the state last requested.",
		"No problems were found with the " + noun + ".",
		"The " + noun + " reported no errors at its last check.",
		"The last change to the " + noun + " was applied.",
	})
}

// chatLine is a line someone writes to others.
func (v *Values) chatLine() string {
	return v.pick([]string{
		"Thanks " + v.f.FirstName() + ", that works for me.",
		"Can we move this to " + v.f.WeekDay() + " afternoon?",
		"Just finished a " + strings.ToLower(v.f.Hobby()) + " class, highly recommend it!",
		"Running 10 minutes late, start without me.",
		"Loving the new " + strings.ToLower(v.f.ProductCategory()) + " from " + v.f.Company() + ".",
		"Has anyone tried " + v.f.Company() + " yet?",
		"Reminder: the " + v.docName() + " draft is due " + v.f.WeekDay() + ".",
		"Great to meet everyone at the " + v.f.City() + " meetup!",
		"Does anyone have a good " + strings.ToLower(v.f.Hobby()) + " recommendation in " + v.f.City() + "?",
		"Happy " + v.f.WeekDay() + "! Who's up for " + strings.ToLower(v.f.Lunch()) + "?",
		"The " + v.pick(fileStems) + " is ready for review, comments welcome.",
		"Back from " + v.f.City() + ", the " + strings.ToLower(v.f.Hobby()) + " trip was great.",
		"Please send me the " + v.docName() + " when you can.",
	})
}

// meetingTitle is the title of a meeting or a calendar event.
func (v *Values) meetingTitle() string {
	return v.pick([]string{v.f.Company() + " quarterly review", "Weekly sync with " + v.f.FirstName(), capital(v.f.Hobby()) + " workshop", "Interview: " + v.f.JobTitle(), v.f.FirstName() + "'s farewell lunch"})
}

// thingName names an entity that is neither a person nor a company.
func (v *Values) thingName(f field) string {
	if x, ok := v.readsAs(f); ok && f.name != "" {
		return x // "owner_display_names", "system_name": no thing's own name
	}
	return v.entityName(f)
}

// entityName names the entity a field names by its kind.
func (v *Values) entityName(f field) string {
	n := v.subjectNoun(f)
	if name, ok := v.habitualName(n); ok {
		return name
	}
	switch {
	case hasAny(n, "bucket", "cluster", "database", "db", "server", "instance", "service", "queue", "function", "container", "table",
		"index", "pipeline", "deployment", "namespace", "app", "application", "bot", "environment", "stack", "volume", "network",
		"vm", "project", "workspace", "channel", "topic", "role", "policy", "job", "key", "secret", "resource", "component", "model", "api", "site", "group", "space"):
		w := strings.ToLower(strings.Fields(v.f.BuzzWord())[0])
		suffix := v.pick([]string{"prod", "staging", "api", "web", "data", "internal", "v2"})
		if hasAny(n, "channel", "topic", "group", "space") {
			return w + "-" + v.pick([]string{"team", "updates", "general", "alerts", "support"})
		}
		return w + "-" + suffix
	case hasAny(n, "playlist"):
		return v.f.SongGenre() + " " + v.pick([]string{"favourites", "mix", "for the road", "evenings"})
	case hasAny(n, "book"):
		return v.f.BookTitle()
	case hasAny(n, "movie", "film"):
		return v.f.MovieName()
	case hasAny(n, "song", "track"):
		return v.f.SongName()
	case hasAny(n, "pet", "animal", "dog", "cat"):
		return v.f.PetName()
	case hasAny(n, "hotel"):
		return v.f.City() + " " + v.pick([]string{"Grand Hotel", "Plaza", "Suites", "Inn"})
	case hasAny(n, "restaurant"):
		return "The " + capital(strings.ToLower(v.f.NounCommon())) + " " + v.pick([]string{"Bistro", "Kitchen", "Table", "Grill"})
	case hasAny(n, "team", "department"):
		return v.pick([]string{"Platform", "Finance", "Growth", "Customer Success", "Data", "Design", "Security"})
	case hasAny(n, "repository", "repo", "branch", "organization", "org") && v.codeHost():
		return v.slug() // code hosts name things in slugs
	case hasAny(n, "sheet", "spreadsheet", "document", "doc", "report", "file"):
		return capital(v.pick(fileQuals)) + " " + capital(v.pick(fileStems))
	case hasAny(n, "tag", "label", "category"):
		return strings.ToLower(v.f.Hobby())
	case hasAny(n, "campaign", "event", "course", "plan", "program"):
		return capital(strings.ToLower(v.f.MonthString())) + " " + strings.ToLower(v.f.Hobby()) + " " + words(n)
	case hasAny(n, "club", "community", "playlist", "board", "album", "collection", "list"):
		return capital(strings.ToLower(v.f.Hobby())) + " " + words(n)
	case n == "":
		return capital(strings.ToLower(v.f.AdjectiveDescriptive())) + " " + strings.ToLower(v.f.NounCommon())
	case v.cloudy || cloudRe.MatchString(v.subj.text):
		return v.cloudName(n)
	case strings.Contains(n, "_"):
		return v.compoundName(n)
	case hasAny(n, "location", "place", "area", "locality", "neighbourhood", "neighborhood", "district"):
		return v.f.City()
	case hasAny(n, "station", "office", "store", "shop", "branch", "warehouse", "facility", "site", "center", "centre", "stop", "terminal", "clinic", "school", "park", "venue"):
		return v.f.City() + " " + capital(words(n)) // a place goes by its town
	case !plainWord(n):
		return v.plainName() // a code says no kind
	}
	return v.otherThingName(n)
}

// cloudName names a cloud's thing as its users do, in a slug: a rule by
// what it does ("daily-backups"), anything else by a word or two.
func (v *Values) cloudName(n string) string {
	if hasAny(n, "rule", "alarm", "alert") {
		return v.ruleSlug()
	}
	return v.slug()
}

// personParty reports whether the parties a tool keeps are people: it
// speaks of individuals or persons, or of no organisations.
func (v *Values) personParty() bool {
	switch {
	case strings.Contains(v.subj.text, "individual") || strings.Contains(v.subj.text, "person"):
		return true
	case strings.Contains(v.subj.text, "organi") || strings.Contains(v.subj.text, "compan"):
		return false
	}
	return v.r.IntN(2) == 0
}

// determiners are words a schema's generated names make nouns of that
// name no kind of thing ("anies" of "search_any").
var determiners = map[string]bool{"any": true, "all": true, "each": true, "every": true, "other": true, "some": true, "none": true}

// otherThingName names a thing of a kind no generator above knows.
func (v *Values) otherThingName(n string) string {
	if name, ok := v.naturalName(n); ok {
		return name
	}
	switch {
	case personNouns[n] || n == "party" && v.personParty():
		return v.f.FirstName() + " " + v.f.LastName() // an "individual" the tool keeps
	case companyNouns[n] || n == "party":
		return v.f.Company()
	}
	if !hasAny(n, deptThings...) {
		return v.plainName() // a thumbnail is not Training's
	}
	// A kind of thing a line of work has its own of: named by the work it
	// is for ("Overtime type", "Maintenance interval"), not by a company's
	// name.
	area := v.pick(workAreas)
	for strings.EqualFold(area, words(n)) {
		area = v.pick(workAreas) // not "Travel travel"
	}
	return area + " " + words(n)
}

// workAreas are the lines of work things of one kind are told apart by.
var workAreas = []string{"Billing", "Onboarding", "Support", "Consulting", "Maintenance", "Travel", "Overtime", "Research",
	"Training", "Sales", "Marketing", "Operations", "Logistics", "Quality", "Payroll", "Procurement"}

// plainWord reports whether a noun is a word rather than a code ("dfr",
// "air06"): letters only, with a vowel.
func plainWord(n string) bool {
	if len(n) < 3 || strings.IndexFunc(n, func(r rune) bool { return (r < 'a' || r > 'z') && r != '_' }) >= 0 {
		return false
	}
	return strings.ContainsAny(n, "aeiouy")
}

// recordKind is the kind of thing a record is, where a field says it
// (Asana's "resource_type": "task"); people are users.
func (v *Values) recordKind(f field) (string, bool) {
	if !hasAny(f.norm, "resource_type", "object_type", "record_type", "resource_kind") {
		return "", false
	}
	owner := f.parent
	if owner == "" || owner == "parent" || owner == "data" || owner == "result" || owner == "item" {
		owner = v.subj.noun
	}
	if personNouns[owner] || handleNouns[owner] {
		owner = "user"
	}
	return owner, plainWord(owner)
}

// handleNouns are the people a record lists by their role beside
// personNouns ("followers", "watchers").
var handleNouns = map[string]bool{"follower": true, "watcher": true, "invitee": true, "collaborator": true}

// statusFor is a status of the entity's life cycle.
func (v *Values) statusFor(f field) string {
	if hasAny(f.norm, "status_code", "http_status", "http_status_code", "response_code", "http_code", "status_codes") {
		return v.pick([]string{"200", "200", "201", "204"}) // an HTTP status: the call worked
	}
	n := v.subjectNoun(f)
	switch {
	case hasAny(n, "order", "shipment", "delivery", "package", "parcel"):
		return v.pick([]string{"processing", "shipped", "delivered", "pending", "cancelled"})
	case hasAny(n, "ticket", "issue", "bug", "incident", "case", "request"):
		return v.pick([]string{"open", "in_progress", "resolved", "closed", "pending"})
	case hasAny(n, "payment", "invoice", "transaction", "charge", "refund", "fund", "withdrawal", "deposit", "transfer"):
		return v.pick([]string{"paid", "pending", "failed", "refunded"})
	case hasAny(n, "booking", "reservation", "appointment", "flight"):
		return v.pick([]string{"confirmed", "pending", "cancelled", "checked_in"})
	case hasAny(n, "task", "todo", "job", "run", "build", "deployment"):
		return v.pick([]string{"queued", "running", "succeeded", "failed", "completed"})
	}
	return v.pick([]string{"active", "pending", "completed", "inactive", "open"})
}

// category is a plausible value of a type, mode or category field.
func (v *Values) category(f field) string {
	if k, ok := v.recordKind(f); ok {
		return k
	}
	switch {
	case hasAny(f.norm, "priority"):
		return v.pick([]string{"low", "medium", "high", "urgent"})
	case hasAny(f.norm, "travel_class", "cabin", "cabin_class", "fare_class", "seat_class") || hasAny(f.norm, "class") && strings.Contains(v.subj.text+f.text, "travel"):
		return v.pick([]string{"economy", "premium_economy", "business", "first"})
	case hasAny(f.norm, "format"):
		return v.pick([]string{"json", "csv", "pdf", "xml"})
	case hasAny(f.norm, "method") && strings.Contains(f.text+v.subj.text, "pay"):
		return v.pick([]string{"credit_card", "paypal", "bank_transfer", "gift_card"})
	case hasAny(f.norm, "method"):
		return v.pick([]string{"GET", "POST", "PUT", "DELETE"})
	case hasAny(f.norm, "channel"):
		return v.pick([]string{"email", "sms", "push", "web"})
	case hasAny(f.norm, "level"):
		return v.pick([]string{"beginner", "intermediate", "advanced"})
	case hasAny(f.norm, "plan", "tier"):
		return v.pick([]string{"free", "basic", "pro", "enterprise"})
	case hasAny(f.norm, "mode"):
		return v.pick([]string{"auto", "manual", "driving", "walking", "standard"})
	}
	n := v.subjectNoun(f)
	switch {
	case hasAny(n, "product", "item", "shop", "store"):
		return strings.ToLower(v.f.ProductCategory())
	case hasAny(n, "book"):
		return strings.ToLower(v.f.BookGenre())
	case hasAny(n, "movie", "film"):
		return strings.ToLower(v.f.MovieGenre())
	case hasAny(n, "song", "music", "track", "playlist"):
		return strings.ToLower(v.f.SongGenre())
	case hasAny(n, "account"):
		return v.pick([]string{"checking", "savings", "business", "personal"})
	case hasAny(n, "flight", "travel", "seat", "cabin", "class"):
		return v.pick([]string{"economy", "premium_economy", "business", "first"})
	case hasAny(n, "room", "hotel"):
		return v.pick([]string{"single", "double", "suite", "twin"})
	}
	return v.pick([]string{"standard", "premium", "basic", "internal", "external", "personal", "business"})
}

// idNouns are words of id fields that name no entity.
var idNouns = map[string]bool{"id": true, "gid": true, "uid": true, "sgid": true, "key": true, "pk": true, "ref": true}

// fileText is the content of a small text file.
func (v *Values) fileText() string {
	switch v.r.IntN(3) {
	case 0:
		return fmt.Sprintf("name,amount,date\n%s,%d.%02d,2025-%02d-%02d\n%s,%d.%02d,2025-%02d-%02d",
			v.f.FirstName(), 10+v.r.IntN(900), v.r.IntN(100), 1+v.r.IntN(12), 1+v.r.IntN(28),
			v.f.FirstName(), 10+v.r.IntN(900), v.r.IntN(100), 1+v.r.IntN(12), 1+v.r.IntN(28))
	case 1:
		return "TODO\n- " + v.pick([]string{"call", "email", "meet"}) + " " + v.f.FirstName() + " about the " + v.pick(fileStems) + "\n- book travel to " + v.f.City()
	}
	return capital(v.pick(fileQuals)) + " " + v.pick(fileStems) + "\n\nAttendees: " + v.f.FirstName() + ", " + v.f.FirstName() + "\nNext review on " + v.f.WeekDay() + "."
}

func (v *Values) branchTail() string {
	return v.slug()
}

// slug is a lower-case, hyphenated name made of real words.
func (v *Values) slug() string {
	a := slugWord(v.f.NounCommon())
	b := slugWord(v.f.BuzzWord())
	if v.r.IntN(2) == 0 && b != "" {
		return b + "-" + a
	}
	return a + "-" + v.pick(fileStems)
}

// slugWord is the first word of a phrase in the letters a slug allows
// ("24/7" is "247").
func slugWord(phrase string) string {
	w := strings.ToLower(strings.Fields(phrase + " x")[0])
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, w)
}

// arn is an Amazon Resource Name: of the service the field or the tool
// speaks of (arnServices), for the resource the field names — DeviceArn is
// a device's, CertificateAuthorityArn a certificate-authority's — else the
// entity around it or the tool's, never a request body's schema title.
func (v *Values) arn(f field) string {
	if sh, ok := v.arnShapes[f.norm]; ok {
		for _, x := range v.arnsFor(sh.pattern, f) {
			if sh.re.MatchString(x) {
				return x // the shape another tool's schema gives the field
			}
		}
	}
	svc := v.arnService(f)
	noun := arnResource(f.name)
	if noun == "" {
		for _, n := range []string{f.noun, f.parent, v.subj.noun} {
			if n != "" && !arnWrapper[n] {
				noun = strings.ReplaceAll(n, "_", "-")
				break
			}
		}
	}
	res := v.slug()
	if noun != "" {
		res = noun + "/" + res
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", svc, v.pick(cloudRegions[:6]), v.f.DigitN(12), res)
}

// arnService is the namespace of the service an ARN field's resource
// belongs to: the service its own name or description speaks of (a
// "RetrievalRoleArn" is IAM's, an SNS topic's SNS's, wherever they are
// passed), else the API the tool belongs to (Chime's app instances,
// Alexa for Business's skill groups), else the service the tool's name and
// description speak of, else one named after the resource itself — never
// S3 for what is no bucket.
func (v *Values) arnService(f field) string {
	if r := arnResource(f.name); r == "user" || r == "iam-user" {
		return "iam" // a "UserArn" is an IAM user's, whichever service it is given to
	}
	if svc, ok := serviceIn(f.name + " " + f.text); ok {
		return svc
	}
	if svc, ok := arnNamespace(v.subj.service); ok {
		return svc
	}
	if svc, ok := serviceIn(v.subj.text); ok {
		return svc
	}
	for _, n := range []string{arnResource(f.name), f.noun, f.parent, v.subj.noun} {
		if w := strings.Split(strings.ReplaceAll(n, "_", "-"), "-")[0]; plainWord(w) && !arnWrapper[w] {
			return w // an unknown service's "device/…" under "arn:aws:device:…", not S3's
		}
	}
	return "resource-groups"
}

// serviceIn is the ARN namespace of the first AWS service a text speaks of
// (arnServices), in the order of the list.
func serviceIn(text string) (string, bool) {
	text = docLink.ReplaceAllString(text, " ") // ".../codeguru/latest/reviewer-api/...": a page's address, not the service
	words := " " + strings.Join(ident.Words(text), " ") + " "
	for _, s := range arnServices {
		if strings.Contains(words, " "+s.phrase+" ") {
			return s.prefix, true
		}
	}
	return "", false
}

// docLink is a link in a description, with its tag.
var docLink = regexp.MustCompile(`<a\s[^>]*>|https?://\S+`)

// arnNamespace is the ARN namespace of a service as a corpus names it:
// APIs.guru's "amazonaws.com:<endpoint prefix>" (mostly the namespace
// itself, "alexaforbusiness" is a4b's), or a product's title ("Amazon
// Chime"). False for a service of no AWS namespace.
func arnNamespace(service string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(service))
	if s == "" {
		return "", false
	}
	if rest, ok := strings.CutPrefix(s, "amazonaws.com:"); ok && rest != "" {
		if ns, ok := endpointNamespaces[rest]; ok {
			return ns, true
		}
		return strings.TrimSuffix(rest, "v2"), true // apigatewayv2, cloudhsmv2: the service's namespace
	}
	if strings.Contains(s, "amazon") || strings.Contains(s, "aws") {
		return serviceIn(s)
	}
	return "", false
}

// endpointNamespaces are AWS endpoint prefixes whose ARNs use another
// namespace.
var endpointNamespaces = map[string]string{"alexaforbusiness": "a4b", "awsmigrationhub": "mgh", "codeguruprofiler": "codeguru-profiler",
	"amp": "aps", "application-insights": "applicationinsights", "apigatewaymanagementapi": "execute-api", "cloudsearchdomain": "cloudsearch",
	"email": "ses", "monitoring": "cloudwatch", "streams.dynamodb": "dynamodb", "runtime.lex": "lex", "runtime.sagemaker": "sagemaker",
	"iot-data": "iot", "elasticloadbalancingv2": "elasticloadbalancing", "cognito-sync": "cognito-sync", "mturk-requester": "mturk"}

// arnResource is the resource an ARN field's name says, hyphenated:
// "CertificateAuthorityArn" is certificate-authority; "" for a bare "arn"
// or a "ResourceArn".
func arnResource(name string) string {
	ws := ident.Words(name)
	if len(ws) < 2 || ws[len(ws)-1] != "arn" || ws[0] == "resource" && len(ws) == 2 {
		return ""
	}
	return strings.Join(ws[:len(ws)-1], "-")
}

// arnWrapper are nouns of the objects that carry a field, not of a resource.
var arnWrapper = map[string]bool{"request": true, "response": true, "input": true, "output": true, "body": true, "resource": true, "arn": true, "result": true}

// arnServices are what a text says of an AWS service, in lower-case words,
// and the service's ARN prefix; the first found in the field's text, then
// the tool's, wins (the more specific phrase first).
var arnServices = []struct{ phrase, prefix string }{
	{"certificate authority", "acm-pca"}, {"private ca", "acm-pca"}, {"certificate manager", "acm"}, {"acm", "acm"},
	{"chime", "chime"}, {"trail", "cloudtrail"}, {"cloudtrail", "cloudtrail"}, {"anomaly monitor", "ce"},
	{"cost explorer", "ce"}, {"auto scaling", "autoscaling"}, {"scaling policy", "autoscaling"}, {"recovery point", "backup"},
	{"backup", "backup"}, {"budget", "budgets"}, {"log group", "logs"}, {"cloudwatch logs", "logs"}, {"state machine", "states"},
	{"step functions", "states"}, {"secret", "secretsmanager"}, {"kinesis", "kinesis"}, {"alexa", "a4b"}, {"iam", "iam"},
	{"role", "iam"}, {"simple storage", "s3"}, {"simple notification", "sns"}, {"simple email", "ses"}, {"ses", "ses"},
	{"api gateway", "apigateway"}, {"route 53", "route53"}, {"systems manager", "ssm"}, {"service catalog", "servicecatalog"},
	{"elastic beanstalk", "elasticbeanstalk"}, {"aurora", "rds"}, {"neptune", "rds"}, {"waf", "waf"}, {"redshift", "redshift"},
	{"lightsail", "lightsail"}, {"cloudhsm", "cloudhsm"}, {"organizations", "organizations"}, {"pinpoint", "mobiletargeting"},
	{"codecommit", "codecommit"}, {"codebuild", "codebuild"}, {"codedeploy", "codedeploy"}, {"codepipeline", "codepipeline"},
	{"lex", "lex"}, {"cognito", "cognito-idp"}, {"ecr", "ecr"}, {"eks", "eks"}, {"emr", "elasticmapreduce"},
	{"glacier", "glacier"}, {"athena", "athena"}, {"elasticache", "elasticache"}, {"opensearch", "es"},
	{"elasticsearch", "es"}, {"firehose", "firehose"}, {"iot", "iot"}, {"sitewise", "iotsitewise"}, {"guardduty", "guardduty"},
	{"macie", "macie"}, {"appsync", "appsync"}, {"amplify", "amplify"}, {"workspaces", "workspaces"},
	{"mediaconvert", "mediaconvert"}, {"ec2", "ec2"}, {"lambda", "lambda"}, {"sns", "sns"}, {"topic", "sns"},
	{"sqs", "sqs"}, {"queue", "sqs"}, {"dynamodb", "dynamodb"}, {"rds", "rds"}, {"ecs", "ecs"}, {"kms", "kms"},
	{"datasync", "datasync"}, {"glue", "glue"}, {"quicksight", "quicksight"}, {"codeguru reviewer", "codeguru-reviewer"},
	{"codeguru profiler", "codeguru-profiler"}, {"profiling group", "codeguru-profiler"}, {"codeguru", "codeguru"},
	{"sagemaker", "sagemaker"}, {"load balancer", "elasticloadbalancing"}, {"cloudformation", "cloudformation"},
	{"storage gateway", "storagegateway"}, {"bucket", "s3"},
}

// fieldNames are attribute names of the entities APIs return.
var fieldNames = []string{"id", "name", "created_at", "updated_at", "status", "email", "title", "description", "price", "owner", "type", "tags"}

// fields names fields of the records the tools around it hold (one, or
// two joined by a comma for a plural name), else fields most records have.
func (v *Values) fields(f field) string {
	names := fieldNames
	if len(v.recordFields) >= 3 {
		names = slices.Sorted(maps.Keys(v.recordFields))
	}
	if !strings.HasSuffix(f.norm, "s") {
		return v.pick(names)
	}
	a, b := v.pick(names), v.pick(names)
	for b == a {
		b = v.pick(names)
	}
	return a + "," + b
}

func (v *Values) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[v.r.IntN(16)]
	}
	return string(b)
}

func (v *Values) pick2(xs ...int) int { return xs[v.r.IntN(len(xs))] }

// phrase is the fallback for free text no rule recognises: a short phrase
// on the tool's subject, never the field's own name restated.
func (v *Values) phrase(f field) string {
	// The field's own words choose the vocabulary: a tool about companies
	// has fields that hold no company ("componentList").
	if s, ok := v.topicIn(f.text + " " + f.noun); ok {
		return s
	}
	return v.pick([]string{strings.ToLower(v.f.Hobby()), strings.ToLower(v.f.NounCommon()), v.docName()})
}

// workDir is the folder a plan works in: the files it names live there,
// so listing a folder and reading a file speak of one place.
func (v *Values) workDir() string {
	if d, ok := v.mem["dir:work"]; ok && v.fresh == 0 {
		return d
	}
	if d, ok := v.mem["dir:work"]; ok {
		// Another folder beside it (a second case, a list of folders).
		return path.Dir(d) + "/" + v.pick(slices.DeleteFunc(slices.Clone(folderNames), func(f string) bool { return f == path.Base(d) }))
	}
	d := v.User().Home() + "/" + v.pick(folderNames)
	v.mem["dir:work"] = d
	return d
}

// wantsDir reports whether a path parameter names a directory: its own
// description says so, or the tool works on directories (list_directory,
// create_directory, directory_tree) or searches beneath one.
func (v *Values) wantsDir(f field) bool {
	switch {
	case strings.Contains(f.text, "file"):
		return false
	case strings.Contains(f.text, "director") || strings.Contains(f.text, "folder"):
		return true
	}
	for _, w := range ident.Words(v.subj.tool) {
		switch w {
		case "directory", "directories", "dir", "dirs", "folder", "folders", "mkdir", "rmdir", "tree", "ls", "cd", "search", "find", "glob":
			return true
		}
	}
	return false
}

// graphName names an entity of a knowledge graph from a small set per plan
// (the people and organisations one conversation is about), so relations
// and observations speak of entities that exist; a relation's target
// differs from its source.
func (v *Values) graphName(f field) string {
	switch f.norm {
	case "from", "source":
		// Relations are said in the active voice from a person or an
		// organisation ("Ana Ruiz leads Project Orion"), never from a project.
		name, typ := v.graphEntity(true)
		for typ == "project" {
			name, typ = v.graphEntity(true)
		}
		v.mem["graph:from"], v.mem["graph:from_type"] = name, typ
		return name
	case "to", "target":
		// The other end is of the kind the relation asks for.
		want := v.mem["graph:to_type"]
		name, typ := v.graphEntity(true)
		for range len(graphTypes) {
			if name != v.mem["graph:from"] && (want == "" || typ == want) {
				break
			}
			name, typ = v.graphEntity(true)
		}
		return name
	}
	name, _ := v.graphEntity(true)
	return name
}

// graphRelation is a relation type that fits the kind of the entity it
// starts from, and sets the kind of entity it ends at.
func (v *Values) graphRelation() string {
	type rel struct{ name, to string }
	var rels []rel
	switch v.mem["graph:from_type"] {
	case "organization":
		rels = []rel{{"owns", "project"}, {"sponsors", "project"}, {"employs", "person"}}
	default:
		rels = []rel{{"works_at", "organization"}, {"founded", "organization"}, {"leads", "project"}, {"works_on", "project"},
			{"knows", "person"}, {"mentors", "person"}, {"reports_to", "person"}, {"collaborates_with", "person"}}
	}
	r := rels[v.r.IntN(len(rels))]
	v.mem["graph:to_type"] = r.to
	return r.name
}

// graphTypes are the types of graphEntity's pool, in order.
var graphTypes = []string{"person", "organization", "person", "project"}

// graphEntity is the next entity of the plan's pool of four — two people,
// an organisation, a project — with its type; take moves on to the next.
func (v *Values) graphEntity(take bool) (name, typ string) {
	if v.mem["graph:pool"] == "" {
		pool := []string{v.f.FirstName() + " " + v.f.LastName(), v.f.Company(), v.f.FirstName() + " " + v.f.LastName(),
			"Project " + v.pick([]string{"Atlas", "Orion", "Falcon", "Juniper", "Northstar", "Redwood", "Beacon", "Harbor", "Meridian", "Quartz"})}
		v.mem["graph:pool"] = strings.Join(pool, "\x00")
	}
	pool := strings.Split(v.mem["graph:pool"], "\x00")
	next := len(v.mem["graph:next"]) % len(pool)
	if take {
		// Names in turn, so a list of entities names different ones.
		v.mem["graph:next"] += "."
		v.mem["graph:type"] = graphTypes[next]
		v.mem["graph:facts"] = ""
	}
	return pool[next], graphTypes[next]
}

// codeHost reports whether the tool is a code host's (GitHub, GitLab): its
// texts are commit messages, reviews and labels, not chat.
func (v *Values) codeHost() bool {
	for _, w := range []string{"github", "gitlab", "bitbucket", "repositor", "pull request", "merge request", "commit"} {
		if strings.Contains(v.subj.text, w) {
			return true
		}
	}
	return false
}

// devText is the text a developer writes on a code host: a commit message
// for a commit, else a comment or review in an issue or pull request.
func (v *Values) devText(f field) string {
	noun := strings.ToLower(v.f.HackerNoun())
	if hasAny(f.norm, "commit_message", "message", "commit_title") && (strings.Contains(v.subj.text, "commit") || strings.Contains(v.subj.text, "push") || strings.Contains(v.subj.text, "merge")) {
		return v.pick([]string{
			"Fix off-by-one in the " + noun + " pagination",
			"Add retry with backoff to the " + noun + " client",
			"Update README with setup steps",
			"Bump dependencies to the latest patch releases",
			"Refactor config loading into its own package",
			"Handle empty " + noun + " lists in the API",
			"Remove the deprecated " + noun + " flag",
			"Add tests for the " + noun + " parser",
		})
	}
	n := 100 + v.r.IntN(900)
	return v.pick([]string{
		"Looks good to me, thanks for the quick fix.",
		"Could you add a test for the empty " + noun + " case?",
		"This breaks on Windows paths; can we normalise them first?",
		"Fixed in the latest commit, please take another look.",
		fmt.Sprintf("Reproduced on v2.%d.%d; the stack trace points at the %s parser.", v.r.IntN(10), v.r.IntN(10), noun),
		fmt.Sprintf("Closing as a duplicate of #%d.", n),
		"Nit: the variable name is misleading, otherwise fine.",
		"I can take this one; I'll open a PR this week.",
		fmt.Sprintf("Still happening after #%d was merged.", n),
		"Can we hold this until the release branch is cut?",
	})
}

// mediaTool reports whether the tool reads or writes images or audio.
func (v *Values) mediaTool() bool {
	for _, w := range ident.Words(v.subj.tool) {
		switch w {
		case "media", "image", "images", "audio", "photo", "photos", "picture":
			return true
		}
	}
	return false
}

// docName names a document by its period or state and what it holds ("q3
// budget", "final checklist"), never one word twice ("draft draft").
func (v *Values) docName() string {
	q, s := v.pick(fileQuals), v.pick(fileStems)
	for q == s {
		s = v.pick(fileStems)
	}
	return q + " " + s
}
