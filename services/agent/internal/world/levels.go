package world

import (
	"encoding/json"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A balance or a level is one number the backend keeps: every result that
// reports it reports what it is now. A call that moves an amount into or
// out of it (fund, deposit, fill; withdraw, pay) reports the value before
// plus or minus the amount; a read reports the value last known. The first
// value is the one first drawn, remembered from then on.

// levelFamily is the entity store's family of the kept numbers, by stem.
const levelFamily = "\x00level"

// levelWords end the name of a kept number.
var levelWords = set_("balance", "level", "funds")

// levelModifiers say when a kept number is read, not which number it is
// (new_balance and balance are one balance).
var levelModifiers = set_("new", "current", "updated", "final", "resulting", "remaining", "available", "latest", "present", "after", "post")

// levelStem is the number a field names ("balance" for new_balance,
// "fuel_level" for fuelLevel) and the word that ends it; ok is false for a
// field that names no kept number.
func levelStem(k string) (stem, last string, ok bool) {
	w := ident.Words(k)
	if len(w) == 0 || !levelWords[w[len(w)-1]] {
		return "", "", false
	}
	var rest []string
	for _, x := range w {
		if !levelModifiers[x] {
			rest = append(rest, x)
		}
	}
	return strings.Join(rest, "_"), w[len(w)-1], true
}

// Verbs of a call that moves an amount: into the number, out of it, or
// (charge) into a level and out of a balance.
var (
	addVerbs  = set_("deposit", "fund", "fill", "refill", "refuel", "top", "topup", "recharge", "credit", "load", "reload", "increase", "raise", "add")
	takeVerbs = set_("withdraw", "withdrawal", "spend", "debit", "deduct", "pay", "transfer", "decrease", "reduce", "consume", "drain", "subtract")
)

// amountWords end the name of the argument that says how much is moved.
var amountWords = set_("amount", "sum", "quantity", "qty", "volume", "gallons", "liters", "litres")

// move is what a call does to the kept numbers.
type move struct {
	sign   float64 // +1 into, -1 out of; 0 for charge (by the number's kind)
	amount float64
	text   string // the amount as sent
}

// moveOf is the amount a call moves and which way, ok false when the call
// moves none: its name's verb (or a string argument's: type "deposit")
// says the way, and its one amount argument how much.
func moveOf(t *toolset.Tool, a map[string]any) (move, bool) {
	var m move
	dir := ""
	words := ident.Words(t.Name)
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if s, isStr := a[k].(string); isStr && !secretParam(k) && len(s) < 40 {
			words = append(words, ident.Words(s)...)
		}
	}
	for _, w := range words {
		switch {
		case w == "charge":
			dir = "charge"
		case addVerbs[w]:
			dir = "add"
		case takeVerbs[w]:
			dir = "take"
		}
		if dir != "" {
			break
		}
	}
	if dir == "" {
		return m, false
	}
	n := 0
	for _, k := range slices.Sorted(maps.Keys(a)) {
		w := ident.Words(k)
		if len(w) == 0 || !amountWords[w[len(w)-1]] {
			continue
		}
		f, isNum := plan.Number(a[k])
		if !isNum || f < 0 {
			continue
		}
		m.amount, m.text = f, plan.Text(a[k])
		n++
	}
	if n != 1 {
		return m, false
	}
	switch dir {
	case "add":
		m.sign = 1
	case "take":
		m.sign = -1
	}
	return m, true
}

// levelField is a kept number an output shows, at a path of object keys.
type levelField struct {
	path       []string
	stem, last string
	value      any
}

// levelFields lists the kept numbers of an output: its own fields and
// those of the objects it holds (a car's status), not of list items (they
// are other records).
func levelFields(o map[string]any, prefix []string, out []levelField) []levelField {
	for _, k := range slices.Sorted(maps.Keys(o)) {
		switch x := o[k].(type) {
		case map[string]any:
			out = levelFields(x, append(slices.Clone(prefix), k), out)
		default:
			if _, isNum := plan.Number(x); !isNum {
				continue
			}
			if stem, last, ok := levelStem(k); ok {
				out = append(out, levelField{path: append(slices.Clone(prefix), k), stem: stem, last: last, value: x})
			}
		}
	}
	return out
}

// capacityText finds the most a level can hold in a description: "can
// hold up to 50 gallons", "a maximum of 100", "capacity of 60".
var capacityText = regexp.MustCompile(`(?i)(?:up to|maximum(?: of)?|max(?:imum)? capacity(?: of)?|capacity(?: of| is)?|at most)\s+(\d+(?:\.\d+)?)`)

func capacityOf(t *toolset.Tool) (float64, bool) {
	m := capacityText.FindStringSubmatch(t.Description)
	if m == nil {
		return 0, false
	}
	f, err := strconv.ParseFloat(m[1], 64)
	return f, err == nil && f > 0
}

// plannedTakes is what the plan's calls take from a balance: each take's
// amount, or for an amount read from an earlier result (not known yet)
// what such an amount can be at most.
func (w *World) plannedTakes() float64 {
	if w.plan == nil || w.tools == nil {
		return 0
	}
	sum := 0.0
	for _, c := range w.plan.Calls {
		t := w.tools.Get(c.GetToolName())
		if t == nil {
			continue
		}
		args := map[string]any{}
		for _, b := range c.GetArguments() {
			text := b.GetLiteralJson()
			if u := b.GetUser(); u != nil {
				text = u.GetValueJson()
			}
			if b.GetRef() != nil {
				text = "1000"
			}
			if v, err := plan.Decode(text); err == nil {
				args[b.GetParam()] = v
			}
		}
		if mv, ok := moveOf(t, args); ok && mv.sign <= 0 {
			sum += mv.amount
		}
	}
	return sum
}

// capacity is the most a level can hold: what the call's tool says, or
// any tool of the rollout that reports the same level ("The fuel tank can
// hold up to 50 gallons" of fillFuelTank bounds a status's fuelLevel).
func (w *World) capacity(t *toolset.Tool, f levelField) (float64, bool) {
	if f.last != "level" {
		return 0, false
	}
	if c, ok := capacityOf(t); ok {
		return c, true
	}
	if w.tools == nil {
		return 0, false
	}
	for _, o := range w.tools.Tools {
		if o.Output == nil {
			continue
		}
		root := o.Output.Root()
		for k := range schemaProps(root, root) {
			if stem, _, ok := levelStem(k); ok && stem == f.stem {
				if c, ok := capacityOf(o); ok {
					return c, true
				}
			}
		}
	}
	return 0, false
}

// knownLevel is the value last kept for a number a call of group sees.
func (w *World) knownLevel(scope string, f levelField, group int32) (float64, string, bool) {
	keys := []string{f.stem}
	if f.stem == f.last || f.last == "balance" {
		keys = append(keys, f.last) // new_balance after account_balance
	}
	for _, k := range keys {
		if v, has := w.ents.get(levelFamily, scope+k, group)["value"]; has {
			if x, isNum := plan.Number(v); isNum {
				return x, plan.Text(v), true
			}
		}
	}
	return 0, "", false
}

// levels makes the kept numbers of an output agree with the trajectory
// (the value before ± the amount moved, or the value known) and keeps
// what it then reports.
func (w *World) levels(t *toolset.Tool, a map[string]any, doc any, valid func(any) bool, group int32, order string) any {
	o, isObj := doc.(map[string]any)
	if !isObj {
		return doc
	}
	mv, moves := moveOf(t, a)
	// The numbers of one account are not another's: a call about an
	// account by id keeps its own.
	scope := ""
	if c := classify(t, a); c.id != nil {
		scope = c.family + "\x00" + plan.Text(c.id) + "\x00"
	}
	fields := levelFields(o, nil, nil)
	for _, f := range fields {
		if ambiguous(fields, f) {
			continue
		}
		prev, prevText, known := w.knownLevel(scope, f, group)
		limit, bounded := w.capacity(t, f)
		if !known && group != 0 {
			prev, prevText, known = w.turnLevel(scope, f, group, mv, limit, bounded)
		}
		if !known {
			o = w.firstLevel(o, f, mv, moves, limit, bounded, func(o2 map[string]any) bool { return t.Output == nil || valid(o2) })
			continue
		}
		text := prevText
		if moves {
			text = movedLevel(prev, prevText, f, mv, limit, bounded)
		}
		o = withLevel(o, f, json.Number(text), func(o2 map[string]any) bool { return t.Output == nil || valid(o2) })
	}
	fields = levelFields(o, nil, nil)
	for _, f := range fields {
		if ambiguous(fields, f) {
			continue
		}
		for _, k := range slices.Compact([]string{f.stem, f.last}) {
			w.ents.put(levelFamily, scope+k, map[string]any{"value": f.value}, group, order)
		}
	}
	return o
}

// turnLevel is the value calls of one turn (fund and withdraw at once, a
// read beside them) start from when none is known: one value, drawn for
// the turn, not each from its own.
func (w *World) turnLevel(scope string, f levelField, group int32, mv move, limit float64, bounded bool) (float64, string, bool) {
	r := seedrand.New(w.seed, "world.level", scope+f.stem, strconv.Itoa(int(group)))
	var prev float64
	switch {
	case bounded:
		prev = limit * (0.1 + 0.5*r.Float64())
	case f.last == "level":
		prev = 5 + 60*r.Float64()
	default:
		prev = 500 + 9500*r.Float64()
	}
	text := numberText(prev, decimals(mv.text), 0)
	prev, _ = strconv.ParseFloat(text, 64)
	return prev, text, true
}

// firstLevel keeps a level or balance seen for the first time within what
// the trajectory allows: a balance covers what the plan takes from it (a
// successful withdrawal does not leave it below zero); a fill into a level
// not known yet leaves at least what it put in (a full tank when it put in
// more than the tank holds); a level drawn above what it can hold (87.73
// gallons in a 50-gallon tank) is within it.
func (w *World) firstLevel(o map[string]any, f levelField, mv move, moves bool, limit float64, bounded bool, ok func(map[string]any) bool) map[string]any {
	x, _ := plan.Number(f.value)
	switch {
	case f.last == "balance" || f.last == "funds":
		if x < w.plannedTakes() {
			return withLevel(o, f, json.Number(numberText(x+w.plannedTakes(), decimals(plan.Text(f.value)), 0)), ok)
		}
	case moves && mv.sign >= 0 && f.last == "level":
		least := mv.amount
		if bounded {
			least = min(least, limit)
		}
		if y := x; bounded && y > limit || y < least {
			if bounded && y > limit {
				y = math.Mod(y, limit)
			}
			return withLevel(o, f, json.Number(numberText(max(y, least), decimals(mv.text), decimals(plan.Text(f.value)))), ok)
		}
	case bounded && x > limit:
		return withLevel(o, f, json.Number(numberText(math.Mod(x, limit), decimals(plan.Text(f.value)), 0)), ok)
	}
	return o
}

// movedLevel is the text of a kept number after a move: the value before
// plus or minus the amount (a charge with no sign fills a level and is
// taken from a balance), a level within its capacity and never below zero.
func movedLevel(prev float64, prevText string, f levelField, mv move, limit float64, bounded bool) string {
	sign := mv.sign
	if sign == 0 {
		sign = 1
		if f.last == "balance" || f.last == "funds" {
			sign = -1
		}
	}
	next := prev + sign*mv.amount
	if f.last == "level" {
		if bounded && next > limit {
			next = max(limit, prev)
		}
		next = max(next, 0)
	}
	return numberText(next, decimals(prevText), decimals(mv.text))
}

// withLevel returns o with f set to v, or o unchanged when the result would
// not be valid.
func withLevel(o map[string]any, f levelField, v any, ok func(map[string]any) bool) map[string]any {
	o2 := clone(o).(map[string]any)
	setPath(o2, f.path, v)
	if ok(o2) {
		return o2
	}
	return o
}

// ambiguous reports whether an output shows two numbers of f's stem (the
// balances of two accounts): neither is kept.
func ambiguous(fields []levelField, f levelField) bool {
	n := 0
	for _, g := range fields {
		if g.stem == f.stem {
			n++
		}
	}
	return n > 1
}

// setPath sets the field at a path of object keys.
func setPath(o map[string]any, path []string, v any) {
	for _, k := range path[:len(path)-1] {
		o = o[k].(map[string]any)
	}
	o[path[len(path)-1]] = v
}

// decimals is how many digits a number's text has after its point.
func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 && !strings.ContainsAny(s, "eE") {
		return len(s) - i - 1
	}
	return 0
}

// numberText writes x with the most digits after the point its operands
// had (750.41 + 443.77 is 1194.18, not 1194.1799999).
func numberText(x float64, a, b int) string {
	d := min(max(a, b), 6)
	p := math.Pow(10, float64(d))
	return strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
}
