package sim_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/brianvoe/gofakeit/v7/data"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// TestCompanyNamesOnlyWhereTheFieldIsOne: a company's name fills a field
// that names a company, not the name of another sort of thing nor a field
// of no known kind on a tool that speaks of companies.
func TestCompanyNamesOnlyWhereTheFieldIsOne(t *testing.T) {
	companies := data.Company["name"]
	hasCompany := func(s string) bool {
		for _, c := range companies {
			if strings.Contains(s, c) {
				return true
			}
		}
		return false
	}
	cases := []struct{ tool, desc, schema, path string }{
		// An object titled by a code ("dfr061") is what its property names.
		{"dfr_rest_services.get_demographics_by_id.get", "Displays Census demographics by Facility ID",
			`{"type":"object","properties":{"Demographics":{"type":"object","title":"dfr061"}},"required":["Demographics"]}`, "Demographics.name"},
		{"time_entry_types.time_entry_type_id.get", "View time entry type",
			`{"type":"object","title":"type","properties":{"name":{"type":"string"}},"required":["name"]}`, "name"},
		{"get_company_components", "Lists the components of a company's product",
			`{"type":"object","properties":{"componentList":{"type":"array","items":{"type":"string"},"minItems":1}},"required":["componentList"]}`, "componentList"},
		{"location.name.get", "Get location information by name",
			`{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`, "name"},
	}
	for _, c := range cases {
		var schema any
		if err := json.Unmarshal([]byte(c.schema), &schema); err != nil {
			t.Fatal(err)
		}
		seen := 0
		for seed := range int64(30) {
			v := sim.NewValues(seedrand.New(seed, "kinds"))
			v.Subject(c.tool, c.desc)
			x := v.For(schema, schema, "")
			for _, k := range strings.Split(c.path, ".") {
				x = x.(map[string]any)[k]
			}
			if x == nil {
				continue // an optional field left out
			}
			seen++
			if l, ok := x.([]any); ok {
				x = l[0]
			}
			if s, _ := x.(string); s == "" || hasCompany(s) {
				t.Fatalf("%s %s (seed %d) = %q, want a value of the field's kind, not a company", c.tool, c.path, seed, s)
			}
		}
		if seen < 10 {
			t.Fatalf("%s %s: present in %d of 30 outputs", c.tool, c.path, seen)
		}
	}
	// A company field still holds one.
	v := sim.NewValues(seedrand.New(1, "kinds"))
	s := map[string]any{"type": "string"}
	if got, _ := v.For(s, s, "company_name").(string); !hasCompany(got) {
		t.Fatalf("company_name = %q, want a company", got)
	}
}

// TestPhrasesNeverDoubleAWord: a phrase for a field of no known kind
// never says one word twice ("draft draft").
func TestPhrasesNeverDoubleAWord(t *testing.T) {
	s := map[string]any{"type": "string"}
	for seed := range int64(400) {
		v := sim.NewValues(seedrand.New(seed, "phrase"))
		got, _ := v.For(s, s, "homeConference").(string)
		if w := strings.Fields(strings.ToLower(got)); len(w) == 2 && w[0] == w[1] {
			t.Fatalf("seed %d: homeConference = %q", seed, got)
		}
		got, _ = v.For(s, s, "travel_name").(string)
		if w := strings.Fields(strings.ToLower(got)); len(w) == 2 && w[0] == w[1] {
			t.Fatalf("seed %d: travel_name = %q", seed, got)
		}
	}
}

// TestRequestPartsReadAsHTTP: a cookie, a header or form data a request
// carries reads as one, not as a phrase ("cookie": "spiced poached pears").
func TestRequestPartsReadAsHTTP(t *testing.T) {
	for name, want := range map[string]func(string) bool{
		"cookie":    func(s string) bool { return strings.Contains(s, "=") && strings.Contains(s, ";") },
		"headers":   func(s string) bool { return strings.Contains(s, ": ") },
		"post_data": func(s string) bool { return strings.Contains(s, "=") && strings.Contains(s, "&") },
		"referer":   func(s string) bool { return strings.HasPrefix(s, "https://") },
	} {
		for seed := range int64(10) {
			v := sim.NewValues(seedrand.New(seed, "http"))
			v.Subject("CreateScreenshot", "Request a screenshot of a web page")
			s := map[string]any{"type": "string"}
			if got, _ := v.For(s, s, name).(string); !want(got) {
				t.Fatalf("%s (seed %d) = %q", name, seed, got)
			}
		}
	}
}
