package sim_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A person's email is theirs: listed users whose name is Haylie Newman do
// not write as jacky.garrett@…, whether the name is one string, a first
// and a last name, or an object of its parts (a Dropbox member's profile).
func TestAPersonsEmailIsTheirs(t *testing.T) {
	s := schemaOf(t, `{"type":"object","required":["users","contacts","members"],"properties":{
		"users":{"type":"array","minItems":3,"items":{"type":"object","required":["name","email"],"properties":{
			"name":{"type":"string","description":"The user's full name"},"email":{"type":"string","format":"email"}}}},
		"contacts":{"type":"array","minItems":3,"items":{"type":"object","required":["first_name","last_name","contact_email"],"properties":{
			"first_name":{"type":"string"},"last_name":{"type":"string"},"contact_email":{"type":"string"}}}},
		"members":{"type":"array","minItems":3,"items":{"type":"object","required":["profile"],"properties":{
			"profile":{"type":"object","required":["name","email"],"properties":{
				"email":{"type":"string"},
				"name":{"type":"object","required":["given_name","surname","display_name"],"properties":{
					"given_name":{"type":"string"},"surname":{"type":"string"},"display_name":{"type":"string"}}}}}}}}}}`)
	owns := func(name, email string) bool {
		local := strings.ToLower(strings.SplitN(email, "@", 2)[0])
		for _, p := range strings.Fields(strings.ToLower(name)) {
			if len(p) > 2 && strings.Contains(local, p) {
				return true
			}
		}
		return false
	}
	for seed := range int64(8) {
		o := sim.NewValues(seedrand.New(seed, "contact")).Result(s, map[string]any{}).(map[string]any)
		for _, u := range o["users"].([]any) {
			u := u.(map[string]any)
			if n, e := u["name"].(string), u["email"].(string); !owns(n, e) {
				t.Errorf("seed %d: %s writes as %s", seed, n, e)
			}
		}
		for _, u := range o["contacts"].([]any) {
			u := u.(map[string]any)
			if n, e := u["first_name"].(string)+" "+u["last_name"].(string), u["contact_email"].(string); !owns(n, e) {
				t.Errorf("seed %d: %s writes as %s", seed, n, e)
			}
		}
		for _, m := range o["members"].([]any) {
			p := m.(map[string]any)["profile"].(map[string]any)
			nm := p["name"].(map[string]any)
			if n, e := nm["display_name"].(string), p["email"].(string); !owns(n, e) {
				t.Errorf("seed %d: member %s writes as %s", seed, n, e)
			}
		}
	}
}
