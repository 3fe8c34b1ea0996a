// Package validate checks a blueprint against the cluster it plans over:
// literal and user-stated arguments validate against the tools' input
// schemas, references resolve to fields of the source tool's output schema,
// the plan is acyclic, and every requested reasoning primitive is realised.
package validate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// Violation is one reason a blueprint is invalid; Field is the path of the
// offending field within the blueprint, e.g. "calls[2].arguments[0].ref.path".
type Violation struct {
	CallID string
	Field  string
	Reason string
}

func (v Violation) String() string { return v.Field + ": " + v.Reason }

// Summary lists the first five violations and counts the rest: short enough
// for an error message, enough to see what went wrong.
func Summary(vs []Violation) string {
	var parts []string
	for i, v := range vs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(vs)-5))
			break
		}
		parts = append(parts, v.String())
	}
	return strings.Join(parts, "; ")
}

// Proto converts to the contract's Violation.
func (v Violation) Proto() *blueprintv1.Violation {
	return &blueprintv1.Violation{CallId: v.CallID, Field: v.Field, Reason: v.Reason}
}

// Operators a Condition may use; the ones in needsValue compare with value_json.
var (
	Operators  = []string{"eq", "ne", "lt", "le", "gt", "ge", "contains", "empty", "not_empty"}
	needsValue = map[string]bool{"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true, "contains": true}
)

type checker struct {
	bp    *blueprintv1.Blueprint
	cat   *catalog.Catalog
	out   []Violation
	index map[string]int
	tools []*catalog.Tool
}

func (c *checker) add(callID, field, format string, args ...any) {
	c.out = append(c.out, Violation{CallID: callID, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Blueprint returns every violation of bp against the cluster's catalog;
// none means the plan is valid.
func Blueprint(bp *blueprintv1.Blueprint, cat *catalog.Catalog) []Violation {
	if bp == nil {
		return []Violation{{Field: "blueprint", Reason: "missing"}}
	}
	c := &checker{bp: bp, cat: cat, index: map[string]int{}, tools: make([]*catalog.Tool, len(bp.GetCalls()))}
	if strings.TrimSpace(bp.GetGoal()) == "" {
		c.add("", "goal", "must not be empty: say what the user wants to achieve")
	}
	if len(bp.GetIntents()) == 0 {
		c.add("", "intents", "must list at least one user intent")
	}
	if tc := bp.GetTargetComplexity(); tc < 0 || tc > 10 {
		c.add("", "target_complexity", "want 0..10, got %d", tc)
	}
	for i, call := range bp.GetCalls() {
		f := fmt.Sprintf("calls[%d]", i)
		switch id := call.GetId(); {
		case id == "":
			c.add("", f+".id", "must not be empty")
		case c.index[id] != 0:
			c.add(id, f+".id", "duplicate call id %q", id)
		default:
			c.index[id] = i + 1 // 0 means absent
		}
	}
	for i, call := range bp.GetCalls() {
		c.tools[i] = c.tool(i, call)
	}
	for i, call := range bp.GetCalls() {
		c.call(i, call)
	}
	c.acyclic()
	c.primitives()
	return c.out
}

// lookup returns the index of a call id, or -1.
func (c *checker) lookup(id string) int {
	if n, ok := c.index[id]; ok {
		return n - 1
	}
	return -1
}

func (c *checker) tool(i int, call *blueprintv1.PlannedCall) *catalog.Tool {
	f := fmt.Sprintf("calls[%d]", i)
	var t *catalog.Tool
	if call.GetToolId() != "" {
		t = c.cat.Lookup(call.GetToolId())
		if t == nil {
			c.add(call.GetId(), f+".tool_id", "no tool with id %q in cluster %q", call.GetToolId(), c.cat.Cluster.GetId())
			return nil
		}
		if call.GetToolName() != "" && call.GetToolName() != t.Name {
			c.add(call.GetId(), f+".tool_name", "tool id %q is %q, not %q", call.GetToolId(), t.Name, call.GetToolName())
		}
		return t
	}
	if call.GetToolName() == "" {
		c.add(call.GetId(), f+".tool_name", "must name a tool of the cluster")
		return nil
	}
	t = c.cat.Lookup(call.GetToolName())
	if t == nil {
		c.add(call.GetId(), f+".tool_name", "no tool %q in cluster %q (tools: %s)", call.GetToolName(), c.cat.Cluster.GetId(), toolNames(c.cat))
	}
	return t
}

func toolNames(cat *catalog.Catalog) string {
	var names []string
	for _, t := range cat.Tools {
		names = append(names, t.Name)
	}
	if len(names) > 12 {
		names = append(names[:12], "…")
	}
	return strings.Join(names, ", ")
}

func (c *checker) call(i int, call *blueprintv1.PlannedCall) {
	f := fmt.Sprintf("calls[%d]", i)
	id := call.GetId()
	t := c.tools[i]
	if n := len(c.bp.GetIntents()); n > 0 && (call.GetIntent() < 0 || int(call.GetIntent()) >= n) {
		c.add(id, f+".intent", "want 0..%d (an index into intents), got %d", n-1, call.GetIntent())
	}
	if call.GetParallelGroup() < 0 {
		c.add(id, f+".parallel_group", "must not be negative")
	}
	c.dependsOn(i, call, f)
	if fe := call.GetForEach(); fe != nil {
		if st, ok := c.ref(i, f+".for_each", fe); ok && st != nil && jsonschema.TypeOf(st) != "array" {
			c.add(id, f+".for_each.path", "%s of %q is %s, not a list", fe.GetPath(), fe.GetCallId(), typeName(st))
		}
	}
	if call.GetCondition() != nil {
		c.condition(i, call, f)
	}
	if call.GetExpect().GetCorrectsCallId() != "" {
		c.corrects(i, call, f)
	}
	if call.GetExpect().GetFails() && strings.TrimSpace(call.GetExpect().GetErrorMessage()) == "" {
		c.add(id, f+".expect.error_message", "a call planned to fail needs the error it fails with")
	}
	c.failure(i, call)
	if t == nil {
		return
	}
	c.code(call, t, f)
	c.arguments(i, call, t)
}

// dependsOn checks that call i (field f) depends on other calls of the plan.
func (c *checker) dependsOn(i int, call *blueprintv1.PlannedCall, f string) {
	for k, d := range call.GetDependsOn() {
		switch j := c.lookup(d); {
		case j < 0:
			c.add(call.GetId(), fmt.Sprintf("%s.depends_on[%d]", f, k), "no call %q in the plan", d)
		case j == i:
			c.add(call.GetId(), fmt.Sprintf("%s.depends_on[%d]", f, k), "a call cannot depend on itself")
		}
	}
}

// condition checks the condition of call i (field f): a subject that
// references an earlier output, a known operator, and the value it compares
// with when it needs one.
func (c *checker) condition(i int, call *blueprintv1.PlannedCall, f string) {
	id, cond := call.GetId(), call.GetCondition()
	if cond.GetSubject() == nil {
		c.add(id, f+".condition.subject", "must reference an earlier call's output")
	} else {
		c.ref(i, f+".condition.subject", cond.GetSubject())
	}
	op := cond.GetOperator()
	if !slices.Contains(Operators, op) {
		c.add(id, f+".condition.operator", "want one of %s, got %q", strings.Join(Operators, ", "), op)
	} else if needsValue[op] {
		if !json.Valid([]byte(cond.GetValueJson())) {
			c.add(id, f+".condition.value_json", "operator %q needs a JSON value to compare with, got %q", op, cond.GetValueJson())
		}
	}
}

// corrects checks that call i (field f) corrects another call of the plan,
// one planned to fail, and is not planned to fail itself.
func (c *checker) corrects(i int, call *blueprintv1.PlannedCall, f string) {
	id, ex := call.GetId(), call.GetExpect()
	j := c.lookup(ex.GetCorrectsCallId())
	switch {
	case j < 0:
		c.add(id, f+".expect.corrects_call_id", "no call %q in the plan", ex.GetCorrectsCallId())
	case j == i:
		c.add(id, f+".expect.corrects_call_id", "a call cannot correct itself")
	case !c.bp.GetCalls()[j].GetExpect().GetFails():
		c.add(id, f+".expect.corrects_call_id", "call %q is not planned to fail (set its expect.fails)", ex.GetCorrectsCallId())
	case ex.GetFails():
		c.add(id, f+".expect.fails", "a correcting call must not be planned to fail")
	}
}

// code checks that a call of a code tool (field f) carries a program in the
// tool's language, and that no other call carries one.
func (c *checker) code(call *blueprintv1.PlannedCall, t *catalog.Tool, f string) {
	id := call.GetId()
	if !t.Builtin {
		if call.GetCode() != "" {
			c.add(id, f+".code", "only calls of the code tools %q and %q carry code", catalog.CodeToolName, catalog.SQLToolName)
		}
		return
	}
	if want := catalog.Language(t.Name); call.GetCodeLanguage() != want {
		c.add(id, f+".code_language", "want %q for the code tool %s, got %q", want, t.Name, call.GetCodeLanguage())
	}
	if strings.TrimSpace(call.GetCode()) == "" {
		c.add(id, f+".code", "a code-tool call needs the program the assistant is expected to write")
	}
}

func (c *checker) arguments(i int, call *blueprintv1.PlannedCall, t *catalog.Tool) {
	f := fmt.Sprintf("calls[%d]", i)
	id := call.GetId()
	bound := map[string]bool{}
	for k, a := range call.GetArguments() {
		af := fmt.Sprintf("%s.arguments[%d]", f, k)
		param := a.GetParam()
		if param == "" {
			c.add(id, af+".param", "must name a parameter of %s", t.Name)
			continue
		}
		if bound[param] {
			c.add(id, af+".param", "parameter %q is bound twice", param)
			continue
		}
		bound[param] = true
		sub, ptr, ok := paramSchema(t, param)
		if !ok {
			c.add(id, af+".param", "%s has no parameter %q (parameters: %s)", t.Name, param, strings.Join(t.Params, ", "))
			continue
		}
		switch src := a.GetSource().(type) {
		case *blueprintv1.ArgumentBinding_LiteralJson:
			c.value(id, af+".literal_json", t, ptr, withParts(call, param, src.LiteralJson))
		case *blueprintv1.ArgumentBinding_User:
			if badFormatParam(call, param) {
				c.rejected(id, af+".user.value_json", t, ptr, src.User.GetValueJson())
				break
			}
			c.value(id, af+".user.value_json", t, ptr, withParts(call, param, src.User.GetValueJson()))
		case *blueprintv1.ArgumentBinding_Ref:
			st, ok := c.ref(i, af+".ref", src.Ref)
			if ok && st != nil {
				if pt, rt := jsonschema.TypeOf(sub), jsonschema.TypeOf(st); !catalog.Compatible(pt, rt) {
					c.add(id, af+".ref.path", "%s of %q is %s but parameter %q of %s wants %s", src.Ref.GetPath(), src.Ref.GetCallId(), rt, param, t.Name, pt)
				}
			}
		default:
			c.add(id, af, "needs a source: literal_json, user or ref")
		}
	}
	for _, r := range t.Required {
		if !bound[r] {
			c.add(id, f+".arguments", "required parameter %q of %s is not bound", r, t.Name)
		}
	}
}

func typeName(s map[string]any) string {
	if t := jsonschema.TypeOf(s); t != "" {
		return "of type " + t
	}
	return "untyped"
}

// decodeFor decodes JSON text and finds the schema of the parameter at ptr,
// recording a violation when either fails.
func (c *checker) decodeFor(id, field string, t *catalog.Tool, ptr, text string) (any, *jsonschema.Schema, bool) {
	v, err := jsonschema.Decode([]byte(text))
	if err != nil {
		c.add(id, field, "not JSON: %v", err)
		return nil, nil, false
	}
	s, err := t.InputDoc.At(ptr)
	if err != nil {
		c.add(id, field, "parameter schema of %s: %v", t.Name, err)
		return nil, nil, false
	}
	return v, s, true
}

// value validates JSON text against a parameter's schema.
func (c *checker) value(id, field string, t *catalog.Tool, ptr, text string) {
	v, s, ok := c.decodeFor(id, field, t, ptr, text)
	if !ok {
		return
	}
	for _, vi := range s.Validate(v) {
		c.add(id, field, "%s does not match the schema of %s: %s", clip(text, 80), t.Name, vi.String())
	}
}

// rejected checks that a value written in a human form breaks the
// parameter's schema: a form the backend accepts cannot fail on its format.
func (c *checker) rejected(id, field string, t *catalog.Tool, ptr, text string) {
	v, s, ok := c.decodeFor(id, field, t, ptr, text)
	if !ok {
		return
	}
	if len(s.Validate(v)) == 0 {
		c.add(id, field, "%s matches the schema of %s, so a bad-format failure cannot be caused by it: use a form the schema rejects", clip(text, 80), t.Name)
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// paramSchema resolves a parameter (a name, or a path for nested objects)
// in the tool's input schema, returning its schema and JSON pointer.
func paramSchema(t *catalog.Tool, param string) (map[string]any, string, bool) {
	if props, _ := t.Input["properties"].(map[string]any); props[param] != nil {
		// A parameter named like a path ("filter[name]") is itself.
		if cur, ptr := follow(t.Input, props[param], "/properties/"+jsonschema.EscapePointerToken(param)); cur != nil {
			return cur, ptr, true
		}
	}
	steps, err := jsonpath.Parse(param)
	if err != nil || len(steps) == 0 {
		return nil, "", false
	}
	cur, ptr := t.Input, ""
	for _, st := range steps {
		if st.IsIndex {
			items, ok := cur["items"]
			if !ok {
				return nil, "", false
			}
			cur, ptr = follow(t.Input, items, ptr+"/items")
		} else {
			cur, ptr = fieldOf(t.Input, cur, ptr, st.Field, 0)
		}
		if cur == nil {
			return nil, "", false
		}
	}
	return cur, ptr, true
}

// fieldOf is the schema of field in object schema cur (at pointer ptr)
// and its pointer: one of cur's properties, or of the first of its
// alternatives (anyOf, oneOf, allOf parts) that has it; nil when none.
func fieldOf(root any, cur map[string]any, ptr, field string, depth int) (map[string]any, string) {
	if depth > 4 {
		return nil, ""
	}
	if props, _ := cur["properties"].(map[string]any); props[field] != nil {
		return follow(root, props[field], ptr+"/properties/"+jsonschema.EscapePointerToken(field))
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		alts, _ := cur[k].([]any)
		for i, alt := range alts {
			as, aptr := follow(root, alt, fmt.Sprintf("%s/%s/%d", ptr, k, i))
			if as == nil {
				continue
			}
			if fs, fptr := fieldOf(root, as, aptr, field, depth+1); fs != nil {
				return fs, fptr
			}
		}
	}
	return nil, ""
}

// follow resolves local $refs and keeps the pointer in step.
func follow(root, s any, ptr string) (map[string]any, string) {
	for range 16 {
		m, ok := s.(map[string]any)
		if !ok {
			if b, ok := s.(bool); ok && b {
				return map[string]any{}, ptr
			}
			return nil, ""
		}
		ref, ok := m["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, "#") {
			return m, ptr
		}
		next, ok := jsonschema.Pointer(root, ref[1:])
		if !ok {
			return m, ptr
		}
		s, ptr = next, ref[1:]
	}
	return nil, ""
}

// ref checks a reference from call i and returns the schema it points at
// (nil when the source declares no output schema, which is a violation too).
func (c *checker) ref(i int, field string, r *blueprintv1.CallReference) (map[string]any, bool) {
	id := c.bp.GetCalls()[i].GetId()
	j := c.lookup(r.GetCallId())
	switch {
	case r.GetCallId() == "":
		c.add(id, field+".call_id", "must name an earlier call")
		return nil, false
	case j < 0:
		c.add(id, field+".call_id", "no call %q in the plan", r.GetCallId())
		return nil, false
	case j == i:
		c.add(id, field+".call_id", "a call cannot reference its own output")
		return nil, false
	}
	src := c.bp.GetCalls()[j]
	if src.GetExpect().GetFails() {
		c.add(id, field+".call_id", "call %q is planned to fail; reference its correction instead", r.GetCallId())
		return nil, false
	}
	t := c.tools[j]
	if t == nil {
		return nil, false // already reported on the source call
	}
	steps, err := jsonpath.Parse(r.GetPath())
	if err != nil {
		c.add(id, field+".path", "%v", err)
		return nil, false
	}
	if t.Output == nil {
		c.add(id, field+".path", "%s declares no output schema, so %q cannot be checked; reference a tool with one", t.Name, r.GetPath())
		return nil, false
	}
	st, err := catalog.Resolve(t.Output, t.Output, steps, r.GetPath())
	if err != nil {
		c.add(id, field+".path", "%v of %s", err, t.Name)
		return nil, false
	}
	// [*] reads "each element": only inside an iteration over that list.
	for k, s := range steps {
		if !s.Wildcard() {
			continue
		}
		fe := c.bp.GetCalls()[i].GetForEach()
		prefix := "$" + jsonpath.Format(steps[:k])
		if strings.HasSuffix(field, ".for_each") {
			break
		}
		if fe == nil || fe.GetCallId() != r.GetCallId() || normPath(fe.GetPath()) != prefix {
			c.add(id, field+".path", "%q reads every element of %s: the call needs for_each {call_id: %q, path: %q}", r.GetPath(), prefix, r.GetCallId(), prefix)
			return nil, false
		}
		break
	}
	return st, true
}

func normPath(p string) string {
	steps, err := jsonpath.Parse(p)
	if err != nil {
		return p
	}
	return "$" + jsonpath.Format(steps)
}

// deps returns the calls call i needs first: depends_on, references,
// condition subject, for_each and the call it corrects.
func (c *checker) deps(i int) []int {
	call := c.bp.GetCalls()[i]
	var ids []string
	ids = append(ids, call.GetDependsOn()...)
	for _, a := range call.GetArguments() {
		if r := a.GetRef(); r != nil {
			ids = append(ids, r.GetCallId())
		}
	}
	if s := call.GetCondition().GetSubject(); s != nil {
		ids = append(ids, s.GetCallId())
	}
	if fe := call.GetForEach(); fe != nil {
		ids = append(ids, fe.GetCallId())
	}
	if cc := call.GetExpect().GetCorrectsCallId(); cc != "" {
		ids = append(ids, cc)
	}
	var out []int
	for _, id := range ids {
		if j := c.lookup(id); j >= 0 && j != i && !slices.Contains(out, j) {
			out = append(out, j)
		}
	}
	return out
}

func (c *checker) acyclic() {
	n := len(c.bp.GetCalls())
	state := make([]int, n) // 0 new, 1 on stack, 2 done
	var stack []int
	reported := false
	var visit func(int)
	visit = func(i int) {
		state[i] = 1
		stack = append(stack, i)
		for _, j := range c.deps(i) {
			switch state[j] {
			case 0:
				visit(j)
			case 1:
				if !reported {
					reported = true
					k := slices.Index(stack, j)
					var ids []string
					for _, x := range stack[k:] {
						ids = append(ids, c.bp.GetCalls()[x].GetId())
					}
					ids = append(ids, c.bp.GetCalls()[j].GetId())
					slices.Reverse(ids)
					c.add(c.bp.GetCalls()[i].GetId(), fmt.Sprintf("calls[%d].depends_on", i), "the plan has a cycle: %s", strings.Join(ids, " -> "))
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = 2
	}
	for i := range n {
		if state[i] == 0 {
			visit(i)
		}
	}
	// Calls issued together cannot wait on each other.
	for i, call := range c.bp.GetCalls() {
		g := call.GetParallelGroup()
		if g == 0 {
			continue
		}
		for _, j := range c.reach(i) {
			if other := c.bp.GetCalls()[j]; other.GetParallelGroup() == g {
				c.add(call.GetId(), fmt.Sprintf("calls[%d].parallel_group", i), "calls %q and %q are in parallel group %d but %q needs %q first", call.GetId(), other.GetId(), g, call.GetId(), other.GetId())
			}
		}
	}
}

// reach returns every call i depends on, directly or not.
func (c *checker) reach(i int) []int {
	seen := map[int]bool{}
	var out []int
	stack := c.deps(i)
	for len(stack) > 0 && len(seen) <= len(c.bp.GetCalls()) {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[j] || j == i {
			continue
		}
		seen[j] = true
		out = append(out, j)
		stack = append(stack, c.deps(j)...)
	}
	return out
}

func (c *checker) primitives() {
	got := Realised(c.bp)
	for k, p := range c.bp.GetPrimitives() {
		if p == blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_UNSPECIFIED {
			c.add("", fmt.Sprintf("primitives[%d]", k), "unspecified primitive")
			continue
		}
		if _, known := blueprintv1.ReasoningPrimitive_name[int32(p)]; !known {
			c.add("", fmt.Sprintf("primitives[%d]", k), "unknown primitive %d", p)
			continue
		}
		if !got[p] {
			c.add("", fmt.Sprintf("primitives[%d]", k), "%s is requested but not realised: %s", p, Needs[p])
		}
	}
}

// withParts is the value of top-level parameter param as the call passes
// it: text with the fields the call binds on their own by their paths
// ("$.body.AccountIds", a value the user gives when asked) set in it, so
// a body checks whole. The text as it is when none are, or it is no object.
func withParts(call *blueprintv1.PlannedCall, param, text string) string {
	var root any
	for _, a := range call.GetArguments() {
		steps, err := jsonpath.Parse(a.GetParam())
		if !strings.HasPrefix(a.GetParam(), "$") || err != nil || len(steps) < 2 || steps[0].IsIndex || steps[0].Field != param {
			continue
		}
		part := a.GetLiteralJson()
		if u := a.GetUser(); u != nil {
			part = u.GetValueJson()
		}
		v, err := jsonschema.Decode([]byte(part))
		if part == "" || err != nil {
			continue
		}
		if root == nil {
			if root, err = jsonschema.Decode([]byte(text)); err != nil {
				return text
			}
		}
		cur, ok := root.(map[string]any)
		for _, st := range steps[1 : len(steps)-1] {
			if !ok || st.IsIndex {
				break
			}
			cur, ok = cur[st.Field].(map[string]any)
		}
		if last := steps[len(steps)-1]; ok && !last.IsIndex {
			cur[last.Field] = v
		}
	}
	if root == nil {
		return text
	}
	raw, err := json.Marshal(root)
	if err != nil {
		return text
	}
	return string(raw)
}
