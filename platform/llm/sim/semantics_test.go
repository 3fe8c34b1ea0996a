package sim_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// placeholder matches values no real user or API would produce: word_123,
// id_12345, /data/review_13.csv, field_0, type names, the old canned
// sentences, example.com addresses.
var placeholder = regexp.MustCompile(`^[a-z]+_\d+$|^[a-z]{2,5}_\d{4,}$|^field_\d+$|^/data/[a-z]+_\d+\.[a-z]+$|` +
	`(?i)^(int|integer|string|str|number|float|bool|boolean|object|array|null|foo|bar|baz|lorem ipsum|test|value)$|` +
	`^Please review the |^Quarterly summer$|example\.(com|org|net)\b`)

func schemaOf(t *testing.T, text string) any {
	t.Helper()
	var s any
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func shape(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsDigit(r):
			return '9'
		case unicode.IsUpper(r):
			return 'A'
		case unicode.IsLetter(r):
			return 'a'
		}
		return r
	}, s)
}

// validates reports the schema's violations of x.
func validates(t *testing.T, schemaText string, x any) []string {
	t.Helper()
	doc, err := jsonschema.Parse([]byte(schemaText))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := doc.At("")
	raw, _ := json.Marshal(x)
	var out []string
	for _, v := range s.ValidateJSON(raw) {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// exampleCases are parameter descriptions from the shared corpora (APIs.guru
// via DataFire, BFCL) and τ-bench, each with the example its value must be
// shaped like.
var exampleCases = []struct {
	tool, name, schema, example string
}{
	{"get_order_details", "order_id", `{"type":"string","description":"The order id, such as '#W0000000'. Be careful there is a '#' symbol at the beginning of the order id."}`, "#W0000000"},
	{"payschedule", "PayScheduleKey", `{"type":"string","description":"The pay schedule unique key. E.g. SCH001"}`, "SCH001"},
	{"nominalcode", "NominalCodeId", `{"type":"string","description":"The nominal code unique identifier. E.g. NOM001"}`, "NOM001"},
	{"getmodel", "modelId", `{"type":"string","description":"Minimal string that identifies a model e.g. '176042_002'. If no nationalSalesType is available, the modelId only consists of the baumuster e.g. '176042'."}`, "176042_002|176042"},
	{"district", "id", `{"type":"string","description":"The 7 digit District ID (e.g. 0642150)"}`, "0642150"},
	{"plan", "planId", `{"type":"string","description":"Id of the plan to retrieve data from (e.g. 1001-11-3)."}`, "1001-11-3"},
	{"bioentity", "taxon", `{"type":"string","description":"SUBJECT TAXON id, e.g. NCBITaxon:9606. Includes inferred by default"}`, "NCBITaxon:9606"},
	{"payments", "date", `{"type":"string","description":"Shows payments up to this date e.g. 2014-04-30. Defaults to end of the current month"}`, "2014-04-30"},
	{"invoices", "If-Modified-Since", `{"type":"string","description":"A UTC timestamp (yyyy-mm-ddThh:mm:ss) . Only invoices created or modified since this timestamp will be returned e.g. 2009-11-12T00:00:00"}`, "2009-11-12T00:00:00"},
	{"flights", "origin", `{"type":"string","description":"Journey origin. 3-letter IATA airport or city code (e.g. 'FRA')"}`, "FRA"},
	{"calls", "fromNumber", `{"type":"string","description":"An optional destination/source number for DNC, specified in E.164 format (11-digit). Example: 12132000384"}`, "12132000384"},
	{"bank", "sortcode", `{"type":"string","description":"6 digit number with no spaces or special characters. eg. &quot;400003&quot;"}`, "400003"},
	{"quote", "symbol", `{"type":"string","description":"The stock ticker, e.g. AAPL"}`, "AAPL"},
	{"app", "X-App-Token", `{"type":"string","description":"e.g. cQovpGcdUT1CSzgYk0KPYdAI0"}`, "cQovpGcdUT1CSzgYk0KPYdAI0"},
}

func TestValueFitsExampleShape(t *testing.T) {
	for _, c := range exampleCases {
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.schema)
			distinct := map[string]bool{}
			for seed := range int64(40) {
				v := sim.NewValues(seedrand.New(seed, "example"))
				v.Subject(c.tool, "")
				got, _ := v.For(s, s, c.name).(string)
				if !slices.Contains(strings.Split(shape(c.example), "|"), shape(got)) {
					t.Fatalf("seed %d: %q is not shaped like %q", seed, got, c.example)
				}
				distinct[got] = true
			}
			if len(distinct) < 3 {
				t.Fatalf("only %d distinct values: %v", len(distinct), distinct)
			}
		})
	}
}

// TestExamplesInMarkup: examples given as a list of <code> items (SportsData
// APIs on APIs.guru) are found, every one of them.
func TestExamplesInMarkup(t *testing.T) {
	s := schemaOf(t, `{"type":"string","description":"The abbreviation of the requested team.\n<br>Examples: <code>SF</code>, <code>NYY</code>."}`)
	seen := map[string]bool{}
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "example"))
		v.Subject("PlayerSeasonStatsByTeam", "")
		got, _ := v.For(s, s, "team").(string)
		if sh := shape(got); sh != "AA" && sh != "AAA" {
			t.Fatalf("seed %d: %q is not shaped like SF or NYY", seed, got)
		}
		seen[got] = true
	}
	if !seen["NYY"] && len(seen) < 2 {
		t.Fatalf("only the first example is ever used: %v", seen)
	}
}

var iataRe = regexp.MustCompile(`^[A-Z]{3}$`)

func TestNamedFormats(t *testing.T) {
	isDate := func(layout string) func(any) bool {
		return func(x any) bool {
			s, _ := x.(string)
			_, err := time.Parse(layout, s)
			return err == nil
		}
	}
	between := func(lo, hi float64) func(any) bool {
		return func(x any) bool {
			var f float64
			switch n := x.(type) {
			case float64:
				f = n
			case int64:
				f = float64(n)
			case string:
				if _, err := fmt.Sscan(n, &f); err != nil {
					return false
				}
			default:
				return false
			}
			return f >= lo && f <= hi
		}
	}
	matches := func(re string) func(any) bool {
		r := regexp.MustCompile(re)
		return func(x any) bool { s, _ := x.(string); return r.MatchString(s) }
	}
	cases := []struct {
		tool, name, schema string
		ok                 func(any) bool
	}{
		{"book_flight", "travel_from", `{"type":"string","description":"The location the travel is from"}`, matches(`^[A-Z]{3}$`)},
		{"airports", "code", `{"type":"string","description":"IATA code of the airport"}`, matches(`^[A-Z]{3}$`)},
		{"get_stock_info", "symbol", `{"type":"string","description":"Symbol that uniquely identifies the stock. "}`, matches(`^[A-Z]{1,5}$`)},
		{"rates", "currency", `{"type":"string","description":"ISO 4217 currency code"}`, matches(`^[A-Z]{3}$`)},
		{"geo", "country", `{"type":"string","description":"ISO 3166-1 alpha-2 country code"}`, matches(`^[A-Z]{2}$`)},
		{"translate", "target_language", `{"type":"string","description":"The language code of the target language"}`, matches(`^[a-z]{2}$`)},
		{"events", "start_date", `{"type":"string","description":"Start date in the format YYYY-MM-DD"}`, isDate("2006-01-02")},
		{"register_credit_card", "expiration_date", `{"type":"string","description":"The expiration date of the credit card in the format MM/YYYY"}`, isDate("01/2006")},
		{"book_flight", "travel_date", `{"type":"string","description":"The date of the travel in the format YYYY-MM-DD"}`, isDate("2006-01-02")},
		{"get_ticket", "created_by", `{"type":"string"}`, matches(`^[a-z][a-z0-9._]*[a-z0-9]$`)},
		{"authenticate_travel", "user_first_name", `{"type":"string","description":"The first name of the user"}`, matches(`^[A-Z][a-z]+(?:[ '-][A-Z]?[a-z]+)*$`)},
		{"authenticate_travel", "user_last_name", `{"type":"string","description":"The last name of the user"}`, matches(`^[A-Z][a-zA-Z]+(?:[ '-][A-Z]?[a-zA-Z]+)*$`)},
		{"authenticate_travel", "token_type", `{"type":"string","description":"The type of token"}`, matches(`^Bearer$`)},
		{"edit_ticket", "priority", `{"type":"integer","description":"The priority of the ticket"}`, between(1, 5)},
		{"check_tire_pressure", "frontLeftTirePressure", `{"type":"number"}`, between(28, 36)},
		{"adjustClimateControl", "temperature", `{"type":"number","description":"The temperature to set in degree. Default to be celsius."}`, between(17, 26)},
		{"displayCarStatus", "currentACTemperature", `{"type":"number"}`, between(-5, 35)},
		{"place_order", "order_type", `{"type":"string","description":"Type of the order (Buy/Sell)."}`, matches(`^(Buy|Sell)$`)},
		{"resolve_ticket", "resolution", `{"type":"string","description":"Resolution details for the ticket. "}`, matches(`\.$`)},
		{"cp", "destination", `{"type":"string","description":"The destination name to copy the file or directory to."}`, matches(`^[a-z0-9_]+$`)},
		{"mv", "source", `{"type":"string","description":"Source name of the file or directory to move."}`, matches(`^[a-z0-9_.]+$`)},
		{"events", "updated_after", `{"type":"string","format":"date-time"}`, isDate(time.RFC3339)},
		{"signup", "dob", `{"type":"string","description":"Date of birth"}`, func(x any) bool {
			s, _ := x.(string)
			d, err := time.Parse("2006-01-02", s)
			return err == nil && d.Year() >= 1940 && d.Year() <= 2008
		}},
		{"users", "email", `{"type":"string"}`, matches(`^[a-z]+\.[a-z]+@[a-z0-9]+\.[a-z.]+$`)},
		{"webhooks", "callback_url", `{"type":"string"}`, func(x any) bool {
			s, _ := x.(string)
			u, err := url.Parse(s)
			return err == nil && u.Scheme == "https" && u.Host != ""
		}},
		{"contacts", "phone", `{"type":"string","description":"primary phone number, international representation"}`, matches(`^\+\d`)},
		{"places", "lat", `{"type":"number"}`, between(-90, 90)},
		{"places", "longitude", `{"type":"number"}`, between(-180, 180)},
		{"set_color", "red", `{"type":"integer","description":"Red channel"}`, between(0, 255)},
		{"theme", "background", `{"type":"string","description":"Hex colour such as #RRGGBB"}`, matches(`^#[0-9a-f]{6}$`)},
		{"stats", "percentage", `{"type":"number","description":"The percentage to apply"}`, between(0, 100)},
		{"address", "zip", `{"type":"string"}`, matches(`^\d{5}$`)},
		{"cat", "file_name", `{"type":"string","description":"The name of the file from current directory to display. No path is allowed. "}`, matches(`^[a-z0-9_]+\.[a-z0-9]{2,4}$`)},
		{"list_users", "limit", `{"type":"integer","description":"A limit on the number of objects to be returned. Limit can range between 1 and 100, and the default is 10."}`, between(1, 100)},
		{"list_users", "limit", `{"type":"string","description":"the maximum number of items desired (default: 25, maximum: 100)"}`, between(1, 100)},
		{"list_users", "page", `{"type":"integer"}`, between(1, 10)},
		{"checkout", "price", `{"type":"number"}`, func(x any) bool {
			f, ok := x.(float64)
			return ok && f > 0 && fmt.Sprintf("%.2f", f) == fmt.Sprint(f) || ok && strings.Count(fmt.Sprint(f), ".") == 1 && len(strings.Split(fmt.Sprint(f), ".")[1]) <= 2
		}},
		{"weather", "timezone", `{"type":"string","description":"IANA time zone"}`, matches(`^[A-Z][a-z]+/[A-Za-z_]+`)},
		{"create_ticket", "priority", `{"type":"integer","description":"Priority of the ticket, from 1 to 5"}`, between(1, 5)},
		{"get_customer", "customer_name", `{"type":"string"}`, matches(`^[A-Z][a-z'-]+ [A-Z][A-Za-z'-]+$`)},
	}
	for _, c := range cases {
		t.Run(c.tool+"/"+c.name, func(t *testing.T) {
			s := schemaOf(t, c.schema)
			for seed := range int64(30) {
				v := sim.NewValues(seedrand.New(seed, "formats"))
				if c.tool == "book_flight" {
					v.Subject(c.tool, "Book a flight given the travel information. From and To should be the airport codes in the IATA format.")
				} else {
					v.Subject(c.tool, "")
				}
				got := v.For(s, s, c.name)
				if !c.ok(got) {
					t.Fatalf("seed %d: %#v does not fit", seed, got)
				}
				if vs := validates(t, c.schema, got); len(vs) > 0 {
					t.Fatalf("seed %d: %#v: %v", seed, got, vs)
				}
			}
		})
	}
}

// TestFreeTextFitsItsSubject checks that names, titles and descriptions are
// words of their subject, not placeholders, and that person names appear
// only where a person is meant.
func TestFreeTextFitsItsSubject(t *testing.T) {
	str := schemaOf(t, `{"type":"string"}`)
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "text"))
		v.Subject("create_ticket", "Create a support ticket")
		title, _ := v.For(str, str, "title").(string)
		desc, _ := v.For(str, str, "description").(string)
		v.Subject("cat", "Display the contents of a file")
		file, _ := v.For(str, str, "file_name").(string)
		v.Subject("list_components", "List the UI components of the library")
		comp, _ := v.For(str, str, "component_name").(string)
		for _, s := range []string{title, desc, file, comp} {
			if s == "" || placeholder.MatchString(s) {
				t.Fatalf("seed %d: placeholder %q", seed, s)
			}
		}
		if len(strings.Fields(title)) < 2 || !unicode.IsUpper([]rune(title)[0]) {
			t.Fatalf("seed %d: title %q is not a phrase", seed, title)
		}
		if len(strings.Fields(desc)) < 5 || !strings.ContainsAny(desc[len(desc)-1:], ".!?") {
			t.Fatalf("seed %d: description %q is not a sentence", seed, desc)
		}
		if strings.Contains(file, " ") || !strings.Contains(file, ".") {
			t.Fatalf("seed %d: file name %q", seed, file)
		}
		if regexp.MustCompile(`^[A-Z][a-z]+ [A-Z][a-z]+$`).MatchString(comp) && !strings.Contains(comp, "-") {
			// A component is not a person: the two-capitalised-words shape
			// of a person's name is suspicious.
			t.Logf("seed %d: component %q looks like a person", seed, comp)
		}
	}
}

func TestMistakeIsSameShapeAndDifferent(t *testing.T) {
	cases := []struct {
		name, schema string
		right        any
	}{
		{"order_id", `{"type":"string","description":"The order id, such as '#W0000000'."}`, "#W4821093"},
		{"user_id", `{"type":"string"}`, "sara_doe_496"},
		{"ticket_id", `{"type":"integer","minimum":1}`, int64(48213)},
		{"zipcode", `{"type":"string","pattern":"^\\d{5}$"}`, "94107"},
		{"email", `{"type":"string","format":"email"}`, "maria.garcia@acme.io"},
		{"username", `{"type":"string"}`, "mgarcia"},
		{"origin", `{"type":"string","description":"IATA airport code"}`, "LAX"},
		{"travel_date", `{"type":"string","description":"The date of the travel in the format YYYY-MM-DD"}`, "2026-03-14"},
		{"account_number", `{"type":"string","minLength":10,"maxLength":10}`, "0049218734"},
		{"symbol", `{"type":"string","description":"stock symbol"}`, "NVDA"},
		{"status", `{"type":"string","enum":["open","closed","pending"]}`, "open"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.schema)
			for seed := range int64(30) {
				v := sim.NewValues(seedrand.New(seed, "mistake"))
				m := v.Mistake(s, s, c.name, c.right)
				if fmt.Sprint(m) == fmt.Sprint(c.right) {
					t.Fatalf("seed %d: mistake equals the right value %v", seed, m)
				}
				if vs := validates(t, c.schema, m); len(vs) > 0 {
					t.Fatalf("seed %d: %v does not validate: %v", seed, m, vs)
				}
				rs, ok := c.right.(string)
				ms, _ := m.(string)
				if ok && c.name != "status" && shape(ms) != shape(rs) {
					t.Fatalf("seed %d: %q is not shaped like %q", seed, ms, rs)
				}
				if n, ok := c.right.(int64); ok {
					if mn, _ := m.(int64); len(fmt.Sprint(mn)) != len(fmt.Sprint(n)) {
						t.Fatalf("seed %d: %v is not of the magnitude of %v", seed, m, n)
					}
				}
				if ok && c.name != "origin" && c.name != "symbol" && c.name != "travel_date" && c.name != "status" && editDistance(ms, rs) > 2 {
					t.Fatalf("seed %d: %q is not a slip of %q", seed, ms, rs)
				}
			}
		})
	}
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func TestEntitiesStayConsistent(t *testing.T) {
	str := schemaOf(t, `{"type":"string"}`)
	airport := schemaOf(t, `{"type":"string","description":"IATA airport code"}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "entities"))
		c1 := v.For(str, str, "customer_id")
		v.Subject("get_orders", "")
		c2 := v.For(str, str, "customer_id")
		if c1 != c2 {
			t.Fatalf("seed %d: one customer became two: %v, %v", seed, c1, c2)
		}
		if d := v.Different(str, str, "customer_id", c1); d == c1 {
			t.Fatalf("seed %d: Different gave the same customer", seed)
		}
		city1, city2 := v.For(str, str, "city"), v.For(str, str, "city")
		if city1 != city2 {
			t.Fatalf("seed %d: the city changed: %v, %v", seed, city1, city2)
		}
		origin := v.For(airport, airport, "origin")
		dest := v.Different(airport, airport, "destination", origin)
		if origin == dest || !iataRe.MatchString(fmt.Sprint(dest)) {
			t.Fatalf("seed %d: origin %v, destination %v", seed, origin, dest)
		}
		// Two airports of one object differ too.
		trip := schemaOf(t, `{"type":"object","properties":{"from_airport":{"type":"string","description":"IATA code"},"to_airport":{"type":"string","description":"IATA code"}},"required":["from_airport","to_airport"]}`)
		o := v.For(trip, trip, "").(map[string]any)
		if o["from_airport"] == o["to_airport"] {
			t.Fatalf("seed %d: a trip from %v to itself", seed, o["from_airport"])
		}
		// List items are different entities.
		list := schemaOf(t, `{"type":"array","minItems":3,"maxItems":3,"items":{"type":"object","properties":{"customer_id":{"type":"string"},"name":{"type":"string"}},"required":["customer_id","name"]}}`)
		items := v.For(list, list, "customers").([]any)
		ids := map[any]bool{}
		for _, it := range items {
			ids[it.(map[string]any)["customer_id"]] = true
		}
		if len(ids) != 3 {
			t.Fatalf("seed %d: list items share ids: %v", seed, items)
		}
	}
}

type corpusParam struct {
	Tool            string         `json:"tool"`
	ToolDescription string         `json:"tool_description"`
	Param           string         `json:"param"`
	Schema          map[string]any `json:"schema"`
}

func loadParams(t *testing.T) []corpusParam {
	t.Helper()
	f, err := os.Open("testdata/apisguru_params.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusParam
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p corpusParam
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func stringLeaves(x any, out *[]string) {
	switch v := x.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, e := range v {
			stringLeaves(e, out)
		}
	case map[string]any:
		for _, e := range v {
			stringLeaves(e, out)
		}
	}
}

// TestPlaceholderShareOnAPIsGuru fills over 2,000 parameters sampled from
// the APIs.guru corpus (testdata, permissively licensed records) and counts
// the string values of placeholder shape: at most 2 %.
func TestPlaceholderShareOnAPIsGuru(t *testing.T) {
	params := loadParams(t)
	if len(params) < 2000 {
		t.Fatalf("only %d parameters in the sample", len(params))
	}
	var total, bad, invalid int
	var examples []string
	for i, p := range params {
		v := sim.NewValues(seedrand.New(int64(i), "apisguru"))
		v.Subject(p.Tool, p.ToolDescription)
		x := v.For(p.Schema, p.Schema, p.Param)
		var leaves []string
		stringLeaves(x, &leaves)
		for _, s := range leaves {
			total++
			if placeholder.MatchString(s) {
				bad++
				if len(examples) < 20 {
					examples = append(examples, fmt.Sprintf("%s.%s=%q", p.Tool, p.Param, s))
				}
			}
		}
		raw, _ := json.Marshal(p.Schema)
		if len(validates(t, string(raw), x)) > 0 {
			invalid++
		}
	}
	share := float64(bad) / float64(total)
	t.Logf("%d parameters, %d string values, %d placeholder-shaped (%.2f %%), %d schema-invalid", len(params), total, bad, 100*share, invalid)
	if share > 0.02 {
		t.Fatalf("placeholder share %.2f %% > 2 %%: %v", 100*share, examples)
	}
	if float64(invalid)/float64(len(params)) > 0.02 {
		t.Fatalf("%d of %d values do not validate against their schema", invalid, len(params))
	}
}

func TestValuesDeterministicBySeed(t *testing.T) {
	params := loadParams(t)[:300]
	run := func(seed int64) string {
		v := sim.NewValues(seedrand.New(seed, "determinism"))
		var b strings.Builder
		for _, p := range params {
			v.Subject(p.Tool, p.ToolDescription)
			x := v.For(p.Schema, p.Schema, p.Param)
			m := v.Mistake(p.Schema, p.Schema, p.Param, x)
			raw, _ := json.Marshal([]any{x, m})
			b.Write(raw)
		}
		return b.String()
	}
	if first, again := run(5), run(5); first != again {
		t.Fatal("the same seed gave different values")
	}
	if run(5) == run(6) {
		t.Fatal("different seeds gave the same values")
	}
}

// TestLearnBorrowsShapes checks that ids and undescribed fields of a result
// take the shape the cluster's other schemas give the same field.
func TestLearnBorrowsShapes(t *testing.T) {
	input := schemaOf(t, `{"type":"object","properties":{"expiration_date":{"type":"string","description":"The expiration date of the credit card in the format MM/YYYY"},"product_id":{"type":"string","pattern":"^[a-z]+_[0-9]{5}$"}}}`)
	output := schemaOf(t, `{"type":"object","properties":{"cards":{"type":"array","items":{"type":"object","properties":{"expiration_date":{"type":"string"},"product_id":{"type":"string"}},"required":["expiration_date","product_id"]}}},"required":["cards"]}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "learn"))
		v.Learn(input)
		o := v.For(output, output, "").(map[string]any)
		for _, c := range o["cards"].([]any) {
			card := c.(map[string]any)
			if _, err := time.Parse("01/2006", card["expiration_date"].(string)); err != nil {
				t.Fatalf("seed %d: expiration %v", seed, card["expiration_date"])
			}
			if !regexp.MustCompile(`^[a-z]+_[0-9]{5}$`).MatchString(card["product_id"].(string)) {
				t.Fatalf("seed %d: product id %v", seed, card["product_id"])
			}
		}
	}
}

// TestTemplateLiteralsAreNotValues checks that defaults and examples that
// are a template's slot ("{user}", "Int") are never used as values.
func TestTemplateLiteralsAreNotValues(t *testing.T) {
	for _, text := range []string{
		`{"type":"string","default":"{user}","description":"Represents the ID of the user object."}`,
		`{"type":"string","default":"<name>"}`,
		`{"type":"string","default":"Int"}`,
		`{"type":"string","examples":["${TOKEN}"]}`,
	} {
		s := schemaOf(t, text)
		for seed := range int64(30) {
			got, _ := sim.NewValues(seedrand.New(seed, "slots")).For(s, s, "user").(string)
			if strings.ContainsAny(got, "{}<>$") || strings.EqualFold(got, "int") {
				t.Fatalf("%s, seed %d: %q", text, seed, got)
			}
		}
	}
}

// Paging parameters typed as strings still hold numbers.
func TestPagingStringsHoldNumbers(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"defaultSize": map[string]any{"type": "string"},
		"size":        map[string]any{"type": "string", "description": "Number of results in each page"},
		"page":        map[string]any{"type": "string", "description": "Page number of the results"},
	}}
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "paging"))
		out := v.For(schema, schema, "").(map[string]any)
		for k, x := range out {
			if s, _ := x.(string); !regexp.MustCompile(`^[0-9]+$`).MatchString(s) {
				t.Fatalf("seed %d: %s = %q, want a number", seed, k, x)
			}
		}
	}
}

// A name holding a message word it is not about ("BodyPart", "text_color")
// gets no chat message.
func TestCompoundNamesAreNotMessages(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"BodyPart":   map[string]any{"type": "string"},
		"text_color": map[string]any{"type": "string"},
	}, "required": []any{"BodyPart", "text_color"}}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "compound"))
		out := v.For(schema, schema, "").(map[string]any)
		for k, x := range out {
			if s, _ := x.(string); len(s) > 40 || strings.ContainsAny(s, "?!") {
				t.Fatalf("seed %d: %s = %q reads as a message", seed, k, s)
			}
		}
	}
}

// A pagination position is a page token, not a job; a fee's rate typed as a
// string is a number.
func TestPositionAndRate(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"position": map[string]any{"type": "string", "description": "The current pagination position in the paged result set."},
		"rate":     map[string]any{"type": "string"},
	}, "required": []any{"position", "rate"}}
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "position"))
		out := v.For(schema, schema, "").(map[string]any)
		if p, _ := out["position"].(string); strings.Contains(p, " ") || len(p) < 8 {
			t.Fatalf("seed %d: position %q is no page token", seed, p)
		}
		if r, _ := out["rate"].(string); !regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`).MatchString(r) {
			t.Fatalf("seed %d: rate %q is no number", seed, r)
		}
	}
}

// A number-typed ordinal ("pull_number": {"type": "number"}) is whole.
func TestOrdinalsAreWhole(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"pull_number":  map[string]any{"type": "number", "description": "Pull request number"},
		"issue_number": map[string]any{"type": "number"},
	}, "required": []any{"pull_number", "issue_number"}}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "ordinal"))
		out := v.For(schema, schema, "").(map[string]any)
		for k, x := range out {
			if s := fmt.Sprint(x); strings.Contains(s, ".") {
				t.Fatalf("seed %d: %s = %s", seed, k, s)
			}
		}
	}
}

// GitHub's parameters: a branch is a branch name, a repository beside an
// owner is its name alone, a milestone is a number.
func TestRepositoryParameters(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"owner":     map[string]any{"type": "string", "description": "Repository owner (username or organization)"},
		"repo":      map[string]any{"type": "string", "description": "Repository name"},
		"head":      map[string]any{"type": "string", "description": "The name of the branch where your changes are implemented"},
		"base":      map[string]any{"type": "string", "description": "The name of the branch you want the changes pulled into"},
		"milestone": map[string]any{"type": "number"},
	}, "required": []any{"owner", "repo", "head", "base", "milestone"}}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "repo"))
		out := v.For(schema, schema, "").(map[string]any)
		if r, _ := out["repo"].(string); strings.Contains(r, "/") || strings.Contains(r, " ") {
			t.Fatalf("seed %d: repo %q", seed, r)
		}
		for _, k := range []string{"head", "base"} {
			if b, _ := out[k].(string); strings.Contains(b, " ") || b == "" {
				t.Fatalf("seed %d: %s %q is no branch", seed, k, b)
			}
		}
		if m := fmt.Sprint(out["milestone"]); strings.Contains(m, ".") {
			t.Fatalf("seed %d: milestone %s", seed, m)
		}
	}
}
