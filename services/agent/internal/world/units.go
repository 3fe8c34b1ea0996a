package world

import (
	"math"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A conversion tool that takes the value and both units as arguments
// (convert(value, unit_in, unit_out)) reports the value times the factor
// between the units, or the affine formula between temperature scales:
// 97.77 centimeters is 977.7 millimeters, never 14.38. Units are read
// from their names and symbols, with SI prefixes; currencies have no fixed
// factor and are left to the generator, as are units of different
// quantities and unit systems ("metric").

// quantity is what a unit measures and its size in the quantity's base
// unit; temperatures convert through kelvin by an offset as well.
type quantity struct {
	dim    string
	factor float64
	offset float64 // kelvin = value*factor + offset
}

// baseUnits are units by name, singular and lower-case, and by symbol as
// written; SI names and symbols also take the prefixes below.
var baseUnits = map[string]quantity{
	"meter": {"length", 1, 0}, "metre": {"length", 1, 0}, "m": {"length", 1, 0},
	"inch": {"length", 0.0254, 0}, "in": {"length", 0.0254, 0}, "foot": {"length", 0.3048, 0}, "feet": {"length", 0.3048, 0},
	"ft": {"length", 0.3048, 0}, "yard": {"length", 0.9144, 0}, "yd": {"length", 0.9144, 0},
	"mile": {"length", 1609.344, 0}, "mi": {"length", 1609.344, 0}, "nautical mile": {"length", 1852, 0},
	"gram": {"mass", 0.001, 0}, "gramme": {"mass", 0.001, 0}, "g": {"mass", 0.001, 0}, "tonne": {"mass", 1000, 0}, "t": {"mass", 1000, 0},
	"ounce": {"mass", 0.028349523125, 0}, "oz": {"mass", 0.028349523125, 0},
	"pound": {"mass", 0.45359237, 0}, "lb": {"mass", 0.45359237, 0}, "lbs": {"mass", 0.45359237, 0},
	"stone": {"mass", 6.35029318, 0}, "st": {"mass", 6.35029318, 0}, "ton": {"mass", 907.18474, 0}, "short ton": {"mass", 907.18474, 0},
	"long ton": {"mass", 1016.0469088, 0},
	"second":   {"time", 1, 0}, "s": {"time", 1, 0}, "sec": {"time", 1, 0}, "minute": {"time", 60, 0}, "min": {"time", 60, 0},
	"hour": {"time", 3600, 0}, "h": {"time", 3600, 0}, "hr": {"time", 3600, 0}, "day": {"time", 86400, 0}, "week": {"time", 604800, 0},
	"liter": {"volume", 0.001, 0}, "litre": {"volume", 0.001, 0}, "l": {"volume", 0.001, 0}, "L": {"volume", 0.001, 0},
	"gallon": {"volume", 0.003785411784, 0}, "gal": {"volume", 0.003785411784, 0},
	"quart": {"volume", 0.000946352946, 0}, "qt": {"volume", 0.000946352946, 0},
	"pint": {"volume", 0.000473176473, 0}, "pt": {"volume", 0.000473176473, 0},
	"cup": {"volume", 0.0002365882365, 0}, "fluid ounce": {"volume", 0.0000295735295625, 0}, "fl oz": {"volume", 0.0000295735295625, 0},
	"cubic meter": {"volume", 1, 0}, "cubic foot": {"volume", 0.028316846592, 0}, "cubic inch": {"volume", 0.000016387064, 0},
	"square meter": {"area", 1, 0}, "square foot": {"area", 0.09290304, 0}, "square feet": {"area", 0.09290304, 0}, "cubic feet": {"volume", 0.028316846592, 0}, "square inch": {"area", 0.00064516, 0},
	"square mile": {"area", 2589988.110336, 0}, "square kilometer": {"area", 1e6, 0}, "acre": {"area", 4046.8564224, 0}, "hectare": {"area", 1e4, 0},
	"kelvin": {"temperature", 1, 0}, "K": {"temperature", 1, 0},
	"celsius": {"temperature", 1, 273.15}, "degree celsius": {"temperature", 1, 273.15}, "°C": {"temperature", 1, 273.15}, "C": {"temperature", 1, 273.15},
	"fahrenheit": {"temperature", 5.0 / 9, 273.15 - 32*5.0/9}, "degree fahrenheit": {"temperature", 5.0 / 9, 273.15 - 32*5.0/9},
	"°F": {"temperature", 5.0 / 9, 273.15 - 32*5.0/9}, "F": {"temperature", 5.0 / 9, 273.15 - 32*5.0/9},
	"ampere": {"current", 1, 0}, "amp": {"current", 1, 0}, "A": {"current", 1, 0},
	"joule": {"energy", 1, 0}, "J": {"energy", 1, 0}, "calorie": {"energy", 4.184, 0}, "cal": {"energy", 4.184, 0},
	"watt": {"power", 1, 0}, "W": {"power", 1, 0}, "horsepower": {"power", 745.69987158227022, 0}, "hp": {"power", 745.69987158227022, 0},
	"newton": {"force", 1, 0}, "N": {"force", 1, 0}, "pascal": {"pressure", 1, 0}, "Pa": {"pressure", 1, 0},
	"bar": {"pressure", 1e5, 0}, "psi": {"pressure", 6894.757293168, 0}, "atmosphere": {"pressure", 101325, 0}, "atm": {"pressure", 101325, 0},
	"volt": {"voltage", 1, 0}, "V": {"voltage", 1, 0}, "hertz": {"frequency", 1, 0}, "Hz": {"frequency", 1, 0},
	"mole": {"amount", 1, 0}, "mol": {"amount", 1, 0}, "candela": {"luminosity", 1, 0}, "cd": {"luminosity", 1, 0},
	"byte": {"data", 1, 0}, "B": {"data", 1, 0}, "bit": {"data", 0.125, 0},
}

// siNames are the units whose names and symbols take SI prefixes.
var siNames = map[string]bool{
	"meter": true, "metre": true, "gram": true, "gramme": true, "second": true, "liter": true, "litre": true,
	"ampere": true, "joule": true, "watt": true, "newton": true, "pascal": true, "volt": true, "hertz": true,
	"mole": true, "candela": true, "kelvin": true, "calorie": true, "byte": true, "bit": true,
	"m": true, "g": true, "s": true, "l": true, "L": true, "A": true, "J": true, "W": true, "N": true,
	"Pa": true, "V": true, "Hz": true, "mol": true, "cd": true, "K": true, "cal": true, "B": true,
}

// prefixNames and prefixSymbols are the SI prefixes.
var (
	prefixNames = []struct {
		p string
		f float64
	}{
		{"yotta", 1e24}, {"zetta", 1e21}, {"exa", 1e18}, {"peta", 1e15}, {"tera", 1e12}, {"giga", 1e9}, {"mega", 1e6},
		{"kilo", 1e3}, {"hecto", 1e2}, {"deca", 1e1}, {"deka", 1e1}, {"deci", 1e-1}, {"centi", 1e-2}, {"milli", 1e-3},
		{"micro", 1e-6}, {"nano", 1e-9}, {"pico", 1e-12}, {"femto", 1e-15}, {"atto", 1e-18},
	}
	prefixSymbols = []struct {
		p string
		f float64
	}{
		{"da", 1e1}, {"Y", 1e24}, {"Z", 1e21}, {"E", 1e18}, {"P", 1e15}, {"T", 1e12}, {"G", 1e9}, {"M", 1e6}, {"k", 1e3},
		{"h", 1e2}, {"d", 1e-1}, {"c", 1e-2}, {"m", 1e-3}, {"µ", 1e-6}, {"μ", 1e-6}, {"u", 1e-6}, {"n", 1e-9}, {"p", 1e-12},
	}
)

// unitOf reads a unit's name or symbol ("kilometers", "km", "°F",
// "Fahrenheit", "square feet"); ok is false for a word it does not know.
func unitOf(s string) (quantity, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if s == "" {
		return quantity{}, false
	}
	if q, ok := baseUnits[s]; ok { // symbols are case-sensitive: mm, Mm
		return q, true
	}
	if q, ok := prefixed(s, prefixSymbols, true); ok {
		return q, true
	}
	name := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), " "))
	name = strings.TrimPrefix(name, "degrees ")
	for _, n := range []string{name, singularUnit(name)} {
		if q, ok := baseUnits[n]; ok && len(n) > 2 {
			return q, true
		}
		if q, ok := prefixed(n, prefixNames, false); ok {
			return q, true
		}
	}
	return quantity{}, false
}

// singularUnit is a unit name's singular (kilometers, feet stays, inches).
func singularUnit(n string) string {
	words := strings.Fields(n)
	if len(words) == 0 {
		return n
	}
	last := words[len(words)-1]
	switch {
	case last == "feet" || last == "celsius" || last == "lbs" || last == "hertz":
	case strings.HasSuffix(last, "ches"):
		last = strings.TrimSuffix(last, "es")
	case strings.HasSuffix(last, "s") && len(last) > 3:
		last = strings.TrimSuffix(last, "s")
	}
	words[len(words)-1] = last
	return strings.Join(words, " ")
}

// prefixed reads a prefixed SI unit (kilometer, km).
func prefixed(s string, prefixes []struct {
	p string
	f float64
}, symbols bool) (quantity, bool) {
	for _, p := range prefixes {
		rest, ok := strings.CutPrefix(s, p.p)
		if !ok || rest == "" || !siNames[rest] {
			continue
		}
		if symbols != (len(rest) <= 3) { // kilo+m is no unit, k+meter neither
			continue
		}
		q := baseUnits[rest]
		if q.offset != 0 {
			continue // no millicelsius
		}
		q.factor *= p.f
		return q, true
	}
	return quantity{}, false
}

// inWords and outWords say which unit parameter is the one converted from
// and which the one converted to.
var (
	inWords  = set_("in", "from", "source", "input", "original", "current", "src", "old")
	outWords = set_("out", "to", "target", "output", "desired", "dest", "destination", "new", "into")
)

// converted is the result of a call of a tool that converts a value
// between the units its arguments give; ok is false for any other tool,
// for units it cannot read and for units of different quantities.
func converted(t *toolset.Tool, args map[string]any) (float64, bool) {
	if !convertsUnits(t) || args == nil {
		return 0, false
	}
	var value float64
	var from, to string
	values := 0
	for _, p := range propertyOrder(t.InputJSON) {
		v, has := args[p]
		if !has {
			continue
		}
		words := ident.Words(p)
		switch x := v.(type) {
		case string:
			if !unitParam(words) {
				return 0, false // a currency code, a category: not a plain conversion
			}
			switch {
			case hasWord(words, inWords) && from == "":
				from = x
			case hasWord(words, outWords) && to == "":
				to = x
			default:
				return 0, false
			}
		default:
			f, isNum := plan.Number(v)
			if !isNum {
				return 0, false
			}
			value, values = f, values+1
		}
	}
	if values != 1 || from == "" || to == "" {
		return 0, false
	}
	a, ok1 := unitOf(from)
	b, ok2 := unitOf(to)
	if !ok1 || !ok2 || a.dim != b.dim {
		return 0, false
	}
	r := ((value*a.factor + a.offset) - b.offset) / b.factor
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, false
	}
	return significant(r, 10), true
}

// convertsUnits reports whether a tool's description says it converts.
func convertsUnits(t *toolset.Tool) bool {
	for _, w := range ident.Words(t.Description) {
		switch w {
		case "convert", "converts", "conversion", "converting":
			return true
		}
	}
	return false
}

// unitParam reports whether a parameter's name says it gives a unit
// (unit_in, from_unit, to) rather than a currency or another text.
func unitParam(words []string) bool {
	for _, w := range words {
		if w == "unit" || w == "units" || w == "scale" {
			return true
		}
	}
	return len(words) == 1 && (inWords[words[0]] || outWords[words[0]])
}

func hasWord(words []string, set map[string]bool) bool {
	for _, w := range words {
		if set[w] {
			return true
		}
	}
	return false
}

// significant rounds x to n significant digits: a conversion keeps the
// size of a small result (0.00034933 km) and drops float noise.
func significant(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	d := n - 1 - int(math.Floor(math.Log10(math.Abs(x))))
	if d < 0 {
		p := math.Pow(10, float64(-d))
		return math.Round(x/p) * p
	}
	return roundTo(x, min(d, 15))
}
