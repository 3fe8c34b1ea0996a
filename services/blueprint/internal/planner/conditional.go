package planner

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// condField is an output field a condition can test.
type condField struct {
	path   string
	schema map[string]any
}

func condFields(t *catalog.Tool) []condField {
	if t.Output == nil {
		return nil
	}
	root, ok := jsonschema.Resolve(t.Output, t.Output)
	if !ok {
		return nil
	}
	var out []condField
	props, _ := root["properties"].(map[string]any)
	// A result that is one text (a file, a listing, "Successfully moved
	// …") is not tested: nobody asks "if the content is blank".
	text := sim.TextResultField(t.Output)
	if text != "" || contentBlocks(t.Output, props) {
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(props)) {
		// A page cursor (NextToken) says whether more pages follow, in the
		// protocol's words: nobody asks "if the NextToken is blank".
		// A number is tested against a threshold only when it is a
		// quantity: nobody asks "if the startAt is more than 1739336631"
		// or "if the id is above 5000".
		// A key a path cannot name ("model[default_username]") is not
		// tested either: the plan could not point at it.
		if s, ok := jsonschema.Resolve(t.Output, props[k]); ok && !strings.ContainsAny(k, `[]'"\`) && jsonschema.TypeOf(s) != "" && !pageCursor(k, s) && !thresholdless(k, s) && checked(t, k, s) {
			out = append(out, condField{"$" + jsonpath.Format([]jsonpath.Step{{Field: k}}), s})
		}
	}
	if len(out) == 0 && jsonschema.TypeOf(root) == "array" {
		out = append(out, condField{"$", root}) // "if it finds anything"
	}
	return out
}

// checked reports whether field k (schema s) of t's result is one a person
// checks before going on: a flag (success, is_active), a status from a
// set of words, a quantity (a count, a total), or whether a listing found
// anything. An id, a name, a time, a description or an object is no
// condition anyone sets ("if the created at is not empty", "in case the
// profile comes back empty"), nor is the request's own list sent back (a
// bulk request's item list: "if the item is set").
func checked(t *catalog.Tool, k string, s map[string]any) bool {
	switch jsonschema.TypeOf(s) {
	case "boolean":
		return flagReads(k) // "if it is deleted", never "if the error is true"
	case "integer", "number":
		// A number that is no quantity is thresholdless; an enum's
		// numbers are codes ("if the status turns out to be 3").
		return s["enum"] == nil
	case "array":
		return !sentBack(t, k)
	case "string":
		return wordEnum(s)
	}
	return false
}

// wordEnum reports whether s is a set of values a person says as words
// ("active", "IN_PROGRESS"), not codes ("wowza.WOWZA_MEDIA_SERVER", "0").
func wordEnum(s map[string]any) bool {
	e, _ := s["enum"].([]any)
	if len(e) == 0 {
		return false
	}
	for _, v := range e {
		w, ok := v.(string)
		if !ok || !enumWord.MatchString(w) {
			return false
		}
	}
	return true
}

var enumWord = regexp.MustCompile(`^[A-Za-z][A-Za-z _-]{0,23}$`)

// sentBack reports whether a result's field k is a list the request
// itself sends (a top-level parameter, or a field of its body, of the same
// name): the request's own items echoed, not something it found.
func sentBack(t *catalog.Tool, k string) bool {
	props, _ := t.Input["properties"].(map[string]any)
	for name, p := range props {
		if strings.EqualFold(name, k) {
			return true
		}
		if ps, ok := jsonschema.Resolve(t.Input, p); ok {
			inner, _ := ps["properties"].(map[string]any)
			for n := range inner {
				if strings.EqualFold(n, k) {
					return true
				}
			}
		}
	}
	return false
}

// thresholdless reports whether a field is a number that is no quantity
// (a time, an id, a code, an offset): a condition that it is above or at
// most some value is none a person sets. An enum's numbers are tested for
// equality, so they stay.
func thresholdless(k string, s map[string]any) bool {
	switch jsonschema.TypeOf(s) {
	case "integer", "number":
		return s["enum"] == nil && measureOf(k, s) == notMeasure
	}
	return false
}

// contentBlocks reports whether a result is only a list of content blocks
// (MCP's [{"type": "image", "data": …, "mimeType": …}]): a file as data,
// which nobody tests ("if the content is set") before going on.
func contentBlocks(doc any, props map[string]any) bool {
	if len(props) != 1 {
		return false
	}
	for _, p := range props {
		s, ok := jsonschema.Resolve(doc, p)
		if !ok || jsonschema.TypeOf(s) != "array" {
			return false
		}
		item, _ := jsonschema.Resolve(doc, s["items"])
		branches := []any{item}
		for _, k := range []string{"anyOf", "oneOf"} {
			if alts, ok := item[k].([]any); ok {
				branches = append(branches, alts...)
			}
		}
		for _, b := range branches {
			bs, _ := jsonschema.Resolve(doc, b)
			ip, _ := bs["properties"].(map[string]any)
			_, mime := ip["mimeType"]
			_, data := ip["data"]
			if mime || data {
				return true
			}
		}
	}
	return false
}

// conditional realises CONDITIONAL_BRANCH: a call gated on a test of an
// earlier result.
func (b *builder) conditional(i int) error {
	// A subject whose result can feed the gated call comes first: the
	// branch then also consumes what it tested.
	var subjects, feeding []*catalog.Tool
	for _, t := range b.cat.Tools {
		if len(condFields(t)) > 0 {
			subjects = append(subjects, t)
			if len(b.cat.Out(t)) > 0 {
				feeding = append(feeding, t)
			}
		}
	}
	if len(feeding) > 0 {
		subjects = feeding
	}
	if len(subjects) == 0 {
		return &ImpossibleError{Primitive: validate.Conditional, Reason: fmt.Sprintf("a conditional branch tests an earlier result, but no tool of cluster %q has an output schema", b.cat.Cluster.GetId())}
	}
	a := b.pickTool(subjects)
	fields := condFields(a)
	f := fields[b.r.IntN(len(fields))]
	op, val, _ := b.test(f)
	src := b.call(i, a, nil)
	var next *catalog.Tool
	refs := map[string]*blueprintv1.CallReference{}
	if out := b.cat.Out(a); len(out) > 0 {
		e := out[b.r.IntN(len(out))]
		next = e.To
		refs[e.ToParam] = ref(src, firstElement(e.FromField))
	} else {
		var others []*catalog.Tool
		for _, t := range b.cat.Tools {
			if t != a {
				others = append(others, t)
			}
		}
		next = a
		if len(others) > 0 {
			next = b.pickTool(others)
		}
	}
	c := b.call(i, next, refs)
	c.Condition = &blueprintv1.Condition{Subject: ref(src, f.path), Operator: op, ValueJson: val}
	addDep(c, src.Id)
	b.say(i, clause{kind: clauseCond, calls: []*blueprintv1.PlannedCall{src, c}})
	return nil
}

// test picks an operator and value for a condition on a field.
func (b *builder) test(f condField) (op, valueJSON, words string) {
	s := f.schema
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		v := e[b.r.IntN(len(e))]
		raw, _ := json.Marshal(v)
		return "eq", string(raw), "is " + string(raw)
	}
	switch jsonschema.TypeOf(s) {
	case "boolean":
		return "eq", "true", "is true"
	case "integer", "number":
		v := b.vals.For(nil, s, lastField(f.path))
		raw, _ := json.Marshal(v)
		if b.r.IntN(2) == 0 {
			return "gt", string(raw), "is above " + string(raw)
		}
		return "le", string(raw), "is at most " + string(raw)
	case "array":
		return "not_empty", "", "has any entries"
	}
	if b.r.IntN(2) == 0 {
		return "empty", "", "is empty"
	}
	return "not_empty", "", "is set"
}

func lastField(path string) string {
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return ""
	}
	for k := len(steps) - 1; k >= 0; k-- {
		if !steps[k].IsIndex {
			return steps[k].Field
		}
	}
	return ""
}

func fieldWords(path string) string {
	if f := lastField(path); f != "" {
		return "the " + wording.Phrase(f) // "rangeCreationResults": "the range creation results"
	}
	return "the result"
}
