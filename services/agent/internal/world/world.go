// Package world is the tool simulator's state: one World per trajectory.
// Whoever generates a tool's output (the sim generator or a model), the
// world makes it behave like one consistent backend:
//
//   - the same call (tool, canonical arguments) returns the same result for
//     the whole trajectory (a cache);
//   - a planned failure is decided from the call's arguments (failure.go):
//     the value the user mistyped is not found, a value in a form the
//     parameter rejects is a validation error, an action the object's state
//     forbids is refused, a transient fault hits the first attempt only;
//     errors are not cached, and a call without the bad value succeeds;
//   - outputs carry what the plan needs from them: every path a later call
//     reads by reference exists, a list the plan iterates over has several
//     elements, and a condition the plan gates on holds where it can — if
//     it does not, the branch is simply not taken (conformance accepts a
//     skipped call whose condition is false);
//   - results validate against the tool's output schema (checked again by
//     the schema verification layer).
//
// How the needs are met depends on the generator. The sim generator's
// outputs are shaped here: arguments are echoed into the fields of the
// same name (get_product with product_id P reports product_id P; echo.go), missing
// paths are generated from the schema and conditions forced, each kept only
// if the output still validates; a listing answers the call's filters
// (filter.go) and lists what the conversation made (made.go), and a read
// of a whole knowledge graph holds what the plan's later reads of some of
// it find (finds.go). A model's output is kept as generated
// (OutputKeeper, needs.go): the model is told what the plan reads and
// repairs its own output; one that still lacks it rejects the rollout.
//
// Code-tool calls go to the sandbox through a CodeRunner and are cached the
// same way.
package world

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// Request is what a generator is asked to produce: the output of one call.
type Request struct {
	Tool *toolset.Tool
	// Args are the call's decoded arguments; ArgsJSON their text.
	Args     any
	ArgsJSON string
	// History is the earlier calls and results of the trajectory: a
	// backend knows its own state, never the user's goal.
	History []Observation
	// Needs, Gates and Succeeds say what the plan reads from the output
	// (needs.go): a generator whose output is kept must include them.
	Needs    []Need
	Gates    []*blueprintv1.Condition
	Succeeds bool
	Seed     int64
	// Tools are the rollout's tools: an id in one tool's output takes the
	// shape the others' schemas give it.
	Tools *toolset.Set
	// Files is the file tree as the call finds it (files.go).
	Files *sim.Files
	// User is the name of the person the conversation is with: the
	// backend's account holder (their cards, their profile).
	User string
}

// Observation is an earlier call and its result in the trajectory.
type Observation struct {
	Tool, Args, Result string
}

// Generator produces a tool's output as JSON text.
type Generator interface {
	Generate(ctx context.Context, r Request) (output string, usage llm.Totals, err error)
}

// CodeRunner executes a code-tool call; the result is the tool message
// content. A failure of the sandbox itself (not of the program) is a
// *SandboxError.
type CodeRunner interface {
	Run(ctx context.Context, language, code string) (content string, err error)
}

// SandboxError says the sandbox failed, so the code may not have run.
type SandboxError struct{ Reason string }

func (e *SandboxError) Error() string { return "sandbox: " + e.Reason }

// ErrNoSandbox is returned for a code call when no sandbox is configured.
var ErrNoSandbox = &SandboxError{Reason: "the plan has a code step but no sandbox is configured (set sandbox.addr); code output is never faked"}

// World is the state of one trajectory's tools. Safe for concurrent use
// (parallel calls of one assistant turn may run at once).
type World struct {
	plan  *plan.Plan
	tools *toolset.Set
	gen   Generator
	code  CodeRunner
	seed  int64

	faults []fault

	mu      sync.Mutex
	cache   map[string]string
	history []Observation
	usage   llm.Totals
	// faulted holds the planned calls whose transient fault has happened.
	faulted map[string]bool
	// ents are the entities the trajectory's outputs showed (consistency.go).
	ents entities
	// changes are what its writes did to the items tools list (changes.go).
	changes entities
	// paths are the plan's paths; fileOps the calls that changed the
	// file tree (files.go).
	paths []string
	edits map[string][]string // the old texts the plan's edits replace, by path
	// existing are the files the plan's calls find in the tree.
	existing []string
	fileOps  []entityWrite
	fileSeq  int
	// account is the one the conversation's user acts as (account.go).
	account string
	// scopes are the services the conversation signed in to (session.go).
	scopes []string
	// members are the collections calls added things to (made.go).
	members map[string]bool
	// vocabs are the values the tools give field names (vocab.go).
	vocabOnce sync.Once
	vocabs    map[string]*vocab
	// entries are what calls added to records' lists (entries.go).
	entries map[string][]entryValue
}

// New returns the world of one trajectory.
func New(p *plan.Plan, tools *toolset.Set, gen Generator, code CodeRunner, seed int64) *World {
	return &World{plan: p, tools: tools, gen: gen, code: code, seed: seed, cache: map[string]string{}, faults: faults(p), faulted: map[string]bool{}, paths: planPaths(p), edits: planEdits(p), existing: planFiles(p, tools)}
}

// user is the name of the person the trajectory's conversation is with.
func (w *World) user() string {
	if w.plan == nil {
		return ""
	}
	return w.plan.BP.GetPersona().GetName()
}

// Usage is what generating outputs cost so far.
func (w *World) Usage() llm.Totals {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.usage
}

// Call returns the result of calling tool with argsJSON; planned is the
// plan's call this realises (nil when the call is off-plan).
func (w *World) Call(ctx context.Context, tool, argsJSON string, planned *blueprintv1.PlannedCall) (string, error) {
	t := w.tools.Get(tool)
	if t == nil {
		return fmt.Sprintf(`{"error":%q}`, "unknown tool "+tool), nil
	}
	args, err := plan.Decode(argsJSON)
	if err != nil {
		return `{"error":"arguments are not valid JSON"}`, nil
	}
	canon := plan.Canonical(args)
	key := tool + "\x00" + canon
	files := w.filesFor(planned.GetParallelGroup())
	ck := cacheKey(key, files)
	if !t.Code {
		if msg := w.failure(t, args, planned); msg != "" {
			// Not cached: the backend answers from the arguments each time,
			// and a transient fault is gone on the retry.
			return w.failed(tool, canon, msg), nil
		}
		// What an earlier turn deleted is not found, whatever was said
		// of it before (not even the cached answer of an earlier read).
		if m, _ := args.(map[string]any); m != nil {
			if msg := w.goneResult(t, m, planned.GetParallelGroup()); msg != "" {
				return w.failed(tool, canon, msg), nil
			}
		}
	}
	w.mu.Lock()
	if out, ok := w.cache[ck]; ok {
		w.mu.Unlock()
		if t.Code || planned == nil && keeps(w.gen) {
			return out, nil
		}
		if keeps(w.gen) {
			// The same answer, as generated; it must already hold what
			// this call's dependents read.
			r := Request{}
			w.requirements(&r, planned)
			if missing, _ := Unmet(out, r); len(missing) > 0 {
				return "", &UnmetError{Tool: tool, Problems: missing}
			}
			return out, nil
		}
		// The same request for another planned call: the same answer, with
		// what this call's dependents read from it added where missing.
		shaped := w.shape(t, args, out, planned, key)
		w.mu.Lock()
		w.cache[ck] = shaped
		w.mu.Unlock()
		return shaped, nil
	}
	history := append([]Observation(nil), w.history...)
	w.mu.Unlock()

	var out string
	switch {
	case t.Code:
		if w.code == nil {
			return "", ErrNoSandbox
		}
		m, _ := args.(map[string]any)
		code, _ := m["code"].(string)
		lang := plan.Language(planned)
		if tool == plan.SQLTool {
			lang = "sql"
		}
		if out, err = w.code.Run(ctx, lang, code); err != nil {
			return "", err
		}
	default:
		req := Request{Tool: t, Args: args, ArgsJSON: argsJSON, History: history, Seed: w.seed, Tools: w.tools, Files: files, User: w.user()}
		w.requirements(&req, planned)
		raw, usage, err := w.gen.Generate(ctx, req)
		w.mu.Lock()
		w.usage = w.usage.Add(usage)
		w.mu.Unlock()
		if err != nil {
			return "", err
		}
		if keeps(w.gen) {
			if missing, _ := Unmet(raw, req); len(missing) > 0 {
				return "", &UnmetError{Tool: tool, Problems: missing}
			}
			out = raw
		} else {
			out = withoutErrorFlag(t, w.shape(t, args, raw, planned, key))
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if prev, ok := w.cache[ck]; ok {
		return prev, nil // a concurrent identical call won: one answer per call
	}
	w.cache[ck] = out
	w.history = append(w.history, Observation{Tool: tool, Args: canon, Result: out})
	return out, nil
}

// failed is the error result msg of a call, kept in the history.
func (w *World) failed(tool, canon, msg string) string {
	out := errorResult(msg)
	w.mu.Lock()
	w.history = append(w.history, Observation{Tool: tool, Args: canon, Result: out})
	w.mu.Unlock()
	return out
}

// shape applies the world's rules to a generated output; each rule is kept
// only if the output still validates against the tool's output schema.
func (w *World) shape(t *toolset.Tool, args any, raw string, planned *blueprintv1.PlannedCall, key string) string {
	doc, err := plan.Decode(raw)
	if err != nil {
		return raw // left for the schema layer to reject
	}
	r := seedrand.New(w.seed, "tool_simulator.shape", key)
	var root any
	if t.Output != nil {
		root = t.Output.Root()
	}
	valid := func(d any) bool { return len(toolset.Validate(t.Output, plan.Canonical(d))) == 0 }
	try := func(f func(d any) any) {
		d2 := f(clone(doc))
		if t.Output == nil || valid(d2) {
			doc = d2
		}
	}
	try(func(d any) any { return answerLists(d, args, root) })
	a, _ := args.(map[string]any)
	w.signIn(a)
	graph, whole := graphRead(t, a)
	if planned != nil {
		for _, need := range w.needs(planned.GetId()) {
			try(func(d any) any { return ensure(d, root, need.Path, need.Min, learnIDs(sim.NewValues(r), w.tools)) })
			try(func(d any) any { return w.fit(d, need, learnIDs(sim.NewValues(r), w.tools)) })
		}
		needs := w.needs(planned.GetId())
		for _, c := range w.plan.Calls {
			if cond := c.GetCondition(); cond.GetSubject().GetCallId() == planned.GetId() {
				// A condition is forced only where that keeps every path
				// later calls read (a plan may gate on "empty" what it reads).
				try(func(d any) any {
					forced := force(clone(d), root, cond, learnIDs(sim.NewValues(r), w.tools))
					for _, n := range needs {
						if _, ok := jsonpath.Get(forced, n.Path); !ok {
							return d
						}
					}
					return forced
				})
			}
		}
	}
	// Last, so that what the call determines (a computed result, the
	// entity asked for, the state set) is not overridden by a forced
	// condition: a branch whose condition is then false is not taken.
	// A result that is one text (a file's content, a listing) is the
	// tool's answer to these arguments, not a field of an entity that
	// earlier calls could have set.
	textField, text, hasText := sim.TextResultField(root), "", false
	if o, ok := doc.(map[string]any); ok && textField != "" {
		text, hasText = o[textField].(string)
	}
	var reads []Need
	if planned != nil {
		reads = w.needs(planned.GetId())
	}
	doc = w.agree(t, args, doc, root, learnIDs(subject(sim.NewValues(r), t), w.tools), valid, planned.GetParallelGroup(), reads)
	if o, ok := doc.(map[string]any); ok && hasText {
		o[textField] = text
	}
	try(func(d any) any { return unsetLists(t, a, d, reads) })
	if graph {
		// After agree, so that a thing a search renamed for its query has
		// notes of its own; before the writes, which know better.
		try(func(d any) any { return fitThings(d, w.seed) })
		try(func(d any) any { return w.withKnownNotes(d, whole) })
		if whole {
			try(func(d any) any { return w.withLaterFinds(d, planned) })
		}
	}
	w.recordFile(t, a, planned.GetParallelGroup(), key)
	if !w.recordChanges(t, a, planned.GetParallelGroup(), key) {
		try(func(d any) any {
			o, ok := d.(map[string]any)
			if !ok {
				return d
			}
			var out any = w.applyChanges(t, a, o, planned.GetParallelGroup())
			// What later calls read is still there: a list the changes
			// emptied of what they read lists other items.
			for _, n := range w.needs(planned.GetId()) {
				p := n.Path
				if cur, _ := plan.GetOne(out, p); cur != nil {
					if xs, isList := cur.([]any); isList && len(xs) == 0 {
						p += "[*]"
					}
				}
				out = ensure(out, root, p, n.Min, learnIDs(sim.NewValues(r), w.tools))
			}
			return out
		})
	}
	if graph {
		try(func(d any) any { return w.connected(t, a, d, whole, searchTerm(a), planned, key) })
		w.rememberGraph(doc, planned.GetParallelGroup(), key)
	}
	try(func(d any) any { return w.searched(t, a, d, root, planned, key) })
	try(func(d any) any { return w.withMade(t, a, d, root, planned) })
	try(func(d any) any { return w.withEntries(t, a, d, root, planned.GetParallelGroup()) })
	try(func(d any) any { return w.asAccount(t, a, d) })
	// After the rules that draw or recall a record's fields: the result
	// restates what its call gave, by whatever spelling (echo.go).
	try(func(d any) any { return echo(t, a, d, root, validOr(t, valid), w.takesNamed(planned.GetId())) })
	// A value of a field other tools give a vocabulary is one of it (vocab.go).
	try(func(d any) any { return w.inVocabulary(t, a, d, root, key) })
	// Balances and levels, and whether the user is signed in, are what
	// the earlier calls left them (levels.go, session.go).
	doc = w.levels(t, a, doc, valid, planned.GetParallelGroup(), key)
	doc = w.session(t, doc, valid, planned.GetParallelGroup(), key)
	// Last of all: the steps above lengthened lists and copied in
	// remembered fields after the values were drawn, so the result's
	// counts, totals and timestamps are made to agree with each other
	// again (a count of 25 beside 3 items, an update before the creation).
	try(func(d any) any {
		return sim.NewValues(seedrand.New(w.seed, "tool_simulator.settle", key)).Settle(root, d)
	})
	w.remember(t, args, doc, planned.GetParallelGroup())
	return plan.Canonical(doc)
}

// needs lists the paths later calls read from call id's output.
func (w *World) needs(id string) []Need {
	var out []Need
	for _, c := range w.plan.Calls {
		for _, a := range c.GetArguments() {
			if r := a.GetRef(); r.GetCallId() == id {
				out = append(out, Need{Path: r.GetPath(), Min: 1, Reader: c.GetToolName(), Param: a.GetParam()})
			}
		}
		if fe := c.GetForEach(); fe.GetCallId() == id {
			out = append(out, Need{Path: fe.GetPath() + "[*]", Min: 2, Reader: c.GetToolName()})
		}
	}
	// Lists are made long enough first, so that the values read from
	// every element ($.items[*].product_id) are there in the elements
	// added too.
	slices.SortStableFunc(out, func(a, b Need) int { return b.Min - a.Min })
	return out
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = clone(e)
		}
		return s
	}
	return v
}

// schemaStep walks one path step through a schema.
func schemaStep(root any, s map[string]any, st jsonpath.Step) map[string]any {
	for range 4 {
		if st.IsIndex {
			if it, ok := jsonschema.Resolve(root, s["items"]); ok {
				return it
			}
		} else if props, ok := s["properties"].(map[string]any); ok {
			if p, ok := jsonschema.Resolve(root, props[st.Field]); ok {
				return p
			}
		}
		found := false
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			if alts, ok := s[k].([]any); ok && len(alts) > 0 {
				if a, ok := jsonschema.Resolve(root, alts[0]); ok {
					s, found = a, true
					break
				}
			}
		}
		if !found {
			break
		}
	}
	return map[string]any{}
}

// ensure makes path resolve in doc, generating missing parts from the
// schema; lists crossed by [*] or [n] get at least min (or n+1) elements.
func ensure(doc, root any, path string, min int, vals *sim.Values) any {
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return doc
	}
	s, _ := jsonschema.Resolve(root, root)
	if s == nil {
		s = map[string]any{}
	}
	var fill func(v any, s map[string]any, steps []jsonpath.Step, name string) any
	fill = func(v any, s map[string]any, steps []jsonpath.Step, name string) any {
		if len(steps) == 0 {
			if v == nil {
				return vals.For(root, s, name)
			}
			return v
		}
		st := steps[0]
		sub := schemaStep(root, s, st)
		if st.IsIndex {
			arr, _ := v.([]any)
			want := max(st.Index+1, 1)
			if st.Index < 0 {
				want = min
			}
			for len(arr) < want {
				el, ok := newElement(root, sub, name, arr, vals)
				if !ok {
					break // nothing to list: the list stays as it is, never [{}]
				}
				arr = append(arr, el)
			}
			if st.Index >= len(arr) {
				return arr
			}
			if st.Index < 0 {
				for i := range arr {
					arr[i] = fill(arr[i], sub, steps[1:], name)
				}
			} else {
				arr[st.Index] = fill(arr[st.Index], sub, steps[1:], name)
			}
			return arr
		}
		obj, ok := v.(map[string]any)
		if !ok {
			// A whole new object from the schema, so its required members are there.
			if obj, ok = vals.For(root, s, name).(map[string]any); !ok {
				obj = map[string]any{}
			}
		}
		obj[st.Field] = fill(obj[st.Field], sub, steps[1:], st.Field)
		return obj
	}
	return fill(doc, s, steps, "")
}

// newElement is an element added to list arr (named name, its items of
// schema sub): drawn from the schema, or, where the schema leaves the
// item open and the drawing is an empty object, one like the elements
// the list has (their fields, drawn afresh by name and kind), or one
// drawn by the list's name. A list of things is never given an empty
// object ({"item": [{}]} said nothing of what was deleted): false when
// none of these holds anything.
func newElement(root any, sub map[string]any, name string, arr []any, vals *sim.Values) (any, bool) {
	el := vals.For(root, sub, ident.Singular(name))
	if m, isObj := el.(map[string]any); !isObj || len(m) > 0 || len(schemaProps(root, sub)) > 0 {
		return el, true
	}
	for _, x := range arr {
		if sib, isObj := x.(map[string]any); isObj && len(sib) > 0 {
			return likeSibling(root, sib, vals), true
		}
	}
	if m, _ := vals.For(root, map[string]any{"type": "object"}, name).(map[string]any); len(m) > 0 {
		return m, true
	}
	return nil, false
}

// likeSibling is a record with the fields of sib, each drawn afresh by its
// name in the kind sib's value is (kept where nothing is drawn).
func likeSibling(root any, sib map[string]any, vals *sim.Values) map[string]any {
	out := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(sib)) {
		kind := ""
		switch x := sib[k].(type) {
		case string:
			kind = "string"
		case bool:
			kind = "boolean"
		case json.Number:
			kind = "number"
			if _, err := x.Int64(); err == nil {
				kind = "integer"
			}
		case float64:
			kind = "number"
		}
		out[k] = clone(sib[k])
		if kind == "" {
			continue
		}
		if v := vals.For(root, map[string]any{"type": kind}, k); v != nil && v != "" {
			out[k] = v
		}
	}
	return out
}

// force sets the condition's subject so that it holds.
func force(doc, root any, c *blueprintv1.Condition, vals *sim.Values) any {
	if plan.Holds(c, doc) {
		return doc
	}
	path := c.GetSubject().GetPath()
	if f := sim.TextResultField(root); f != "" && strings.TrimPrefix(path, "$.") == f {
		return doc // a file's text or a listing is what it is; the branch is not taken
	}
	want, _ := plan.Decode(c.GetValueJson())
	var v any
	switch c.GetOperator() {
	case "eq", "le", "ge":
		v = want
	case "gt", "lt":
		f, ok := plan.Number(want)
		if !ok {
			return doc
		}
		d := 1.0
		if c.GetOperator() == "lt" {
			d = -1
		}
		v = json.Number(fmt.Sprint(f + d))
	case "ne":
		v = vals.Different(nil, map[string]any{}, "value", want)
	case "not_empty":
		return ensure(set(doc, path, nil), root, path+"[*]", 1, vals)
	case "empty":
		cur, _ := plan.GetOne(doc, path)
		switch cur.(type) {
		case []any:
			v = []any{}
		case map[string]any:
			v = map[string]any{}
		default:
			v = ""
		}
	case "contains":
		cur, _ := plan.GetOne(doc, path)
		switch x := cur.(type) {
		case []any:
			v = append(x, want)
		default:
			v = plan.Text(want)
		}
	default:
		return doc
	}
	return set(doc, path, v)
}

// set writes v at a path without [*] (creating objects on the way).
func set(doc any, path string, v any) any {
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return doc
	}
	var put func(cur any, steps []jsonpath.Step) any
	put = func(cur any, steps []jsonpath.Step) any {
		if len(steps) == 0 {
			return v
		}
		st := steps[0]
		if st.IsIndex {
			arr, _ := cur.([]any)
			i := max(st.Index, 0)
			for len(arr) <= i {
				arr = append(arr, nil)
			}
			arr[i] = put(arr[i], steps[1:])
			return arr
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			obj = map[string]any{}
		}
		obj[st.Field] = put(obj[st.Field], steps[1:])
		return obj
	}
	return put(doc, steps)
}

// SimGenerator is the sim provider's tool simulator: schema-valid values
// (sim.Values) drawn from a stream determined by (seed, tool, arguments), so
// the same call always gives the same output on every machine.
type SimGenerator struct{}

// learnIDs teaches vals the id shapes the rollout's tool schemas give, so
// an id a result carries fits the tool that will take it.
func learnIDs(vals *sim.Values, tools *toolset.Set) *sim.Values {
	if tools == nil {
		return vals
	}
	for _, t := range tools.Tools {
		vals.Learn(t.Input.Root())
		if t.Output != nil {
			vals.Learn(t.Output.Root())
		}
	}
	return vals
}

// Generate implements Generator.
func (SimGenerator) Generate(_ context.Context, r Request) (string, llm.Totals, error) {
	rnd := seedrand.New(r.Seed, string(llm.RoleToolSimulator), r.Tool.Name, plan.Canonical(r.Args))
	vals := sim.NewValues(rnd)
	if r.User != "" {
		vals.SetUser(sim.PersonNamed(r.User))
	}
	vals.Subject(r.Tool.Name, r.Tool.Description, r.Tool.Service)
	learnIDs(vals, r.Tools)
	call, _ := r.Args.(map[string]any)
	var v any
	if r.Tool.Output != nil {
		root := r.Tool.Output.Root()
		v = vals.Result(root, call)
		if !validOrRetry(r.Tool, &v, vals, root, call) {
			return "", llm.Totals{}, errors.New("sim tool simulator: no schema-valid output for " + r.Tool.Name)
		}
		if args, _ := r.Args.(map[string]any); args != nil {
			mediaBlocks(v, args, r.Seed)
		}
		// The tool's answer is one text: what a tool of its kind writes
		// for these arguments, not a free sentence.
		fillText(v, sim.TextResultField(root), r)
	} else {
		// A tool without an output schema returns what a tool of its
		// purpose would (the cluster service infers the same shape).
		var in map[string]any
		if r.Tool.Input != nil {
			in, _ = r.Tool.Input.Root().(map[string]any)
		}
		shape := sim.InferOutput(r.Tool.Name, r.Tool.Description, "", in)
		v = vals.Result(shape, call) // with the arguments restated by echo (echo.go)
		if o, ok := v.(map[string]any); ok {
			if _, has := o["content"].(string); has {
				fillText(v, "content", r) // a file reader's inferred content
			}
		}
	}
	return plan.Canonical(v), llm.Totals{}, nil
}

// fillText sets field of output v to the text the tool answers to r's
// arguments (sim.TextResult), when field is named and the tool is one
// whose answer such a text is.
func fillText(v any, field string, r Request) {
	o, ok := v.(map[string]any)
	args, _ := r.Args.(map[string]any)
	if !ok || field == "" || args == nil {
		return
	}
	if text, ok := sim.TextResultIn(r.Seed, r.Tool.Name, r.Tool.Description, args, r.Files); ok {
		o[field] = text
	}
}

// validOrRetry redraws an output the schema rejects (rare: patterns the
// synthesiser cannot satisfy), a few times.
func validOrRetry(t *toolset.Tool, v *any, vals *sim.Values, root any, call map[string]any) bool {
	for range 8 {
		if len(toolset.Validate(t.Output, plan.Canonical(*v))) == 0 {
			return true
		}
		*v = vals.Result(root, call)
	}
	return len(toolset.Validate(t.Output, plan.Canonical(*v))) == 0
}
