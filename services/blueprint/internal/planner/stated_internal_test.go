package planner

import (
	"slices"
	"testing"
)

func TestWeightOfOptionalValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    map[string]any
		want int
	}{
		{"instance_id", map[string]any{"type": "integer"}, weightSubject},
		{"name", map[string]any{"type": "string"}, weightSubject},
		{"batch_name", map[string]any{"type": "string"}, weightSubject},
		{"status", map[string]any{"type": "string"}, weightScope},
		{"start_date", map[string]any{"type": "string"}, weightScope},
		{"created_after", map[string]any{"type": "string"}, weightScope},
		{"redirect_url", map[string]any{"type": "string"}, weightOther},
		{"call_to_action", map[string]any{"type": "string"}, weightOther},
		{"page_number", map[string]any{"type": "integer"}, weightOther},
		{"public", map[string]any{"type": "boolean"}, weightOther},
		{"delay", map[string]any{"type": "integer"}, weightSetting},
		{"max_wait", map[string]any{"type": "integer"}, weightSetting},
		{"hosting_bucket", map[string]any{"type": "string"}, weightSetting},
		{"extra", map[string]any{"type": "string", "description": "Custom HTTP headers to send"}, weightSetting},
	} {
		if got := weight(tc.name, tc.s); got != tc.want {
			t.Errorf("weight(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestKeepFewKeepsWhatMattersAndPartners(t *testing.T) {
	w := map[string]int{"width": weightOther, "name": weightSubject, "status": weightScope, "min_price": weightScope, "max_price": weightScope, "public": weightOther}
	weigh := func(k string) int { return w[k] }
	keep := keepFew([]string{"width", "public", "status", "name"}, weigh)
	var got []string
	for k := range keep {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"name", "status"}) {
		t.Errorf("kept %v, want name and status", got)
	}
	// A price range is said whole, or not at all.
	keep = keepFew([]string{"width", "min_price", "max_price", "name"}, weigh)
	if !keep["min_price"] || !keep["max_price"] || !keep["name"] || keep["width"] {
		t.Errorf("kept %v, want name and both ends of the price range", keep)
	}
}
