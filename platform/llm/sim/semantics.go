package sim

import (
	"regexp"
	"slices"
	"strings"
)

// kind is what a field means, read from its schema, name and description:
// it picks the generator that fills it.
type kind string

const (
	kText        kind = ""
	kID          kind = "id"
	kPerson      kind = "person"
	kFirstName   kind = "first_name"
	kLastName    kind = "last_name"
	kUsername    kind = "username"
	kEmail       kind = "email"
	kPhone       kind = "phone"
	kURL         kind = "url"
	kHostname    kind = "hostname"
	kIPv4        kind = "ipv4"
	kIPv6        kind = "ipv6"
	kUUID        kind = "uuid"
	kCompany     kind = "company"
	kProduct     kind = "product"
	kJobTitle    kind = "job_title"
	kCity        kind = "city"
	kState       kind = "state"
	kCountry     kind = "country"      // ISO 3166 alpha-2
	kCountry3    kind = "country3"     // ISO 3166 alpha-3
	kCountryName kind = "country_name" // "Portugal"
	kStreet      kind = "street"
	kAddress     kind = "address"
	kZip         kind = "zip"
	kAirport     kind = "airport"
	kAirline     kind = "airline"
	kFlight      kind = "flight"
	kTicker      kind = "ticker"
	kCurrency    kind = "currency"
	kLanguage    kind = "language"
	kLocale      kind = "locale"
	kTimezone    kind = "timezone"
	kDate        kind = "date"
	kDateTime    kind = "date_time"
	kTime        kind = "time"
	kDOB         kind = "dob"
	kHexColor    kind = "hex_color"
	kColor       kind = "color"
	kFileName    kind = "file_name"
	kFolder      kind = "folder"
	kPath        kind = "path"
	kMime        kind = "mime"
	kTitle       kind = "title"
	kDescription kind = "description"
	kMessage     kind = "message"
	kQuery       kind = "query"
	kTag         kind = "tag"
	kCategory    kind = "category"
	kStatus      kind = "status"
	kSortField   kind = "sort_field"
	kDirection   kind = "direction"
	kVersion     kind = "version"
	kSecret      kind = "secret"
	kTokenType   kind = "token_type"
	kPassword    kind = "password"
	kCode        kind = "code" // a verification or short code: digits
	kRegion      kind = "region"
	kRepo        kind = "repo"
	kBranch      kind = "branch"
	kSQL         kind = "sql"
	kThingName   kind = "thing_name"
	kDuration    kind = "duration"
	kCardNumber  kind = "card_number"
	kIBAN        kind = "iban"
	kDomain      kind = "domain"
	kGenre       kind = "genre"
	kUnit        kind = "unit"
	kARN         kind = "arn"
	kHash        kind = "hash"
	kFields      kind = "fields"
	kBoolString  kind = "bool_string"
	kHeader      kind = "header"
	kPageToken   kind = "page_token"
	kGeo         kind = "geo"
	kMention     kind = "mention"
	kCuisine     kind = "cuisine"
	kIcon        kind = "icon"
	kLayout      kind = "layout"
	kTheme       kind = "theme"
	kResult      kind = "result"
	kScope       kind = "scope"
	kDiskSize    kind = "disk_size"

	// Numeric kinds (numbers, or numeric strings).
	kAmount     kind = "amount"
	kCount      kind = "count"
	kPage       kind = "page"
	kOffset     kind = "offset"
	kQuantity   kind = "quantity"
	kYear       kind = "year"
	kMonth      kind = "month"
	kDay        kind = "day"
	kHour       kind = "hour"
	kMinute     kind = "minute"
	kAge        kind = "age"
	kLatitude   kind = "latitude"
	kLongitude  kind = "longitude"
	kPercent    kind = "percent"
	kFraction   kind = "fraction"
	kRating     kind = "rating"
	kRGB        kind = "rgb"
	kTemp       kind = "temperature"
	kSampling   kind = "sampling"
	kSeconds    kind = "seconds"
	kMillis     kind = "millis"
	kEpoch      kind = "epoch"
	kEpochMilli kind = "epoch_ms"
	kSpeed      kind = "speed"
	kDistance   kind = "distance"
	kVolume     kind = "volume"
	kNumID      kind = "numeric_id"
	kWeight     kind = "weight"
	kSize       kind = "size"
	kPressure   kind = "pressure"
	kVoltage    kind = "voltage"
	kAngle      kind = "angle"
	kGlob       kind = "glob"
	kKGName     kind = "graph_name"
	kKGType     kind = "graph_type"
	kKGRelation kind = "graph_relation"
	kKGFact     kind = "graph_fact"
)

// numericKinds are meanings whose value is a number even when the schema
// types the field as a string ("limit": {"type": "string"}).
var numericKinds = map[kind]bool{
	kAmount: true, kCount: true, kPage: true, kOffset: true, kQuantity: true, kYear: true, kMonth: true,
	kDay: true, kHour: true, kMinute: true, kAge: true, kLatitude: true, kLongitude: true, kPercent: true,
	kFraction: true, kRating: true, kRGB: true, kTemp: true, kSampling: true, kSeconds: true, kMillis: true,
	kEpoch: true, kEpochMilli: true, kSpeed: true, kDistance: true, kVolume: true, kWeight: true, kSize: true,
	kPressure: true, kVoltage: true, kAngle: true,
}

// field is what is known of the value being generated.
type field struct {
	name   string // the property name ("order_id"), "" for a root
	norm   string // normalised name (snake_case, lower)
	text   string // description and title, lower case
	raw    string // description and title as written (examples keep their case)
	parent string // the entity the enclosing object describes ("order", "user")
	kind   kind
	noun   string // the entity the field names or identifies ("order" for order_id)
	// settable marks a value one sets (a thermostat's temperature), not one
	// observed.
	settable bool
}

// descRule maps a phrase of a description to a meaning; these are named
// formats specific enough to win over the field's name.
type descRule struct {
	re *regexp.Regexp
	k  kind
	// needles are literal words one of which the text must hold before the
	// expression is tried (most descriptions match none).
	needles []string
}

// match reports whether the rule matches text.
func (r descRule) match(text string) bool {
	if len(r.needles) > 0 {
		found := false
		for _, n := range r.needles {
			if strings.Contains(text, n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return r.re.MatchString(text)
}

// withNeedles derives each rule's needles from its expression: the
// literal letter runs of every alternative.
func withNeedles(rules []descRule) []descRule {
	for i := range rules {
		var needles []string
		for _, alt := range splitAlternatives(rules[i].re.String()) {
			lit := longestLiteral(alt)
			if len(lit) < 2 {
				needles = nil
				break
			}
			needles = append(needles, lit)
		}
		rules[i].needles = needles
	}
	return rules
}

// splitAlternatives splits an expression at its top-level "|".
func splitAlternatives(re string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(re); i++ {
		switch re[i] {
		case '\\':
			i++
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, re[start:i])
				start = i + 1
			}
		}
	}
	return append(out, re[start:])
}

// longestLiteral is the longest run of plain letters and spaces an
// alternative must contain (inside no group, class or optional part).
func longestLiteral(alt string) string {
	best, cur := "", []byte{}
	depth := 0
	for i := 0; i < len(alt); i++ {
		c := alt[i]
		switch {
		case c == '\\':
			i++
			cur = cur[:0]
			continue
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
			cur = cur[:0]
			continue
		}
		if depth == 0 && (c >= 'a' && c <= 'z' || c == ' ') {
			// A letter followed by ? or * is optional: the run ends before it.
			if i+1 < len(alt) && (alt[i+1] == '?' || alt[i+1] == '*' || alt[i+1] == '{') {
				if len(cur) > len(best) {
					best = string(cur)
				}
				cur = cur[:0]
				continue
			}
			cur = append(cur, c)
			if len(strings.TrimSpace(string(cur))) > len(strings.TrimSpace(best)) {
				best = string(cur)
			}
		} else {
			cur = cur[:0]
		}
	}
	return strings.TrimSpace(best)
}

var descRules = withNeedles([]descRule{
	{regexp.MustCompile(`\biata\b`), kAirport, nil},
	{regexp.MustCompile(`^(?:the |maximum |max )?number of (?:results|records|items|entries|rows)\b|\bresults per page\b|^page size\b`), kCount, nil},
	{regexp.MustCompile(`\bbranch(?: name)?\b`), kBranch, nil},
	{regexp.MustCompile(`pagination (?:position|token|cursor|marker)|\bpage token\b|\bcontinuation token\b|\btoken for the next page\b`), kPageToken, nil},
	{regexp.MustCompile(`^(?:the )?page number\b`), kPage, nil},
	{regexp.MustCompile(`\bairport code`), kAirport, nil},
	{regexp.MustCompile(`iso[ _-]?4217|currency code|three-letter currency|3-letter currency`), kCurrency, nil},
	{regexp.MustCompile(`alpha[ -]?3|three-letter country|3-letter country`), kCountry3, nil},
	{regexp.MustCompile(`iso[ _-]?3166|country code|alpha[ -]?2|two-letter country|2-letter country`), kCountry, nil},
	{regexp.MustCompile(`bcp[ -]?47|\blocale\b|ietf language`), kLocale, nil},
	{regexp.MustCompile(`iso[ _-]?639|language code|two-letter language|2-letter language`), kLanguage, nil},
	{regexp.MustCompile(`\bticker\b|stock symbol|symbol of the stock|symbol that uniquely identifies the stock|stock code`), kTicker, nil},
	{regexp.MustCompile(`date of birth|birth ?date|birthday`), kDOB, nil},
	{regexp.MustCompile(`unix time(stamp)? (in )?milli|epoch milli|milliseconds since (the )?(unix )?epoch`), kEpochMilli, nil},
	{regexp.MustCompile(`unix time|epoch|seconds since`), kEpoch, nil},
	{regexp.MustCompile(`yyyy-mm-dd ?t|date-time|datetime|date and time|iso[ -]?8601 (date-?time|timestamp)|rfc ?3339|timestamp`), kDateTime, nil},
	{regexp.MustCompile(`yyyy-mm-dd|yyyy/mm/dd|mm/dd/yyyy|dd/mm/yyyy|dd-mm-yyyy|mm/yyyy|mm/yy|yyyy-mm|iso[ -]?8601 date|date in the format|\bdate\b.*format`), kDate, nil},
	{regexp.MustCompile(`\bhh:mm`), kTime, nil},
	{regexp.MustCompile(`hex(adecimal)? colou?r|#rrggbb|colou?r (code|hex)`), kHexColor, nil},
	{regexp.MustCompile(`\b(iana )?time ?zone\b|tz database`), kTimezone, nil},
	{regexp.MustCompile(`\buuid\b|\bguid\b`), kUUID, nil},
	{regexp.MustCompile(`postal code|zip ?code|postcode`), kZip, nil},
	{regexp.MustCompile(`e\.164|phone number|telephone|mobile number`), kPhone, nil},
	{regexp.MustCompile(`e-?mail address`), kEmail, nil},
	{regexp.MustCompile(`\blatitude\b`), kLatitude, nil},
	{regexp.MustCompile(`\blongitude\b`), kLongitude, nil},
	{regexp.MustCompile(`\brgb\b|red (channel|component|value)|green (channel|component|value)|blue (channel|component|value)|0-255|0 to 255|0 and 255`), kRGB, nil},
	{regexp.MustCompile(`percentage|\bpercent\b`), kPercent, nil},
	{regexp.MustCompile(`mime[ -]?type|media type|content[ -]type`), kMime, nil},
	{regexp.MustCompile(`sampling temperature|randomness`), kSampling, nil},
	{regexp.MustCompile(`\biban\b`), kIBAN, nil},
	{regexp.MustCompile(`amazon resource name|\barn\b`), kARN, nil},
	{regexp.MustCompile(`authentication token|access token|bearer token|api key|secret key`), kSecret, nil},
	{regexp.MustCompile(`pagination token|next ?token|page token|continuation token|cursor`), kPageToken, nil},
	{regexp.MustCompile(`\bsha\b|commit hash|checksum|\betag\b`), kHash, nil},
})

// lateDescRules are named formats weaker than the field's name.
var lateDescRules = withNeedles([]descRule{
	{regexp.MustCompile(`^(the )?(url|uri)\b|\b(url|uri) (of|to|for|where|that)\b|https?://`), kURL, nil},
})

// nameRule maps name words to a meaning, tried in order.
type nameRule struct {
	tokens []string
	k      kind
}

var nameRules = []nameRule{
	{[]string{"arn", "resource_arn"}, kARN},
	{[]string{"sha", "commit_sha", "hash", "etag", "checksum", "md5", "sha256", "if_none_match", "if_match"}, kHash},
	{[]string{"next_token", "page_token", "continuation_token", "next_page_token", "cursor", "marker", "next_marker"}, kPageToken},
	{[]string{"cache_control", "accept", "user_agent", "authorization", "accept_encoding"}, kHeader},
	{[]string{"fields", "field", "select", "expand", "include", "embed", "columns", "column", "attributes_to_get", "sort_fields"}, kFields},
	{[]string{"mention", "mentions"}, kMention},
	{[]string{"result", "outcome"}, kResult},
	{[]string{"scope", "scopes"}, kScope},
	{[]string{"disk_usage", "human_size", "file_size"}, kDiskSize},
	{[]string{"email", "e_mail", "mail"}, kEmail},
	{[]string{"phone", "mobile", "tel", "telephone", "msisdn", "fax"}, kPhone},
	{[]string{"uuid", "guid"}, kUUID},
	{[]string{"url", "uri", "link", "href", "website", "homepage", "webhook", "callback_url", "endpoint"}, kURL},
	{[]string{"hostname", "host"}, kHostname},
	{[]string{"domain"}, kDomain},
	{[]string{"ip", "ipv4", "ip_address"}, kIPv4},
	{[]string{"ipv6"}, kIPv6},
	{[]string{"iata", "airport", "origin_airport", "destination_airport"}, kAirport},
	{[]string{"airline", "carrier"}, kAirline},
	{[]string{"flight_number", "flight_no", "flight"}, kFlight},
	{[]string{"ticker", "symbol", "stock", "stock_symbol"}, kTicker},
	{[]string{"currency", "currency_code", "ccy"}, kCurrency},
	{[]string{"country_code", "country_iso"}, kCountry},
	{[]string{"country"}, kCountryName},
	{[]string{"locale"}, kLocale},
	{[]string{"lang", "language", "language_code", "source_language", "target_language"}, kLanguage},
	{[]string{"timezone", "tz", "time_zone"}, kTimezone},
	{[]string{"dob", "birthdate", "birth_date", "birthday", "date_of_birth"}, kDOB},
	{[]string{"zip", "zipcode", "zip_code", "postal", "postcode", "postal_code"}, kZip},
	{[]string{"geolocation", "coordinates", "latlng", "lat_lng", "geo"}, kGeo},
	{[]string{"lat", "latitude"}, kLatitude},
	{[]string{"lon", "lng", "long", "longitude"}, kLongitude},
	{[]string{"r", "g", "b", "red", "green", "blue", "alpha"}, kRGB},
	{[]string{"hex", "hex_color", "hex_colour"}, kHexColor},
	{[]string{"color", "colour"}, kColor},
	{[]string{"mime", "mime_type", "content_type", "media_type"}, kMime},
	{[]string{"iban"}, kIBAN},
	{[]string{"card_number", "credit_card", "card_no", "pan"}, kCardNumber},
	{[]string{"password", "passwd", "pwd", "passphrase"}, kPassword},
	{[]string{"token", "secret", "api_key", "apikey", "access_token", "refresh_token", "client_secret", "auth"}, kSecret},
	{[]string{"sql"}, kSQL},
	{[]string{"branch", "from_branch", "head_ref", "base_ref"}, kBranch},
	{[]string{"repo", "repository", "repo_name"}, kRepo},
	{[]string{"version", "api_version"}, kVersion},
	{[]string{"first_name", "given_name", "firstname", "forename"}, kFirstName},
	{[]string{"last_name", "surname", "family_name", "lastname"}, kLastName},
	{[]string{"full_name", "fullname", "display_name", "contact_name", "customer_name", "person_name", "author_name", "recipient_name", "sender_name", "passenger_name", "guest_name", "patient_name", "employee_name"}, kPerson},
	{[]string{"username", "user_name", "login", "handle", "screen_name", "nickname", "owner", "assignee", "author"}, kUsername},
	{[]string{"company", "company_name", "organization", "organisation", "org", "employer", "vendor", "merchant", "supplier", "brand", "publisher"}, kCompany},
	{[]string{"product", "product_name", "item_name"}, kProduct},
	{[]string{"job_title", "position", "occupation", "role_title"}, kJobTitle},
	{[]string{"city", "town", "city_name", "municipality"}, kCity},
	{[]string{"state", "province", "county"}, kState},
	{[]string{"street", "street_address", "address_line", "address_line1", "address1", "line1"}, kStreet},
	{[]string{"address", "shipping_address", "billing_address", "location", "place", "venue"}, kAddress},
	{[]string{"region"}, kRegion},
	{[]string{"filename", "file_name", "file", "attachment", "source_file", "dest_file"}, kFileName},
	{[]string{"folder", "directory", "dir", "folder_name", "dir_name"}, kFolder},
	{[]string{"path", "filepath", "file_path"}, kPath},
	{[]string{"genre"}, kGenre},
	{[]string{"cuisine"}, kCuisine},
	{[]string{"icon", "emoji"}, kIcon},
	{[]string{"layout", "view", "display_mode"}, kLayout},
	{[]string{"theme"}, kTheme},
	{[]string{"workspace", "organization_name", "tenant"}, kCompany},
	{[]string{"unit", "units"}, kUnit},
	{[]string{"status", "state_filter"}, kStatus},
	{[]string{"sort", "sort_by", "order_by", "sortby", "orderby", "sort_field"}, kSortField},
	{[]string{"direction", "sort_order", "sort_direction", "dir"}, kDirection},
	{[]string{"title", "subject", "headline", "heading", "summary", "caption"}, kTitle},
	{[]string{"description", "desc", "details", "bio", "about", "overview", "notes", "note", "reason", "instructions", "resolution", "solution"}, kDescription},
	{[]string{"message", "text", "body", "content", "comment", "reply", "tweet", "post", "prompt", "question", "answer", "review", "feedback", "value", "line", "lines", "last_lines", "matching_lines", "diff_lines", "reply_text"}, kMessage},
	{[]string{"query", "q", "search", "keyword", "keywords", "term", "terms", "search_term", "search_query", "filter", "topic", "phrase", "pattern"}, kQuery},
	{[]string{"tag", "tags", "label", "labels", "hashtag"}, kTag},
	{[]string{"category", "type", "kind", "mode", "class", "group", "segment", "channel", "method", "format", "level", "plan", "tier", "priority"}, kCategory},
	{[]string{"code", "otp", "pin", "verification_code"}, kCode},
	{[]string{"date", "day", "since", "until", "start", "end", "deadline", "due", "from_date", "to_date", "start_date", "end_date", "check_in", "check_out", "departure_date", "return_date", "travel_date"}, kDate},
	{[]string{"time", "timestamp", "datetime", "created_at", "updated_at", "modified", "created", "updated", "at", "expires", "expiry"}, kDateTime},
	{[]string{"duration", "interval", "period"}, kDuration},
}

// Numeric meanings by name: tried for numbers, and for strings whose
// description or name says they hold one.
var numberRules = []nameRule{
	{[]string{"lat", "latitude"}, kLatitude},
	{[]string{"lon", "lng", "long", "longitude"}, kLongitude},
	{[]string{"r", "g", "b", "red", "green", "blue"}, kRGB},
	{[]string{"page_size", "per_page", "pagesize", "limit", "max_results", "max", "top", "count", "num", "num_results", "maxresults", "results", "first", "last", "take", "rows", "batch_size", "size_limit", "head", "tail", "lines", "num_lines", "n_lines", "line_count"}, kCount},
	{[]string{"page", "page_number", "pageno", "page_no"}, kPage},
	{[]string{"offset", "skip", "start_index", "cursor"}, kOffset},
	{[]string{"year", "yr", "season"}, kYear},
	{[]string{"month"}, kMonth},
	{[]string{"day", "dom"}, kDay},
	{[]string{"hour", "hours"}, kHour},
	{[]string{"minute", "minutes", "min"}, kMinute},
	{[]string{"age"}, kAge},
	{[]string{"price", "amount", "cost", "total", "balance", "budget", "salary", "fee", "fare", "subtotal", "tax", "discount", "payment", "revenue", "income", "spend", "value", "deposit", "withdrawal", "refund", "credit", "debit", "ma"}, kAmount},
	{[]string{"quantity", "qty", "guests", "adults", "children", "seats", "rooms", "nights", "passengers", "people", "tickets", "units", "items", "copies"}, kQuantity},
	{[]string{"rating", "stars", "score", "rank", "priority", "severity"}, kRating},
	{[]string{"pressure", "tire_pressure"}, kPressure},
	{[]string{"voltage", "battery_voltage"}, kVoltage},
	{[]string{"angle", "heading", "bearing", "slope_angle"}, kAngle},
	{[]string{"percent", "pct", "percentage", "percent_change", "change_percent", "rate", "ratio", "share", "progress", "humidity", "discount_rate"}, kPercent},
	{[]string{"temperature", "temp"}, kTemp},
	{[]string{"timeout", "duration", "seconds", "secs", "ttl", "interval", "delay", "wait"}, kSeconds},
	{[]string{"ms", "millis", "milliseconds"}, kMillis},
	{[]string{"timestamp", "epoch", "created", "updated", "since", "until", "time", "created_at", "updated_at"}, kEpoch},
	{[]string{"speed", "velocity", "current_speed"}, kSpeed},
	{[]string{"distance", "radius", "range", "mileage", "miles", "km", "meters"}, kDistance},
	{[]string{"volume", "shares", "views", "followers", "likes", "downloads", "population", "impressions"}, kVolume},
	{[]string{"weight", "mass", "kg", "lbs"}, kWeight},
	{[]string{"size", "bytes", "length", "width", "height", "depth"}, kSize},
	// "pull_number", "issue_no", "line_index": an ordinal, a whole number
	// whatever the schema's type says.
	{[]string{"id", "num_id", "number", "no", "index", "idx", "seq", "sequence", "ordinal", "milestone"}, kNumID},
}

// personNouns are entities that are people: their "name" is a person's name.
var personNouns = map[string]bool{
	"user": true, "customer": true, "contact": true, "person": true, "employee": true, "author": true,
	"member": true, "patient": true, "student": true, "owner": true, "recipient": true, "sender": true,
	"passenger": true, "guest": true, "client": true, "driver": true, "agent": true, "assignee": true,
	"reporter": true, "participant": true, "attendee": true, "teacher": true, "doctor": true,
	"candidate": true, "applicant": true, "manager": true, "friend": true, "follower": true,
	"buyer": true, "seller": true, "traveler": true, "traveller": true, "player": true, "artist": true,
	"speaker": true, "host": true, "lead": true, "account_holder": true, "beneficiary": true, "payee": true,
	"creator": true, "subscriber": true, "admin": true, "people": true, "individual": true, "cardholder": true, "holder": true,
}

var companyNouns = map[string]bool{"company": true, "organization": true, "organisation": true, "org": true, "vendor": true, "merchant": true, "supplier": true, "brand": true, "business": true, "employer": true, "bank": true, "team": true, "partner": true}

var (
	nounOfRe = regexp.MustCompile(`\b(?:name|id|identifier|title|code|number|key|slug|handle|username) of (?:the |a |an |this |that |your )?([a-z][a-z]+)(?: ([a-z][a-z]+))?`)
	// verbs and fillers that end a noun phrase taken from a description.
	stopNouns = map[string]bool{"to": true, "for": true, "that": true, "which": true, "from": true, "in": true, "on": true, "be": true, "is": true, "you": true, "we": true, "with": true, "and": true, "or": true, "of": true, "the": true, "a": true, "an": true, "this": true, "it": true, "will": true, "being": true, "should": true, "where": true}
)

// classify reads what a string or number field means.
func classify(name string, s map[string]any, parent string, numeric bool, subj string) field {
	// "address1", "ImageURL48": the digits number fields, they add no
	// meaning; "ipv4", "sha256" keep theirs.
	f := field{name: name, norm: normalise(name), parent: parent}
	if t := strings.TrimRight(f.norm, "0123456789_"); t != "" && t != f.norm && !digitWord.MatchString(f.norm) {
		f.norm = t
	}
	desc, _ := s["description"].(string)
	title, _ := s["title"].(string)
	f.raw = strings.TrimSpace(desc + " " + title)
	f.text = strings.ToLower(f.raw)
	f.noun = entityNoun(f.norm, f.text, parent)
	if k := graphKind(f, subj); k != "" {
		f.kind = k
		return f
	}
	f.settable = strings.Contains(subj, "climate") || strings.Contains(subj, "thermostat") || strings.Contains(f.text, "to set") ||
		hasAny(f.norm, "target", "desired", "set", "setpoint")
	if fm, _ := s["format"].(string); fm != "" {
		if k := formatKind(fm); k != "" {
			f.kind = k
			return f
		}
	}
	if p, _ := s["pattern"].(string); p != "" {
		switch {
		case strings.Contains(p, "{8}-") && strings.Contains(p, "{12}"):
			f.kind = kUUID
			return f
		case strings.HasPrefix(p, "^arn:") || strings.HasPrefix(p, "arn:"):
			f.kind = kARN
			return f
		}
	}
	// The description's first sentence names the field's own format; later
	// sentences often talk about other things ("... sent by email").
	head := f.text
	if i := strings.Index(head, ". "); i > 0 && i < 200 {
		head = head[:i]
	}
	for _, r := range descRules {
		if r.match(head) {
			if (r.k == kPercent || r.k == kRGB || r.k == kLatitude || r.k == kLongitude || r.k == kSampling || r.k == kEpoch || r.k == kEpochMilli) && !numeric && !isNumericName(f.norm) {
				continue
			}
			f.kind = r.k
			return f
		}
	}
	if numeric || isNumericName(f.norm) {
		for _, r := range numberRules {
			if hasAny(f.norm, r.tokens...) {
				f.kind = r.k
				if f.kind == kTemp && strings.Contains(f.text, "sampl") {
					f.kind = kSampling
				}
				if f.kind == kPercent && (strings.Contains(f.text, "between 0 and 1") || strings.Contains(f.text, "0 to 1") || strings.Contains(f.text, "fraction")) {
					f.kind = kFraction
				}
				return f
			}
		}
		if numeric {
			if strings.HasSuffix(f.norm, "id") || f.norm == "id" || strings.HasSuffix(f.norm, "_ids") {
				f.kind = kNumID
			}
			return f
		}
	}
	// A file search's pattern is a glob ("*.csv"), not a search phrase.
	if (hasAny(f.norm, "pattern", "patterns", "glob", "exclude_pattern", "exclude_patterns") || strings.Contains(f.text, "glob")) &&
		!strings.Contains(f.text, "regex") && !strings.Contains(subj, "grep") && !strings.Contains(subj, "line") &&
		(strings.Contains(subj, "file") || strings.Contains(subj, "director")) {
		f.kind = kGlob
		return f
	}
	if strings.HasSuffix(f.norm, "_id") || strings.HasSuffix(f.norm, "_ids") || f.norm == "id" || f.norm == "ids" || hasAny(f.norm, "gid", "uid", "sgid", "pk") ||
		hasAny(f.norm, "identifier", "key", "ref", "reference", "number", "no", "slug", "sku", "isbn") && !hasAny(f.norm, "api_key", "secret", "private", "access", "auth", "read_only_key", "secret_key", "apikey") {
		f.kind = kID
		switch {
		case hasAny(f.norm, "phone"):
			f.kind = kPhone
		case hasAny(f.norm, "card_number", "card_no", "credit_card_number"):
			f.kind = kCardNumber
		}
		return f
	}
	// Where the travel is from or to: an airport when the tool speaks of
	// airports, else a city.
	onDisk := strings.Contains(f.text+" "+subj, "file") || strings.Contains(f.text+" "+subj, "director") || strings.Contains(f.text+" "+subj, "folder")
	if (hasAny(f.norm, "from", "to", "origin", "destination", "departure", "arrival", "source_city", "dest") || onDisk && hasAny(f.norm, "source", "src", "target")) &&
		!hasAny(f.norm, "date", "time", "language", "lang", "currency", "unit", "id", "email", "address", "number", "phone") {
		switch {
		case strings.Contains(f.text, "airport") || strings.Contains(f.text, "iata") || strings.Contains(subj, "iata") || strings.Contains(subj, "airport"):
			f.kind = kAirport
		case onDisk && hasAny(f.norm, "source", "destination", "src", "dest", "target") && !strings.Contains(f.text, "name"):
			f.kind = kPath // mv's source and destination are paths
		case onDisk:
			f.kind = kFolder // copying from or to a place on disk
			if strings.Contains(f.text, "file") && hasAny(f.norm, "source", "from", "src") {
				f.kind = kFileName
			}
		default:
			f.kind = kCity
		}
		if strings.Contains(f.text, "recipient") || strings.Contains(f.text, "email") {
			f.kind = kEmail
		}
		return f
	}
	if f.norm == "order" && strings.Contains(f.text+" asc", "asc") && !strings.Contains(f.text, "buy") {
		f.kind = kDirection // "order": asc or desc
		return f
	}
	if boolWords[f.norm] || strings.HasPrefix(f.norm, "is_") || strings.HasPrefix(f.norm, "has_") || strings.HasPrefix(f.norm, "enable") || strings.HasPrefix(f.norm, "include_") || strings.HasPrefix(f.norm, "show_") {
		f.kind = kBoolString
		return f
	}
	if f.norm == "token_type" {
		f.kind = kTokenType // OAuth's token type: "Bearer"
		return f
	}
	if strings.HasSuffix(f.norm, "_by") || f.norm == "by" {
		f.kind = kUsername
		return f
	}
	// People a social or messaging field refers to, by their handle
	// ("users", "sender"); only as the name's last word ("user_type" is not).
	for _, t := range []string{"user", "users", "following", "follower", "followers", "receiver", "sender", "recipient", "member", "members"} {
		if f.norm == t || strings.HasSuffix(f.norm, "_"+t) {
			f.kind = kUsername
			return f
		}
	}
	nameField := strings.HasSuffix(f.norm, "_name") && !exactRule(f.norm)
	for _, r := range nameRules {
		if r.k == kMessage && !slices.Contains(r.tokens, f.norm[strings.LastIndexByte(f.norm, '_')+1:]) {
			continue // "body_part", "text_color": a message word that is not the thing named
		}
		if !nameField && hasAny(f.norm, r.tokens...) {
			f.kind = r.k
			switch {
			case f.kind == kState && (strings.Contains(f.text, "status") || strings.Contains(f.text, "state of the")):
				f.kind = kStatus
			case f.kind == kRegion && !cloudRe.MatchString(f.text):
				f.kind = kState
			case f.kind == kDate && strings.Contains(f.text, "time") && !strings.Contains(f.text, "date"):
				f.kind = kDateTime
			}
			return f
		}
	}
	if nameField || hasAny(f.norm, "name") {
		if nameField {
			f.noun = strings.TrimSuffix(f.norm, "_name")
		}
		switch {
		case hasAny(f.noun, "first", "given"): // "user_first_name"
			f.kind = kFirstName
		case hasAny(f.noun, "last", "family"):
			f.kind = kLastName
		case personNouns[f.noun]:
			f.kind = kPerson
		case companyNouns[f.noun]:
			f.kind = kCompany
		case f.noun == "city" || f.noun == "town":
			f.kind = kCity
		case f.noun == "country":
			f.kind = kCountryName
		case f.noun == "file" || f.noun == "document" || f.noun == "attachment":
			f.kind = kFileName
		case f.noun == "folder" || f.noun == "directory":
			f.kind = kFolder
		case f.noun == "product" || f.noun == "item":
			f.kind = kProduct
		case f.noun == "repository" || f.noun == "repo":
			f.kind = kRepo
		case f.noun == "branch":
			f.kind = kBranch
		default:
			f.kind = kThingName
		}
		return f
	}
	// What the description says the field names: "the name of the file or
	// directory to copy" is a file name whatever the field is called.
	switch {
	case f.noun == "file" || f.noun == "document":
		f.kind = kFileName
		return f
	case f.noun == "directory" || f.noun == "folder":
		f.kind = kFolder
		return f
	case strings.Contains(f.text, "user name") || strings.Contains(f.text, "username"):
		f.kind = kUsername
		return f
	case personNouns[f.noun] && strings.Contains(f.text, "name"):
		f.kind = kPerson
		return f
	case f.noun == "city" || f.noun == "town":
		f.kind = kCity
		return f
	case companyNouns[f.noun] && strings.Contains(f.text, "name"):
		f.kind = kCompany
		return f
	}
	for _, r := range lateDescRules {
		if r.match(head) {
			f.kind = r.k
			return f
		}
	}
	if idWord.MatchString(head) && !strings.Contains(head, "name") {
		f.kind = kID
	}
	return f
}

var digitWord = regexp.MustCompile(`(?:^|_)(?:ipv[46]|md5|sha\d+|base64|utf8|s3|ec2|e164|oauth2|h26[45]|mp[34]|x509|iso\d+|v\d+)$`)

// boolWords are flags some APIs pass as strings ("archived": "true").
var boolWords = map[string]bool{"archived": true, "deleted": true, "completed": true, "enabled": true, "active": true, "verified": true,
	"visible": true, "public": true, "private": true, "pinned": true, "starred": true, "approved": true, "published": true, "draft": true, "muted": true}

var idWord = regexp.MustCompile(`\bids?\b|identifier`)

// exactRule reports whether a name is spelled out by a rule ("first_name").
func exactRule(n string) bool {
	for _, r := range nameRules {
		for _, t := range r.tokens {
			if t == n {
				return true
			}
		}
	}
	return false
}

// isNumericName reports whether the name alone says a number is held
// (a "limit" typed as a string still holds a count).
func isNumericName(n string) bool {
	return hasAny(n, "limit", "page_size", "per_page", "page", "offset", "count", "default_size", "default_page", "batch_size", "pagesize", "rate", "percentage_rate", "quantity", "qty", "price", "amount",
		"year", "month", "lat", "latitude", "lon", "lng", "longitude", "age", "percent", "percentage", "max_results")
}

func formatKind(fm string) kind {
	switch strings.ToLower(fm) {
	case "date":
		return kDate
	case "date-time", "datetime":
		return kDateTime
	case "time":
		return kTime
	case "email", "idn-email":
		return kEmail
	case "uri", "url", "iri", "uri-reference", "iri-reference":
		return kURL
	case "uuid":
		return kUUID
	case "ipv4":
		return kIPv4
	case "ipv6":
		return kIPv6
	case "hostname", "idn-hostname":
		return kHostname
	case "duration":
		return kDuration
	case "password":
		return kPassword
	case "phone", "tel":
		return kPhone
	}
	return ""
}

// entityNoun is the thing a field names or identifies: "order" for
// order_id, "city" for "The name of the city", else the enclosing
// object's entity.
func entityNoun(norm, text, parent string) string {
	parts := strings.Split(norm, "_")
	if len(parts) > 1 {
		last := parts[len(parts)-1]
		if last == "id" || last == "ids" || last == "name" || last == "key" || last == "number" || last == "code" || last == "no" || last == "ref" || last == "slug" {
			return singular(parts[len(parts)-2])
		}
	}
	if m := nounOfRe.FindStringSubmatch(text); m != nil && !stopNouns[m[1]] {
		n := m[1]
		if m[2] != "" && !stopNouns[m[2]] && (m[1] == "credit" || m[1] == "stock" || m[1] == "user" || m[1] == "bank") {
			n = m[1] + "_" + m[2]
		}
		return singular(n)
	}
	if parent != "" {
		return parent
	}
	return ""
}

// graphKind reads the fields of a knowledge graph's entities, relations and
// observations: an entity's name is a person, an organisation or a project,
// its type a category, a relation an active-voice verb, an observation a
// fact about it. "" for fields of anything else.
func graphKind(f field, subj string) kind {
	if !strings.Contains(subj, "knowledge graph") && !strings.Contains(subj, "knowledge base") {
		return ""
	}
	switch f.norm {
	case "name", "names", "entity_name", "entity_names", "from", "to", "source", "target", "entity":
		return kKGName
	case "entity_type", "type":
		return kKGType
	case "relation_type":
		return kKGRelation
	case "observation", "observations", "content", "contents", "added_observation", "added_observations":
		return kKGFact
	}
	return ""
}
