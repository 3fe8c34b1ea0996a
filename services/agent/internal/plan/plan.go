// Package plan reads a blueprint the way a rollout needs it: calls by id,
// what each call waits for, JSON paths into actual tool outputs, conditions
// evaluated on actual values, and the user values each intent may state.
// Every role (simulated or model-backed) and every verification layer reads
// the plan through this one package, so they agree on what it means.
package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
)

// CodeTool is the built-in code tool's name (the blueprint planner's
// catalog.CodeToolName); its calls run in the sandbox.
const CodeTool = "python"

// SQLTool is the code tool for SQL, run by sqlite3 in the sandbox.
const SQLTool = "sql"

// Plan is an indexed blueprint.
type Plan struct {
	BP *blueprintv1.Blueprint
	// Key names the plan by its content alone, not by the ids a run gives
	// it (blueprint, job, cluster): the same plan drafted in another run has
	// the same key, so what is seeded by it repeats.
	Key      string
	Calls    []*blueprintv1.PlannedCall
	byID     map[string]*blueprintv1.PlannedCall
	withheld map[string]bool
}

// New indexes bp.
func New(bp *blueprintv1.Blueprint) *Plan {
	p := &Plan{BP: bp, Key: contentKey(bp), Calls: bp.GetCalls(), byID: map[string]*blueprintv1.PlannedCall{}, withheld: map[string]bool{}}
	for _, c := range p.Calls {
		p.byID[c.GetId()] = c
		for _, a := range Withheld(c) {
			p.withheld[a.GetUser().GetValueJson()] = true
		}
	}
	return p
}

func contentKey(bp *blueprintv1.Blueprint) string {
	c := proto.CloneOf(bp)
	if c == nil {
		return ""
	}
	c.Id, c.JobId, c.ClusterId = "", "", ""
	raw, _ := proto.MarshalOptions{Deterministic: true}.Marshal(c)
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:12])
}

// MustAsk returns the user-bound arguments of c whose value the user holds
// back until asked. A value withheld anywhere in the plan is withheld
// everywhere: the user cannot both state it up front and wait to be asked.
func (p *Plan) MustAsk(c *blueprintv1.PlannedCall) []*blueprintv1.ArgumentBinding {
	var out []*blueprintv1.ArgumentBinding
	for _, a := range c.GetArguments() {
		if u := a.GetUser(); u != nil && p.withheld[u.GetValueJson()] {
			out = append(out, a)
		}
	}
	return out
}

// Conversions maps each value the plan passes converted (user.stated_json),
// by its canonical leaves, to the forms the user says it in, in plan order:
// "2026-03-05" to "March 5, 2026".
func (p *Plan) Conversions() map[string][]any {
	out := map[string][]any{}
	for _, c := range p.Calls {
		for _, a := range c.GetArguments() {
			u := a.GetUser()
			if u.GetStatedJson() == "" {
				continue
			}
			v, err1 := Decode(u.GetValueJson())
			said, err2 := Decode(u.GetStatedJson())
			if err1 != nil || err2 != nil {
				continue
			}
			for _, l := range Leaves(v) {
				out[Canonical(l)] = append(out[Canonical(l)], said)
			}
		}
	}
	return out
}

// Call returns the planned call with id, or nil.
func (p *Plan) Call(id string) *blueprintv1.PlannedCall { return p.byID[id] }

// Intents is the number of user intents (at least 1).
func (p *Plan) Intents() int { return max(len(p.BP.GetIntents()), 1) }

// IntentCalls returns the calls serving intent i, in plan order.
func (p *Plan) IntentCalls(i int) []*blueprintv1.PlannedCall {
	var out []*blueprintv1.PlannedCall
	for _, c := range p.Calls {
		if int(c.GetIntent()) == i {
			out = append(out, c)
		}
	}
	return out
}

// Needs returns the ids of the calls c waits for: its depends_on, the
// sources of its references, of its condition and of its iteration.
func Needs(c *blueprintv1.PlannedCall) []string {
	out := slices.Clone(c.GetDependsOn())
	add := func(id string) {
		if id != "" && id != c.GetId() && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, a := range c.GetArguments() {
		add(a.GetRef().GetCallId())
	}
	add(c.GetCondition().GetSubject().GetCallId())
	add(c.GetForEach().GetCallId())
	return out
}

// IsCode reports whether c is a call of a code tool.
func IsCode(c *blueprintv1.PlannedCall) bool {
	return IsCodeTool(c.GetToolName()) || c.GetCode() != ""
}

// Language is the language of code call c's program: "sql" for the SQL
// tool or a call planned in SQL, else "python".
func Language(c *blueprintv1.PlannedCall) string {
	if c.GetToolName() == SQLTool || c.GetCodeLanguage() == "sql" {
		return "sql"
	}
	return "python"
}

// IsCodeTool reports whether name is a code tool.
func IsCodeTool(name string) bool { return name == CodeTool || name == SQLTool }

// Withheld returns the user-bound arguments of c the user holds back until asked.
func Withheld(c *blueprintv1.PlannedCall) []*blueprintv1.ArgumentBinding {
	var out []*blueprintv1.ArgumentBinding
	for _, a := range c.GetArguments() {
		if a.GetUser().GetWithholdUntilAsked() {
			out = append(out, a)
		}
	}
	return out
}

// Stated returns the user values intent i lets the user state up front (not
// withheld), as the user says them, deduplicated, in plan order. A failing
// call's values are stated too: a planned failure's cause is a value the
// user gives (a mistyped id, a date in the user's own words). A value the
// plan converts (stated_json) is said in its stated form. A value an earlier
// request stated is not asked for again: the user gave their API key once,
// and the assistant has it from there.
func (p *Plan) Stated(i int) []*blueprintv1.UserValue {
	seen := map[string]bool{}
	for j := range i {
		for _, u := range p.stated(j, map[string]bool{}) {
			seen[u.GetValueJson()] = true
		}
	}
	return p.stated(i, seen)
}

// stated is Stated of intent i without the values in seen, which it adds to.
func (p *Plan) stated(i int, seen map[string]bool) []*blueprintv1.UserValue {
	var out []*blueprintv1.UserValue
	for _, c := range p.IntentCalls(i) {
		for _, a := range c.GetArguments() {
			u := a.GetUser()
			if u == nil || p.withheld[u.GetValueJson()] {
				continue
			}
			if sj := u.GetStatedJson(); sj != "" {
				u = &blueprintv1.UserValue{ValueJson: sj, Description: u.GetDescription()}
			}
			if seen[u.GetValueJson()] {
				continue
			}
			seen[u.GetValueJson()] = true
			out = append(out, u)
		}
	}
	return out
}

// GetOne returns the single value at a path without [*].
func GetOne(doc any, path string) (any, bool) {
	vals, ok := jsonpath.Get(doc, path)
	if !ok || len(vals) == 0 {
		return nil, false
	}
	return vals[0], true
}

// Param returns the value of a parameter in decoded call arguments. A
// parameter named as a JSON path ("$.body.id") is read along that path; any
// other name is one top-level key, quoted when it holds path characters.
func Param(args any, param string) (any, bool) {
	path := "$." + param
	switch {
	case strings.HasPrefix(param, "$"):
		path = param
	case strings.ContainsAny(param, ".[]' "):
		path = "$['" + param + "']"
	}
	return GetOne(args, path)
}

// Decode parses JSON text keeping numbers as json.Number (their written form).
func Decode(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Number returns v as a float64 when it is a JSON number.
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// Canonical renders v as compact JSON with sorted keys (encoding/json sorts
// map keys), so equal values give equal text.
func Canonical(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Clip shortens s to its first n bytes and an ellipsis, for messages and
// tool results that must stay short.
func Clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Occurs reports whether s occurs in one of texts, as is or JSON-escaped
// (a value inside a JSON result has its quotes and backslashes escaped).
func Occurs(s string, texts []string) bool {
	esc := strings.TrimSuffix(strings.TrimPrefix(Canonical(s), `"`), `"`)
	for _, t := range texts {
		if strings.Contains(t, s) || esc != s && strings.Contains(t, esc) {
			return true
		}
	}
	return false
}

// Holds evaluates a condition on an actual output. An operator the plan
// language does not know never holds.
func Holds(c *blueprintv1.Condition, output any) bool {
	v, ok := GetOne(output, c.GetSubject().GetPath())
	want, _ := Decode(c.GetValueJson())
	empty := !ok || v == nil || v == "" || isEmptyColl(v)
	switch c.GetOperator() {
	case "empty":
		return empty
	case "not_empty":
		return !empty
	case "eq":
		return ok && Canonical(normNum(v)) == Canonical(normNum(want))
	case "ne":
		return !ok || Canonical(normNum(v)) != Canonical(normNum(want))
	case "contains":
		switch x := v.(type) {
		case string:
			w, _ := want.(string)
			return strings.Contains(x, w)
		case []any:
			for _, e := range x {
				if Canonical(normNum(e)) == Canonical(normNum(want)) {
					return true
				}
			}
		}
		return false
	case "lt", "le", "gt", "ge":
		a, ok1 := Number(v)
		b, ok2 := Number(want)
		if !ok1 || !ok2 {
			return false
		}
		switch c.GetOperator() {
		case "lt":
			return a < b
		case "le":
			return a <= b
		case "gt":
			return a > b
		default:
			return a >= b
		}
	}
	return false
}

func isEmptyColl(v any) bool {
	switch x := v.(type) {
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// normNum makes 1 and 1.0 compare equal.
func normNum(v any) any {
	if f, ok := Number(v); ok {
		return f
	}
	return v
}

// Leaves returns the leaf values of decoded JSON (strings, numbers, bools,
// nulls), in a stable order.
func Leaves(v any) []any {
	var out []any
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		default:
			out = append(out, x)
		}
	}
	walk(v)
	return out
}

// Text renders a leaf the way it appears in prose: strings bare, numbers as
// written, the rest as JSON.
func Text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return Canonical(v)
}

// Significant reports whether a leaf can ground or be checked by verbatim
// occurrence: a string of 3 or more characters, or a number written with 3
// or more characters (the docs/metrics.md rule for dependent values).
func Significant(v any) bool {
	switch x := v.(type) {
	case string:
		return len([]rune(x)) >= 3
	case json.Number:
		return len(x) >= 3
	}
	return false
}

// SameValue reports whether two values are the same, a number and the same
// number written as a string included (a parameter declared as a string
// takes an id that an earlier result gave as a number), and a date written
// in two layouts (2025-02-03 passed on as 02/2025).
func SameValue(a, b any) bool {
	if Canonical(sameForm(a)) == Canonical(sameForm(b)) {
		return true
	}
	sa, ok := a.(string)
	sb, ok2 := b.(string)
	return ok && ok2 && sameDate(sa, sb)
}

func sameForm(v any) any {
	if s, ok := v.(string); ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f
		}
		return v
	}
	if f, ok := Number(v); ok {
		return f
	}
	return v
}
