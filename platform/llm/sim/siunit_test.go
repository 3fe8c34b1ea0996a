package sim_test

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A conversion from one SI unit to another goes between units of one
// quantity (kilometers to meters), never from kilograms to seconds.
func TestSIConversionKeepsItsQuantity(t *testing.T) {
	in := schemaOf(t, `{"type":"string","description":"Unit of the input value."}`)
	out := schemaOf(t, `{"type":"string","description":"Unit to convert the value to."}`)
	dim := func(u string) string {
		switch {
		case strings.HasSuffix(u, "meter"):
			return "length"
		case strings.HasSuffix(u, "gram"):
			return "mass"
		case strings.HasSuffix(u, "second"):
			return "time"
		}
		return "?" + u
	}
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "si"))
		v.Subject("si_unit_conversion", "Convert a value from one SI unit to another.")
		a, _ := v.For(in, in, "unit_in").(string)
		b, _ := v.Different(out, out, "unit_out", a).(string)
		if a == b || dim(a) != dim(b) {
			t.Fatalf("seed %d: convert from %q to %q", seed, a, b)
		}
	}
}

// A conversion between imperial and SI units goes from a unit of one system
// to a unit of the other measuring the same thing (miles to kilometers,
// pounds to grams), never from "imperial" to "metric", which are no units.
func TestImperialSIConversionGoesBetweenUnits(t *testing.T) {
	in := schemaOf(t, `{"type":"string","description":"Unit of the input value."}`)
	out := schemaOf(t, `{"type":"string","description":"Unit to convert the value to."}`)
	quantity := map[string]string{"inch": "length", "foot": "length", "yard": "length", "mile": "length", "centimeter": "length", "meter": "length", "kilometer": "length",
		"ounce": "mass", "pound": "mass", "gram": "mass", "kilogram": "mass", "gallon": "volume", "liter": "volume", "fahrenheit": "temperature", "celsius": "temperature"}
	imperial := map[string]bool{"inch": true, "foot": true, "yard": true, "mile": true, "ounce": true, "pound": true, "gallon": true, "fahrenheit": true}
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "imperial"))
		v.Subject("imperial_si_conversion", "Convert a value between imperial and SI units.")
		a, _ := v.For(in, in, "unit_in").(string)
		b, _ := v.Different(out, out, "unit_out", a).(string)
		if quantity[a] == "" || quantity[a] != quantity[b] || imperial[a] == imperial[b] {
			t.Fatalf("seed %d: convert from %q to %q", seed, a, b)
		}
	}
}
