package sim_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

func TestValuesSatisfySchemas(t *testing.T) {
	schemas := map[string]string{
		"formats":   `{"type":"object","properties":{"d":{"type":"string","format":"date"},"dt":{"type":"string","format":"date-time"},"e":{"type":"string","format":"email"},"u":{"type":"string","format":"uri"},"id":{"type":"string","format":"uuid"},"ip":{"type":"string","format":"ipv4"}},"required":["d","dt","e","u","id","ip"]}`,
		"enums":     `{"type":"object","properties":{"unit":{"enum":["c","f"]},"k":{"const":3}},"required":["unit","k"]}`,
		"ranges":    `{"type":"object","properties":{"n":{"type":"integer","minimum":5,"maximum":7},"x":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"m":{"type":"integer","multipleOf":5,"minimum":1},"year":{"type":"integer"}},"required":["n","x","m","year"]}`,
		"lengths":   `{"type":"object","properties":{"code":{"type":"string","minLength":12,"maxLength":14},"tiny":{"type":"string","maxLength":2}},"required":["code","tiny"]}`,
		"patterns":  `{"type":"object","properties":{"iata":{"type":"string","pattern":"^[A-Z]{3}$"},"zip":{"type":"string","pattern":"^\\d{5}$"},"slug":{"type":"string","pattern":"^[a-z0-9-]+$"}},"required":["iata","zip","slug"]}`,
		"arrays":    `{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":4,"uniqueItems":true},"pts":{"type":"array","items":{"type":"object","properties":{"lat":{"type":"number","minimum":-90,"maximum":90}},"required":["lat"]}}},"required":["tags","pts"]}`,
		"refs":      `{"type":"object","$defs":{"money":{"type":"object","properties":{"amount":{"type":"number","minimum":0},"currency":{"type":"string","enum":["EUR","USD"]}},"required":["amount","currency"]}},"properties":{"price":{"$ref":"#/$defs/money"}},"required":["price"]}`,
		"unions":    `{"type":"object","properties":{"a":{"anyOf":[{"type":"null"},{"type":"integer","minimum":1}]},"b":{"type":["string","null"]},"c":{"allOf":[{"type":"object","properties":{"x":{"type":"boolean"}},"required":["x"]}]}},"required":["a","b","c"]}`,
		"draft7":    `{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"q":{"type":"string"}},"required":["q"]}`,
		"no-schema": `{}`,
	}
	for name, text := range schemas {
		t.Run(name, func(t *testing.T) {
			doc, err := jsonschema.Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			var schema any
			_ = json.Unmarshal([]byte(text), &schema)
			s, _ := doc.At("")
			for seed := range int64(50) {
				v := sim.NewValues(seedrand.New(seed, "test")).For(schema, schema, "")
				raw, _ := json.Marshal(v)
				if vs := s.ValidateJSON(raw); len(vs) > 0 {
					t.Fatalf("seed %d: %s does not validate: %v", seed, raw, vs)
				}
			}
		})
	}
}

func TestValuesByName(t *testing.T) {
	v := sim.NewValues(seedrand.New(1, "names"))
	str := map[string]any{"type": "string"}
	for name, check := range map[string]func(string) bool{
		"email": func(s string) bool {
			return strings.Count(s, "@") == 1 && strings.Contains(s[strings.Index(s, "@"):], ".")
		},
		"country_code": func(s string) bool { return len(s) == 2 },
		"currency":     func(s string) bool { return len(s) == 3 },
		"start_date":   func(s string) bool { return len(s) == 10 && s[4] == '-' },
		"orderId":      func(s string) bool { return len(s) > 5 && !placeholder.MatchString(s) },
		"cve_id":       regexp.MustCompile(`^CVE-20[0-9]{2}-[0-9]{4,}$`).MatchString,
		"jwt":          regexp.MustCompile(`^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`).MatchString,
	} {
		got, _ := v.For(nil, str, name).(string)
		if !check(got) {
			t.Errorf("%s: implausible value %q", name, got)
		}
	}
}

// An entity whose id one tool calls a GUID has GUIDs everywhere, so the id
// another tool returns fits the tool that takes it; E.164 numbers are
// written compact and a phone's country code is a calling code.
func TestIDsAndPhonesFollowWhatTheSchemasSay(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	e164 := regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	consumer := map[string]any{"type": "object", "properties": map[string]any{"ruleId": map[string]any{"type": "string", "description": "GUID of the rule"}}}
	producer := map[string]any{"type": "object", "title": "rule", "properties": map[string]any{"rule_id": map[string]any{"type": "string"}}}
	phones := map[string]any{"type": "object", "properties": map[string]any{
		"to":        map[string]any{"type": "string", "description": "Destination number in E.164 format"},
		"PhoneCode": map[string]any{"type": "string"},
	}}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "ids"))
		v.Learn(consumer)
		out := v.For(producer, producer, "").(map[string]any)
		if id, _ := out["rule_id"].(string); !uuid.MatchString(id) {
			t.Fatalf("seed %d: rule_id %q is not a GUID though ruleId is one", seed, id)
		}
		p := v.For(phones, phones, "").(map[string]any)
		if to, _ := p["to"].(string); !e164.MatchString(to) {
			t.Fatalf("seed %d: E.164 number %q", seed, to)
		}
		if c, _ := p["PhoneCode"].(string); !regexp.MustCompile(`^\+[0-9]{1,3}$`).MatchString(c) {
			t.Fatalf("seed %d: PhoneCode %q", seed, c)
		}
	}
}

func TestAccepts(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"season":    map[string]any{"type": "string", "description": "Year and type of the season. Examples: <code>2015REG</code>, <code>2015PRE</code>."},
		"ServiceId": map[string]any{"type": "string", "description": "GUID"},
		"query":     map[string]any{"type": "string", "description": "Free text"},
	}}
	props := schema["properties"].(map[string]any)
	v := sim.NewValues(seedrand.New(1, "accepts"))
	for _, c := range []struct {
		name  string
		value any
		want  bool
	}{
		{"season", "2019REG", true}, {"season", 34.0, false}, {"season", "regular", false},
		{"ServiceId", "3f2b8c1e-9a4d-4c2e-8f1a-2b3c4d5e6f70", true}, {"ServiceId", "gue_mEbhlFp5LZ1B1B", false},
		{"query", "spa treatments", true}, {"query", 12.0, true},
	} {
		if got := v.Accepts(schema, props[c.name], c.name, c.value); got != c.want {
			t.Errorf("Accepts(%s, %v) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

// A year in an example stays a plausible year in the values drawn from it,
// and a numeric season is a year.
func TestExampleYearsStayYears(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"season": map[string]any{"type": "string", "description": "Year and type of the season. Examples: <code>2015REG</code>, <code>2015PRE</code>."},
		"Season": map[string]any{"type": "integer"},
	}, "required": []any{"season", "Season"}}
	re := regexp.MustCompile(`^20(1[5-9]|2[0-5])(REG|PRE)$`)
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "years"))
		out := v.For(schema, schema, "").(map[string]any)
		if s, _ := out["season"].(string); !re.MatchString(s) {
			t.Fatalf("seed %d: season %q", seed, s)
		}
		if y, err := strconv.Atoi(fmt.Sprint(out["Season"])); err != nil || y < 1950 || y > 2030 {
			t.Fatalf("seed %d: Season %v is no year", seed, out["Season"])
		}
	}
}

// An object the schema leaves open (an unresolved reference with only a
// title) holds the fields such a thing has, not nothing.
func TestOpenObjectsHoldTheirThing(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"items": map[string]any{"type": "array", "items": map[string]any{"type": "object", "title": "ApiKey", "x-ref": "ApiKey"}},
	}, "required": []any{"items"}}
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "open"))
		out := v.For(schema, schema, "").(map[string]any)
		items, _ := out["items"].([]any)
		for _, it := range items {
			if m, _ := it.(map[string]any); len(m) == 0 {
				t.Fatalf("seed %d: an empty ApiKey in %v", seed, out)
			}
		}
	}
}

// The items of a list follow what the list's description says of them.
func TestListItemsFollowTheListsDescription(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"contributor_country": map[string]any{"type": "array", "items": map[string]any{"type": "string", "minLength": 2, "maxLength": 2},
			"description": "Show images from contributors in one or more specified countries by 2-letter ISO 3166-1 alpha-2 country code, such as DE or US"},
		"party": map[string]any{"type": "array", "items": map[string]any{"type": "string"},
			"description": "Three-letter code for the party affiliated with a candidate or committee. For example, DEM for Democratic Party and REP for Republican Party."},
	}, "required": []any{"contributor_country", "party"}}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "items"))
		out := v.For(schema, schema, "").(map[string]any)
		for k, x := range out {
			for _, it := range x.([]any) {
				if s, _ := it.(string); !regexp.MustCompile(`^[A-Z]{2,3}$`).MatchString(s) {
					t.Fatalf("seed %d: %s item %q", seed, k, s)
				}
			}
		}
	}
}

// A request or correlation id is made anew for every call: one plan's
// calls do not share it, while the entity ids they name stay the same.
func TestRequestIDsAreFreshPerCall(t *testing.T) {
	v := sim.NewValues(seedrand.New(4, "request ids"))
	str := map[string]any{"type": "string"}
	described := map[string]any{"type": "string", "description": "This header must specify an ID with each request that is unique for the logged in user."}
	for _, tc := range []struct {
		name   string
		schema map[string]any
	}{{"X-Bunq-Client-Request-Id", described}, {"X-Request-Id", str}, {"correlationId", str}, {"Idempotency-Key", str}, {"requestToken", described}} {
		a, _ := v.For(nil, tc.schema, tc.name).(string)
		b, _ := v.For(nil, tc.schema, tc.name).(string)
		if a == "" || a == b {
			t.Errorf("%s: two calls sent %q and %q", tc.name, a, b)
		}
	}
	a, b := v.For(nil, str, "customer_id"), v.For(nil, str, "customer_id")
	if a != b {
		t.Errorf("customer_id: one plan named two customers, %v and %v", a, b)
	}
}

// The people a conversation or an event has are named by their handles.
func TestParticipantsAreUsers(t *testing.T) {
	v := sim.NewValues(seedrand.New(2, "participants"))
	handle := regexp.MustCompile(`^[a-z]+(?:[._][a-z]+|\d{2}|_[a-z])?$`)
	for _, name := range []string{"participants", "attendees", "invitees"} {
		list, _ := v.For(nil, map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": "Array of active " + name}, name).([]any)
		for _, x := range list {
			if s, _ := x.(string); !handle.MatchString(s) {
				t.Errorf("%s: %q is nobody's handle", name, s)
			}
		}
	}
}

// Formats OpenAPI documents name beside JSON Schema's own: a "guid" is a
// UUID, a "unix-time" seconds since the epoch; a ZIP code typed as an
// integer has five digits.
func TestOpenAPIFormatsAndIntegerZipCodes(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "openapi formats"))
		if id, _ := v.For(nil, map[string]any{"type": "string", "format": "guid", "description": "Report filter identifier"}, "reportFilterId").(string); !uuid.MatchString(id) {
			t.Errorf("seed %d: guid %q", seed, id)
		}
		if ts, _ := v.For(nil, map[string]any{"type": "integer", "format": "unix-time"}, "since").(int64); ts < 1.6e9 || ts > 1.9e9 {
			t.Errorf("seed %d: unix-time %d", seed, ts)
		}
		if zip, _ := v.For(nil, map[string]any{"type": "integer"}, "zipCode").(int64); zip < 10000 || zip > 99999 {
			t.Errorf("seed %d: zipCode %d", seed, zip)
		}
	}
}
