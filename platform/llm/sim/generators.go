package sim

import (
	"encoding/base64"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
)

// byKind returns a value of the field's meaning. The generators are grouped
// by the family of meanings they serve; each kind belongs to one family, so
// the order the families are asked in changes nothing. Every generator
// draws from the plan's seeded source in a fixed order, which keeps a
// dataset the same for the same seed (docs/design.md, "Models").
func (v *Values) byKind(f field) string {
	for _, family := range kindFamilies {
		if s, ok := family(v, f); ok {
			return s
		}
	}
	return v.unknown(f)
}

// kindFamilies generate the kinds of one family each, and report false for
// a kind not theirs.
var kindFamilies []func(*Values, field) (string, bool)

// The families are set at start-up: a generator may ask byKind again for
// the kind a description names (unknown), which a variable's initial value
// may not refer back to.
func init() {
	kindFamilies = []func(*Values, field) (string, bool){
		(*Values).personValue,
		(*Values).placeValue,
		(*Values).moneyValue,
		(*Values).timeValue,
		(*Values).webValue,
		(*Values).fileValue,
		(*Values).codeValue,
		(*Values).proseValue,
		(*Values).graphValue,
		(*Values).choiceValue,
	}
}

// personValue generates people, organisations and the ids and contacts
// that go with them.
func (v *Values) personValue(f field) (string, bool) {
	if name, ok := v.ownName(f); ok {
		return name, true
	}
	if login, ok := v.ownUsername(f); ok {
		return login, true
	}
	switch f.kind {
	case kID:
		return v.id(f), true
	case kPerson:
		return v.f.FirstName() + " " + v.f.LastName(), true
	case kFirstName:
		return v.f.FirstName(), true
	case kLastName:
		return v.f.LastName(), true
	case kUsername:
		return v.username(), true
	case kMention:
		return "@" + v.username(), true
	case kEmail:
		return v.email(), true
	case kPhone:
		return v.phone(f), true
	case kCompany:
		return v.f.Company(), true
	case kProduct:
		if v.groceries() {
			return v.pick(ingredients), true // a grocery list's item is food, not a "Rust-Proof Furnace"
		}
		return v.f.ProductName(), true
	case kJobTitle:
		return v.f.JobTitle(), true
	}
	return "", false
}

// placeValue generates places, travel and the words of a locale.
func (v *Values) placeValue(f field) (string, bool) {
	switch f.kind {
	case kCity:
		return v.city(f), true
	case kState:
		if strings.Contains(f.text, "code") || strings.Contains(f.text, "abbreviation") || strings.Contains(f.text, "two-letter") {
			return v.here(true).abbr, true
		}
		return v.here(true).state, true
	case kCountry:
		return v.here(false).code, true
	case kCountry3:
		return v.here(false).code3, true
	case kCountryName:
		return v.here(false).country, true
	case kStreet:
		if strings.HasSuffix(f.name, "2") || strings.HasSuffix(f.name, "3") {
			// An address's second and third lines: the unit in the building.
			return v.unitLine(v.here(false)), true
		}
		return v.streetLine(v.here(false)), true
	case kAddress:
		return v.postalAddress(v.here(false)), true
	case kZip:
		return v.postcodeIn(v.here(strings.Contains(f.norm, "zip"))), true
	case kRegion:
		return v.region(f), true
	case kGeo:
		return fmt.Sprintf("%.4f,%.4f", -40+v.r.Float64()*95, -120+v.r.Float64()*240), true
	case kAirport:
		return v.f.AirlineAirportIATA(), true
	case kAirline:
		return v.pick([]string{"Delta", "United", "Lufthansa", "Air France", "KLM", "Emirates", "Qantas", "TAP Air Portugal", "Iberia", "ANA"}), true
	case kFlight:
		return v.f.AirlineFlightNumber(), true
	case kLanguage:
		return v.pick([]string{"en", "es", "fr", "de", "pt", "ja", v.f.LanguageAbbreviation()}), true
	case kLocale:
		return v.pick([]string{"en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "pt-BR", "ja-JP", "it-IT"}), true
	case kTimezone:
		if tz, ok := v.placedZone(); ok {
			return tz, true // the zone of the object's city
		}
		return v.f.TimeZoneRegion(), true
	case kUnit:
		return v.unit(f), true
	}
	return "", false
}

// moneyValue generates markets, currencies and payment details.
func (v *Values) moneyValue(f field) (string, bool) {
	switch f.kind {
	case kTicker:
		return v.pick(tickers), true
	case kCurrency:
		return v.pick([]string{"USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", v.f.CurrencyShort()}), true
	case kCardNumber:
		return v.f.CreditCardNumber(nil), true
	case kIBAN:
		return "DE" + v.f.DigitN(20), true
	}
	return "", false
}

// timeValue generates dates, times and durations.
func (v *Values) timeValue(f field) (string, bool) {
	switch f.kind {
	case kDate, kDOB:
		return v.date(f).Format("2006-01-02"), true
	case kDateTime:
		return v.date(f).Format(time.RFC3339), true
	case kTime:
		return v.date(f).Format("15:04"), true
	case kDuration:
		return v.duration(f), true
	}
	return "", false
}

// webValue generates addresses on the network, credentials and the
// tokens and headers of HTTP APIs.
func (v *Values) webValue(f field) (string, bool) {
	switch f.kind {
	case kURL:
		if imageField(f) {
			return v.imageURL(f), true
		}
		return "https://www." + strings.ToLower(v.f.DomainName()) + "/" + v.slug(), true
	case kHostname, kDomain:
		return v.dnsName(), true
	case kIPv4:
		return fmt.Sprintf("%d.%d.%d.%d", v.pick2(10, 172, 192, 203), v.r.IntN(256), v.r.IntN(256), 1+v.r.IntN(254)), true
	case kIPv6:
		return fmt.Sprintf("2001:db8:%x::%x", v.r.IntN(0xffff), 1+v.r.IntN(0xfffe)), true
	case kUUID:
		return v.uuid(), true
	case kMime:
		return v.pick([]string{"application/json", "text/csv", "application/pdf", "image/png", "text/plain"}), true
	case kTokenType:
		return "Bearer", true
	case kSecret:
		if hasAny(f.norm, "jwt", "id_token") || strings.Contains(f.text, "json web token") {
			return v.jwt(), true
		}
		return v.secret(), true
	case kPassword:
		return v.f.Password(true, true, true, true, false, 12), true
	case kPageToken:
		return v.alnum(20, true) + "==", true
	case kHeader:
		return v.header(f), true
	case kARN:
		return v.arn(f), true
	case kScope:
		return v.pick([]string{"read", "read write", "read:user", "write", "admin"}), true
	}
	return "", false
}

// fileValue generates the names, paths and sizes of files and folders.
func (v *Values) fileValue(f field) (string, bool) {
	switch f.kind {
	case kFileName:
		return v.fileName(f), true
	case kFolder:
		return v.pick(folderNames), true
	case kPath:
		return v.path(f), true
	case kPointer:
		return v.pick(resourcePointers), true
	case kAPIPath:
		if strings.HasSuffix(f.norm, "base_path") {
			return v.pick([]string{"v1", "v2", "orders", "billing", "payments", "inventory"}), true // the segment after the host
		}
		return v.pick(apiPaths), true
	case kGlob:
		return v.glob(f), true
	case kDiskSize:
		return fmt.Sprintf("%d.%d %s", 1+v.r.IntN(900), v.r.IntN(10), v.pick([]string{"KB", "MB", "MB", "GB"})), true
	case kBase64:
		if pemField(f.norm, f.text, v.subj.text) {
			return base64.StdEncoding.EncodeToString([]byte(v.pem(f))), true // a CSR sent as bytes: its PEM text, encoded
		}
		if v.output == 0 {
			return v.fileName(f), true // a request names the file it uploads
		}
		return v.base64Bytes(), true
	}
	return "", false
}

// codeValue generates what code hosts and programs deal in: repositories,
// branches, hashes, versions, queries and short codes.
func (v *Values) codeValue(f field) (string, bool) {
	switch f.kind {
	case kRepo:
		return v.repo(f), true
	case kBranch:
		return v.pick([]string{"main", "develop", "feature/", "fix/", "release/"}) + v.branchTail(), true
	case kHash:
		return v.hash(f), true
	case kVersion:
		return fmt.Sprintf("%d.%d.%d", 1+v.r.IntN(4), v.r.IntN(20), v.r.IntN(10)), true
	case kSQL:
		return v.sql(f), true
	case kCode:
		return v.code(f), true
	case kFields:
		return v.fields(f), true
	case kPEM:
		return v.pem(f), true
	}
	return "", false
}

// proseValue generates text people write: titles, descriptions, messages,
// searches, tags and the names of things.
func (v *Values) proseValue(f field) (string, bool) {
	switch f.kind {
	case kTitle:
		return v.title(f), true
	case kDescription:
		return v.sentence(f), true
	case kMessage:
		return v.messageText(f), true
	case kQuery:
		if v.translating() && v.output == 0 {
			return v.textToTranslate(), true // Google's "q": the text to translate
		}
		return v.topic(f), true
	case kTag:
		return v.tag(), true
	case kThingName:
		return v.thingName(f), true
	}
	return "", false
}

// graphValue generates the entities, types, relations and observations of
// a knowledge graph.
func (v *Values) graphValue(f field) (string, bool) {
	switch f.kind {
	case kKGName:
		return v.graphName(f), true
	case kKGType:
		// The type of the entity named next (a record's entityType comes
		// before its name).
		_, ty := v.graphEntity(false)
		return ty, true
	case kKGRelation:
		return v.graphRelation(), true
	case kKGFact:
		return v.graphFact(), true
	case kKGQuery:
		return v.graphQuery(), true
	}
	return "", false
}

// choiceValue generates the kinds that take one of a few words: a status,
// a category, a sort order, a colour, a flag.
func (v *Values) choiceValue(f field) (string, bool) {
	switch f.kind {
	case kCategory:
		return v.category(f), true
	case kStatus:
		return v.statusFor(f), true
	case kSortField:
		return v.pick([]string{"created_at", "updated_at", "name", "price", "date", "relevance"}), true
	case kDirection:
		return v.pick([]string{"asc", "desc"}), true
	case kBoolString:
		return v.pick([]string{"true", "false"}), true
	case kResult:
		return v.pick([]string{"success", "completed", "ok", "done"}), true
	case kHexColor:
		return v.f.HexColor(), true
	case kColor:
		return strings.ToLower(v.f.SafeColor()), true
	case kGenre:
		return strings.ToLower(v.f.SongGenre()), true
	case kCuisine:
		return v.pick([]string{"Italian", "Mexican", "Japanese", "Indian", "Thai", "French", "Greek", "Korean", "Lebanese", "Vietnamese"}), true
	case kIcon:
		return v.pick([]string{"star", "calendar", "folder", "bell", "check-circle", "flag", "rocket", "heart", "chart-bar", "briefcase"}), true
	case kLayout:
		return v.pick([]string{"list", "board", "grid", "timeline", "calendar"}), true
	case kTheme:
		return v.pick([]string{"light", "dark", "system"}), true
	}
	return "", false
}

// region is a cloud region where the field or tool speaks of the cloud,
// else a state.
func (v *Values) region(f field) string {
	if cloudRe.MatchString(f.text + " " + v.subj.text) {
		return v.pick(cloudRegions)
	}
	return v.here(false).state
}

// unit is a unit of measure fitting what the field measures, read first
// from the field's name and the object it sits in (an energies object's
// units are MeV), then its description, then the tool's (a dose-rate
// tool's reading is in µSv/h). A system of measurement ("metric",
// "imperial") only where the words speak of one or say nothing.
func (v *Values) unit(f field) string {
	for _, text := range []string{f.norm + " " + f.parent, f.text, v.subj.text} {
		if us := unitsOf(strings.ReplaceAll(text, "_", " "), f.text+" "+v.subj.text, v.output > 0); us != nil {
			return v.pick(us)
		}
	}
	return v.pick([]string{"metric", "imperial"})
}

// unitRules name the units of a quantity: the first rule whose quantity
// words the text holds, and whose domain words (if any) the text or the
// tool's description holds, wins; particles' energies are in MeV, a
// household's in kWh.
var unitRules = []struct {
	re, domain *regexp.Regexp
	units      []string
}{
	// A conversion between imperial and SI units goes between units, one of
	// each system, of one quantity (Values.Different); a choice of system
	// ("units": "metric") is a system.
	{regexp.MustCompile(`imperial and si|si and imperial|imperial to si|si to imperial|imperial.{0,12}metric units|metric.{0,12}imperial units`), nil, imperialSI},
	{regexp.MustCompile(`system of measure|measurement system|unit system|metric|imperial`), nil, []string{"metric", "imperial"}},
	{regexp.MustCompile(`\bsi unit`), nil, siUnits},
	{regexp.MustCompile(`dose|sievert|radiation|radioactiv`), nil, []string{"µSv/h"}},
	{regexp.MustCompile(`intensit|flux`), particleRe, []string{"/cm²/s/sr/MeV"}},
	{regexp.MustCompile(`energ`), particleRe, []string{"MeV"}},
	{regexp.MustCompile(`energy|electricity|consumption`), nil, []string{"kWh"}},
	{regexp.MustCompile(`power|wattage`), nil, []string{"kW", "W"}},
	{regexp.MustCompile(`temperature|weather|thermostat`), nil, nil}, // unitsOf: the reading's or the request's
	{regexp.MustCompile(`pressure`), nil, []string{"hPa"}},
	{regexp.MustCompile(`speed|velocity|wind`), nil, []string{"km/h", "m/s"}},
	{regexp.MustCompile(`distance|length|radius|elevation|altitude|height`), nil, []string{"km", "m", "mi"}},
	{regexp.MustCompile(`weight|mass`), nil, []string{"kg", "lb"}},
	{regexp.MustCompile(`volume|capacity|fuel`), nil, []string{"L"}},
	{regexp.MustCompile(`price|amount|cost|salary|revenue|payment|money|currency|balance|fee`), nil, []string{"USD", "EUR", "GBP"}},
	{regexp.MustCompile(`file size|storage|memory|disk|bytes|bandwidth`), nil, []string{"MB", "GB"}},
	{regexp.MustCompile(`duration|latency|elapsed`), nil, []string{"ms", "s"}},
}

// siUnits are SI units a conversion goes between: one quantity in
// different multiples (nobody converts kilograms to seconds).
var siUnits = []string{"meter", "kilometer", "centimeter", "millimeter", "kilogram", "gram", "milligram", "second", "millisecond", "microsecond"}

// imperialUnits are imperial (US customary) units by the quantity they
// measure; imperialSI the units a conversion between the two systems goes
// between.
var (
	imperialUnits = map[string]string{"inch": "length", "foot": "length", "yard": "length", "mile": "length",
		"ounce": "mass", "pound": "mass", "gallon": "volume", "fahrenheit": "temperature"}
	siOfImperial = map[string]string{"centimeter": "length", "meter": "length", "kilometer": "length",
		"gram": "mass", "kilogram": "mass", "liter": "volume", "celsius": "temperature"}
	imperialSI = slices.Sorted(maps.Keys(mergeUnits(imperialUnits, siOfImperial)))
)

func mergeUnits(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

// siDimension is what a unit of a conversion measures, "" for another word.
func siDimension(u string) string {
	if q, ok := imperialUnits[u]; ok {
		return q
	}
	if q, ok := siOfImperial[u]; ok {
		return q
	}
	switch {
	case !slices.Contains(siUnits, u):
		return ""
	case strings.HasSuffix(u, "meter"):
		return "length"
	case strings.HasSuffix(u, "gram"):
		return "mass"
	default:
		return "time"
	}
}

// otherSystem reports whether units a and b are one imperial and one SI:
// the two ends of a conversion between the systems.
func otherSystem(a, b string) bool {
	_, ai := imperialUnits[a]
	_, bi := imperialUnits[b]
	return ai != bi
}

// particleRe is the words of particle physics.
var particleRe = regexp.MustCompile(`particle|cosmic|nuclear|neutron|proton|photon|electron|muon|\bions?\b`)

// unitsOf is the units of the quantity text names, in the domain context
// speaks of; nil when it names none.
func unitsOf(text, context string, output bool) []string {
	for _, r := range unitRules {
		if !r.re.MatchString(text) || r.domain != nil && !r.domain.MatchString(text+" "+context) {
			continue
		}
		if r.units == nil && output {
			return []string{"°C", "°F"} // a reading's unit
		}
		if r.units == nil {
			return []string{"celsius", "fahrenheit"} // the unit one asks in
		}
		return r.units
	}
	return nil
}

// duration is a length of time, as ISO 8601 where the field asks for it.
func (v *Values) duration(f field) string {
	if strings.Contains(f.text, "iso") || strings.Contains(f.text, "pt") {
		return fmt.Sprintf("PT%dM", 15*(1+v.r.IntN(8)))
	}
	return fmt.Sprintf("%d minutes", 15*(1+v.r.IntN(8)))
}

// base64Bytes is the content of a small file in base64, as APIs send
// bytes: an image where the tool deals in images or documents it scans,
// else a PDF.
func (v *Values) base64Bytes() string {
	head := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
	if strings.Contains(v.subj.text, "image") || strings.Contains(v.subj.text, "photo") || strings.Contains(v.subj.text, "scan") {
		head = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	}
	body := make([]byte, 36+v.r.IntN(24))
	for i := range body {
		body[i] = byte(v.r.IntN(256))
	}
	return base64.StdEncoding.EncodeToString(append(head, body...))
}

// secretPrefixes are the key prefixes of the services that use them.
var secretPrefixes = [][2]string{{"aws", "AKIA"}, {"github", "ghp_"}, {"slack", "xoxb-"}, {"stripe", "sk_live_"}, {"openai", "sk-"}}

// secret is an API key with the prefix of the tool's service; an opaque
// token elsewhere.
func (v *Values) secret() string {
	prefix := ""
	for _, p := range secretPrefixes {
		if strings.Contains(v.subj.text, p[0]) {
			prefix = p[1]
			break
		}
	}
	return prefix + v.alnum(24+v.r.IntN(9), true)
}

// jwt is a signed JSON Web Token as servers issue them: a base64url header
// and claims, and a signature, joined by dots.
func (v *Values) jwt() string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	iat := 1735689600 + v.r.IntN(30_000_000)
	claims := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%s","iat":%d,"exp":%d}`, v.uuid(), iat, iat+3600)))
	return head + "." + claims + "." + v.alnum(43, true)
}

// header is the value of the HTTP request header the field names.
func (v *Values) header(f field) string {
	switch {
	case hasAny(f.norm, "cache_control"):
		return v.pick([]string{"no-cache", "max-age=0", "no-store"})
	case hasAny(f.norm, "accept"):
		return v.pick([]string{"application/json", "application/json", "text/csv"})
	case hasAny(f.norm, "user_agent"):
		return v.f.UserAgent()
	case hasAny(f.norm, "authorization"):
		return "Bearer " + v.alnum(32, true)
	case hasAny(f.norm, "cookie", "cookies"):
		return "session_id=" + v.alnum(24, true) + "; " + v.pick([]string{"theme=dark", "lang=en", "consent=1", "currency=USD"})
	case hasAny(f.norm, "headers", "http_headers", "request_headers"):
		return v.pick([]string{"Accept-Language: en-US", "Accept: application/json", "Cache-Control: no-cache", "X-Requested-With: XMLHttpRequest"})
	case hasAny(f.norm, "post_data", "form_data"):
		return "email=" + strings.ReplaceAll(v.email(), "@", "%40") + "&" + v.pick([]string{"plan=pro", "newsletter=1", "page=2", "q=" + strings.ToLower(v.f.NounCommon())})
	}
	return v.pick([]string{"no-cache", "application/json"})
}

// path is a path the tool works on: relative to a repository's root on a
// code host, else a folder or a file in the plan's working folder.
func (v *Values) path(f field) string {
	if v.codeHost() {
		return v.pick([]string{"src", "docs", "internal/api", "scripts", "tests", "cmd/server", "pkg/config"}) + "/" +
			v.pick([]string{"main.go", "handler.go", "utils.py", "client.py", "README.md", "config.yaml", "index.ts", "setup.sh", "CHANGELOG.md"})
	}
	if p, ok := v.otherEnd(f); ok {
		return p
	}
	if v.wantsDir(f) && v.makesFolder() {
		return v.newFolder()
	}
	if v.wantsDir(f) {
		return v.workDir()
	}
	if v.mediaTool() {
		return v.workDir() + "/" + v.pick(fileStems) + "." + v.pick([]string{"png", "jpg", "jpg", "mp3", "wav", "gif"})
	}
	return v.workDir() + "/" + v.fileName(f)
}

// dnsName is a host's name as an organisation registers it: a service's
// host under the organisation's own domain ("api.roadify-transit.com").
func (v *Values) dnsName() string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(v.f.Company())) {
		if w = slugWord(w); w != "" && len(words) < 2 && !companySuffix[w] {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = []string{slugWord(v.f.NounCommon())}
	}
	org := strings.Join(words, "-")
	if len(org) > 16 {
		org = words[0]
	}
	return v.pick([]string{"api", "www", "app", "shop", "auth", "docs", "portal"}) + "." + org + "." + v.pick([]string{"com", "com", "io", "net", "org"})
}

// companySuffix are the words of a company's legal form, no part of its domain.
var companySuffix = map[string]bool{"inc": true, "llc": true, "ltd": true, "corp": true, "co": true, "and": true, "group": true}

// slugPattern reports whether a schema's pattern spells a name of letters,
// digits and hyphens, no dot: a service's own name for a domain, not a
// host's.
func slugPattern(s map[string]any) bool {
	p, _ := s["pattern"].(string)
	return p != "" && strings.Contains(p, "a-z") && !strings.Contains(p, ".")
}

// resourcePointers are JSON Pointers (RFC 6901) to the fields a resource's
// update changes: a patch names where in the resource, not a file.
var resourcePointers = []string{"/description", "/name", "/tags/environment", "/tags/team", "/variables/log_level",
	"/stages/prod/variables/timeout", "/settings/timeout", "/throttle/rateLimit", "/throttle/burstLimit", "/enabled"}

// apiPaths are the paths of an HTTP API's resources, as an API's own
// description of itself names them.
var apiPaths = []string{"/", "/orders", "/orders/{orderId}", "/customers/{customerId}/invoices", "/products", "/products/{productId}/reviews", "/users/{userId}"}

// glob is a file pattern to search for, or a folder or file pattern to
// leave out.
func (v *Values) glob(f field) string {
	if strings.Contains(f.norm, "exclude") {
		return v.pick([]string{"node_modules", ".git", "*.log", "*.tmp", "build", "__pycache__"})
	}
	return v.pick([]string{"*." + v.extFor(""), "*" + v.pick(fileStems) + "*", "**/*." + v.extFor(""), "*" + v.pick(fileStems) + "*." + v.extFor("")})
}

// repo names a repository alone (APIs pass its owner apart); a full name,
// "owner/repo", carries the owner.
func (v *Values) repo(f field) string {
	name := v.slug() + v.pick([]string{"", "", "-api", "-cli", "-sdk", "-web"})
	if strings.Contains(f.text, "owner/") || strings.Contains(f.text, "full") || strings.Contains(f.norm, "full") {
		return v.username() + "/" + name
	}
	return name
}

// hash is a commit SHA (short where the field says so) or an HTTP ETag.
func (v *Values) hash(f field) string {
	if hasAny(f.norm, "etag") {
		return "\"" + v.hex(32) + "\""
	}
	if strings.Contains(f.text, "short") {
		return v.hex(7)
	}
	return v.hex(40)
}

// sql is a query over the table of the entity the tool is about.
func (v *Values) sql(f field) string {
	n := v.subjectNoun(f)
	if n == "" {
		n = "order"
	}
	return fmt.Sprintf("SELECT id, created_at FROM %ss WHERE created_at >= '2025-01-01' LIMIT %d", n, 10*(1+v.r.IntN(5)))
}

// code is a promotion code, a short program to run, or a verification
// code of digits.
func (v *Values) code(f field) string {
	if strings.Contains(f.text, "promo") || strings.Contains(f.text, "coupon") || strings.Contains(f.text, "discount") || hasAny(f.norm, "promo", "coupon", "discount") {
		return strings.ToUpper(v.f.MonthString()) + fmt.Sprint(5*(1+v.r.IntN(6)))
	}
	if strings.Contains(f.text, "python") || strings.Contains(f.text, "source") || strings.Contains(f.text, "execute") || strings.Contains(f.text, "program") {
		return fmt.Sprintf("print(round(%d / %d, 2))", 100+v.r.IntN(900), 2+v.r.IntN(9))
	}
	return v.f.DigitN(6)
}

// tag is a label: a code host's issue labels, else a hobby as a hashtag.
func (v *Values) tag() string {
	if v.codeHost() {
		return v.pick([]string{"bug", "enhancement", "documentation", "good first issue", "help wanted", "performance", "security", "needs-triage", "regression", "dependencies"})
	}
	return strings.ToLower(strings.ReplaceAll(v.f.Hobby(), " ", "-"))
}

// fileEdits are the names of an edit's old and new text on a file tool.
var fileEdits = []string{"old_text", "new_text", "old_string", "new_string", "old_str", "new_str", "search", "replace", "replacement"}

// messageText is free text a message field holds: a line of a file an
// edit names, a file's content, a snippet of code, else a message.
func (v *Values) messageText(f field) string {
	onFiles := strings.Contains(v.subj.text, "file")
	if onFiles && hasAny(f.norm, fileEdits...) {
		return "- " + v.decision() // one line of a file, as an edit names it
	}
	if strings.Contains(f.text, "file") || (strings.Contains(f.text, "content") || f.norm == "content" || f.norm == "contents" || f.norm == "text") && onFiles {
		// The content of the file the plan writes, in that file's form.
		if p, ok := v.mem["path:last"]; ok && strings.Contains(p, ".") {
			return v.FileBody(p)
		}
		return v.fileText()
	}
	if codeToRun.MatchString(f.text) {
		return fmt.Sprintf("print(sum([%d, %d, %d]))", v.r.IntN(100), v.r.IntN(100), v.r.IntN(100))
	}
	return v.message(f)
}

// codeToRun is a description of a program's text ("the Python code to
// execute", "script source"), not of a message that mentions a code (an
// error code, a verification code).
var codeToRun = regexp.MustCompile(`\bpython\b|\bscript\b|source code|code (?:to|that will) (?:run|execute|evaluate)|code snippet|\bsnippet\b`)

// graphQuery is what someone searches a knowledge graph for: a kind of
// entity, or a name they remember part of.
func (v *Values) graphQuery() string {
	name, typ := v.graphEntity(false)
	switch {
	case v.r.IntN(3) == 0:
		return typ
	case typ == "person":
		w := strings.Fields(name)
		return w[len(w)-1]
	case typ == "organization":
		return name
	}
	// A project is searched for by its kind: its name is said in full.
	return typ
}

// graphFact is an observation about the knowledge graph's entity named
// last, fitting its type; one entity's observations say different things
// (a company is not founded three times).
func (v *Values) graphFact() string {
	facts := v.graphFacts()
	start := v.r.IntN(len(facts))
	for k := range facts {
		i := (start + k) % len(facts)
		if tag := fmt.Sprintf("|%d|", i); !strings.Contains(v.mem["graph:facts"], tag) {
			v.mem["graph:facts"] += tag
			return facts[i]()
		}
	}
	return facts[start]()
}

// commonLanguages are programming languages people name in passing.
var commonLanguages = []string{"Python", "Go", "TypeScript", "Java", "Rust", "Kotlin", "C#", "Ruby", "Swift", "Scala"}

// graphFacts are the observations one can note about an entity of the
// type named last.
func (v *Values) graphFacts() []func() string {
	switch v.mem["graph:type"] {
	case "organization":
		return []func() string{
			func() string { return "Headquartered in " + v.f.City() },
			func() string { return "Founded in " + fmt.Sprint(1990+v.r.IntN(33)) },
			func() string { return "Has about " + fmt.Sprint(20+v.r.IntN(40)*25) + " employees" },
			func() string { return "Main contact is " + v.f.FirstName() + " " + v.f.LastName() },
			func() string {
				return "Uses " + v.pick([]string{"Salesforce", "HubSpot", "Jira", "Slack", "SAP"}) + " internally"
			},
			func() string { return "Contract renews in " + v.f.MonthString() },
		}
	case "project":
		return []func() string{
			func() string { return "Deadline is " + v.f.MonthString() + " " + fmt.Sprint(1+v.r.IntN(28)) },
			func() string { return "Budget is " + fmt.Sprint(20+v.r.IntN(180)) + "k USD" },
			func() string { return "Built with " + v.pick(commonLanguages) + " and PostgreSQL" },
			func() string { return "Kick-off was in " + v.f.MonthString() },
			func() string { return "Status: " + v.pick([]string{"on track", "at risk", "paused", "in review"}) },
		}
	}
	return []func() string{
		func() string { return "Works as " + wording.WithArticle(strings.ToLower(v.f.JobTitle())) },
		func() string { return "Lives in " + v.f.City() },
		func() string { return "Joined in " + fmt.Sprint(2015+v.r.IntN(11)) },
		func() string { return "Prefers email over phone calls" },
		func() string {
			return "Speaks " + v.pick([]string{"Spanish", "French", "German", "Portuguese", "Italian", "Japanese", "Mandarin", "Hindi", "Arabic", "Polish"}) + " and English"
		},
		func() string { return "Leads the " + strings.ToLower(v.f.HackerNoun()) + " migration" },
		func() string { return "Birthday is on " + v.f.MonthString() + " " + fmt.Sprint(1+v.r.IntN(28)) },
		func() string { return "Favourite programming language is " + v.pick(commonLanguages) },
		func() string { return "Met at the " + v.f.City() + " conference" },
		func() string {
			return "Allergic to " + v.pick([]string{"peanuts", "shellfish", "pollen", "cats"})
		},
	}
}

// imageWords name fields that hold a picture.
var imageWords = regexp.MustCompile(`\b(?:image|images|img|thumbnail|thumb|avatar|icon|icons|logo|picture|photo|portrait|banner)\b`)

// imageField reports whether a web address is an image's: its name is a
// pixel size, or its name or description speaks of a picture.
func imageField(f field) bool {
	return pixelSize.MatchString(strings.ToLower(f.name)) || imageWords.MatchString(strings.ReplaceAll(f.norm, "_", " ")) ||
		imageWords.MatchString(firstSentence(f.text))
}

// imageURL is the address of an image on a content host, at the size the
// field's name gives ("px128x128" → …_128x128.png).
func (v *Values) imageURL(f field) string {
	size := ""
	if m := pixelDigits.FindString(f.name); m != "" {
		size = "_" + m
	}
	return "https://images." + strings.ToLower(v.f.DomainName()) + "/" + v.slug() + size + "." + v.pick([]string{"png", "jpg"})
}

// pixelDigits are the dimensions a size name gives.
var pixelDigits = regexp.MustCompile(`\d{2,4}(?:x\d{2,4})?`)

// pem is a certificate (a chain of two where the field holds a chain) or a
// certificate signing request as PEM text: DER bytes in base64, 64
// characters a line, between the BEGIN and END lines of its label.
func (v *Values) pem(f field) string {
	label := "CERTIFICATE"
	if hasAny(f.norm, "csr", "certificate_request", "signing_request") || strings.Contains(f.text, "signing request") {
		label = "CERTIFICATE REQUEST"
	}
	blocks := 1
	if hasAny(f.norm, "chain", "certificate_chain", "certificates", "bundle") {
		blocks = 2
	}
	var b strings.Builder
	for i := range blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		der := make([]byte, 380+v.r.IntN(160))
		for j := range der {
			der[j] = byte(v.r.IntN(256))
		}
		der[0], der[1], der[2], der[3] = 0x30, 0x82, byte((len(der)-4)>>8), byte(len(der)-4) // a DER SEQUENCE: "MII…"
		text := base64.StdEncoding.EncodeToString(der)
		b.WriteString("-----BEGIN " + label + "-----\n")
		for len(text) > 64 {
			b.WriteString(text[:64] + "\n")
			text = text[64:]
		}
		b.WriteString(text + "\n-----END " + label + "-----")
	}
	return b.String()
}
