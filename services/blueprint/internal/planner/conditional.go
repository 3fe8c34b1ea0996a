package planner

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
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
		if s, ok := jsonschema.Resolve(t.Output, props[k]); ok && !strings.ContainsAny(k, `[]'"\`) && jsonschema.TypeOf(s) != "" && !pageCursor(k, s) && !thresholdless(k, s) {
			out = append(out, condField{"$" + jsonpath.Format([]jsonpath.Step{{Field: k}}), s})
		}
	}
	if len(out) == 0 {
		out = append(out, condField{"$", root})
	}
	return out
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
		return "the " + strings.ReplaceAll(f, "_", " ")
	}
	return "the result"
}
