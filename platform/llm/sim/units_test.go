package sim

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A unit names a unit of what the tool measures; a system of measurement
// only where the field speaks of one.
func TestUnitsFitTheQuantity(t *testing.T) {
	cases := []struct {
		tool, desc, schema, path string
		want                     []string
	}{
		{"get_dose_rate", "Get the effective dose rate calculated for a single particle type.",
			`{"type":"object","properties":{"units":{"type":"string"},"value":{"type":"string"}},"required":["units"]}`, "units", []string{"µSv/h"}},
		{"get_spectrum", "Get the energy spectrum of a particle at a given zenith angle.",
			`{"type":"object","properties":{"energies":{"type":"object","properties":{"data":{"type":"array","items":{"type":"number"}},"units":{"type":"string"}},"required":["units"]}},"required":["energies"]}`,
			"energies.units", []string{"MeV"}},
		{"read_thermostat", "Read the room's temperature.",
			`{"type":"object","properties":{"temperature":{"type":"number"},"unit":{"type":"string"}},"required":["unit"]}`, "unit", []string{"°C", "°F"}},
		{"route", "Plan a route between two places.",
			`{"type":"object","properties":{"distance_unit":{"type":"string"}},"required":["distance_unit"]}`, "distance_unit", []string{"km", "m", "mi"}},
		{"forecast", "Get a forecast.",
			`{"type":"object","properties":{"units":{"type":"string","description":"The unit system of the figures."}},"required":["units"]}`, "units", []string{"metric", "imperial"}},
	}
	for _, c := range cases {
		var schema any
		_ = json.Unmarshal([]byte(c.schema), &schema)
		for seed := range int64(10) {
			v := NewValues(seedrand.New(seed, "units"))
			v.Subject(c.tool, c.desc)
			v.output++
			x := v.For(schema, schema, "")
			for _, k := range strings.Split(c.path, ".") {
				x = x.(map[string]any)[k]
			}
			if got, _ := x.(string); !slices.Contains(c.want, got) {
				t.Fatalf("%s seed %d: %s = %q, want one of %v", c.tool, seed, c.path, got, c.want)
			}
		}
	}
}

// A name that ends in "percent" holds a percentage whatever the words
// before it say ("discount_percent" was an amount: 444).
func TestPercentNamesHoldPercentages(t *testing.T) {
	for seed := range int64(30) {
		v := NewValues(seedrand.New(seed, "percent"))
		for _, name := range []string{"discount_percent", "tax_pct", "price_change_percentage"} {
			x, _ := v.For(nil, map[string]any{"type": "integer"}, name).(int64)
			if x < -100 || x > 100 {
				t.Errorf("seed %d: %s = %d", seed, name, x)
			}
		}
	}
}
