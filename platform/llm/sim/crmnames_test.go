package sim_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// codename reports a name of the plain kind words given to things with no
// better name ("Green lantern", "Stone summit").
func codename(x string) bool {
	for _, w := range []string{"falcon", "river", "maple", "lantern", "meadow", "orchard", "compass", "harbour", "summit", "ridge", "beacon", "grove", "canyon", "heron"} {
		if strings.HasSuffix(x, " "+w) {
			return true
		}
	}
	return false
}

// A CRM's lead is a person or a company, its meeting has a meeting's
// title, and a food diary's recent and favourite entries and units are
// foods and measures: none is named by a codename.
func TestCRMAndDiaryThingsAreNamedAsTheyAre(t *testing.T) {
	cases := []struct{ tool, desc, key string }{
		{"getLeadCollection", "Returns the list of leads", "leads"},
		{"getMeetingCollection", "Returns the list of meetings", "meetings"},
		{"user._.foods.log.recent.json.get", "Get Recent Foods", "recents"},
		{"user._.foods.log.favorite.json.get", "Get Favorite Foods", "favorites"},
		{"foods.units.json.get", "Get Food Units", "units"},
	}
	for _, c := range cases {
		s := schemaOf(t, `{"type":"object","required":["`+c.key+`"],"properties":{"`+c.key+`":{"type":"array","minItems":3,"items":{"type":"object","required":["name","created_at"],"properties":{"name":{"type":"string"},"created_at":{"type":"string","format":"date-time"}}}}}}`)
		for seed := range int64(6) {
			v := sim.NewValues(seedrand.New(seed, "crm"))
			v.Subject(c.tool, c.desc)
			o := v.Result(s, map[string]any{}).(map[string]any)
			for _, it := range o[c.key].([]any) {
				if n := it.(map[string]any)["name"].(string); codename(n) {
					t.Errorf("%s seed %d: %s named %q", c.tool, seed, c.key, n)
				}
			}
		}
	}
}
