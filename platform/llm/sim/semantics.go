package sim

import (
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
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
	kBase64      kind = "base64"       // bytes written in base64 (OpenAPI's "byte" and "binary")
	kPointer     kind = "json_pointer" // RFC 6901: a field inside a resource ("/description")
	kAPIPath     kind = "api_path"     // a path of an HTTP API's resources ("/orders/{orderId}")
	kPEM         kind = "pem"          // a certificate or a signing request as PEM text

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
	kSubSecond  kind = "sub_second" // the part of a second a time or an amount adds: nanos, micros
	kSpeed      kind = "speed"
	kDistance   kind = "distance"
	kVolume     kind = "volume"
	kNumID      kind = "numeric_id"
	kCVV        kind = "cvv"   // a card's three-digit security code
	kTally      kind = "tally" // how many things there are: a whole number
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
	kKGQuery    kind = "graph_query"
)

// numericKinds are meanings whose value is a number even when the schema
// types the field as a string ("limit": {"type": "string"}).
var numericKinds = map[kind]bool{
	kAmount: true, kCount: true, kPage: true, kOffset: true, kQuantity: true, kYear: true, kMonth: true,
	kDay: true, kHour: true, kMinute: true, kAge: true, kLatitude: true, kLongitude: true, kPercent: true,
	kFraction: true, kRating: true, kRGB: true, kTemp: true, kSampling: true, kSeconds: true, kMillis: true,
	kEpoch: true, kEpochMilli: true, kSpeed: true, kDistance: true, kVolume: true, kWeight: true, kSize: true,
	kPressure: true, kVoltage: true, kAngle: true, kCVV: true, kTally: true, kSubSecond: true,
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
	{regexp.MustCompile(`json[ -]?pointer`), kPointer, nil},
	{regexp.MustCompile(`^(?:the )?base path (?:name )?that callers of the api\b`), kAPIPath, nil},
	{regexp.MustCompile(`^(?:the )?(?:url|uri|request|http|endpoint) path\b`), kAPIPath, nil}, // API Gateway's "The URL path of the target."
	{regexp.MustCompile(`^(?:the )?path of (?:the )?api\b|^(?:the )?(?:api )?resource(?:'s)? path\b|^(?:the )?path of (?:the |an? )?(?:api )?resources?\b`), kAPIPath, nil},
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
	{regexp.MustCompile(`^(?:the |a )?name of (?:a|an|the) (?:field|column|property|attribute)\b|^(?:the |a )?(?:field|column|property|attribute) names?\b`), kFields, nil},
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
	{[]string{"cache_control", "accept", "user_agent", "authorization", "accept_encoding", "cookie", "cookies", "headers", "http_headers", "request_headers", "post_data", "form_data"}, kHeader},
	{[]string{"referer", "referrer"}, kURL},
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
	{[]string{"zip", "zipcode", "zip_code", "postal", "postcode", "postal_code", "post_code"}, kZip},
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
	{[]string{"token", "secret", "api_key", "apikey", "access_token", "refresh_token", "client_secret", "auth", "jwt", "id_token"}, kSecret},
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
	{[]string{"city", "town", "city_name", "municipality", "suburb", "locality", "hometown", "birthplace", "birth_place"}, kCity},
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
	{[]string{"date", "day", "since", "until", "start", "begin", "end", "deadline", "due", "from_date", "to_date", "start_date", "end_date", "check_in", "check_out", "departure_date", "return_date", "travel_date"}, kDate},
	{[]string{"time", "timestamp", "datetime", "created_at", "updated_at", "modified", "created", "updated", "at", "expires", "expiry", "expiration", "expiration_time", "expires_at"}, kDateTime},
	{[]string{"duration", "interval", "period"}, kDuration},
}

// Numeric meanings by name: tried for numbers, and for strings whose
// description or name says they hold one.
var numberRules = []nameRule{
	{[]string{"lat", "latitude"}, kLatitude},
	{[]string{"lon", "lng", "long", "longitude"}, kLongitude},
	{[]string{"r", "g", "b", "red", "green", "blue"}, kRGB},
	{[]string{"zip", "zipcode", "zip_code", "postal_code", "postcode"}, kZip}, // a US ZIP code typed as an integer
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
	{[]string{"nanos", "nanoseconds", "micros", "microseconds"}, kSubSecond},
	{[]string{"lifetime", "ttl", "max_age", "expires_in"}, kSeconds},
	{[]string{"timestamp", "epoch", "created", "updated", "since", "until", "time", "created_at", "updated_at"}, kEpoch},
	{[]string{"speed", "velocity", "current_speed"}, kSpeed},
	{[]string{"distance", "radius", "range", "mileage", "miles", "km", "meters"}, kDistance},
	{[]string{"volume", "shares", "views", "followers", "likes", "downloads", "population", "impressions"}, kVolume},
	{[]string{"weight", "mass", "kg", "lbs"}, kWeight},
	{[]string{"size", "bytes", "length", "width", "height", "depth"}, kSize},
	// "pull_number", "issue_no", "line_index": an ordinal, a whole number
	// whatever the schema's type says.
	{[]string{"cvv", "cvc", "cvv2", "cvc2", "card_verification_number", "card_verification_value", "card_verification_code", "security_code"}, kCVV},
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
	"reviewer": true, "approver": true, "committer": true, "treasurer": true, "officer": true, "director": true, "secretary": true,
	"coach": true, "instructor": true, "volunteer": true, "editor": true, "moderator": true, "signer": true, "signatory": true,
	"poster": true, "uploader": true, "commenter": true, "submitter": true, "requester": true, "requestor": true,
}

var companyNouns = map[string]bool{"company": true, "organization": true, "organisation": true, "org": true, "vendor": true, "merchant": true, "supplier": true, "brand": true, "business": true, "employer": true, "bank": true, "team": true, "partner": true,
	"dealer": true, "provider": true, "operator": true, "retailer": true, "reseller": true, "distributor": true, "manufacturer": true, "agency": true, "lender": true, "insurer": true}

var (
	nounOfRe = regexp.MustCompile(`\b(?:name|id|identifier|title|code|number|key|slug|handle|username) of (?:the |a |an |this |that |your )?([a-z][a-z]+)(?: ([a-z][a-z]+))?`)
	// verbs and fillers that end a noun phrase taken from a description.
	stopNouns = map[string]bool{"to": true, "for": true, "that": true, "which": true, "from": true, "in": true, "on": true, "be": true, "is": true, "you": true, "we": true, "with": true, "and": true, "or": true, "of": true, "the": true, "a": true, "an": true, "this": true, "it": true, "will": true, "being": true, "should": true, "where": true}
)

// classify reads what a string or number field means. The reading runs in
// a fixed order and the first rule that names a meaning wins: the schema's
// own format, a named format in the description's first sentence, numeric
// meanings, then the name's words from the most telling (an id, the end of
// a trip) to the least (the name of something, the noun the description
// speaks of). The kind picks the generator, and the generators draw from
// the plan's seeded source, so a change of order here changes every
// dataset made from the same seed (docs/design.md, "Models").
func classify(name string, s map[string]any, parent string, numeric bool, subj string) field {
	f := newField(name, s, parent)
	// A knowledge graph's fields mean what the graph means by them,
	// whatever their names say elsewhere.
	if k := graphKind(f, subj); k != "" {
		f.kind = k
		return f
	}
	f.settable = isSettable(f, subj)
	c := clues{schema: s, subj: subj, numeric: numeric, head: firstSentence(f.text)}
	for _, rule := range kindRules {
		if k, ok := rule(&f, c); ok {
			f.kind = k
			return f
		}
	}
	return f
}

// newField is what the name, description and title of a field say before
// any rule reads them.
func newField(name string, s map[string]any, parent string) field {
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
	return f
}

// isSettable reports whether the field is a value one sets (a thermostat's
// target) rather than one observed: it decides the range of a temperature.
func isSettable(f field, subj string) bool {
	return strings.Contains(subj, "climate") || strings.Contains(subj, "thermostat") || strings.Contains(f.text, "to set") ||
		hasAny(f.norm, "target", "desired", "set", "setpoint")
}

// firstSentence is the description's first sentence: it names the field's
// own format, while later sentences often talk about other things ("...
// sent by email").
func firstSentence(text string) string {
	if i := strings.Index(text, ". "); i > 0 && i < 200 {
		return text[:i]
	}
	return text
}

// clues are what a kind rule reads beside the field itself.
type clues struct {
	schema  map[string]any
	subj    string // the tool's name and description, lower case
	head    string // the description's first sentence
	numeric bool   // the schema types the field as a number
}

// kindRule names the field's meaning, or reports false to leave it to the
// rules after it. A rule may refine the field's noun on the way.
type kindRule func(f *field, c clues) (kind, bool)

// kindRules are classify's rules in the order they are tried.
var kindRules = []kindRule{
	schemaKind,
	pemKind,
	describedFormatKind,
	numberKind,
	doneOnKind,
	sizedImageKind,
	globKind,
	identifierKind,
	tripEndKind,
	flagKind,
	handleKind,
	addressLineKind,
	nameWordKind,
	namedThingKind,
	describedNounKind,
	lateDescribedKind,
}

// doneOnKind reads a string named for the day something was done
// ("joined_on", "posted_on", "created_on"): a date. "based_on" and
// "depends_on" name a thing.
func doneOnKind(f *field, c clues) (kind, bool) {
	words := strings.Split(f.norm, "_")
	if c.numeric || len(words) < 2 || words[len(words)-1] != "on" {
		return "", false
	}
	done := words[len(words)-2]
	if !strings.HasSuffix(done, "ed") || len(done) < 5 {
		return "", false
	}
	switch done {
	case "based", "focused", "centered", "centred", "keyed", "modeled", "modelled", "installed", "enabled", "turned", "switched", "logged", "signed":
		return "", false // what a thing is based on, or a state that is on
	}
	return kDate, true
}

// schemaKind reads the schema's format, and the patterns that spell out a
// UUID or an ARN.
func schemaKind(f *field, c clues) (kind, bool) {
	if fm, _ := c.schema["format"].(string); fm != "" {
		// "password" marks a value as sensitive (AWS's phone numbers):
		// the name says what it is, where it names something else.
		if k := formatKind(fm); k != "" && (k != kPassword || !otherThanPassword(f.norm)) {
			return k, true
		}
	}
	p, _ := c.schema["pattern"].(string)
	switch {
	case p == "":
		return "", false
	case strings.Contains(p, "{8}-") && strings.Contains(p, "{12}"):
		return kUUID, true
	case strings.HasPrefix(p, "^arn:") || strings.HasPrefix(p, "arn:"):
		return kARN, true
	}
	return "", false
}

// otherThanPassword reports whether a name says it holds something other
// than a password: a phone number, a name, a code, a token.
func otherThanPassword(norm string) bool {
	if hasAny(norm, "password", "passwd", "pwd", "passphrase", "secret") {
		return false
	}
	g := field{norm: norm}
	for _, r := range nameRules {
		if r.k != kPassword && hasAny(g.norm, r.tokens...) {
			return true
		}
	}
	return namesIdentifier(norm)
}

// numberOnlyFormats are described formats that hold a number: a string
// field whose name says no number is not one of them ("color": "the RGB
// value" is a colour name).
var numberOnlyFormats = map[kind]bool{kPercent: true, kRGB: true, kLatitude: true, kLongitude: true, kSampling: true, kEpoch: true, kEpochMilli: true}

// describedFormatKind reads a named format the description's first
// sentence states ("ISO 4217 currency code", "YYYY-MM-DD").
func describedFormatKind(f *field, c clues) (kind, bool) {
	for _, r := range descRules {
		if !r.match(c.head) {
			continue
		}
		if numberOnlyFormats[r.k] && !c.numeric && !isNumericName(f.norm) {
			continue
		}
		if c.numeric && (r.k == kDateTime || r.k == kDate) {
			// A number that is a "UTC timestamp" counts from the epoch.
			if strings.Contains(c.head, "milli") || hasAny(f.norm, "ms", "millis") {
				return kEpochMilli, true
			}
			return kEpoch, true
		}
		return r.k, true
	}
	return "", false
}

// numberKind reads the meaning of a number, or of a string whose name says
// it holds one. A number no rule names stays a plain number (or a numeric
// id); a string falls through to the rules for text.
func numberKind(f *field, c clues) (kind, bool) {
	if !c.numeric && !isNumericName(f.norm) {
		return "", false
	}
	if c.numeric && referenceNumber(f.norm) {
		return kNumID, true // "UpdatedByUserIDFK", "TimeSheetCategoryIDFK": an id, whatever words come before it
	}
	if c.numeric && spanOfTime(f.norm) {
		return kSeconds, true // "response_time": how long, not when
	}
	if c.numeric && pointInTime(f.norm) {
		if hasAny(f.norm, "ms", "millis") || strings.Contains(f.text, "milli") {
			return kEpochMilli, true
		}
		return kEpoch, true // "due_at", "createDate", "lastContentCreationTime": when, not how many
	}
	if last := f.norm[strings.LastIndexByte(f.norm, '_')+1:]; last != f.norm && hasAny(last, "percent", "pct", "percentage") {
		return refineNumber(kPercent, f.text), true // "discount_percent" is a percentage, not an amount
	}
	for _, r := range numberRules {
		if hasAny(f.norm, r.tokens...) {
			k := refineNumber(r.k, f.text)
			if c.numeric && countsThings(*f, c.head, k) {
				return kTally, true // "total": "total number of results"
			}
			return k, true
		}
	}
	if !c.numeric {
		return "", false
	}
	if countsThings(*f, c.head, "") {
		return kTally, true // "drafts", "num_sites", "counts.pending"
	}
	if strings.HasSuffix(f.norm, "id") || f.norm == "id" || strings.HasSuffix(f.norm, "_ids") {
		return kNumID, true
	}
	return kText, true
}

// pointInTime reports whether a number's name ends in a word for when
// something happened: "_at", "date", "timestamp", or "time" after what
// happened ("creation_time", "last_login_time"; not "response_time").
func pointInTime(norm string) bool {
	words := strings.Split(norm, "_")
	if len(words) < 2 {
		return false
	}
	switch words[len(words)-1] {
	case "at", "date", "timestamp":
		return true
	case "time":
		for _, w := range words[:len(words)-1] {
			switch w {
			case "creation", "created", "modified", "modification", "updated", "update", "login", "logout", "publish", "published",
				"expiry", "expiration", "received", "sent", "start", "end", "last", "event", "arrival", "departure":
				return true
			}
		}
	}
	return false
}

// spanOfTime reports whether a number named "time" says how long
// something took ("response_time", "processing_time").
func spanOfTime(norm string) bool {
	words := strings.Split(norm, "_")
	if len(words) < 2 || words[len(words)-1] != "time" {
		return false
	}
	switch words[len(words)-2] {
	case "response", "wait", "waiting", "run", "running", "cpu", "load", "loading", "travel", "processing", "execution", "elapsed", "build", "trip", "render", "query":
		return true
	}
	return false
}

// referenceNumber reports whether a number's name ends in an identifier's
// suffix: an id, a foreign key.
func referenceNumber(norm string) bool {
	last := norm[strings.LastIndexByte(norm, '_')+1:]
	switch last {
	case "id", "ids", "idfk", "fk", "pk":
		return true
	}
	return false
}

// refineNumber tells a model's sampling temperature from the weather's,
// and a fraction from a percentage, by what the description says.
func refineNumber(k kind, text string) kind {
	switch {
	case k == kTemp && strings.Contains(text, "sampl"):
		return kSampling
	case k == kPercent && (strings.Contains(text, "between 0 and 1") || strings.Contains(text, "0 to 1") || strings.Contains(text, "fraction")):
		return kFraction
	}
	return k
}

// pixelSize is a name that is an image's size: "px128x128", "64x64",
// "512px".
var pixelSize = regexp.MustCompile(`^(?:px_?)?\d{2,4}x\d{2,4}(?:px)?$|^px_?\d{2,4}$|^\d{2,4}_?px$`)

// sizedImageKind reads a text field named by a pixel size ({"px64x64":
// …, "px128x128": …}): the address of the image at that size.
func sizedImageKind(f *field, c clues) (kind, bool) {
	if !c.numeric && pixelSize.MatchString(strings.ToLower(f.name)) {
		return kURL, true
	}
	return "", false
}

// globKind reads a file search's pattern: a glob ("*.csv"), not a search
// phrase.
func globKind(f *field, c clues) (kind, bool) {
	globby := hasAny(f.norm, "pattern", "patterns", "glob", "exclude_pattern", "exclude_patterns") || strings.Contains(f.text, "glob")
	if globby && !strings.Contains(f.text, "regex") && !strings.Contains(c.subj, "grep") && !strings.Contains(c.subj, "line") &&
		(strings.Contains(c.subj, "file") || strings.Contains(c.subj, "director")) {
		return kGlob, true
	}
	return "", false
}

// identifierKind reads an id, a key or a number that identifies something;
// a phone or card "number" is the number itself.
func identifierKind(f *field, _ clues) (kind, bool) {
	if !namesIdentifier(f.norm) {
		return "", false
	}
	switch {
	case hasAny(f.norm, "phone"):
		return kPhone, true
	case hasAny(f.norm, "card_number", "card_no", "credit_card_number"):
		return kCardNumber, true
	}
	return kID, true
}

// namesIdentifier reports whether a normalised name is an identifier's
// ("order_id", "sku", "reference"), not a secret's key.
func namesIdentifier(n string) bool {
	if strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "_ids") || n == "id" || n == "ids" || hasAny(n, "gid", "uid", "sgid", "pk") {
		return true
	}
	// "no" is a number only at the end ("invoice_no"); before other words it
	// is "without" ("description_no_html").
	noNumber := n == "no" || strings.HasSuffix(n, "_no")
	return (hasAny(n, "identifier", "key", "ref", "reference", "number", "slug", "sku", "isbn") || noNumber) &&
		!hasAny(n, "api_key", "secret", "private", "access", "auth", "read_only_key", "secret_key", "apikey")
}

// tripEndKind reads where a trip or a copy is from or to: an airport when
// the tool speaks of airports, a path or a folder on disk, else a city; a
// message's "to" is its recipient's email.
func tripEndKind(f *field, c clues) (kind, bool) {
	around := f.text + " " + c.subj
	onDisk := strings.Contains(around, "file") || strings.Contains(around, "director") || strings.Contains(around, "folder")
	end := hasAny(f.norm, "from", "to", "origin", "destination", "departure", "arrival", "source_city", "dest") ||
		onDisk && hasAny(f.norm, "source", "src", "target")
	if !end || hasAny(f.norm, "date", "time", "language", "lang", "currency", "unit", "id", "email", "address", "number", "phone", "valid", "effective", "available") ||
		hasAny(f.norm, "name", "firstname", "lastname", "first_name", "last_name", "user", "username", "idfk", "fk", "assigned", "assignee") {
		// "AssignedToFirstname": who a task is assigned to, not where a trip ends.
		return "", false
	}
	if strings.Contains(f.text, "recipient") || strings.Contains(f.text, "email") {
		return kEmail, true
	}
	return tripEnd(f, c.subj, onDisk), true
}

// tripEnd is the kind of place a trip or a copy starts or ends at.
func tripEnd(f *field, subj string, onDisk bool) kind {
	switch {
	case strings.Contains(f.text, "airport") || strings.Contains(f.text, "iata") || strings.Contains(subj, "iata") || strings.Contains(subj, "airport"):
		return kAirport
	case onDisk && hasAny(f.norm, "source", "destination", "src", "dest", "target") && !strings.Contains(f.text, "name"):
		return kPath // mv's source and destination are paths
	case onDisk && strings.Contains(f.text, "file") && hasAny(f.norm, "source", "from", "src"):
		return kFileName
	case onDisk:
		return kFolder // copying from or to a place on disk
	}
	return kCity
}

// flagKind reads fields that take one of a few fixed words: a sort order
// ("order": asc or desc), a flag passed as a string ("archived": "true"),
// OAuth's token type ("Bearer").
func flagKind(f *field, _ clues) (kind, bool) {
	switch {
	case f.norm == "order" && strings.Contains(f.text+" asc", "asc") && !strings.Contains(f.text, "buy"):
		return kDirection, true
	case boolWords[f.norm] || strings.HasPrefix(f.norm, "is_") || strings.HasPrefix(f.norm, "has_") || strings.HasPrefix(f.norm, "enable") ||
		strings.HasPrefix(f.norm, "include_") || strings.HasPrefix(f.norm, "show_"):
		return kBoolString, true
	case f.norm == "token_type":
		return kTokenType, true
	}
	return "", false
}

// handleWords are the last words of fields that refer to people on a
// social or messaging service ("users", "sender").
var handleWords = []string{"user", "users", "following", "follower", "followers", "receiver", "sender", "recipient", "member", "members",
	"participant", "participants", "attendee", "attendees", "invitee", "invitees", "watcher", "watchers", "subscriber", "subscribers"}

// handleKind reads people a field refers to by their handle: who did
// something ("created_by"), or a social field's people, only as the name's
// last word ("user_type" is not one).
func handleKind(f *field, _ clues) (kind, bool) {
	if strings.HasSuffix(f.norm, "_by") || f.norm == "by" {
		return kUsername, true
	}
	for _, t := range handleWords {
		if f.norm == t || strings.HasSuffix(f.norm, "_"+t) {
			return kUsername, true
		}
	}
	return "", false
}

// addressLineKind reads the numbered lines of a postal address ("line1",
// "line2" of an address object): a street, not a line of text.
func addressLineKind(f *field, _ clues) (kind, bool) {
	if f.norm != "line" && f.norm != "lines" {
		return "", false
	}
	numbered := f.name != "" && f.name[len(f.name)-1] >= '0' && f.name[len(f.name)-1] <= '9'
	if numbered || hasAny(f.parent, "address", "location", "place") || strings.Contains(f.text, "address") {
		return kStreet, true
	}
	return "", false
}

// isNameField reports whether a name is "<thing>_name" and no rule spells
// it out ("first_name" has a rule, "project_name" has not).
func isNameField(norm string) bool {
	return strings.HasSuffix(norm, "_name") && !exactRule(norm)
}

// nameWordKind reads the words of the field's name against nameRules.
func nameWordKind(f *field, _ clues) (kind, bool) {
	if isNameField(f.norm) {
		return "", false // the name of a thing: namedThingKind reads it
	}
	if k, ok := proseEnd(f.norm); ok {
		return k, true // "StateMessage", "status_reason": words about the state, not a state
	}
	if k, ok := componentKind(f.norm); ok {
		return refineNamed(k, f.text), true
	}
	for _, r := range nameRules {
		if r.k == kMessage && !slices.Contains(r.tokens, f.norm[strings.LastIndexByte(f.norm, '_')+1:]) {
			continue // "body_part", "text_color": a message word that is not the thing named
		}
		if hasAny(f.norm, r.tokens...) {
			return refineNamed(r.k, f.text), true
		}
	}
	return "", false
}

// proseEnd is the kind of a name of several words that ends in a word
// for prose about what the words before it name: a "state_message" is a
// message about the state (not "Florida"), a "status_reason" says why.
func proseEnd(norm string) (kind, bool) {
	i := strings.LastIndexByte(norm, '_')
	if i < 0 {
		return "", false
	}
	switch norm[i+1:] {
	case "message", "msg", "messages":
		return kMessage, true
	case "reason", "explanation":
		return kDescription, true
	}
	return "", false
}

// componentKinds are the parts of an address or a contact that a name
// ends in after the words saying whose it is: "CompanyBillingAddressCity"
// is a city, not a company; "owner_email" an email; "assignee_status" a
// status, not a username.
var componentKinds = map[kind]bool{kCity: true, kState: true, kCountry: true, kCountryName: true, kZip: true, kStreet: true,
	kPhone: true, kEmail: true, kTimezone: true, kCurrency: true, kLanguage: true, kLocale: true, kStatus: true}

// componentKind is the kind of the part of an address or a contact a
// name of several words ends in.
func componentKind(norm string) (kind, bool) {
	words := strings.Split(norm, "_")
	for i := 1; i < len(words); i++ {
		suffix := strings.Join(words[i:], "_")
		for _, r := range nameRules {
			if componentKinds[r.k] && slices.Contains(r.tokens, suffix) {
				return r.k, true
			}
		}
	}
	return "", false
}

// refineNamed corrects a name rule by the description: a "state" that is a
// status, a "region" outside the cloud that is a state, a "date" that holds
// a time.
func refineNamed(k kind, text string) kind {
	switch {
	case k == kState && (strings.Contains(text, "status") || strings.Contains(text, "state of the")):
		return kStatus
	case k == kRegion && !cloudRe.MatchString(text):
		return kState
	case k == kDate && strings.Contains(text, "time") && !strings.Contains(text, "date"):
		return kDateTime
	}
	return k
}

// namedThingKind reads the name of something ("project_name", "name"): the
// noun before "_name", or the entity the field belongs to, says what kind
// of name it is.
func namedThingKind(f *field, _ clues) (kind, bool) {
	nameField := isNameField(f.norm)
	if !nameField && !hasAny(f.norm, "name") {
		return "", false
	}
	if nameField {
		f.noun = strings.TrimSuffix(f.norm, "_name")
		if nameQualifiers[f.noun] {
			f.noun = f.parent // "new_name", "friendly_name": the name of the thing the object is
			if n := namedOwner(f.text); n != "" {
				f.noun = n // "common_name": "condition common name"
			}
		}
	}
	return nameKindOf(f.noun), true
}

// nameQualifiers say which of a thing's names a field is, not what the
// thing is: "new_name" on a rename is the name of what is renamed.
var nameQualifiers = map[string]bool{"new": true, "old": true, "display": true, "friendly": true, "short": true, "full": true,
	"unique": true, "original": true, "custom": true, "default": true, "current": true, "preferred": true, "common": true, "alias": true}

// namedNouns are the things whose name has a generator of its own.
var namedNouns = map[string]kind{
	"city": kCity, "town": kCity,
	"country": kCountryName,
	"file":    kFileName, "document": kFileName, "attachment": kFileName,
	"folder": kFolder, "directory": kFolder,
	"product": kProduct, "item": kProduct,
	"repository": kRepo, "repo": kRepo,
	"branch":  kBranch,
	"culture": kLocale, "locale": kLocale,
	"street": kStreet, "road": kStreet,
	"domain": kDomain, "host": kHostname,
	"color": kColor, "colour": kColor,
}

// nameKindOf is the kind of the name of a noun: a person's, a company's,
// a city's, a file's, else a thing's.
func nameKindOf(noun string) kind {
	switch {
	case hasAny(noun, "first", "given"): // "user_first_name"
		return kFirstName
	case hasAny(noun, "last", "family"):
		return kLastName
	case hasAny(noun, "middle"):
		return kFirstName
	case personNouns[noun]:
		return kPerson
	case companyNouns[noun]:
		return kCompany
	}
	if k, ok := namedNouns[noun]; ok {
		return k
	}
	if strings.HasSuffix(noun, "_domain") {
		return kDomain // "api_gateway_domain_name": a domain's name
	}
	return kThingName
}

// describedNounKind reads what the description says the field names: "the
// name of the file or directory to copy" is a file name whatever the field
// is called.
func describedNounKind(f *field, _ clues) (kind, bool) {
	switch {
	case f.noun == "file" || f.noun == "document":
		return kFileName, true
	case f.noun == "directory" || f.noun == "folder":
		return kFolder, true
	case strings.Contains(f.text, "user name") || strings.Contains(f.text, "username"):
		return kUsername, true
	case personNouns[f.noun] && strings.Contains(f.text, "name"):
		return kPerson, true
	case f.noun == "city" || f.noun == "town":
		return kCity, true
	case companyNouns[f.noun] && strings.Contains(f.text, "name"):
		return kCompany, true
	}
	return "", false
}

// lateDescribedKind reads the formats weaker than the field's name (a URL
// the description mentions), and an id the description speaks of.
func lateDescribedKind(_ *field, c clues) (kind, bool) {
	for _, r := range lateDescRules {
		if r.match(c.head) {
			return r.k, true
		}
	}
	if idWord.MatchString(c.head) && !strings.Contains(c.head, "name") {
		return kID, true
	}
	return "", false
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

// countPrefix is a name that counts things of a kind: a bound on how many
// or their number.
var countPrefix = regexp.MustCompile(`^(?:max|min|num|number_of)_(?:items|records|results|rows|entries|keys|count|objects|files|messages|events|pages|users)$`)

// isNumericName reports whether the name alone says a number is held
// (a "limit" typed as a string still holds a count).
func isNumericName(n string) bool {
	if countPrefix.MatchString(n) {
		return true // "MaxItems", "max_records", "num_rows": how many
	}
	return hasAny(n, "limit", "page_size", "per_page", "page", "offset", "count", "default_size", "default_page", "batch_size", "pagesize", "rate", "percentage_rate", "quantity", "qty", "price", "amount",
		"year", "month", "lat", "latitude", "lon", "lng", "longitude", "age", "percent", "percentage", "max_results",
		"nanos", "nanoseconds", "micros", "microseconds", "millis", "milliseconds", "lifetime", "ttl")
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
	case "uuid", "guid":
		return kUUID
	case "unix-time", "unixtime", "epoch":
		return kEpoch
	case "byte", "binary", "base64":
		return kBase64
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
			return ident.Singular(parts[len(parts)-2])
		}
	}
	if m := nounOfRe.FindStringSubmatch(text); m != nil && !stopNouns[m[1]] {
		n := m[1]
		if m[2] != "" && !stopNouns[m[2]] && (m[1] == "credit" || m[1] == "stock" || m[1] == "user" || m[1] == "bank") {
			n = m[1] + "_" + m[2]
		}
		return ident.Singular(n)
	}
	if n := namedOwner(text); n != "" && (norm == "name" || norm == "title") {
		return n // a "name" described as a "condition name" is a condition's, whatever object holds it
	}
	if parent != "" {
		return parent
	}
	return ""
}

var (
	// namedHead is a description that says whose name a field is before
	// the word: "condition name", "the project's title".
	namedHead = regexp.MustCompile(`^(?:the |a |an )?([a-z]{3,})(?:'s)? (?:(?:common|display|full|short|friendly|official|legal|scientific) )?(?:name|title)\b`)
	// nameAdjectives say which name a thing's is, not what the thing is.
	nameAdjectives = map[string]bool{"unique": true, "human": true, "readable": true, "given": true, "first": true, "last": true,
		"descriptive": true, "optional": true, "internal": true, "public": true, "visible": true, "localized": true, "formatted": true}
)

// namedOwner is the thing a description says a name is of ("condition
// common name": a condition), "" where it says none.
func namedOwner(text string) string {
	m := namedHead.FindStringSubmatch(text)
	if m == nil || stopNouns[m[1]] || nameQualifiers[m[1]] || nameAdjectives[m[1]] {
		return ""
	}
	return m[1]
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
	case "query", "q", "search", "keyword", "search_query":
		return kKGQuery
	case "observation", "observations", "content", "contents", "added_observation", "added_observations":
		return kKGFact
	}
	return ""
}

// pemKind reads a certificate, a certificate chain or a signing request
// that is exchanged as PEM text ("SignedCert", "TrustAnchor: … in PEM
// format", "certificatePem"), not a name or a title.
func pemKind(f *field, c clues) (kind, bool) {
	if pemField(f.norm, f.text, c.subj) {
		return kPEM, true
	}
	return "", false
}

// pemField reports whether a field holds PEM text: its description says
// PEM, or its last word is a certificate's (a "cert", a "csr", a
// "certificate_chain") where the words around it speak of keys, TLS or
// signing, not of a course's certificate of completion.
func pemField(norm, text, subj string) bool {
	words := strings.Split(norm, "_")
	last := words[len(words)-1]
	switch last {
	case "id", "ids", "arn", "arns", "name", "names", "status", "state", "type", "date", "time", "at", "fingerprint", "serial",
		"count", "url", "uri", "path", "file", "filename", "expiry", "expiration", "mode", "source", "authority", "format", "preference":
		return false // about a certificate, not one
	}
	if pemWords.MatchString(text) {
		return true
	}
	switch {
	case last == "pem" || last == "csr" || hasAny(norm, "trust_anchor"):
		return true
	case last == "cert" || last == "certificate" || last == "certificates" || last == "chain" && hasAny(norm, "certificate", "cert"):
		return cryptoWords.MatchString(text + " " + subj + " " + strings.ReplaceAll(norm, "_", " "))
	}
	return false
}

var (
	// pemWords say a value is PEM text.
	pemWords = regexp.MustCompile(`\bpem\b|\bpem-encoded\b|-----begin`)
	// cryptoWords speak of keys, TLS and signing.
	cryptoWords = regexp.MustCompile(`\b(?:tls|ssl|x\.?509|https|signed|signing|sign|csr|hsm|cloudhsm|private key|public key|certificate authority|ca|acm|iot|trust|encrypt\w*|mtls|keystore|truststore|domain|load balancer|cluster|cert)\b`)
)
