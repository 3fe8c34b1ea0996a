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

// The operations, each on its operands.

func plus(a, b float64) (float64, bool)  { return finite(a + b) }
func minus(a, b float64) (float64, bool) { return finite(a - b) }
func times(a, b float64) (float64, bool) { return finite(a * b) }
func power(a, b float64) (float64, bool) { return finite(math.Pow(a, b)) }

func dividedBy(a, b float64) (float64, bool) {
	if b == 0 {
		return 0, false
	}
	return finite(a / b)
}

func modulo(a, b float64) (float64, bool) {
	if b == 0 {
		return 0, false
	}
	return finite(math.Mod(a, b))
}

func percentOf(part, whole float64) (float64, bool) {
	if whole == 0 {
		return 0, false
	}
	return finite(part / whole * 100)
}

func logBase(v, base float64) (float64, bool) { return finite(math.Log(v) / math.Log(base)) }

func absolute(a float64) (float64, bool) { return math.Abs(a), true }

func squareRoot(a float64) (float64, bool) {
	if a < 0 {
		return 0, false
	}
	return math.Sqrt(a), true
}

// asIs is round's operation: the value is rounded by round's own parameter.
func asIs(a float64) (float64, bool) { return a, true }

func factorial(a float64) (float64, bool) {
	if a < 0 || a > 170 || a != math.Trunc(a) {
		return 0, false
	}
	r := 1.0
	for i := 2.0; i <= a; i++ {
		r *= i
	}
	return r, true
}

func total(x []float64) (float64, bool)   { return finite(sum(x)) }
func average(x []float64) (float64, bool) { return finite(mean(x)) }
func minimum(x []float64) (float64, bool) { return slices.Min(x), true }
func maximum(x []float64) (float64, bool) { return slices.Max(x), true }

// stdDev is the population deviation, as statistics helpers of calculator
// APIs compute it.
func stdDev(x []float64) (float64, bool) {
	v, ok := variance(x)
	if !ok {
		return v, ok
	}
	return finite(math.Sqrt(v))
}

func variance(x []float64) (float64, bool) {
	m, s := mean(x), 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return finite(s / float64(len(x)))
}

func median(x []float64) (float64, bool) {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

// calcNames lists each operation with the name words that call for it.
var calcNames = []struct {
	op    calcOp
	names []string
}{
	{binary(true, plus), []string{"add", "addition", "plus"}},
	{binary(true, minus), []string{"subtract", "subtraction", "minus", "difference"}},
	{binary(true, times), []string{"multiply", "multiplication", "times"}},
	{binary(false, dividedBy), []string{"divide", "division", "quotient"}},
	{binary(false, power), []string{"power", "pow", "exponent", "exponentiation", "exponentiate"}},
	{binary(true, modulo), []string{"mod", "modulo", "modulus", "remainder"}},
	{binary(false, percentOf), []string{"percentage", "percent"}},
	// The value and base of a logarithm are told apart by name (binaryOperands).
	{calcOp{kind: calcBinary}, []string{"logarithm", "log"}},

	{unary(true, absolute), []string{"absolute", "abs"}},
	{unary(false, squareRoot), []string{"square_root", "sqrt"}},
	{unary(true, asIs), []string{"round"}},
	{unary(true, factorial), []string{"factorial"}},

	{listOp(true, total), []string{"sum", "total"}},
	{listOp(false, average), []string{"mean", "average", "avg"}},
	{listOp(true, minimum), []string{"min", "minimum", "smallest", "lowest"}},
	{listOp(true, maximum), []string{"max", "maximum", "largest", "highest"}},
	{listOp(false, stdDev), []string{"standard_deviation", "std", "stdev", "std_dev", "stddev"}},
	{listOp(false, variance), []string{"variance"}},
	{listOp(false, median), []string{"median"}},
}

// calcOps maps the operation words of a tool name (filler removed, joined
// by "_") to the operation.
var calcOps = map[string]calcOp{}

func init() {
	for _, c := range calcNames {
		for _, n := range c.names {
			calcOps[n] = c.op
		}
	}
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
	if r, isConversion := converted(t, args); isConversion {
		return r, 10, true
	}
	words := ident.Words(t.Name)
	op, found := calcOpOf(words)
	if !found {
		return 0, 0, false
	}
	operands, prec, plain := calcInputs(t, args)
	if !plain {
		return 0, 0, false
	}
	op, x, fits := op.operands(t, args, operands)
	if !fits {
		return 0, 0, false
	}
	if op.kind == calcUnary && words[0] == "round" && prec < 0 {
		prec = 0
	}
	r, good := op.f(x)
	if !good {
		return 0, 0, false
	}
	decimals = op.decimals(prec)
	return roundTo(r, decimals), decimals, true
}

// calcOpOf is the operation a calculator tool's name words call for.
func calcOpOf(words []string) (calcOp, bool) {
	if op, found := conversion(words); found {
		return op, true
	}
	var key []string
	for _, w := range words {
		if !calcFiller[w] {
			key = append(key, w)
		}
	}
	op, found := calcOps[strings.Join(key, "_")]
	return op, found
}

// calcInputs lists a calculator's operand parameters in the order the
// schema declares them and the decimals its precision argument asks for
// (-1: none); plain is false when the call passes an input of another
// kind, which no plain calculator takes.
func calcInputs(t *toolset.Tool, args map[string]any) (operands []string, prec int, plain bool) {
	prec = -1
	for _, p := range propertyOrder(t.InputJSON) {
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
				return nil, 0, false
			}
		}
	}
	return operands, prec, true
}

// operands reads the values the operation takes from the call's operand
// parameters; a logarithm comes back as the operation with its base put
// second.
func (op calcOp) operands(t *toolset.Tool, args map[string]any, params []string) (calcOp, []float64, bool) {
	switch op.kind {
	case calcList:
		x, ok := listOperands(t, args, params)
		return op, x, ok
	case calcUnary:
		if len(params) != 1 {
			return op, nil, false
		}
		x, ok := numbersOf([]any{args[params[0]]})
		return op, x, ok
	case calcBinary:
		return binaryOperands(op, args, params)
	}
	return op, nil, true
}

// listOperands are a list operation's values: the operands themselves
// (sum(a, b)), or the one array argument's items.
func listOperands(t *toolset.Tool, args map[string]any, params []string) ([]float64, bool) {
	if len(params) >= 2 {
		vs := make([]any, len(params))
		for i, p := range params {
			vs[i] = args[p]
		}
		return numbersOf(vs)
	}
	if len(params) != 1 || t.ParamType(params[0]) != "array" {
		return nil, false
	}
	list, _ := args[params[0]].([]any)
	return numbersOf(list)
}

// binaryOperands are a binary operation's two values, in the order their
// parameters' names give (dividend, divisor) or else the schema's.
func binaryOperands(op calcOp, args map[string]any, params []string) (calcOp, []float64, bool) {
	if len(params) != 2 {
		return op, nil, false
	}
	first, second := operandOrder(params[0], params[1])
	a, ok1 := plan.Number(args[first])
	b, ok2 := plan.Number(args[second])
	if !ok1 || !ok2 {
		return op, nil, false
	}
	if op.f == nil { // logarithm: the parameter named base is the base
		switch {
		case first == "base":
			a, b = b, a
		case second != "base":
			return op, nil, false
		}
		if a <= 0 || b <= 0 || b == 1 {
			return op, nil, false
		}
		op = binary(false, logBase)
	}
	return op, []float64{a, b}, true
}

// operandOrder puts two parameters in the order of a pair whose names say
// which operand is which.
func operandOrder(first, second string) (string, string) {
	for _, pair := range orderedPairs {
		if (first == pair[1] && second == pair[0]) || (first == pair[0] && second == pair[1]) {
			return pair[0], pair[1]
		}
	}
	return first, second
}

// numbersOf reads each value as a number; false if one is not.
func numbersOf(vs []any) ([]float64, bool) {
	var x []float64
	for _, v := range vs {
		f, isNum := plan.Number(v)
		if !isNum {
			return nil, false
		}
		x = append(x, f)
	}
	return x, true
}

// decimals is how many decimals a result is reported with: the precision
// asked for, else only float noise (0.1+0.2) rounded off an exact
// operation, else a few.
func (op calcOp) decimals(prec int) int {
	switch {
	case prec >= 0:
		return prec
	case op.exact:
		return 10
	}
	return 4
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
