package sim

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// An address's street line, postcode and city follow its country's
// convention: the number after the street in Germany, before it in France,
// the postcode after the city in London and before it in Lyon, a real
// street of the city.
func TestAddressFollowsItsCountry(t *testing.T) {
	var schema any
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"street":{"type":"string"},"line2":{"type":"string"},"city":{"type":"string"},
		"postal_code":{"type":"string"},"full_address":{"type":"string","description":"The full postal address"}},
		"required":["street","line2","city","postal_code","full_address"]}`), &schema)
	// The street line and the whole address by country; %s is the street.
	shapes := map[string][2]string{
		"US": {`^\d{3,4} %s$`, `^\d{3,4} %s, {city}, [A-Z]{2} \d{5}, United States$`},
		"CA": {`^\d{1,3} %s$`, `^\d{1,3} %s, {city}, [A-Z]{2} {code}, Canada$`},
		"GB": {`^\d{1,3} %s$`, `^\d{1,3} %s, {city} {code}, United Kingdom$`},
		"IE": {`^\d{1,3} %s$`, `^\d{1,3} %s, Dublin {code}, Ireland$`},
		"AU": {`^\d{1,3} %s$`, `^\d{1,3} %s, {city} (NSW|VIC) {code}, Australia$`},
		"FR": {`^\d{1,3} %s$`, `^\d{1,3} %s, {code} {city}, France$`},
		"DE": {`^%s \d{1,3}$`, `^%s \d{1,3}, {code} {city}, Germany$`},
		"NL": {`^%s \d{1,3}$`, `^%s \d{1,3}, {code} Amsterdam, Netherlands$`},
		"SE": {`^%s \d{1,3}$`, `^%s \d{1,3}, {code} Stockholm, Sweden$`},
		"IT": {`^%s \d{1,3}$`, `^%s \d{1,3}, {code} Milan, Italy$`},
		"PT": {`^%s \d{1,3}$`, `^%s \d{1,3}, {code} {city}, Portugal$`},
		"ES": {`^%s, \d{1,3}$`, `^%s, \d{1,3}, {code} {city}, Spain$`},
		"MX": {`^%s \d{1,3}$`, `^%s \d{1,3}, {code} Mexico City, Mexico$`},
		"BR": {`^%s, \d{1,3}$`, `^%s, \d{1,3}, São Paulo - SP, {code}, Brazil$`},
		"JP": {`^\d-\d{1,2}-\d{1,2} %s$`, `^\d-\d{1,2}-\d{1,2} %s, Tokyo {code}, Japan$`},
		"IN": {`^\d{1,3}, %s$`, `^\d{1,3}, %s, Bengaluru, Karnataka {code}, India$`},
	}
	byCity := map[string]place{}
	for _, p := range places {
		byCity[p.city] = p
		if _, ok := shapes[p.code]; !ok || len(cityStreets[p.city]) == 0 {
			t.Fatalf("%s (%s) has no address convention or no streets", p.city, p.code)
		}
	}
	seen := map[string]bool{}
	for seed := range int64(300) {
		a := NewValues(seedrand.New(seed, "postal")).For(schema, schema, "").(map[string]any)
		p, ok := byCity[a["city"].(string)]
		if !ok {
			t.Fatalf("seed %d: unknown city in %v", seed, a)
		}
		seen[p.code] = true
		var streets []string
		for _, s := range cityStreets[p.city] {
			streets = append(streets, regexp.QuoteMeta(s))
		}
		street := "(" + strings.Join(streets, "|") + ")"
		sh := shapes[p.code]
		r := strings.NewReplacer("{city}", regexp.QuoteMeta(p.city), "{code}", regexp.QuoteMeta(a["postal_code"].(string)))
		if !regexp.MustCompile(strings.Replace(sh[0], "%s", street, 1)).MatchString(a["street"].(string)) {
			t.Errorf("seed %d: street line %q is not how %s writes one", seed, a["street"], p.country)
		}
		// The whole address is its own draw: its postcode is another of the
		// city's.
		full := regexp.MustCompile(strings.Replace(r.Replace(strings.ReplaceAll(sh[1], "{code}", `[^,]+`)), "%s", street, 1))
		if !full.MatchString(a["full_address"].(string)) {
			t.Errorf("seed %d: address %q is not how %s writes one", seed, a["full_address"], p.country)
		}
		if p.code != "US" && regexp.MustCompile(`^(Suite|Apt|Floor|Unit) `).MatchString(a["line2"].(string)) && p.code != "CA" && p.code != "GB" && p.code != "IE" && p.code != "AU" && p.code != "IN" {
			t.Errorf("seed %d: second line %q in %s is in American words", seed, a["line2"], p.country)
		}
	}
	if len(seen) < 12 {
		t.Fatalf("only %d countries drawn: %v", len(seen), seen)
	}
}
