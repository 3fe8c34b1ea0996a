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

// workAreaName is a thing named by a line of work ("Procurement
// activity"), the codename of kinds of things.
var workAreaName = regexp.MustCompile(`^(Billing|Onboarding|Support|Consulting|Maintenance|Travel|Overtime|Research|Training|Sales|Marketing|Operations|Logistics|Quality|Payroll|Procurement) [a-z][a-z ]*$`)

// Fields no kind rule names whose name or description still says what
// they hold get a value of that meaning, never a codename ("self":
// "Bright meadow", "nanos": "Quiet meadow"): a resource's link, a number
// of a unit, the parts of a person's name, people by their role, a
// category, prose, an error, codes of networks, cards and chains, a
// profile on a social network, a system's name for a thing, a domain, a
// colour, a quality, a deployment stage; a response that worked sends no
// error.
func TestFieldsThatSayWhatTheyHoldGetNoCodename(t *testing.T) {
	s := schemaOf(t, `{"type":"object","properties":{
		"self":{"type":"string","minLength":1},"nanos":{"type":"string","format":"int64"},"units":{"type":"string","format":"int64"},
		"X-API2CRM-DESCRIBE-LIFETIME":{"type":"string","description":"Describe lifetime"},
		"familiar_name":{"type":"string"},"abbreviated_name":{"type":"string"},"public_nick_name":{"type":"string"},
		"contributors":{"type":"array","items":{"type":"string"}},"organizer":{"type":"string"},"owner_display_names":{"type":"array","items":{"type":"string"}},
		"Subcategory":{"type":"string"},"industry":{"type":"string"},"source":{"type":"string","description":"Lead Source"},"frequency":{"type":"string"},
		"Error":{"type":"string","description":"If the request failed, this is the returned error."},"cause":{"type":"string"},
		"contentSnippet":{"type":"string"},"explanation":{"type":"string"},"openTextPlaceholder":{"type":"string"},
		"ssid":{"type":"string"},"fingerprint":{"type":"string"},"barcode":{"type":"string"},"swift_bic":{"type":"string"},
		"ethereumaddress":{"type":"string"},"linkedin":{"type":"string"},"twitter":{"type":"string"},
		"systemName":{"type":"string"},"domainName":{"type":"string"},"colorName":{"type":"string"},"conversionQuality":{"type":"string"},
		"rel":{"type":"string"},"hreflang":{"type":"string"},"stageName":{"type":"string"},"license":{"type":"string"},
		"hometown":{"type":"string"},"begin":{"type":"string"}}}`)
	shapes := map[string]*regexp.Regexp{
		"self": regexp.MustCompile(`^https://`), "nanos": regexp.MustCompile(`^\d+$`), "units": regexp.MustCompile(`^\d+$`),
		"X-API2CRM-DESCRIBE-LIFETIME": regexp.MustCompile(`^\d+$`), "familiar_name": regexp.MustCompile(`^[A-Z][a-z]+$`),
		"abbreviated_name": regexp.MustCompile(`^[A-Z]{2}$`), "ethereumaddress": regexp.MustCompile(`^0x[0-9a-f]{40}$`),
		"barcode": regexp.MustCompile(`^\d{13}$`), "domainName": regexp.MustCompile(`^[a-z0-9.-]+\.[a-z]+$`),
		"linkedin": regexp.MustCompile(`^https://www\.linkedin\.com/`), "twitter": regexp.MustCompile(`^@`),
		"rel":   regexp.MustCompile(`^(self|next|prev|first|last|related)$`),
		"begin": regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`), "hometown": regexp.MustCompile(`^[A-Z][a-z]+`),
	}
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "said"))
		v.Subject("getAccountEntity", "Returns an account of the CRM")
		o := v.Result(s, map[string]any{}).(map[string]any)
		if e, has := o["Error"]; has {
			t.Errorf("seed %d: a call that worked answers with an error: %v", seed, e)
		}
		for k, x := range o {
			xs := []any{x}
			if l, ok := x.([]any); ok {
				xs = l
			}
			for _, e := range xs {
				str, _ := e.(string)
				if plainName.MatchString(str) || workAreaName.MatchString(str) {
					t.Errorf("seed %d: %s = %q, a codename", seed, k, str)
				}
				if re := shapes[k]; re != nil && !re.MatchString(str) {
					t.Errorf("seed %d: %s = %q", seed, k, str)
				}
			}
		}
	}
}

// A list's entries named only "Items" on a tool that sells nothing are
// the listed things' ids, not products ("CachePolicyList": {"Items":
// ["Essential Mattress Topper"]}), and a bound on how many items a page
// holds is a number ("MaxItems": "Camera-Enabled Tap").
func TestListedItemsAreTheListedThings(t *testing.T) {
	s := schemaOf(t, `{"type":"object","properties":{"CachePolicyList":{"type":"object","required":["Items","MaxItems"],
		"properties":{"Items":{"type":"array","minItems":1,"items":{"type":"string"}},"MaxItems":{"type":"string"}}}}}`)
	goods := regexp.MustCompile(`^[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+$`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "items"))
		v.Subject("ListCachePolicies2020_05_31", "Gets a list of cache policies.")
		l := v.Result(s, map[string]any{}).(map[string]any)["CachePolicyList"].(map[string]any)
		for _, x := range l["Items"].([]any) {
			if str, _ := x.(string); goods.MatchString(str) || plainName.MatchString(str) {
				t.Errorf("seed %d: a cache policy list holds %q", seed, str)
			}
		}
		if m, _ := l["MaxItems"].(string); !regexp.MustCompile(`^\d+$`).MatchString(m) {
			t.Errorf("seed %d: MaxItems = %q", seed, m)
		}
	}
}

// The things of tools whose schemas carry a cloud's resource names (an
// ARN) are named as clouds name them, in a slug ("regional-web"), not with
// a codename ("RoomName": "Granite ridge"), though the tool's own words
// say nothing of a cloud.
func TestCloudThingsAreNamedAsCloudsNameThem(t *testing.T) {
	tools := schemaOf(t, `{"type":"object","properties":{"RoomArn":{"type":"string"},"RoomName":{"type":"string"}}}`)
	out := schemaOf(t, `{"type":"object","required":["RoomName","meshName"],"properties":{"RoomName":{"type":"string"},"meshName":{"type":"string"}}}`)
	slug := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)+$`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "cloud names"))
		v.Learn(tools)
		v.Subject("GetRoom", "Gets room details by room name.")
		o := v.Result(out, map[string]any{}).(map[string]any)
		for _, k := range []string{"RoomName", "meshName"} {
			if s, _ := o[k].(string); !slug.MatchString(s) {
				t.Errorf("seed %d: %s = %q", seed, k, s)
			}
		}
	}
}

// A sport's conference is a conference's name where the tool speaks of a
// sport by its name or its ratings ("Historical SP+ ratings by
// conference"), not a codename.
func TestSportsConferencesAreConferences(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["conference"],"properties":{"conference":{"type":"string"}}}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "conference"))
		v.Subject("getConferenceSPRatings", "Historical SP+ ratings by conference. Get average SP+ historical rating data by conference")
		if c, _ := v.Result(s, map[string]any{}).(map[string]any)["conference"].(string); plainName.MatchString(c) || workAreaName.MatchString(c) {
			t.Errorf("seed %d: conference %q", seed, c)
		}
	}
}

// A value a description names among others in square brackets is one of
// them ("either [detail-successfully-disabled] or
// [all-details-successfully-disabled]"), and a betting line's spread is
// points, not a codename.
func TestBracketedValuesAndSpreads(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["response","formattedSpread"],"properties":{
		"response":{"type":"string","description":"Depending on whether a specific recurring detail was in the request, result is either [detail-successfully-disabled] or [all-details-successfully-disabled]."},
		"formattedSpread":{"type":"string"}}}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "brackets"))
		v.Subject("disable", "Disables stored payment details")
		if r := v.Result(s, map[string]any{}).(map[string]any)["response"]; r != "detail-successfully-disabled" && r != "all-details-successfully-disabled" {
			t.Errorf("seed %d: response %v", seed, r)
		}
		v.Subject("getLines", "Get betting lines of games")
		if x, _ := v.Result(s, map[string]any{}).(map[string]any)["formattedSpread"].(string); !regexp.MustCompile(`^[+-]\d+(\.5)?$`).MatchString(x) {
			t.Errorf("seed %d: formattedSpread %q", seed, x)
		}
	}
}
