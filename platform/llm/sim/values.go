package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Values synthesises JSON values that satisfy a JSON Schema: const and enum,
// formats (date, date-time, time, email, uri, uuid, ipv4, ipv6, hostname),
// numeric ranges and multipleOf, string lengths, simple patterns, nested
// objects and arrays, oneOf/anyOf/allOf and local $refs, and plausible
// values by field name (an "email" is an address, a "city" a city, a
// "limit" a small count). Schemas are decoded JSON (map[string]any).
type Values struct {
	r *rand.Rand
}

// NewValues returns a synthesiser drawing from r.
func NewValues(r *rand.Rand) *Values { return &Values{r: r} }

// For returns a value for schema, named name (the property it fills), with
// root the document local $refs resolve against.
func (v *Values) For(root, schema any, name string) any {
	return v.gen(root, schema, name, 0)
}

// Different returns a value for schema that differs from avoid (as JSON),
// or avoid itself when the schema admits nothing else.
func (v *Values) Different(root, schema any, name string, avoid any) any {
	a, _ := json.Marshal(avoid)
	for range 16 {
		x := v.gen(root, schema, name, 0)
		if b, _ := json.Marshal(x); string(a) != string(b) {
			return x
		}
	}
	return avoid
}

const maxDepth = 6

func (v *Values) gen(root, schema any, name string, depth int) any {
	s, ok := Resolve(root, schema)
	if !ok || depth > maxDepth {
		return v.plausibleString(name, nil)
	}
	if c, ok := s["const"]; ok {
		return c
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[v.r.IntN(len(e))]
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if alts, ok := s[k].([]any); ok && len(alts) > 0 {
			// The first non-null alternative: the one authors mean.
			for _, alt := range alts {
				if as, ok := Resolve(root, alt); ok && TypeOf(as) != "null" {
					return v.gen(root, mergeSiblings(s, as, k), name, depth+1)
				}
			}
		}
	}
	if all, ok := s["allOf"].([]any); ok && len(all) > 0 {
		merged := map[string]any{}
		for _, part := range all {
			if ps, ok := Resolve(root, part); ok {
				mergeInto(merged, ps)
			}
		}
		for k, val := range s {
			if k != "allOf" {
				merged[k] = val
			}
		}
		return v.gen(root, merged, name, depth+1)
	}
	if d, ok := s["default"]; ok && v.r.IntN(3) == 0 {
		return d
	}
	if ex, ok := s["examples"].([]any); ok && len(ex) > 0 && v.r.IntN(2) == 0 {
		return ex[v.r.IntN(len(ex))]
	}
	switch TypeOf(s) {
	case "object":
		return v.object(root, s, depth)
	case "array":
		return v.array(root, s, name, depth)
	case "integer":
		return v.integer(s, name)
	case "number":
		return v.number(s, name)
	case "boolean":
		return v.r.IntN(2) == 0
	case "null":
		return nil
	default:
		return v.plausibleString(name, s)
	}
}

func mergeSiblings(parent, alt map[string]any, without string) map[string]any {
	out := map[string]any{}
	for k, val := range parent {
		if k != without {
			out[k] = val
		}
	}
	mergeInto(out, alt)
	return out
}

func mergeInto(dst, src map[string]any) {
	for k, val := range src {
		if k == "properties" {
			props, _ := dst["properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
			}
			if sp, ok := val.(map[string]any); ok {
				for pk, pv := range sp {
					props[pk] = pv
				}
			}
			dst["properties"] = props
			continue
		}
		if k == "required" {
			req, _ := dst["required"].([]any)
			if sr, ok := val.([]any); ok {
				req = append(req, sr...)
			}
			dst["required"] = req
			continue
		}
		dst[k] = val
	}
}

// TypeOf returns the schema's JSON type: its "type" (the first non-null one
// of a list), or what its keywords imply.
func TypeOf(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if str, ok := x.(string); ok && str != "null" {
				return str
			}
		}
		if len(t) > 0 {
			if str, ok := t[0].(string); ok {
				return str
			}
		}
	}
	switch {
	case s["properties"] != nil || s["additionalProperties"] != nil:
		return "object"
	case s["items"] != nil:
		return "array"
	case s["minimum"] != nil || s["maximum"] != nil:
		return "number"
	}
	return ""
}

// Resolve follows local $refs ("#/definitions/X", "#/$defs/X") to a schema object.
func Resolve(root, schema any) (map[string]any, bool) {
	for range 16 {
		s, ok := schema.(map[string]any)
		if !ok {
			if b, ok := schema.(bool); ok && b {
				return map[string]any{}, true
			}
			return nil, false
		}
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, true
		}
		target, ok := Pointer(root, strings.TrimPrefix(ref, "#"))
		if !ok || !strings.HasPrefix(ref, "#") {
			// An external $ref: keep the sibling keywords.
			return s, true
		}
		schema = target
	}
	return nil, false
}

// Pointer follows a JSON pointer ("/properties/a") into a decoded document.
func Pointer(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = pointerUnescaper.Replace(tok)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func (v *Values) object(root any, s map[string]any, depth int) any {
	out := map[string]any{}
	props, _ := s["properties"].(map[string]any)
	required := map[string]bool{}
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			if name, ok := r.(string); ok {
				required[name] = true
			}
		}
	}
	for _, k := range SortedKeys(props) {
		if required[k] || v.r.IntN(3) > 0 {
			out[k] = v.gen(root, props[k], k, depth+1)
		}
	}
	for _, k := range SortedKeys(required) { // in order: each draws from v.r
		if _, ok := out[k]; !ok {
			out[k] = v.plausibleString(k, nil)
		}
	}
	if minP, ok := num(s["minProperties"]); ok {
		for i := 0; len(out) < int(minP) && i < 32; i++ {
			out[fmt.Sprintf("field_%d", i)] = v.plausibleString("value", nil)
		}
	}
	return out
}

func (v *Values) array(root any, s map[string]any, name string, depth int) any {
	lo, hi := 1, 3
	if m, ok := num(s["minItems"]); ok {
		lo = int(m)
		if hi < lo {
			hi = lo
		}
	}
	if m, ok := num(s["maxItems"]); ok && int(m) < hi {
		hi = int(m)
		if lo > hi {
			lo = hi
		}
	}
	n := lo + v.r.IntN(hi-lo+1)
	item := singular(name)
	unique := s["uniqueItems"] == true
	out := make([]any, 0, n)
	seen := map[string]bool{}
	for tries := 0; len(out) < n && tries < 8*n+8; tries++ {
		var x any
		if tuple, ok := s["prefixItems"].([]any); ok && len(out) < len(tuple) {
			x = v.gen(root, tuple[len(out)], item, depth+1)
		} else {
			x = v.gen(root, s["items"], item, depth+1)
		}
		if unique {
			b, _ := json.Marshal(x)
			if seen[string(b)] {
				continue
			}
			seen[string(b)] = true
		}
		out = append(out, x)
	}
	return out
}

func num(x any) (float64, bool) {
	switch n := x.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// bounds returns the inclusive range a number may take, from the schema and
// the field's name.
func bounds(s map[string]any, name string, integer bool) (lo, hi float64) {
	lo, hi = nameRange(name)
	step := 0.01
	if integer {
		step = 1
	}
	if m, ok := num(s["minimum"]); ok {
		lo = math.Max(lo, m)
		if hi < lo {
			hi = lo + 100
		}
	}
	if m, ok := num(s["exclusiveMinimum"]); ok {
		lo = math.Max(lo, m+step)
		if hi < lo {
			hi = lo + 100
		}
	}
	if m, ok := num(s["maximum"]); ok {
		hi = math.Min(hi, m)
		if lo > hi {
			lo = hi - 100
			if mn, ok := num(s["minimum"]); ok && lo < mn {
				lo = mn
			}
		}
	}
	if m, ok := num(s["exclusiveMaximum"]); ok {
		hi = math.Min(hi, m-step)
		if lo > hi {
			lo = hi
		}
	}
	return lo, hi
}

func nameRange(name string) (float64, float64) {
	n := normalise(name)
	switch {
	case hasAny(n, "page_size", "per_page", "limit", "count", "top", "max_results", "size", "num"):
		return 1, 20
	case hasAny(n, "page", "offset"):
		return 1, 5
	case hasAny(n, "year"):
		return 2015, 2026
	case hasAny(n, "month"):
		return 1, 12
	case hasAny(n, "day"):
		return 1, 28
	case hasAny(n, "hour"):
		return 0, 23
	case hasAny(n, "age"):
		return 18, 80
	case hasAny(n, "lat"):
		return -60, 60
	case hasAny(n, "lon", "lng"):
		return -150, 150
	case hasAny(n, "price", "amount", "cost", "total", "balance", "budget", "salary"):
		return 5, 950
	case hasAny(n, "quantity", "qty", "guests", "adults", "seats", "rooms", "nights"):
		return 1, 6
	case hasAny(n, "rating", "stars", "score"):
		return 1, 5
	case hasAny(n, "percent", "pct", "rate"):
		return 0, 100
	case hasAny(n, "temperature"):
		return 0, 1
	case hasAny(n, "timeout", "duration", "seconds", "minutes"):
		return 5, 120
	}
	return 1, 1000
}

func (v *Values) integer(s map[string]any, name string) any {
	lo, hi := bounds(s, name, true)
	a, b := int64(math.Ceil(lo)), int64(math.Floor(hi))
	if b < a {
		b = a
	}
	x := a + v.r.Int64N(b-a+1)
	if m, ok := num(s["multipleOf"]); ok && m >= 1 {
		k := int64(m)
		x = x / k * k
		if x < a {
			x += k
		}
	}
	return x
}

func (v *Values) number(s map[string]any, name string) any {
	lo, hi := bounds(s, name, false)
	x := lo + v.r.Float64()*(hi-lo)
	if m, ok := num(s["multipleOf"]); ok && m > 0 {
		x = math.Round(x/m) * m
		if x < lo {
			x += m
		}
		// Round off binary noise (0.1*3) without leaving the multiple.
		return math.Round(x*1e6) / 1e6
	}
	return math.Round(x*100) / 100
}

var (
	firstNames = []string{"Ana", "Bilal", "Chen", "Dara", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lena", "Mateo", "Nadia", "Omar", "Priya"}
	lastNames  = []string{"Silva", "Okafor", "Kowalski", "Nguyen", "Haddad", "Larsen", "Moreau", "Tanaka", "Rossi", "Singh", "Fischer", "Alvarez"}
	cities     = []string{"Lisbon", "Nairobi", "Osaka", "Toronto", "Berlin", "Austin", "Melbourne", "Bogotá", "Seoul", "Lyon", "Chennai", "Oslo"}
	countries  = []string{"PT", "KE", "JP", "CA", "DE", "US", "AU", "CO", "KR", "FR", "IN", "NO"}
	currencies = []string{"EUR", "USD", "JPY", "GBP", "CAD", "AUD", "INR", "CHF"}
	languages  = []string{"en", "fr", "de", "es", "ja", "pt", "hi", "ko"}
	words      = []string{"quarterly", "report", "invoice", "launch", "summer", "migration", "review", "onboarding", "backlog", "budget", "roadmap", "audit", "pipeline", "release", "forecast", "inventory"}
	statuses   = []string{"active", "pending", "open", "completed", "draft"}
	colors     = []string{"red", "blue", "green", "amber", "violet"}
	tickers    = []string{"AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "SAP", "ASML"}
	airports   = []string{"LIS", "NBO", "KIX", "YYZ", "BER", "AUS", "MEL", "BOG", "ICN", "LYS"}
)

func (v *Values) pick(xs []string) string { return xs[v.r.IntN(len(xs))] }

func (v *Values) plausibleString(name string, s map[string]any) any {
	format, _ := s["format"].(string)
	str := v.formatted(format)
	if str == "" {
		str = v.byName(name)
	}
	if pat, ok := s["pattern"].(string); ok {
		if re, err := compilePattern(pat); err == nil && !re.MatchString(str) {
			if alt, ok := v.fromPattern(pat); ok && re.MatchString(alt) {
				str = alt
			}
		}
	}
	minL, hasMin := num(s["minLength"])
	maxL, hasMax := num(s["maxLength"])
	r := []rune(str)
	if hasMax && len(r) > int(maxL) {
		r = r[:int(maxL)]
	}
	for hasMin && len(r) < int(minL) {
		r = append(r, []rune(v.pick(words))...)
		if hasMax && len(r) > int(maxL) {
			r = r[:int(maxL)]
		}
	}
	return string(r)
}

func (v *Values) formatted(format string) string {
	switch format {
	case "date":
		return fmt.Sprintf("2026-%02d-%02d", 1+v.r.IntN(12), 1+v.r.IntN(28))
	case "date-time":
		return fmt.Sprintf("2026-%02d-%02dT%02d:%02d:00Z", 1+v.r.IntN(12), 1+v.r.IntN(28), 8+v.r.IntN(10), 15*v.r.IntN(4))
	case "time":
		return fmt.Sprintf("%02d:%02d:00", 8+v.r.IntN(10), 15*v.r.IntN(4))
	case "email":
		return strings.ToLower(v.pick(firstNames)+"."+v.pick(lastNames)) + "@example.com"
	case "uri", "url", "iri", "uri-reference":
		return "https://example.com/" + v.pick(words) + "/" + fmt.Sprint(100+v.r.IntN(900))
	case "uuid":
		return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", v.r.Uint32(), v.r.IntN(1<<16), v.r.IntN(1<<12), v.r.IntN(1<<12), v.r.Int64N(1<<48))
	case "ipv4":
		return fmt.Sprintf("192.0.2.%d", 1+v.r.IntN(254))
	case "ipv6":
		return fmt.Sprintf("2001:db8::%x", 1+v.r.IntN(0xfffe))
	case "hostname":
		return v.pick(words) + ".example.com"
	case "duration":
		return fmt.Sprintf("PT%dM", 5+v.r.IntN(55))
	}
	return ""
}

// byName picks a plausible value for a field from its name.
func (v *Values) byName(name string) string {
	n := normalise(name)
	switch {
	case n == "":
		return v.pick(words)
	case hasAny(n, "email"):
		return v.formatted("email")
	case hasAny(n, "url", "uri", "link", "website", "endpoint"):
		return v.formatted("uri")
	case hasAny(n, "uuid", "guid"):
		return v.formatted("uuid")
	case hasAny(n, "country"):
		return v.pick(countries)
	case hasAny(n, "currency"):
		return v.pick(currencies)
	case hasAny(n, "lang", "language", "locale"):
		return v.pick(languages)
	case hasAny(n, "airport", "iata"):
		return v.pick(airports)
	case hasAny(n, "symbol", "ticker", "stock"):
		return v.pick(tickers)
	case hasAny(n, "phone", "mobile", "tel"):
		return fmt.Sprintf("+1-555-%03d-%04d", v.r.IntN(1000), v.r.IntN(10000))
	case hasAny(n, "zip", "postal", "postcode"):
		return fmt.Sprintf("%05d", 10000+v.r.IntN(89999))
	case strings.HasSuffix(n, "_id") || n == "id" || strings.HasSuffix(n, "_ids") || hasAny(n, "key", "ref", "code", "number"):
		prefix := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "s"), "_id"), "_number")
		if prefix == "" || prefix == "id" {
			prefix = "id"
		}
		if len(prefix) > 4 {
			prefix = prefix[:4]
		}
		return fmt.Sprintf("%s_%05d", strings.Trim(prefix, "_"), v.r.IntN(100000))
	case hasAny(n, "date", "day", "since", "until", "start", "end", "deadline", "due"):
		return v.formatted("date")
	case hasAny(n, "time", "timestamp", "at"):
		return v.formatted("date-time")
	case hasAny(n, "first_name", "given_name"):
		return v.pick(firstNames)
	case hasAny(n, "last_name", "surname", "family_name"):
		return v.pick(lastNames)
	case hasAny(n, "username", "user", "login", "handle", "owner", "author", "assignee"):
		return strings.ToLower(v.pick(firstNames)) + fmt.Sprint(10+v.r.IntN(90))
	case hasAny(n, "name", "customer", "contact", "recipient", "person"):
		return v.pick(firstNames) + " " + v.pick(lastNames)
	case hasAny(n, "city", "location", "place", "destination", "origin", "region"):
		return v.pick(cities)
	case hasAny(n, "address", "street"):
		return fmt.Sprintf("%d %s Street", 1+v.r.IntN(400), v.pick(lastNames))
	case hasAny(n, "status", "state"):
		return v.pick(statuses)
	case hasAny(n, "color", "colour"):
		return v.pick(colors)
	case hasAny(n, "path", "file", "filename", "dir"):
		return "/data/" + v.pick(words) + "_" + fmt.Sprint(v.r.IntN(100)) + ".csv"
	case hasAny(n, "repo", "repository", "project"):
		return v.pick(words) + "-" + v.pick(words)
	case hasAny(n, "branch"):
		return "feature/" + v.pick(words)
	case hasAny(n, "sql"):
		return "SELECT * FROM " + v.pick(words) + " LIMIT 10"
	case hasAny(n, "query", "q", "search", "keyword", "term", "topic", "tag", "category", "label"):
		return v.pick(words) + " " + v.pick(words)
	case hasAny(n, "title", "subject", "summary", "headline"):
		t := []rune(v.pick(words) + " " + v.pick(words))
		t[0] = unicode.ToUpper(t[0])
		return string(t)
	case hasAny(n, "message", "text", "body", "content", "description", "comment", "note", "prompt"):
		return "Please review the " + v.pick(words) + " " + v.pick(words) + " before Friday."
	case hasAny(n, "password", "secret", "token"):
		return fmt.Sprintf("tok_%08x", v.r.Uint32())
	case hasAny(n, "type", "kind", "mode", "format", "sort", "order"):
		return v.pick([]string{"default", "standard", "basic", "full"})
	}
	return v.pick(words) + "_" + fmt.Sprint(v.r.IntN(1000))
}

var (
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
	simplePattern    = regexp.MustCompile(`^\^?((?:\[[^\]]+\]|\\d|\\w|[A-Za-z0-9_\-.])(?:\{\d+(?:,\d*)?\}|\+|\*|\?)?)+\$?$`)
	patternAtom      = regexp.MustCompile(`(\[[^\]]+\]|\\d|\\w|[A-Za-z0-9_\-.])(\{(\d+)(?:,(\d*))?\}|\+|\*|\?)?`)

	patterns     sync.Map // schema pattern -> *regexp.Regexp or error
	patternCount atomic.Int64
)

// compilePattern compiles a schema's pattern once; the cache stops growing
// at 4096 patterns (beyond that they are compiled each time).
func compilePattern(p string) (*regexp.Regexp, error) {
	if v, ok := patterns.Load(p); ok {
		if re, ok := v.(*regexp.Regexp); ok {
			return re, nil
		}
		return nil, v.(error)
	}
	re, err := regexp.Compile(p)
	if patternCount.Load() < 4096 {
		patternCount.Add(1)
		if err != nil {
			patterns.Store(p, err)
		} else {
			patterns.Store(p, re)
		}
	}
	return re, err
}

// fromPattern handles the anchored character-class patterns common in tool
// schemas (^[A-Z]{3}$, ^\d{5}$, ^[a-z0-9-]+$).
func (v *Values) fromPattern(pat string) (string, bool) {
	if !simplePattern.MatchString(pat) {
		return "", false
	}
	var b strings.Builder
	for _, m := range patternAtom.FindAllStringSubmatch(strings.TrimSuffix(strings.TrimPrefix(pat, "^"), "$"), -1) {
		n := 1
		switch {
		case m[3] != "":
			fmt.Sscan(m[3], &n)
		case m[2] == "+":
			n = 3
		case m[2] == "*" || m[2] == "?":
			n = 1
		}
		for range n {
			b.WriteRune(v.fromClass(m[1]))
		}
	}
	return b.String(), true
}

func (v *Values) fromClass(c string) rune {
	switch {
	case c == `\d`:
		return rune('0' + v.r.IntN(10))
	case c == `\w`:
		return rune('a' + v.r.IntN(26))
	case strings.HasPrefix(c, "["):
		body := strings.Trim(c, "[]")
		var set []rune
		rs := []rune(body)
		for i := 0; i < len(rs); i++ {
			if i+2 < len(rs) && rs[i+1] == '-' {
				for x := rs[i]; x <= rs[i+2]; x++ {
					set = append(set, x)
				}
				i += 2
				continue
			}
			if rs[i] == '\\' && i+1 < len(rs) && rs[i+1] == 'd' {
				for x := '0'; x <= '9'; x++ {
					set = append(set, x)
				}
				i++
				continue
			}
			set = append(set, rs[i])
		}
		if len(set) == 0 {
			return 'a'
		}
		return set[v.r.IntN(len(set))]
	}
	return []rune(c)[0]
}

// normalise turns camelCase and kebab-case names into snake_case, lower.
func normalise(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case unicode.IsUpper(r):
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == ' ' || r == '.':
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasAny reports whether one of the tokens is a whole word of the snake_case name.
func hasAny(n string, tokens ...string) bool {
	for _, t := range tokens {
		if n == t || strings.HasPrefix(n, t+"_") || strings.HasSuffix(n, "_"+t) || strings.Contains(n, "_"+t+"_") {
			return true
		}
	}
	return false
}

func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies"):
		return strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "s") && !strings.HasSuffix(name, "ss"):
		return strings.TrimSuffix(name, "s")
	}
	return name
}

// SortedKeys returns a map's keys in order (plans must not depend on map order).
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
