package world

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A calculator tool's result is a fact of its arguments: a trainer that
// reads add(49.54, 104) = 99.42 learns wrong arithmetic. computed
// recognises arithmetic, statistics and unit-conversion tools by their name
// and parameters and returns the true result; a tool it cannot recognise
// with confidence is left to the generator.

// calcFiller are name words that say nothing about the operation.
var calcFiller = map[string]bool{
	"calculate": true, "calc": true, "compute": true, "get": true, "find": true, "math": true,
	"of": true, "the": true, "two": true, "number": true, "numbers": true, "value": true,
	"values": true, "list": true, "a": true, "an": true, "and": true, "array": true,
	"integers": true, "floats": true, "nums": true, "num": true, "given": true,
}

type calcKind int

const (
	calcUnary calcKind = iota + 1
	calcBinary
	calcList
)

type calcOp struct {
	kind calcKind
	// exact operations only lose float noise when rounded; the others are
	// rounded to a few decimals, as a calculator API would report them.
	exact bool
	f     func(x []float64) (float64, bool)
}

func binary(exact bool, f func(a, b float64) (float64, bool)) calcOp {
	return calcOp{kind: calcBinary, exact: exact, f: func(x []float64) (float64, bool) { return f(x[0], x[1]) }}
}

func unary(exact bool, f func(a float64) (float64, bool)) calcOp {
	return calcOp{kind: calcUnary, exact: exact, f: func(x []float64) (float64, bool) { return f(x[0]) }}
}

func listOp(exact bool, f func(x []float64) (float64, bool)) calcOp {
	return calcOp{kind: calcList, exact: exact, f: func(x []float64) (float64, bool) {
		if len(x) == 0 {
			return 0, false
		}
		return f(x)
	}}
}

func finite(v float64) (float64, bool) { return v, !math.IsNaN(v) && !math.IsInf(v, 0) }

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func mean(x []float64) float64 { return sum(x) / float64(len(x)) }

// calcOps maps the operation words of a tool name (filler removed, joined
// by "_") to the operation.
var calcOps = map[string]calcOp{}

func init() {
	add := binary(true, func(a, b float64) (float64, bool) { return finite(a + b) })
	sub := binary(true, func(a, b float64) (float64, bool) { return finite(a - b) })
	mul := binary(true, func(a, b float64) (float64, bool) { return finite(a * b) })
	div := binary(false, func(a, b float64) (float64, bool) {
		if b == 0 {
			return 0, false
		}
		return finite(a / b)
	})
	pow := binary(false, func(a, b float64) (float64, bool) { return finite(math.Pow(a, b)) })
	mod := binary(true, func(a, b float64) (float64, bool) {
		if b == 0 {
			return 0, false
		}
		return finite(math.Mod(a, b))
	})
	pct := binary(false, func(part, whole float64) (float64, bool) {
		if whole == 0 {
			return 0, false
		}
		return finite(part / whole * 100)
	})
	for _, n := range []string{"add", "addition", "plus"} {
		calcOps[n] = add
	}
	for _, n := range []string{"subtract", "subtraction", "minus", "difference"} {
		calcOps[n] = sub
	}
	for _, n := range []string{"multiply", "multiplication", "times"} {
		calcOps[n] = mul
	}
	for _, n := range []string{"divide", "division", "quotient"} {
		calcOps[n] = div
	}
	for _, n := range []string{"power", "pow", "exponent", "exponentiation", "exponentiate"} {
		calcOps[n] = pow
	}
	for _, n := range []string{"mod", "modulo", "modulus", "remainder"} {
		calcOps[n] = mod
	}
	for _, n := range []string{"percentage", "percent"} {
		calcOps[n] = pct
	}
	calcOps["logarithm"] = calcOp{kind: calcBinary} // the value and base are told apart by name (calcArgs)
	calcOps["log"] = calcOps["logarithm"]

	abs := unary(true, func(a float64) (float64, bool) { return math.Abs(a), true })
	sqrt := unary(false, func(a float64) (float64, bool) {
		if a < 0 {
			return 0, false
		}
		return math.Sqrt(a), true
	})
	for _, n := range []string{"absolute", "abs"} {
		calcOps[n] = abs
	}
	for _, n := range []string{"square_root", "sqrt"} {
		calcOps[n] = sqrt
	}
	calcOps["round"] = unary(true, func(a float64) (float64, bool) { return a, true }) // rounded by its own parameter
	calcOps["factorial"] = unary(true, func(a float64) (float64, bool) {
		if a < 0 || a > 170 || a != math.Trunc(a) {
			return 0, false
		}
		r := 1.0
		for i := 2.0; i <= a; i++ {
			r *= i
		}
		return r, true
	})

	total := listOp(true, func(x []float64) (float64, bool) { return finite(sum(x)) })
	avg := listOp(false, func(x []float64) (float64, bool) { return finite(mean(x)) })
	minimum := listOp(true, func(x []float64) (float64, bool) { return slices.Min(x), true })
	maximum := listOp(true, func(x []float64) (float64, bool) { return slices.Max(x), true })
	std := listOp(false, func(x []float64) (float64, bool) {
		// The population deviation, as statistics helpers of calculator
		// APIs compute it.
		m, s := mean(x), 0.0
		for _, v := range x {
			s += (v - m) * (v - m)
		}
		return finite(math.Sqrt(s / float64(len(x))))
	})
	variance := listOp(false, func(x []float64) (float64, bool) {
		m, s := mean(x), 0.0
		for _, v := range x {
			s += (v - m) * (v - m)
		}
		return finite(s / float64(len(x)))
	})
	median := listOp(false, func(x []float64) (float64, bool) {
		s := slices.Clone(x)
		slices.Sort(s)
		if n := len(s); n%2 == 1 {
			return s[n/2], true
		} else {
			return (s[n/2-1] + s[n/2]) / 2, true
		}
	})
	for _, n := range []string{"sum", "total"} {
		calcOps[n] = total
	}
	for _, n := range []string{"mean", "average", "avg"} {
		calcOps[n] = avg
	}
	for _, n := range []string{"min", "minimum", "smallest", "lowest"} {
		calcOps[n] = minimum
	}
	for _, n := range []string{"max", "maximum", "largest", "highest"} {
		calcOps[n] = maximum
	}
	for _, n := range []string{"standard_deviation", "std", "stdev", "std_dev", "stddev"} {
		calcOps[n] = std
	}
	calcOps["variance"] = variance
	calcOps["median"] = median
}

// unitFactors converts a unit to a base unit of its dimension.
var unitFactors = map[string]struct {
	dim    string
	factor float64
}{
	"liter": {"volume", 1}, "litre": {"volume", 1}, "liters": {"volume", 1}, "litres": {"volume", 1},
	"gallon": {"volume", 3.785411784}, "gallons": {"volume", 3.785411784},
	"meter": {"length", 1}, "metre": {"length", 1}, "meters": {"length", 1},
	"km": {"length", 1000}, "kilometer": {"length", 1000}, "kilometers": {"length", 1000},
	"mile": {"length", 1609.344}, "miles": {"length", 1609.344},
	"foot": {"length", 0.3048}, "feet": {"length", 0.3048}, "ft": {"length", 0.3048},
	"inch": {"length", 0.0254}, "inches": {"length", 0.0254},
	"cm": {"length", 0.01}, "centimeter": {"length", 0.01}, "centimeters": {"length", 0.01},
	"kg": {"mass", 1}, "kilogram": {"mass", 1}, "kilograms": {"mass", 1},
	"pound": {"mass", 0.45359237}, "pounds": {"mass", 0.45359237}, "lb": {"mass", 0.45359237}, "lbs": {"mass", 0.45359237},
	"ounce": {"mass", 0.028349523125}, "ounces": {"mass", 0.028349523125},
	"gram": {"mass", 0.001}, "grams": {"mass", 0.001},
}

// conversion recognises X_to_Y names between two units of one dimension
// (gallon_to_liter), including Celsius and Fahrenheit.
func conversion(words []string) (calcOp, bool) {
	i := slices.Index(words, "to")
	if i != 1 || len(words) != 3 {
		return calcOp{}, false
	}
	from, to := words[0], words[2]
	switch {
	case from == "celsius" && to == "fahrenheit":
		return unary(false, func(a float64) (float64, bool) { return a*9/5 + 32, true }), true
	case from == "fahrenheit" && to == "celsius":
		return unary(false, func(a float64) (float64, bool) { return (a - 32) * 5 / 9, true }), true
	}
	f, ok1 := unitFactors[from]
	g, ok2 := unitFactors[to]
	if !ok1 || !ok2 || f.dim != g.dim || from == to {
		return calcOp{}, false
	}
	return unary(false, func(a float64) (float64, bool) { return a * f.factor / g.factor, true }), true
}

// precisionParams are parameters that say how many decimals the result has.
var precisionParams = map[string]bool{
	"precision": true, "decimal_places": true, "decimals": true, "digits": true,
	"places": true, "ndigits": true, "decimalPlaces": true,
}

// orderedPairs are parameter pairs whose names say which operand is which.
var orderedPairs = [][2]string{
	{"a", "b"}, {"x", "y"}, {"num1", "num2"}, {"number1", "number2"}, {"n1", "n2"},
	{"first", "second"}, {"first_number", "second_number"}, {"minuend", "subtrahend"},
	{"dividend", "divisor"}, {"numerator", "denominator"}, {"base", "exponent"},
	{"base", "power"}, {"part", "whole"}, {"part", "total"}, {"value", "total"},
}

// computed returns the true result of a calculator tool's call and the
// number of decimals it is reported with; ok is false when the tool is not
// recognised or the arguments do not fit it.
func computed(t *toolset.Tool, args map[string]any) (result float64, decimals int, ok bool) {
	words := ident.Words(t.Name)
	op, found := conversion(words)
	if !found {
		var key []string
		for _, w := range words {
			if !calcFiller[w] {
				key = append(key, w)
			}
		}
		op, found = calcOps[strings.Join(key, "_")]
	}
	if !found {
		return 0, 0, false
	}
	params := propertyOrder(t.InputJSON)
	var operands []string
	prec := -1
	for _, p := range params {
		v, has := args[p]
		if precisionParams[p] {
			if f, isNum := plan.Number(v); has && isNum && f >= 0 && f == math.Trunc(f) {
				prec = int(min(f, 12)) // more decimals than a float holds change nothing
			}
			continue
		}
		switch t.ParamType(p) {
		case "number", "integer", "array":
			operands = append(operands, p)
		default:
			if has {
				return 0, 0, false // another kind of input: not a plain calculator
			}
		}
	}
	var x []float64
	switch op.kind {
	case calcList:
		if len(operands) >= 2 { // sum(a, b): the list is the operands
			for _, p := range operands {
				f, isNum := plan.Number(args[p])
				if !isNum {
					return 0, 0, false
				}
				x = append(x, f)
			}
			break
		}
		if len(operands) != 1 || t.ParamType(operands[0]) != "array" {
			return 0, 0, false
		}
		list, _ := args[operands[0]].([]any)
		for _, e := range list {
			f, isNum := plan.Number(e)
			if !isNum {
				return 0, 0, false
			}
			x = append(x, f)
		}
	case calcUnary:
		if len(operands) != 1 {
			return 0, 0, false
		}
		f, isNum := plan.Number(args[operands[0]])
		if !isNum {
			return 0, 0, false
		}
		x = []float64{f}
		if words[0] == "round" {
			if prec < 0 {
				prec = 0
			}
		}
	case calcBinary:
		if len(operands) != 2 {
			return 0, 0, false
		}
		first, second := operands[0], operands[1]
		for _, pair := range orderedPairs {
			if (first == pair[1] && second == pair[0]) || (first == pair[0] && second == pair[1]) {
				first, second = pair[0], pair[1]
				break
			}
		}
		a, ok1 := plan.Number(args[first])
		b, ok2 := plan.Number(args[second])
		if !ok1 || !ok2 {
			return 0, 0, false
		}
		if op.f == nil { // logarithm: the parameter named base is the base
			switch {
			case first == "base":
				a, b = b, a
			case second != "base":
				return 0, 0, false
			}
			if a <= 0 || b <= 0 || b == 1 {
				return 0, 0, false
			}
			op = binary(false, func(v, base float64) (float64, bool) { return finite(math.Log(v) / math.Log(base)) })
		}
		x = []float64{a, b}
	}
	r, good := op.f(x)
	if !good {
		return 0, 0, false
	}
	switch {
	case prec >= 0:
		decimals = prec
	case op.exact:
		decimals = 10 // float noise only (0.1+0.2)
	default:
		decimals = 4
	}
	return roundTo(r, decimals), decimals, true
}

func roundTo(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	r := math.Round(x*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

// numberJSON writes a result as a JSON number in its shortest form.
func numberJSON(x float64) json.Number {
	return json.Number(strconv.FormatFloat(x, 'f', -1, 64))
}

// resultNames are output fields that hold a calculator's answer.
var resultNames = []string{"result", "value", "answer", "output", "total", "sum", "product", "quotient", "difference", "mean", "average", "median"}

// resultField picks the output field the result goes in: the only numeric
// field the output has or declares, else one named as a result.
func resultField(doc map[string]any, props map[string]any) string {
	numeric := map[string]bool{}
	for k, s := range props {
		if m, _ := s.(map[string]any); m != nil {
			if ty, _ := m["type"].(string); ty == "number" || ty == "integer" {
				numeric[k] = true
			}
		}
	}
	for k, v := range doc {
		if _, isNum := v.(json.Number); isNum {
			if _, declared := props[k]; !declared || numeric[k] {
				numeric[k] = true
			}
		}
	}
	if len(numeric) == 1 {
		for k := range numeric {
			return k
		}
	}
	for _, n := range resultNames {
		if numeric[n] {
			return n
		}
	}
	return ""
}

// propertyOrder lists the top-level parameters in the order the schema
// text declares them (which operand comes first matters to a - b).
func propertyOrder(inputJSON string) []string {
	var in struct {
		Properties json.RawMessage `json:"properties"`
	}
	if json.Unmarshal([]byte(inputJSON), &in) != nil || len(in.Properties) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(in.Properties)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := tok.(string)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return out
		}
		out = append(out, key)
	}
	return out
}
