package sim

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	gofakeit "github.com/brianvoe/gofakeit/v7"
	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/paramdoc"
)

// Values synthesises JSON values that satisfy a JSON Schema and fit the
// field they fill: const and enum, formats, numeric ranges and multipleOf,
// string lengths, simple patterns, nested objects and arrays,
// oneOf/anyOf/allOf and local $refs; and, within those, what the field
// means, read from its description (its examples give the shape: "such as
// '#W0000000'"; named formats: IATA codes, ISO dates, tickers, currency and
// country codes, RGB channels), its name and the entity it belongs to. The
// vocabulary comes from gofakeit, seeded from the same stream, so values
// stay deterministic by seed. Schemas are decoded JSON (map[string]any).
//
// One Values remembers the entities it has produced (the customer, the
// order, the city) and gives the same one when the same kind of entity is
// asked for again, so one plan speaks of one customer throughout.
type Values struct {
	r *rand.Rand
	f *gofakeit.Faker
	// mem holds the entities produced so far, by kind and entity.
	mem map[string]string
	// hints are the id shapes the schemas of the surrounding tools give,
	// by entity (Learn).
	hints map[string]idHint
	// descs are descriptions of named fields, by field name: a result's
	// undescribed expiration_date reads like the parameter that has one.
	descs map[string]string
	// recordFields are the names of the fields the records of the
	// surrounding tools hold (Learn): a list of field names names those.
	recordFields map[string]bool
	// fresh > 0 while values must not come from mem (list items,
	// Different, Mistake).
	fresh int
	// output > 0 while the values are a tool's response (Result), to a
	// call with args.
	output int
	args   map[string]any
	subj   subject
	// scope is the place the object being generated speaks of.
	scope *placeScope
	// siblings are the properties of the object being generated: a "path"
	// beside a "method" or a "statusCode" is a URL path.
	siblings map[string]any
	// union is the tagged union whose fields are being generated (an
	// object with a ".tag").
	union unionCase
	// cloudy is set when the surrounding tools' schemas carry a cloud's
	// resource names (an ARN): their things are named as clouds name them.
	cloudy bool
	// arnShapes are the ARN patterns the surrounding tools' schemas give a
	// field, by its name (Learn): the same field without one takes it.
	arnShapes map[string]arnShape
}

// learnARN notes the pattern a schema gives a field's ARNs, the first
// one met: DescribeCodeReview's CodeReviewArn, which ListCodeReviews'
// answers then take too.
func (v *Values) learnARN(norm, pattern string) {
	re, err := regexp.Compile(pattern)
	if err != nil || !strings.Contains(pattern, "arn:") || v.knowsARN(norm) {
		return
	}
	if v.arnShapes == nil {
		v.arnShapes = map[string]arnShape{}
	}
	v.arnShapes[norm] = arnShape{pattern, re}
}

// knowsARN reports whether a schema gave the field's ARNs a pattern.
func (v *Values) knowsARN(norm string) bool {
	_, ok := v.arnShapes[norm]
	return ok
}

// arnShape is the pattern of ARNs a schema gives, as written and compiled.
type arnShape struct {
	pattern string
	re      *regexp.Regexp
}

// subject is the tool the values are for: its words pick the vocabulary of
// free text (a search query on a music tool names a song).
type subject struct {
	tool, text, noun string
	// service is the product or API the tool belongs to, as its corpus
	// names it ("amazonaws.com:chime", "Amazon Chime"); "" when unknown.
	service string
}

// NewValues returns a synthesiser drawing from r.
func NewValues(r *rand.Rand) *Values {
	return &Values{r: r, f: gofakeit.NewFaker(r, false), mem: map[string]string{}, hints: map[string]idHint{}, descs: map[string]string{}}
}

// idHint is what a schema says an entity's id looks like: a pattern, an
// example, or that it is a UUID (a format or a description saying GUID).
type idHint struct {
	pattern, example string
	uuid             bool
}

// Learn reads the ids a schema describes (a pattern, an example in the
// description) so that ids of the same entity elsewhere take that shape:
// an order id in a tool's output matches the pattern another tool's input
// demands of it. Callers pass every schema of the cluster.
func (v *Values) Learn(root any) {
	if v.recordFields == nil {
		v.recordFields = map[string]bool{}
	}
	v.learn(root, root, "", "", 0)
}

// learnField notes the name of a field a record holds: a plain value's
// inside a result (a request's parameters and a response's envelope sit
// at the top, records below it).
func (v *Values) learnField(root, schema any, name string, depth int) {
	s, ok := jsonschema.Resolve(root, schema)
	if !ok || depth < 2 || v.recordFields == nil || !plainFieldName.MatchString(name) {
		return
	}
	switch jsonschema.TypeOf(s) {
	case "string", "integer", "number", "boolean":
		v.recordFields[name] = true
	}
}

// plainFieldName is a field name a person would type in a list of fields.
var plainFieldName = regexp.MustCompile(`^[a-z][A-Za-z0-9_]{1,30}$`)

func (v *Values) learn(root, schema any, name, parent string, depth int) {
	s, ok := jsonschema.Resolve(root, schema)
	if !ok || depth > 5 {
		return
	}
	switch jsonschema.TypeOf(s) {
	case "object":
		noun := objectNoun(s, name, parent)
		props, _ := s["properties"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(props)) {
			v.learnField(root, props[k], k, depth+1)
			v.learn(root, props[k], k, noun, depth+1)
		}
	case "array":
		v.learn(root, s["items"], ident.Singular(name), parent, depth+1)
	case "string", "":
		if name == "" {
			return
		}
		f := classify(name, s, parent, false, "")
		if p, _ := s["pattern"].(string); f.kind == kARN || strings.Contains(p, "arn:aws") {
			v.cloudy = true // "RoomArn": the tools are a cloud's
			v.learnARN(f.norm, p)
		}
		if d, _ := s["description"].(string); d != "" && v.descs[f.norm] == "" {
			v.descs[f.norm] = d
		}
		if f.kind == kUUID && f.noun != "" && f.noun != "id" {
			// One tool's "serviceId: GUID" says every service id is one.
			h := v.hints[f.noun]
			h.uuid = true
			v.hints[f.noun] = h
			return
		}
		if f.kind != kID || f.noun == "" {
			return
		}
		h := v.hints[f.noun]
		if p, ok := s["pattern"].(string); ok && h.pattern == "" {
			h.pattern = p
		}
		if exs := paramdoc.Examples(f.raw, f.name); len(exs) > 0 && h.example == "" && hasDigit(exs[0]) {
			h.example = exs[0]
		}
		if h != (idHint{}) {
			v.hints[f.noun] = h
		}
	}
}

// Accepts reports whether a value reads as one of the field's: a GUID where
// the field is one, the shape of the description's examples where it gives
// shape-bearing ones (paramdoc.FitsExample, as the realism measures read
// them). A value a later call passes on is refitted when the field it
// feeds does not accept it.
func (v *Values) Accepts(root, schema any, name string, value any) bool {
	s, ok := jsonschema.Resolve(root, schema)
	if !ok {
		return true
	}
	f := classify(name, s, "", false, "")
	text, isString := value.(string)
	if f.kind == kUUID {
		return isString && guid.MatchString(text)
	}
	if !isString {
		text = fmt.Sprint(value)
	}
	shaped := false
	for _, ex := range paramdoc.Examples(f.raw, name) {
		if paramdoc.ShapeBearing(ex) {
			shaped = true
			if paramdoc.FitsExample(text, ex) {
				return true
			}
		}
	}
	return !shaped
}

// guid is a UUID in its canonical form.
var guid = regexp.MustCompile(`^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Subject tells the synthesiser which tool the next values are for (its
// name and description, and the service it belongs to where the caller
// knows it); free text and named formats the description of a parameter
// leaves open follow the tool's subject, an ARN the service's namespace.
func (v *Values) Subject(tool, description string, service ...string) {
	v.subj = subject{tool: tool, text: strings.ToLower(tool + " " + description), noun: toolNoun(tool)}
	if len(service) > 0 {
		v.subj.service = service[0]
	}
}

// For returns a value for schema, named name (the property it fills), with
// root the document local $refs resolve against.
func (v *Values) For(root, schema any, name string) any {
	return v.gen(root, schema, name, "", 0)
}

// Different returns a plausible value for schema that differs from avoid
// (as JSON): another airport than the origin, another customer. It returns
// avoid itself when the schema admits nothing else.
func (v *Values) Different(root, schema any, name string, avoid any) any {
	v.fresh++
	scope := v.scope
	v.scope = nil // another place than the object's
	defer func() { v.fresh--; v.scope = scope }()
	a, _ := json.Marshal(avoid)
	// The other end of a conversion measures the same thing: a unit
	// avoided asks for another unit of its quantity when one comes.
	from, _ := avoid.(string)
	dim := siDimension(from)
	var other, near any // near: the same quantity in the same system
	for range 32 {
		x := v.gen(root, schema, name, "", 0)
		if b, _ := json.Marshal(x); string(a) != string(b) {
			u, _ := x.(string)
			switch {
			case dim == "":
				return x
			case siDimension(u) == dim && (!slices.Contains(imperialSI, from) || otherSystem(from, u)):
				return x
			case siDimension(u) == dim && near == nil:
				near = x
			}
			if other == nil {
				other = x
			}
		}
	}
	if near != nil {
		return near
	}
	if other != nil {
		return other
	}
	return avoid
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

var (
	simplePattern = regexp.MustCompile(`^\^?((?:\[[^\]]+\]|\\d|\\w|[A-Za-z0-9_\-.])(?:\{\d+(?:,\d*)?\}|\+|\*|\?)?)+\$?$`)
	patternAtom   = regexp.MustCompile(`(\[[^\]]+\]|\\d|\\w|[A-Za-z0-9_\-.])(\{(\d+)(?:,(\d*))?\}|\+|\*|\?)?`)

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
func (v *Values) fromPattern(pat, word string) (string, bool) {
	if !simplePattern.MatchString(pat) {
		return "", false
	}
	var b strings.Builder
	for _, m := range patternAtom.FindAllStringSubmatch(strings.TrimSuffix(strings.TrimPrefix(pat, "^"), "$"), -1) {
		// An open run of letters takes the entity's word ("prod" in
		// prod_48213) when the class admits it.
		if (m[2] == "+" || m[2] == "*") && word != "" && strings.HasPrefix(m[1], "[") {
			if re, err := compilePattern("^" + m[1] + "+$"); err == nil && re.MatchString(word) {
				b.WriteString(word)
				continue
			}
		}
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
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1])) && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == ' ' || r == '.' || r == '[' || r == ']' || r == '$':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// hasAny reports whether one of the tokens is a whole word (or run of
// words) of the snake_case name.
func hasAny(n string, tokens ...string) bool {
	for _, t := range tokens {
		for i := 0; ; {
			j := strings.Index(n[i:], t)
			if j < 0 {
				break
			}
			j += i
			end := j + len(t)
			if (j == 0 || n[j-1] == '_') && (end == len(n) || n[end] == '_') {
				return true
			}
			i = j + 1
		}
	}
	return false
}
