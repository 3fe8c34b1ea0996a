package sim_test

import (
	"slices"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A list of sort or filter criteria whose items the schema leaves open
// holds criteria on the keys its description supports, not records with a
// codename and a status.
func TestCriteriaTakeTheKeysTheListSupports(t *testing.T) {
	keys := []string{"DisplayName", "FirstName", "LastName"}
	schema := map[string]any{"type": "object", "required": []any{"SortCriteria", "Filters"}, "properties": map[string]any{
		"SortCriteria": map[string]any{"type": "array", "minItems": 1, "maxItems": 25, "title": "SortList",
			"items":       map[string]any{"type": "object", "title": "Sort", "x-ref": "Sort"},
			"description": "The sort order to use in listing the specified set of contacts. The supported sort keys are DisplayName, FirstName, and LastName."},
		"Filters": map[string]any{"type": "array", "minItems": 1, "maxItems": 25, "title": "FilterList",
			"items":       map[string]any{"type": "object", "title": "Filter", "x-ref": "Filter"},
			"description": "The filters to use to list a specified set of contacts. The supported filter keys are DisplayName, FirstName, and LastName."},
	}}
	for seed := range int64(30) {
		v := sim.NewValues(seedrand.New(seed, "criteria"))
		v.Subject("SearchContacts", "Searches contacts and lists the ones that meet a set of filter and sort criteria.")
		out := v.For(schema, schema, "").(map[string]any)
		for _, list := range []string{"SortCriteria", "Filters"} {
			items, _ := out[list].([]any)
			if len(items) == 0 {
				t.Fatalf("seed %d: no %s: %v", seed, list, out)
			}
			for _, it := range items {
				m, _ := it.(map[string]any)
				key, _ := m["Key"].(string)
				if !slices.Contains(keys, key) {
					t.Errorf("seed %d: %s item %v has no supported key", seed, list, it)
				}
				if list == "SortCriteria" && m["Value"] != "ASC" && m["Value"] != "DESC" {
					t.Errorf("seed %d: sort %v has no order", seed, it)
				}
				if vals, _ := m["Values"].([]any); list == "Filters" && len(vals) == 0 {
					t.Errorf("seed %d: filter %v keeps no values", seed, it)
				}
			}
		}
	}
}
