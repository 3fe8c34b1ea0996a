package sim

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A thing's name is of its own form, not a line of work's word before the
// field's noun: an address is "Home", a thumbnail a file, an advisory says
// what is broken where.
func TestThingNamesAreNotDepartments(t *testing.T) {
	checks := map[string]func(string) bool{
		"address":   func(s string) bool { return !strings.Contains(s, " ") },
		"thumbnail": func(s string) bool { return strings.Contains(s, ".") && !strings.Contains(s, " ") },
		"cve":       func(s string) bool { return strings.Contains(s, " in ") },
		"firstpublished": func(s string) bool {
			w := strings.Fields(s)
			return len(w) == 2 && slices.Contains(nameWords, w[0]) && slices.Contains(nameNouns, w[1])
		},
		"memory": func(s string) bool { return !strings.Contains(strings.ToLower(s), "memory") },
		// A classifier's detection and a journal's entry are no advisory and no product.
		"detection": func(s string) bool { return !strings.Contains(s, " in ") },
		"entry":     func(s string) bool { return len(strings.Fields(s)) <= 2 },
	}
	for noun, ok := range checks {
		var schema any
		_ = json.Unmarshal([]byte(`{"type":"object","properties":{"`+noun+`":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},"required":["`+noun+`"]}`), &schema)
		for seed := range int64(20) {
			v := NewValues(seedrand.New(seed, "things"))
			v.Subject("get_things", "Get things.")
			name := v.For(schema, schema, "").(map[string]any)[noun].(map[string]any)["name"].(string)
			for _, area := range workAreas {
				if strings.HasPrefix(name, area+" ") {
					t.Fatalf("%s seed %d: %q is named for a line of work", noun, seed, name)
				}
			}
			if !ok(name) {
				t.Fatalf("%s seed %d: %q is not a name of its kind", noun, seed, name)
			}
		}
	}
}
