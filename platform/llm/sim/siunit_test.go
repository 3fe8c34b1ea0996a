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
