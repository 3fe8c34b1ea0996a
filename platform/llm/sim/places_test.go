package sim

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// One address names one place: its city, locality and suburb lie in its
// state or region and its country, and its postcode has the country's shape.
func TestAddressNamesOnePlace(t *testing.T) {
	var schema any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"address":{"type":"object","properties":{
		"city":{"type":"string"},"locality":{"type":"string"},"suburb":{"type":"string"},"region":{"type":"string"},
		"country":{"type":"string"},"country_code":{"type":"string"},"postal_code":{"type":"string"}},
		"required":["city","locality","suburb","region","country","country_code","postal_code"]}},"required":["address"]}`), &schema)
	byCity := map[string]place{}
	for _, p := range places {
		byCity[p.city] = p
	}
	for seed := range int64(40) {
		out := NewValues(seedrand.New(seed, "address")).For(schema, schema, "").(map[string]any)
		a := out["address"].(map[string]any)
		p, ok := byCity[a["city"].(string)]
		if !ok {
			t.Fatalf("seed %d: city %q is not a known city", seed, a["city"])
		}
		quarter := false
		for _, q := range p.quarters {
			quarter = quarter || q == a["suburb"]
		}
		shape := regexp.MustCompile("^" + regexp.MustCompile(`[#@]`).ReplaceAllStringFunc(p.postcode, func(c string) string {
			if c == "#" {
				return `\d`
			}
			return `[A-Z]`
		}) + "$")
		if a["locality"] != p.city || !quarter || a["region"] != p.state || a["country"] != p.country || a["country_code"] != p.code ||
			!shape.MatchString(a["postal_code"].(string)) {
			t.Fatalf("seed %d: the fields of one address name different places: %v", seed, a)
		}
	}
}

// An address asking for a zip code and a two-letter state code is an
// American one, whatever city the plan spoke of before.
func TestZipCodeAddressIsAmerican(t *testing.T) {
	var schema any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"city":{"type":"string"},"state":{"type":"string","description":"A two-letter state code"},
		"zipcode":{"type":"string","description":"A five-digit zip code"}},"required":["city","state","zipcode"]}`), &schema)
	for seed := range int64(40) {
		a := NewValues(seedrand.New(seed, "zip")).For(schema, schema, "").(map[string]any)
		if !usPlace(a["city"].(string)) || len(a["state"].(string)) != 2 || !regexp.MustCompile(`^\d{5}$`).MatchString(a["zipcode"].(string)) {
			t.Fatalf("seed %d: %v is not one American address", seed, a)
		}
	}
}

// A response is about the place its call asked for: the regions of a
// state are in that state's cities.
func TestResultIsAboutThePlaceAsked(t *testing.T) {
	var schema any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"city":{"type":"string"},"state":{"type":"string","description":"A two-letter state code"}},"required":["city","state"]}`), &schema)
	for seed := range int64(20) {
		a := NewValues(seedrand.New(seed, "asked")).Result(schema, map[string]any{"state": "FL"}).(map[string]any)
		if a["city"] != "Orlando" {
			t.Fatalf("seed %d: %v is not in the state asked for", seed, a)
		}
	}
}
