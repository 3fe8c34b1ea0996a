package sim

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// Mistake returns a value a user could plausibly give by mistake instead of
// right: the same shape with one digit changed or two transposed, a
// one-letter typo, another real code of the same format (an old order id, a
// neighbouring airport). It validates against the schema's constraints and
// differs from right; when no such slip exists it returns another value of
// the schema (Different).
func (v *Values) Mistake(root, schema any, name string, right any) any {
	v.fresh++
	defer func() { v.fresh-- }()
	s, ok := jsonschema.Resolve(root, schema)
	if !ok {
		s = map[string]any{}
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 1 {
		return v.Different(root, schema, name, right)
	}
	switch x := right.(type) {
	case string:
		for range 12 {
			m := v.slip(s, name, x)
			if m != x && m != "" && fitsString(s, m) {
				return m
			}
		}
	case float64, int64, int, json.Number:
		f, _ := num(x)
		if n, ok := x.(json.Number); ok {
			f, _ = n.Float64()
		}
		fl := classify(name, s, "", true, v.subj.text)
		lo, hi, _ := rangeFor(s, fl, jsonschema.TypeOf(s) == "integer")
		for range 12 {
			m := v.numberSlip(f)
			if m != f && fitsNumber(s, m) && (m >= lo && m <= hi || f < lo || f > hi) {
				if _, isInt := x.(int64); isInt || jsonschema.TypeOf(s) == "integer" {
					return int64(m)
				}
				if _, isInt := x.(int); isInt {
					return int64(m)
				}
				return m
			}
		}
	}
	return v.Different(root, schema, name, right)
}

// slip changes a string the way people mistype or misremember one.
func (v *Values) slip(s map[string]any, name, x string) string {
	f := classify(name, s, "", false, v.subj.text)
	switch f.kind {
	case kAirport, kTicker, kCurrency, kCountry, kCountry3, kLanguage, kLocale, kTimezone:
		// Another real code of the same format.
		if len(x) > 0 {
			for range 8 {
				if y := v.byKind(f); y != x && len(y) == len(x) {
					return y
				}
			}
		}
	case kDate, kDOB, kDateTime:
		// A day or two off, or the month misremembered.
		if l := layoutOf(x); l != "" {
			if t, err := time.Parse(l, x); err == nil {
				if v.r.IntN(3) == 0 {
					return t.AddDate(0, 1-2*v.r.IntN(2), 0).Format(l)
				}
				return t.AddDate(0, 0, []int{-2, -1, 1, 2}[v.r.IntN(4)]).Format(l)
			}
		}
	case kEmail:
		if at := strings.Index(x, "@"); at > 1 {
			return v.letterSlip(x[:at]) + x[at:]
		}
	}
	if hasDigit(x) {
		return v.digitSlip(x, false)
	}
	return v.letterSlip(x)
}

// digitSlip changes one digit or swaps two neighbouring different ones.
func (v *Values) digitSlip(x string, keepDate bool) string {
	for range 6 {
		y := v.digitSlipOnce(x, keepDate)
		// A slip never gives a number a leading zero it did not have.
		if y != x && !(strings.HasPrefix(strings.TrimLeft(y, "+-#"), "0") && !strings.HasPrefix(strings.TrimLeft(x, "+-#"), "0")) {
			return y
		}
	}
	return x
}

func (v *Values) digitSlipOnce(x string, keepDate bool) string {
	rs := []rune(x)
	var idx []int
	for i, r := range rs {
		if unicode.IsDigit(r) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return x
	}
	if keepDate {
		// The day of a date: one day off, the commonest slip.
		last := idx[len(idx)-1]
		if rs[last] > '1' && rs[last] < '9' {
			rs[last] += rune(1 - 2*v.r.IntN(2))
			return string(rs)
		}
	}
	if v.r.IntN(2) == 0 {
		for range 6 {
			k := v.r.IntN(len(idx))
			if k+1 < len(idx) && idx[k+1] == idx[k]+1 && rs[idx[k]] != rs[idx[k+1]] {
				rs[idx[k]], rs[idx[k+1]] = rs[idx[k+1]], rs[idx[k]]
				return string(rs)
			}
		}
	}
	i := idx[v.r.IntN(len(idx))]
	if i == idx[0] && len(idx) > 1 {
		i = idx[len(idx)-1] // the leading digit is the one people get right
	}
	d := rune('0' + v.r.IntN(10))
	for d == rs[i] {
		d = rune('0' + v.r.IntN(10))
	}
	rs[i] = d
	return string(rs)
}

// keyboard neighbours for one-letter typos.
var nearKeys = map[rune]string{
	'a': "sq", 'b': "vn", 'c': "xv", 'd': "sf", 'e': "wr", 'f': "dg", 'g': "fh", 'h': "gj", 'i': "uo", 'j': "hk", 'k': "jl", 'l': "k",
	'm': "n", 'n': "bm", 'o': "ip", 'p': "o", 'q': "w", 'r': "et", 's': "ad", 't': "ry", 'u': "yi", 'v': "cb", 'w': "qe", 'x': "zc", 'y': "tu", 'z': "x",
}

// letterSlip makes a one-letter typo: two neighbouring letters swapped, or
// one letter replaced by its keyboard neighbour.
func (v *Values) letterSlip(x string) string {
	rs := []rune(x)
	var idx []int
	for i, r := range rs {
		if unicode.IsLetter(r) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return x
	}
	if v.r.IntN(2) == 0 && len(idx) > 2 {
		for range 6 {
			k := 1 + v.r.IntN(len(idx)-1) // not the first letter
			if k+1 >= len(idx) {
				continue
			}
			a, b := rs[idx[k]], rs[idx[k+1]]
			if idx[k+1] == idx[k]+1 && a != b && unicode.IsLower(a) && unicode.IsLower(b) {
				rs[idx[k]], rs[idx[k+1]] = b, a
				return string(rs)
			}
		}
	}
	i := idx[v.r.IntN(len(idx))]
	if len(idx) > 1 && i == idx[0] {
		i = idx[1+v.r.IntN(len(idx)-1)]
	}
	lower := unicode.ToLower(rs[i])
	near := nearKeys[lower]
	if near == "" {
		near = "e"
	}
	n := []rune(near)[v.r.IntN(len([]rune(near)))]
	if unicode.IsUpper(rs[i]) {
		n = unicode.ToUpper(n)
	}
	rs[i] = n
	return string(rs)
}

// numberSlip changes a number the way people misremember one: two digits
// swapped or one changed, same magnitude.
func (v *Values) numberSlip(f float64) float64 {
	str := strconv.FormatFloat(f, 'f', -1, 64)
	y, err := strconv.ParseFloat(v.digitSlip(str, false), 64)
	if err != nil || len(strings.TrimLeft(strconv.FormatFloat(math.Abs(y), 'f', -1, 64), "0")) == 0 {
		return f + 1
	}
	return y
}

func fitsNumber(s map[string]any, x float64) bool {
	if m, ok := num(s["minimum"]); ok && x < m {
		return false
	}
	if m, ok := num(s["maximum"]); ok && x > m {
		return false
	}
	if m, ok := num(s["exclusiveMinimum"]); ok && x <= m {
		return false
	}
	if m, ok := num(s["exclusiveMaximum"]); ok && x >= m {
		return false
	}
	if m, ok := num(s["multipleOf"]); ok && m > 0 {
		q := x / m
		if math.Abs(q-math.Round(q)) > 1e-9 {
			return false
		}
	}
	if jsonschema.TypeOf(s) == "integer" && x != math.Trunc(x) {
		return false
	}
	return true
}
