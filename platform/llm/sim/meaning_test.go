package sim_test

import (
	"regexp"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// plainName is a codename of two plain words ("Silver falcon").
var plainName = regexp.MustCompile(`^(Silver|Blue|Quiet|North|Green|Bright|Amber|Cedar|Coral|Granite|Willow|Golden|Misty|Stone) [a-z]+$`)

// A text field whose name or description says what it holds gets a value
// of that meaning, not a prefix code ("SER-2552" for a service, "VIA-6031"
// for how a post was sent); fields that are codes keep a code's shape.
func TestFieldsReadableByNameAreNotCodes(t *testing.T) {
	code := regexp.MustCompile(`^[A-Z]{2,5}-\d{3,6}$`)
	profile := schemaOf(t, `{"type":"object","required":["service","formatted_service","via","text_formatted","avatar_https","wikipedia",
		"elevation_ft","continent","legalForm","managingDirectors","operator","disclaimer","protocol","operation","train","department",
		"copy","home","away_conference","voucher_ref","disconnected","stat","validFrom","validTill","abbrev","webid","devtoken","redirect","defense","offense_conference","RCRAstatus","preprocessing","find","prefix","missed"],"properties":{
		"service":{"type":"string"},"formatted_service":{"type":"string"},"via":{"type":"string"},"text_formatted":{"type":"string"},
		"avatar_https":{"type":"string"},"wikipedia":{"type":"string"},"elevation_ft":{"type":"string"},"continent":{"type":"string"},
		"legalForm":{"type":"string"},"managingDirectors":{"type":"array","items":{"type":"string"}},"operator":{"type":"string"},
		"disclaimer":{"type":"string"},"protocol":{"type":"string"},"operation":{"type":"string"},"train":{"type":"string"},
		"department":{"type":"string","description":"The department of the participant"},
		"copy":{"type":"string","description":"The second text. It should not contain HTML tags."},
		"home":{"type":"string"},"away_conference":{"type":"string"},"voucher_ref":{"type":"string"},
		"disconnected":{"type":"string"},"stat":{"type":"string"},"validFrom":{"type":"string"},"validTill":{"type":"string"},"abbrev":{"type":"string"},
		"webid":{"type":"string"},"devtoken":{"type":"string"},"redirect":{"type":"string"},"defense":{"type":"string"},"offense_conference":{"type":"string"},
		"RCRAstatus":{"type":"string","title":"RCRA 3-Year Compliance Status"},
		"preprocessing":{"type":"string","description":"Optional, preprocessing mode, default is 'Auto'.  Possible values are None (no preprocessing of the image), and Auto (automatic image enhancement of the image)"},
		"find":{"type":"string","description":"Search our database for a single ingredient or a specific set of ingredients."},
		"prefix":{"type":"string","description":"A 4-7 digit prefix"},"missed":{"type":"string"}}}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "meaning"))
		v.Subject("getGames", "Games and results of a season's football games, social media profiles")
		o := v.Result(profile, map[string]any{}).(map[string]any)
		for k, re := range map[string]*regexp.Regexp{
			"elevation_ft": regexp.MustCompile(`^\d+$`), "wikipedia": regexp.MustCompile(`^https://`), "avatar_https": regexp.MustCompile(`^https://`),
			"disconnected": regexp.MustCompile(`^(true|false)$`), "protocol": regexp.MustCompile(`^[a-z]+$`),
			"validFrom": regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`), "validTill": regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`), "abbrev": regexp.MustCompile(`^[A-Z]{2,6}$`),
			"webid": regexp.MustCompile(`\d`), "devtoken": regexp.MustCompile(`^[A-Za-z0-9]{16,}$`), "redirect": regexp.MustCompile(`^https?://`),
			"preprocessing": regexp.MustCompile(`^(None|Auto)$`), "prefix": regexp.MustCompile(`^\d{4,7}$`), "missed": regexp.MustCompile(`^(true|false)$`),
			"continent": regexp.MustCompile(`^(Europe|Asia|Africa|Oceania|North America|South America)$`),
		} {
			if str, _ := o[k].(string); !re.MatchString(str) {
				t.Errorf("seed %d: %s = %q", seed, k, str)
			}
		}
		for _, p := range o["managingDirectors"].([]any) {
			if str, _ := p.(string); len(regexp.MustCompile(`^[A-Z][a-z]+ [A-Z]`).FindString(str)) == 0 {
				t.Errorf("seed %d: a managing director is %q, not a person", seed, str)
			}
		}
		for _, k := range []string{"defense", "offense_conference", "away_conference", "home", "RCRAstatus", "find"} {
			if str, _ := o[k].(string); plainName.MatchString(str) {
				t.Errorf("seed %d: %s = %q, a codename for a team or a conference", seed, k, str)
			}
		}
		for k, x := range o {
			if k == "voucher_ref" || k == "webid" {
				continue
			}
			xs := []any{x}
			if l, ok := x.([]any); ok {
				xs = l
			}
			for _, s := range xs {
				if str, _ := s.(string); code.MatchString(str) {
					t.Errorf("seed %d: %s = %q, a code for a field that says what it holds", seed, k, str)
				}
			}
		}
	}
}
