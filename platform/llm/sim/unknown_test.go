package sim_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A field no rule names gets a value of the form its description or name
// gives (a name a user picks, a token, a date stated past the first
// sentence, a count, a URL list), never a noun phrase from another domain.
func TestFieldsOfUnknownKindFitTheirWords(t *testing.T) {
	slug := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)+$`)
	token := regexp.MustCompile(`^[A-Za-z0-9]{12,}$`)
	date := regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)
	digits := regexp.MustCompile(`^\d+$`)
	url := regexp.MustCompile(`^https?://`)
	fn := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	cases := []struct {
		name, desc string
		ok         *regexp.Regexp
	}{
		{"thing", "A unique name of a thing.", slug},
		{"lock", "A valid dweet.io lock.", token},
		{"p_pfead", "Formal Enforcement Action Date Range End.  Enter a date in MM/DD/YYYY format to set the end of the range.", date},
		{"inf_fea_rows", "Number of facilities with infea_5yr_flag populated", digits},
		{"redirect_uris", "", url},
		{"callback", "", fn},
		{"urls_in_queue", "", digits},
		{"pages_crawled", "", digits},
		{"next", "", url},
		{"previous", "", url},
		{"computing_revision", "", digits},
		{"roles", "", regexp.MustCompile(`^(admin|editor|viewer|owner|member|billing)$`)},
		{"comparable", "", regexp.MustCompile(`^(true|false)$`)},
		{"features", "", regexp.MustCompile(`^[A-Z][A-Za-z-]+(?: [A-Za-z0-9-]+)*$`)},
	}
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "unknown kinds"))
		v.Subject("lockThing", "Reserve and lock a thing.")
		for _, c := range cases {
			s := map[string]any{"type": "string"}
			if c.desc != "" {
				s["description"] = c.desc
			}
			got, _ := v.For(nil, s, c.name).(string)
			if !c.ok.MatchString(got) {
				t.Errorf("seed %d: %s (%q) = %q", seed, c.name, c.desc, got)
			}
		}
	}
}

// Bytes an API sends as a string are base64, an opening-hours day a time
// range, an expiration a time.
func TestBytesHoursAndExpirations(t *testing.T) {
	b64 := regexp.MustCompile(`^[A-Za-z0-9+/]{40,}={0,2}$`)
	hours := regexp.MustCompile(`^\d{2}:\d{2}-\d{2}:\d{2}$`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "bytes"))
		v.Subject("Preprocessing_Binarize", "Convert an image of text into a binarized view")
		if got, _ := v.Result(map[string]any{"type": "string", "format": "byte"}, map[string]any{}).(string); !b64.MatchString(got) {
			t.Errorf("seed %d: bytes %q", seed, got)
		}
		days, _ := v.For(nil, map[string]any{"type": "object", "properties": map[string]any{"mon": map[string]any{"type": "array", "items": map[string]any{"type": "string"}}}, "required": []any{"mon"}}, "openingTimes").(map[string]any)
		for _, x := range days["mon"].([]any) {
			if !hours.MatchString(x.(string)) {
				t.Errorf("seed %d: opening hours %q", seed, x)
			}
		}
		if got, _ := v.For(nil, map[string]any{"type": "string"}, "expiration").(string); !strings.HasPrefix(got, "20") {
			t.Errorf("seed %d: expiration %q", seed, got)
		}
	}
}

// A tool whose whole result is one string of no stated kind answers in
// words, not with a made-up code.
func TestBareStringResultsAreNotCodes(t *testing.T) {
	code := regexp.MustCompile(`^[A-Z]{2,3}-\d{4}$`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "bare strings"))
		v.Subject("getMotto", "Returns the motto of the day")
		if got, _ := v.Result(map[string]any{"type": "string"}, map[string]any{}).(string); code.MatchString(got) || got == "" {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}

// A closed compound names what its last word names ("footnote" is a note),
// and a last-resort code never reads as a stand-in ("FOO-2381").
func TestClosedCompoundsAndStandInCodes(t *testing.T) {
	standIn := regexp.MustCompile(`(?i)^(?:foo|bar|baz|qux|abc|xyz|tbd|test|tmp)[-_ ]?[0-9]*$`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "compounds"))
		v.Subject("get_food_ingredient_search", "Search ingredients")
		if got, _ := v.For(nil, map[string]any{"type": "string"}, "footnote").(string); !strings.Contains(got, " ") {
			t.Errorf("seed %d: footnote %q", seed, got)
		}
		for _, name := range []string{"foobar", "barcodeish", "abcissa", "tbdx"} {
			if got, _ := v.For(nil, map[string]any{"type": "string"}, name).(string); standIn.MatchString(got) {
				t.Errorf("seed %d: %s = %q", seed, name, got)
			}
		}
	}
}
