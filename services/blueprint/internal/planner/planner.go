// Package planner is the deterministic planner — the planner role of the
// "sim" provider: it walks a cluster's dependency graph to realise the
// requested reasoning primitives, synthesises argument values from the input
// schemas, and binds dependent arguments as references into earlier outputs.
// The same cluster, target and seed always give the same blueprint.
package planner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

type prim = blueprintv1.ReasoningPrimitive

// Name is what the planner writes into Blueprint.planner.
const Name = "sim"

// ImpossibleError says a target cannot be realised on a cluster, and why.
type ImpossibleError struct {
	Primitive prim
	Reason    string
}

func (e *ImpossibleError) Error() string {
	return fmt.Sprintf("%s cannot be realised: %s", e.Primitive, e.Reason)
}

// InvalidPlanError is a drafted plan that failed validation (a schema the
// synthesiser could not satisfy, such as an unusual pattern).
type InvalidPlanError struct {
	Violations []validate.Violation
}

func (e *InvalidPlanError) Error() string {
	var parts []string
	for i, v := range e.Violations {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Violations)-5))
			break
		}
		parts = append(parts, v.String())
	}
	return "drafted plan is invalid: " + strings.Join(parts, "; ")
}

// Planner is the deterministic planner. The zero value is ready to use.
type Planner struct{}

// New returns a planner.
func New() *Planner { return &Planner{} }

var _ sim.Planner = (*Planner)(nil)

// Draft implements sim.Planner.
func (p *Planner) Draft(ctx context.Context, req sim.PlanRequest) (*blueprintv1.Blueprint, error) {
	return p.DraftCatalog(ctx, catalog.New(req.Cluster), req.Target, req.Seed, req.JobID)
}

// Normalise returns the target's primitives, deduplicated, in enum order,
// with a code step folded in as CODE_COMPUTATION.
func Normalise(t *blueprintv1.Target) []prim {
	var out []prim
	for _, p := range t.GetPrimitives() {
		if p != blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_UNSPECIFIED && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if t.GetCodeStep() && !slices.Contains(out, validate.Code) {
		out = append(out, validate.Code)
	}
	slices.Sort(out)
	return out
}

// DraftCatalog plans over an already built catalog.
func (p *Planner) DraftCatalog(ctx context.Context, cat *catalog.Catalog, target *blueprintv1.Target, seed int64, jobID string) (*blueprintv1.Blueprint, error) {
	if len(cat.Tools) == 0 {
		return nil, &ImpossibleError{Reason: fmt.Sprintf("cluster %q has no usable tool", cat.Cluster.GetId())}
	}
	prims := Normalise(target)
	key := targetKey(prims, target)
	b := &builder{
		cat:  cat,
		r:    sim.NewRand(seed, append([]string{"planner", key}, contentKey(cat.Cluster)...)...),
		tool: map[string]*catalog.Tool{},
		byID: map[string]*blueprintv1.PlannedCall{},
	}
	b.vals = sim.NewValues(b.r)
	for _, t := range cat.Tools {
		// Ids take the shape the cluster's schemas give them, wherever they appear.
		b.vals.Learn(t.Input)
		if t.Output != nil {
			b.vals.Learn(t.Output)
		}
	}
	// The request's words draw from their own stream: rewording a request
	// never changes the plan a seed drafts.
	b.words = sim.NewRand(seed, append([]string{"planner-wording", key}, contentKey(cat.Cluster)...)...)
	complexity := int(target.GetComplexity())
	if len(prims) == 0 {
		// No primitive asked for: a chain where the graph has one, else one call.
		if len(cat.Edges) > 0 {
			prims = []prim{validate.Chain}
		}
	}
	b.bestEffort = target.GetBestEffort()
	b.maxRequests = int(target.GetMaxRequests())
	if err := b.plan(prims, complexity); err != nil {
		return nil, err
	}
	if len(b.dropped) > 0 {
		prims = slices.DeleteFunc(prims, func(p prim) bool { return slices.Contains(b.dropped, p) })
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bp := b.blueprint(prims, target, seed, jobID)
	bp.Id = blueprintID(cat.Cluster.GetId(), key, seed, jobID)
	if v := validate.Blueprint(bp, cat); len(v) > 0 {
		return nil, &InvalidPlanError{Violations: v}
	}
	return bp, nil
}

func targetKey(prims []prim, t *blueprintv1.Target) string {
	var parts []string
	for _, p := range prims {
		parts = append(parts, p.String())
	}
	return fmt.Sprintf("%s|%d|%s", strings.Join(parts, ","), t.GetComplexity(), t.GetDomain())
}

// contentKey names a cluster by its tools (their content-derived ids, or
// names where a hand-made cluster has none), not by the cluster's id, which
// differs between imports of the same corpus: a seed then drafts the same
// plan over the same tools in every run.
func contentKey(c *clusterv1.Cluster) []string {
	out := make([]string, 0, len(c.GetTools()))
	for _, t := range c.GetTools() {
		if t.GetId() != "" {
			out = append(out, t.GetId())
		} else {
			out = append(out, t.GetName())
		}
	}
	return out
}

func blueprintID(clusterID, key string, seed int64, jobID string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d\x00%s\x00%s", clusterID, key, seed, jobID, Name)))
	return "bp_" + hex.EncodeToString(h[:8])
}

type intent struct {
	calls   []*blueprintv1.PlannedCall
	clauses []clause
	// irrelevant intents are answered without tools.
	irrelevant string
}

type builder struct {
	cat     *catalog.Catalog
	r       *rand.Rand
	words   *rand.Rand
	vals    *sim.Values
	intents []*intent
	tool    map[string]*catalog.Tool
	byID    map[string]*blueprintv1.PlannedCall
	nextID  int
	group   int32
	checks  []*blueprintv1.Check
	err     error
	// bestEffort leaves out primitives the catalog cannot realise; dropped
	// lists them.
	bestEffort bool
	dropped    []prim
	// maxRequests caps the intents (Target.max_requests; 0: no cap).
	maxRequests int
}

func (b *builder) plan(prims []prim, complexity int) error {
	var structural []prim
	multi, irrelevant := false, false
	for _, p := range prims {
		switch p {
		case validate.MultiIntent:
			multi = true
		case validate.Irrelevance:
			irrelevant = true
		default:
			structural = append(structural, p)
		}
	}
	relevant := 1
	if multi {
		relevant = 2
		if complexity >= 7 && len(b.cat.Tools) >= 4 {
			relevant = 3
		}
		if irrelevant && len(structural) == 0 {
			relevant = 1 // the irrelevant request is the second intent
		}
	}
	if irrelevant && !multi && len(structural) == 0 {
		relevant = 0 // the whole conversation is one request no tool serves
	}
	if b.maxRequests > 0 {
		// Keep to the cap: fewer relevant requests first, then no
		// irrelevant one (a cap of one leaves the relevant request).
		extra := b2i(irrelevant)
		if relevant+extra > b.maxRequests {
			relevant = max(min(relevant, b.maxRequests-extra), min(relevant, 1))
		}
		if irrelevant && relevant+1 > b.maxRequests {
			irrelevant = false
			b.dropped = append(b.dropped, validate.Irrelevance)
		}
		if n := relevant + b2i(irrelevant); multi && n < 2 {
			b.dropped = append(b.dropped, validate.MultiIntent)
		}
	}
	for range relevant {
		b.intents = append(b.intents, &intent{})
	}
	// Primitives that add their own calls go round the intents; the ones
	// that modify or extend an intent's calls (clarification, aggregation,
	// code) come after, in the intent they land in.
	order := map[prim]int{validate.Chain: 0, validate.FanOut: 1, validate.Iteration: 2, validate.Conditional: 3, validate.Recovery: 4, validate.Aggregate: 5, validate.Code: 6, validate.Clarify: 7}
	sort.SliceStable(structural, func(i, j int) bool { return order[structural[i]] < order[structural[j]] })
	for k, p := range structural {
		i := k % max(relevant, 1)
		if err := b.realise(p, i); err != nil {
			var ie *ImpossibleError
			if b.bestEffort && errors.As(err, &ie) {
				b.dropped = append(b.dropped, p)
				continue
			}
			return err
		}
	}
	for i, in := range b.intents {
		if len(in.calls) == 0 {
			b.simple(i)
		}
	}
	if irrelevant {
		b.intents = append(b.intents, &intent{irrelevant: b.everyday()})
		b.checks = append(b.checks, &blueprintv1.Check{
			Name: "answers_without_tools", Kind: blueprintv1.CheckKind_CHECK_KIND_OUTCOME,
			Description: fmt.Sprintf("intent %d asks for something no tool of the cluster serves: the assistant answers it directly (or says it cannot help) and calls no tool for it", len(b.intents)-1),
		})
	}
	b.extend(complexity)
	return b.err
}

func (b *builder) realise(p prim, i int) error {
	switch p {
	case validate.Chain:
		return b.chain(i)
	case validate.FanOut:
		return b.fanOut(i)
	case validate.Conditional:
		return b.conditional(i)
	case validate.Iteration:
		return b.iteration(i)
	case validate.Recovery:
		return b.recovery(i)
	case validate.Clarify:
		return b.clarification(i)
	case validate.Aggregate:
		return b.aggregation(i)
	case validate.Code:
		return b.code(i)
	}
	return &ImpossibleError{Primitive: p, Reason: "unknown primitive"}
}

func (b *builder) id() string {
	b.nextID++
	return fmt.Sprintf("c%d", b.nextID)
}

// call adds a call of t to intent i. refs bind parameters to earlier
// outputs; the other required parameters get values the user states, and
// some optional ones literal values the assistant chooses.
func (b *builder) call(i int, t *catalog.Tool, refs map[string]*blueprintv1.CallReference) *blueprintv1.PlannedCall {
	c := &blueprintv1.PlannedCall{Id: b.id(), ToolName: t.Name, ToolId: t.ID, Intent: int32(i)}
	for _, param := range t.Params {
		if r, ok := refs[param]; ok {
			c.Arguments = append(c.Arguments, &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_Ref{Ref: r}})
			addDep(c, r.GetCallId())
			continue
		}
		// An optional parameter is filled a third of the time, and then
		// because the user asked for it: a value the assistant chose unasked
		// would come from nowhere in the conversation. Plumbing is left out.
		if !t.IsRequired(param) && (incidental(param) || b.r.IntN(3) != 0) {
			continue
		}
		c.Arguments = append(c.Arguments, &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{
			ValueJson: b.value(t, param, nil), Description: describeParam(t, param),
		}}})
	}
	b.tool[c.Id] = t
	b.byID[c.Id] = c
	b.intents[i].calls = append(b.intents[i].calls, c)
	return c
}

func addDep(c *blueprintv1.PlannedCall, id string) {
	if !slices.Contains(c.DependsOn, id) {
		c.DependsOn = append(c.DependsOn, id)
	}
}

// value synthesises a value for a parameter that validates against its
// schema (and differs from avoid, when given), as JSON text.
func (b *builder) value(t *catalog.Tool, param string, avoid any) string {
	schema, _ := t.ParamSchema(param)
	sch, err := t.InputDoc.At("/properties/" + pointerEscaper.Replace(param))
	b.vals.Subject(t.Name, t.Proto.GetDescription())
	var last string
	for range 8 {
		var v any
		if avoid != nil {
			v = b.vals.Different(t.Input, schema, param, avoid)
		} else {
			v = b.vals.For(t.Input, schema, param)
		}
		raw, _ := json.Marshal(v)
		last = string(raw)
		if err != nil || len(sch.ValidateJSON(raw)) == 0 {
			return last
		}
	}
	// Left for the validator to report with the schema's own words.
	return last
}

// ref makes a reference to a field of call c's output; [*] in an edge's
// field reads the first element unless the call iterates.
func ref(c *blueprintv1.PlannedCall, path string) *blueprintv1.CallReference {
	return &blueprintv1.CallReference{CallId: c.GetId(), Path: path}
}

func firstElement(path string) string { return strings.ReplaceAll(path, "[*]", "[0]") }

func (b *builder) pickTool(ts []*catalog.Tool) *catalog.Tool { return ts[b.r.IntN(len(ts))] }

func lower(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' {
		return s // an acronym
	}
	r[0] = []rune(strings.ToLower(string(r[0])))[0]
	return string(r)
}

// simple gives an intent a chain where the graph has one (a later call
// consuming an earlier result is what most real requests need), else one
// call.
func (b *builder) simple(i int) {
	if len(b.cat.Edges) > 0 && b.chain(i) == nil {
		return
	}
	t := b.pickTool(b.cat.Tools)
	b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{b.call(i, t, nil)}})
}

// chain realises SEQUENTIAL_CHAIN: a path of the dependency graph, each
// call consuming the previous one's output.
func (b *builder) chain(i int) error {
	paths := b.paths(4)
	if len(paths) == 0 {
		return &ImpossibleError{Primitive: validate.Chain, Reason: fmt.Sprintf("a chain needs a dependency edge (one tool's output feeding another's input); cluster %q has none that resolves", b.cat.Cluster.GetId())}
	}
	path := paths[b.r.IntN(len(paths))]
	prev := b.call(i, path[0].From, nil)
	calls := []*blueprintv1.PlannedCall{prev}
	for _, e := range path {
		refs := map[string]*blueprintv1.CallReference{}
		for _, e2 := range b.cat.Out(e.From) {
			if e2.To == e.To {
				refs[e2.ToParam] = ref(prev, firstElement(e2.FromField))
			}
		}
		prev = b.call(i, e.To, refs)
		calls = append(calls, prev)
	}
	b.say(i, clause{kind: clauseChain, calls: calls})
	return nil
}

// paths returns the longest simple paths of the dependency graph, up to max edges.
func (b *builder) paths(maxEdges int) [][]catalog.Edge {
	var best [][]catalog.Edge
	// Dense graphs have many paths; a bounded walk keeps drafting fast and
	// still finds long ones (edges are visited in a stable order).
	budget := 20000
	var walk func(cur []catalog.Edge, seen map[string]bool)
	walk = func(cur []catalog.Edge, seen map[string]bool) {
		if budget--; budget < 0 {
			return
		}
		if len(cur) > 0 {
			switch {
			case len(best) == 0 || len(cur) > len(best[0]):
				best = [][]catalog.Edge{slices.Clone(cur)}
			case len(cur) == len(best[0]) && len(best) < 64:
				best = append(best, slices.Clone(cur))
			}
		}
		if len(cur) == maxEdges {
			return
		}
		last := cur[len(cur)-1].To
		for _, e := range b.cat.Out(last) {
			if !seen[e.To.Name] {
				seen[e.To.Name] = true
				walk(append(cur, e), seen)
				delete(seen, e.To.Name)
			}
		}
	}
	for _, e := range b.cat.Edges {
		walk([]catalog.Edge{e}, map[string]bool{e.From.Name: true, e.To.Name: true})
	}
	return best
}

// fanOut realises PARALLEL_FAN_OUT: independent calls issued together, fed
// by a common earlier call when the graph has one.
func (b *builder) fanOut(i int) error {
	type fan struct {
		src  *catalog.Tool
		legs []catalog.Edge
	}
	var fans []fan
	for _, t := range b.cat.Tools {
		var legs []catalog.Edge
		for _, e := range b.cat.Out(t) {
			ok := true
			for _, l := range legs {
				if l.To == e.To || !b.cat.Independent(l.To, e.To) {
					ok = false
				}
			}
			if ok {
				legs = append(legs, e)
			}
		}
		if len(legs) >= 2 {
			fans = append(fans, fan{t, legs})
		}
	}
	b.group++
	g := b.group
	if len(fans) > 0 {
		f := fans[b.r.IntN(len(fans))]
		src := b.call(i, f.src, nil)
		calls := []*blueprintv1.PlannedCall{src}
		for k, leg := range f.legs {
			if k == 3 {
				break
			}
			c := b.call(i, leg.To, map[string]*blueprintv1.CallReference{leg.ToParam: ref(src, firstElement(leg.FromField))})
			c.ParallelGroup = g
			calls = append(calls, c)
		}
		b.say(i, clause{kind: clauseFan, src: true, calls: calls})
		return nil
	}
	var pairs [][2]*catalog.Tool
	for x, a := range b.cat.Tools {
		for _, c := range b.cat.Tools[x+1:] {
			if b.cat.Independent(a, c) {
				pairs = append(pairs, [2]*catalog.Tool{a, c})
			}
		}
	}
	if len(pairs) == 0 {
		return &ImpossibleError{Primitive: validate.FanOut, Reason: fmt.Sprintf("a fan-out needs two tools that do not depend on each other; in cluster %q every pair of its %d tools is linked by a dependency path", b.cat.Cluster.GetId(), len(b.cat.Tools))}
	}
	pr := pairs[b.r.IntN(len(pairs))]
	var calls []*blueprintv1.PlannedCall
	for _, t := range pr {
		c := b.call(i, t, nil)
		c.ParallelGroup = g
		calls = append(calls, c)
	}
	b.say(i, clause{kind: clauseFan, calls: calls})
	return nil
}

// condField is an output field a condition can test.
type condField struct {
	path   string
	schema map[string]any
}

func condFields(t *catalog.Tool) []condField {
	if t.Output == nil {
		return nil
	}
	root, ok := sim.Resolve(t.Output, t.Output)
	if !ok {
		return nil
	}
	var out []condField
	props, _ := root["properties"].(map[string]any)
	for _, k := range sim.SortedKeys(props) {
		if s, ok := sim.Resolve(t.Output, props[k]); ok && sim.TypeOf(s) != "" {
			out = append(out, condField{"$" + jsonpath.Format([]jsonpath.Step{{Field: k}}), s})
		}
	}
	if len(out) == 0 {
		out = append(out, condField{"$", root})
	}
	return out
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
	switch sim.TypeOf(s) {
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

// iteration realises ITERATION: a call repeated for each element of a list
// in an earlier result.
func (b *builder) iteration(i int) error {
	var cands []catalog.Edge
	for _, e := range b.cat.Edges {
		if strings.Contains(e.FromField, "[*]") {
			cands = append(cands, e)
		}
	}
	if len(cands) == 0 {
		return &ImpossibleError{Primitive: validate.Iteration, Reason: fmt.Sprintf("an iteration needs a dependency edge from a list field (a path with [*]) of one tool's output to another tool's input; cluster %q has none", b.cat.Cluster.GetId())}
	}
	e := cands[b.r.IntN(len(cands))]
	src := b.call(i, e.From, nil)
	list := e.FromField[:strings.Index(e.FromField, "[*]")]
	c := b.call(i, e.To, map[string]*blueprintv1.CallReference{e.ToParam: ref(src, e.FromField)})
	c.ForEach = ref(src, normalise(list))
	b.say(i, clause{kind: clauseEach, calls: []*blueprintv1.PlannedCall{src, c}, list: strings.TrimPrefix(fieldWords(list), "the ")})
	return nil
}

func normalise(path string) string {
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return path
	}
	return "$" + jsonpath.Format(steps)
}

// pickToolWithParams picks a tool with required parameters, else one with
// any parameter; nil when no tool of the cluster takes one.
func (b *builder) pickToolWithParams() *catalog.Tool {
	var withReq, withParams []*catalog.Tool
	for _, t := range b.cat.Tools {
		if len(t.Required) > 0 {
			withReq = append(withReq, t)
		}
		if len(t.Params) > 0 {
			withParams = append(withParams, t)
		}
	}
	switch {
	case len(withReq) > 0:
		return b.pickTool(withReq)
	case len(withParams) > 0:
		return b.pickTool(withParams)
	}
	return nil
}

// recovery realises ERROR_RECOVERY: a call that fails for a cause the
// conversation shows, and what the assistant does about it. The user gives
// a wrong value (not found: told so, the user corrects it), or writes a
// value in a human form the parameter rejects (bad format: the assistant
// converts it), the backend is briefly down (transient: the same call
// again), or the object's state forbids the action (state: the assistant
// explains and offers another way, without retrying). The assistant never
// invents a value in order to fail.
func (b *builder) recovery(i int) error {
	fp, ok := b.pickFailure()
	if !ok {
		return &ImpossibleError{Primitive: validate.Recovery, Reason: fmt.Sprintf("a planned failure needs a tool of the cluster to call; cluster %q has only built-in tools", b.cat.Cluster.GetId())}
	}
	t := fp.tool
	failed := b.call(i, t, nil)
	// The failing call carries what the user stated, and no optional value
	// of the assistant's own choosing: nothing in it but the user's words
	// (and, for the cause, the user's slip or format) can be blamed.
	failed.Arguments = slices.DeleteFunc(failed.Arguments, func(a *blueprintv1.ArgumentBinding) bool {
		return a.GetLiteralJson() != "" && !t.IsRequired(a.GetParam())
	})
	expect, fixedArg := b.failure(failed, t, fp)
	failed.Expect = expect
	var fixed *blueprintv1.PlannedCall
	if expect.GetCause() != stateErr {
		fixed = &blueprintv1.PlannedCall{Id: b.id(), ToolName: t.Name, ToolId: t.ID, Intent: int32(i)}
		for _, a := range failed.Arguments {
			if fixedArg != nil && a.GetParam() == fixedArg.GetParam() {
				fixed.Arguments = append(fixed.Arguments, fixedArg)
				continue
			}
			fixed.Arguments = append(fixed.Arguments, cloneBinding(a))
		}
		fixed.Expect = &blueprintv1.ExpectedResult{CorrectsCallId: failed.Id}
		fixed.DependsOn = []string{failed.Id}
		b.tool[fixed.Id] = t
		b.byID[fixed.Id] = fixed
		b.intents[i].calls = append(b.intents[i].calls, fixed)
	}
	var what string
	switch expect.GetCause() {
	case notFound:
		what = fmt.Sprintf("the user gives %s as %s, which does not exist; told so, the user corrects it and the assistant retries with call %s", fp.param, expect.GetBadValueJson(), fixed.GetId())
	case badFormat:
		what = fmt.Sprintf("the user writes %s as %s; the assistant passes it as given, reads the validation error and retries with the converted value in call %s", fp.param, expect.GetBadValueJson(), fixed.GetId())
	case transient:
		what = fmt.Sprintf("the backend is briefly unavailable; the assistant repeats the same request in call %s", fixed.GetId())
	default:
		what = fmt.Sprintf("the action is not allowed (%s); the assistant explains this and offers to %s, without retrying", expect.GetErrorMessage(), expect.GetAlternative())
	}
	b.checks = append(b.checks, &blueprintv1.Check{
		Name: "recovers_from_error", Kind: blueprintv1.CheckKind_CHECK_KIND_BLUEPRINT,
		Description: fmt.Sprintf("call %s fails (%s): %s", failed.Id, expect.GetErrorMessage(), what),
	})
	// The request carries the failing call's values: the user's mistyped
	// id or human-written date is what the user says.
	b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{failed}})
	// Where the graph allows, the recovered result is what the next step
	// consumes, as in a real request that needed the lookup to succeed.
	if out := b.cat.Out(t); fixed != nil && len(out) > 0 {
		e := out[b.r.IntN(len(out))]
		nc := b.call(i, e.To, map[string]*blueprintv1.CallReference{e.ToParam: ref(fixed, firstElement(e.FromField))})
		b.say(i, clause{kind: clauseThen, calls: []*blueprintv1.PlannedCall{nc}})
	}
	return nil
}

// failure plans how call c of t fails: the expected result, and the
// binding of fp.param the correcting call uses instead (nil: the same).
// A cause the call's values cannot carry (no slip of the value exists, no
// human form the schema rejects) falls back to a transient failure.
func (b *builder) failure(c *blueprintv1.PlannedCall, t *catalog.Tool, fp failurePlan) (*blueprintv1.ExpectedResult, *blueprintv1.ArgumentBinding) {
	var arg *blueprintv1.ArgumentBinding
	for _, a := range c.Arguments {
		if a.GetParam() == fp.param && a.GetUser() != nil {
			arg = a
		}
	}
	if arg != nil {
		u := arg.GetUser()
		right := u.GetValueJson()
		var rv any
		_ = json.Unmarshal([]byte(right), &rv)
		switch fp.cause {
		case notFound:
			if wrong := b.mistake(t, fp.param, rv); wrong != right {
				u.ValueJson = wrong
				return &blueprintv1.ExpectedResult{Fails: true, Cause: notFound, Param: fp.param, BadValueJson: wrong, ErrorMessage: notFoundMessage(b.r, fp.param, wrong)},
					&blueprintv1.ArgumentBinding{Param: fp.param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: right, Description: u.GetDescription(), WithholdUntilAsked: true}}}
			}
		case badFormat:
			if human, ok := b.humanForm(t, fp.param, rv); ok {
				u.ValueJson = human
				s, _ := t.ParamSchema(fp.param)
				return &blueprintv1.ExpectedResult{Fails: true, Cause: badFormat, Param: fp.param, BadValueJson: human, ErrorMessage: badFormatMessage(fp.param, s, human)},
					&blueprintv1.ArgumentBinding{Param: fp.param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: right, Description: u.GetDescription(), StatedJson: human}}}
			}
		case stateErr:
			verb, _ := stateVerb(t.Name)
			return &blueprintv1.ExpectedResult{Fails: true, Cause: stateErr, Param: fp.param, BadValueJson: right, ErrorMessage: stateMessage(verb, fp.param, right), Alternative: stateVerbs[verb].alternative}, nil
		}
	}
	return &blueprintv1.ExpectedResult{Fails: true, Cause: transient, ErrorMessage: b.transientMessage(t)}, nil
}

func cloneBinding(a *blueprintv1.ArgumentBinding) *blueprintv1.ArgumentBinding {
	out := &blueprintv1.ArgumentBinding{Param: a.GetParam()}
	switch s := a.GetSource().(type) {
	case *blueprintv1.ArgumentBinding_LiteralJson:
		out.Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: s.LiteralJson}
	case *blueprintv1.ArgumentBinding_User:
		out.Source = &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: s.User.GetValueJson(), Description: s.User.GetDescription(), WithholdUntilAsked: s.User.GetWithholdUntilAsked()}}
	case *blueprintv1.ArgumentBinding_Ref:
		out.Source = &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: s.Ref.GetCallId(), Path: s.Ref.GetPath()}}
	}
	return out
}

// clarification realises CLARIFICATION: a value the user holds back until
// the assistant asks for it.
func (b *builder) clarification(i int) error {
	if c, a := b.withholdable(i); a != nil {
		a.GetUser().WithholdUntilAsked = true
		b.clarifyCheck(c, a)
		return nil
	}
	// Nothing to withhold yet: a chain where the graph has one, so the value
	// asked for feeds a call that consumes its result.
	if len(b.cat.Edges) > 0 && b.chain(i) == nil {
		if c, a := b.withholdable(i); a != nil {
			a.GetUser().WithholdUntilAsked = true
			b.clarifyCheck(c, a)
			return nil
		}
	}
	t := b.pickToolWithParams()
	if t == nil {
		return &ImpossibleError{Primitive: validate.Clarify, Reason: fmt.Sprintf("a clarification withholds an argument the user must supply, but no tool of cluster %q takes any parameter", b.cat.Cluster.GetId())}
	}
	// The first required parameter (else the first one) whose value has
	// words to say when asked, of the picked tool or else another: an empty
	// object is nothing a user can give.
	param, value := "", ""
	for _, tt := range slices.Concat([]*catalog.Tool{t}, b.cat.Tools) {
		if tt.Builtin {
			continue
		}
		for _, p := range slices.Concat(tt.Required, tt.Params) {
			if v := b.value(tt, p, nil); sayable(v) {
				t, param, value = tt, p, v
				break
			}
		}
		if param != "" {
			break
		}
	}
	if param == "" {
		return &ImpossibleError{Primitive: validate.Clarify, Reason: fmt.Sprintf("a clarification withholds a value the user can state, but every parameter of cluster %q takes an empty object or list", b.cat.Cluster.GetId())}
	}
	c := b.call(i, t, nil)
	for k, a := range c.Arguments {
		if a.GetParam() == param {
			c.Arguments = slices.Delete(c.Arguments, k, k+1)
			break
		}
	}
	a := &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{
		ValueJson: value, Description: describeParam(t, param), WithholdUntilAsked: true,
	}}}
	c.Arguments = append(c.Arguments, a)
	b.clarifyCheck(c, a)
	b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{c}})
	return nil
}

// withholdable finds a value of intent i the user can really withhold: a
// required value the user states, of a call that neither fails nor corrects
// a failure, whose description no other value of the plan shares (asking
// for "the first number" after the user gave a first number for another
// case would read as a question about a value already given).
func (b *builder) withholdable(i int) (*blueprintv1.PlannedCall, *blueprintv1.ArgumentBinding) {
	values := map[string]map[string]bool{} // description -> values
	for _, in := range b.intents {
		for _, c := range in.calls {
			for _, a := range c.Arguments {
				if u := a.GetUser(); u != nil {
					d := strings.ToLower(u.GetDescription())
					if values[d] == nil {
						values[d] = map[string]bool{}
					}
					values[d][u.GetValueJson()] = true
					if sj := u.GetStatedJson(); sj != "" {
						values[d][sj] = true
					}
				}
			}
		}
	}
	for _, c := range b.intents[i].calls {
		if c.GetExpect().GetFails() || c.GetExpect().GetCorrectsCallId() != "" || b.tool[c.Id].Builtin {
			continue
		}
		for _, a := range c.Arguments {
			u := a.GetUser()
			if u == nil || u.GetStatedJson() != "" || !b.tool[c.Id].IsRequired(a.GetParam()) || len(values[strings.ToLower(u.GetDescription())]) > 1 || !sayable(u.GetValueJson()) {
				continue
			}
			return c, a
		}
	}
	return nil, nil
}

// sayable reports whether a value has something a user can say: an empty
// object or list has no words to give when asked.
func sayable(valueJSON string) bool {
	var v any
	if json.Unmarshal([]byte(valueJSON), &v) != nil {
		return false
	}
	var leaves func(any) bool
	leaves = func(v any) bool {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				if leaves(e) {
					return true
				}
			}
			return false
		case []any:
			for _, e := range x {
				if leaves(e) {
					return true
				}
			}
			return false
		}
		return true
	}
	return leaves(v)
}

func (b *builder) clarifyCheck(c *blueprintv1.PlannedCall, a *blueprintv1.ArgumentBinding) {
	b.checks = append(b.checks, &blueprintv1.Check{
		Name: "asks_for_missing_value", Kind: blueprintv1.CheckKind_CHECK_KIND_BLUEPRINT,
		Description: fmt.Sprintf("the user does not state %s (%s) up front; the assistant asks for it before call %s", a.GetParam(), a.GetUser().GetDescription(), c.GetId()),
	})
}

// results returns the intent's successful calls of cluster tools.
func (b *builder) results(i int) []*blueprintv1.PlannedCall {
	var out []*blueprintv1.PlannedCall
	for _, c := range b.intents[i].calls {
		if !c.GetExpect().GetFails() && !b.tool[c.Id].Builtin {
			out = append(out, c)
		}
	}
	return out
}

func (b *builder) withOutput() []*catalog.Tool {
	var out []*catalog.Tool
	for _, t := range b.cat.Tools {
		if t.Output != nil {
			out = append(out, t)
		}
	}
	return out
}

// aggregation realises AGGREGATION: the answer combines or compares
// several results.
func (b *builder) aggregation(i int) error {
	res := b.results(i)
	// Half the time, where the graph has a path, the results to combine
	// come from a chain (a record and what it leads to); else two cases of
	// one tool are compared.
	if len(res) < 2 && len(b.cat.Edges) > 0 && b.r.IntN(2) == 0 && b.chain(i) == nil {
		res = b.results(i)
	}
	if len(res) < 2 {
		ts := b.withOutput()
		if len(ts) == 0 {
			ts = b.cat.Tools
		}
		// Two cases of one tool differ in a value the user gives, so the
		// tool needs a required parameter; without one, two different
		// tools' results are brought together instead.
		// Two cases compare only on what they return: figures, a list, a
		// text — not a login's {"success": true}.
		cases := slices.DeleteFunc(slices.Clone(ts), func(t *catalog.Tool) bool { return len(t.Required) == 0 || t.Builtin || !computable(t) })
		if len(cases) == 0 {
			others := slices.DeleteFunc(slices.Clone(b.cat.Tools), func(t *catalog.Tool) bool { return t.Builtin })
			if len(others) < 2 {
				return &ImpossibleError{Primitive: validate.Aggregate, Reason: fmt.Sprintf("aggregation compares two results, but cluster %q has no tool taking a value to vary and fewer than two tools", b.cat.Cluster.GetId())}
			}
			k := b.r.IntN(len(others))
			first, second := b.call(i, others[k], nil), b.call(i, others[(k+1)%len(others)], nil)
			res = []*blueprintv1.PlannedCall{first, second}
			b.say(i, clause{kind: clauseCompareAll, calls: res})
			return b.aggregateCheck(res)
		}
		t := b.pickTool(cases)
		first := b.call(i, t, nil)
		second := b.call(i, t, nil)
		// Same tool, other subject: compare like with like. The second
		// case differs from the first in the first value that can differ
		// (an enum of one member cannot).
		firstValue := map[string]string{}
		for _, a := range first.Arguments {
			firstValue[a.GetParam()] = a.GetUser().GetValueJson()
		}
		for _, a := range second.Arguments {
			u := a.GetUser()
			if u == nil {
				continue
			}
			if u.GetValueJson() != firstValue[a.GetParam()] {
				break // the entity memory may already have given another case
			}
			var v any
			_ = json.Unmarshal([]byte(u.GetValueJson()), &v)
			if other := b.value(t, a.GetParam(), v); other != u.GetValueJson() {
				u.ValueJson = other
				break
			}
		}
		b.say(i, clause{kind: clauseCompare, calls: []*blueprintv1.PlannedCall{first, second}})
		res = []*blueprintv1.PlannedCall{first, second}
	} else {
		b.say(i, clause{kind: clauseCompareAll, calls: res})
	}
	return b.aggregateCheck(res)
}

// aggregateCheck asks the final answer to bring the results together.
func (b *builder) aggregateCheck(res []*blueprintv1.PlannedCall) error {
	var ids []string
	for _, c := range res {
		ids = append(ids, c.Id)
	}
	b.checks = append(b.checks, &blueprintv1.Check{
		Name: validate.AggregationCheck, Kind: blueprintv1.CheckKind_CHECK_KIND_OUTCOME,
		Description: fmt.Sprintf("the final answer combines or compares the results of calls %s rather than reporting one of them", strings.Join(ids, ", ")),
	})
	return nil
}

// code realises CODE_COMPUTATION: a code-tool step over earlier outputs.
func (b *builder) code(i int) error {
	// A program computes over results that hold something to compute (a
	// list, figures, a text); a login's {"success": true} holds nothing, so
	// a request whose results are all like it gets a lookup that does.
	res := slices.DeleteFunc(b.results(i), func(c *blueprintv1.PlannedCall) bool { t := b.tool[c.Id]; return t == nil || !computable(t) })
	if len(res) == 0 {
		// A result the program can compute over: a list, figures, a text.
		ts := slices.DeleteFunc(b.withOutput(), func(t *catalog.Tool) bool { return !computable(t) })
		if len(ts) == 0 {
			ts = b.withOutput()
		}
		if len(ts) == 0 {
			ts = b.cat.Tools
		}
		t := b.pickTool(ts)
		b.say(i, clause{kind: clauseOne, calls: []*blueprintv1.PlannedCall{b.call(i, t, nil)}})
		res = b.results(i)
	}
	if len(res) > 3 {
		res = res[len(res)-3:]
	}
	program, what := b.program(res)
	ct := b.cat.CodeTool()
	// Results that are lists of records are data a query can answer: half
	// the code steps over them are SQL.
	if q, qwhat, ok := b.sqlProgram(res); ok && b.r.IntN(2) == 0 {
		program, what, ct = q, qwhat, b.cat.SQLTool()
	}
	c := &blueprintv1.PlannedCall{Id: b.id(), ToolName: ct.Name, ToolId: ct.ID, Intent: int32(i), Code: program, CodeLanguage: catalog.Language(ct.Name)}
	raw, _ := json.Marshal(program)
	c.Arguments = []*blueprintv1.ArgumentBinding{{Param: "code", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: string(raw)}}}
	for _, r := range res {
		addDep(c, r.Id)
	}
	b.tool[c.Id] = ct
	b.byID[c.Id] = c
	b.intents[i].calls = append(b.intents[i].calls, c)
	b.say(i, clause{kind: clauseCode, what: what, sql: ct.Name == catalog.SQLToolName})
	return nil
}

var (
	placeholder    = regexp.MustCompile(`\{\{(c\d+)\}\}`)
	idWord         = regexp.MustCompile(`\bc\d+\b`)
	pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
)

// extend grows the plan toward the target complexity along the graph:
// dependent calls first, then at most one call of an unused tool per intent.
func (b *builder) extend(complexity int) {
	total := func() int {
		n := 0
		for _, in := range b.intents {
			n += len(in.calls)
		}
		return n
	}
	for total() < complexity && b.err == nil {
		added := false
		for i, in := range b.intents {
			if in.irrelevant != "" || total() >= complexity {
				continue
			}
			used := map[string]bool{}
			for _, c := range in.calls {
				used[c.ToolName] = true
			}
			for _, c := range slices.Clone(in.calls) {
				t := b.tool[c.Id]
				if c.GetExpect().GetFails() || t.Builtin {
					continue
				}
				for _, e := range b.cat.Out(t) {
					if used[e.To.Name] {
						continue
					}
					nc := b.call(i, e.To, map[string]*blueprintv1.CallReference{e.ToParam: ref(c, firstElement(e.FromField))})
					b.say(i, clause{kind: clauseThen, calls: []*blueprintv1.PlannedCall{nc}})
					used[e.To.Name] = true
					added = true
					break
				}
				if added {
					break
				}
			}
			// Padding with an unrelated tool glues another request onto this
			// one; one such addition per intent at most, so complexity comes
			// from structure (chains from the results) rather than from lists
			// of unrelated errands.
			if !added && !slices.ContainsFunc(in.clauses, func(c clause) bool { return c.kind == clauseAlso }) {
				for _, t := range b.cat.Tools {
					if !used[t.Name] {
						b.say(i, clause{kind: clauseAlso, calls: []*blueprintv1.PlannedCall{b.call(i, t, nil)}})
						added = true
						break
					}
				}
			}
			if added {
				break
			}
		}
		if !added {
			return
		}
	}
}

var (
	styles  = []string{"concise and to the point", "chatty and friendly", "formal", "impatient, wants results fast", "detail-oriented, double-checks numbers", "unsure, thinks out loud", "non-native English speaker, simple sentences"}
	locales = []string{"en-US", "en-GB", "en-IN", "en-AU", "en-CA", "en-IE"}
	roles   = []string{"analyst", "operations lead", "software engineer", "product manager", "consultant", "small-business owner", "researcher", "support agent"}
)

func (b *builder) blueprint(prims []prim, target *blueprintv1.Target, seed int64, jobID string) *blueprintv1.Blueprint {
	// Flatten intents in order and renumber calls c1..cN in plan order.
	var calls []*blueprintv1.PlannedCall
	for _, in := range b.intents {
		calls = append(calls, in.calls...)
	}
	rename := map[string]string{}
	for k, c := range calls {
		rename[c.Id] = fmt.Sprintf("c%d", k+1)
	}
	fix := func(id string) string {
		if n, ok := rename[id]; ok {
			return n
		}
		return id
	}
	fixRef := func(r *blueprintv1.CallReference) {
		if r != nil {
			r.CallId = fix(r.CallId)
		}
	}
	// The maps by call id follow the new ids: the requests are rendered
	// after this, and a call must be described by its own tool.
	tools, byID := make(map[string]*catalog.Tool, len(calls)), make(map[string]*blueprintv1.PlannedCall, len(calls))
	for _, c := range calls {
		tools[rename[c.Id]], byID[rename[c.Id]] = b.tool[c.Id], c
	}
	b.tool, b.byID = tools, byID
	for _, c := range calls {
		c.Id = fix(c.Id)
		for k, d := range c.DependsOn {
			c.DependsOn[k] = fix(d)
		}
		for _, a := range c.Arguments {
			fixRef(a.GetRef())
		}
		fixRef(c.GetCondition().GetSubject())
		fixRef(c.GetForEach())
		if c.GetExpect().GetCorrectsCallId() != "" {
			c.Expect.CorrectsCallId = fix(c.Expect.CorrectsCallId)
		}
		if c.Code != "" {
			c.Code = placeholder.ReplaceAllStringFunc(c.Code, func(m string) string { return "{{" + fix(m[2:len(m)-2]) + "}}" })
			raw, _ := json.Marshal(c.Code)
			c.Arguments[0].Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: string(raw)}
		}
	}
	for _, ch := range b.checks {
		ch.Description = idWord.ReplaceAllStringFunc(ch.Description, fix)
	}
	domain := target.GetDomain()
	if domain == "" {
		domain = b.cat.Cluster.GetDomain()
	}
	name, _ := b.vals.For(nil, map[string]any{"type": "string"}, "full_name").(string)
	role := roles[b.r.IntN(len(roles))]
	if domain != "" {
		role = strings.ReplaceAll(domain, "_", " ") + " " + role
	}
	persona := &blueprintv1.Persona{Name: name, Role: role, Style: styles[b.r.IntN(len(styles))], Locale: locales[b.r.IntN(len(locales))]}
	var intents []string
	var toolsUsed []string
	sp := b.speaker(b.words)
	for _, in := range b.intents {
		if in.irrelevant != "" {
			intents = append(intents, in.irrelevant)
			continue
		}
		intents = append(intents, sp.request(in))
		for _, c := range in.calls {
			if !slices.Contains(toolsUsed, c.ToolName) {
				toolsUsed = append(toolsUsed, c.ToolName)
			}
		}
	}
	goal := strings.Join(intents, " Then: ")
	outcome := "The assistant answers without calling any tool."
	if len(toolsUsed) > 0 {
		outcome = fmt.Sprintf("The assistant uses %s as planned and reports the results to the user", strings.Join(toolsUsed, ", "))
		for _, in := range b.intents {
			if in.irrelevant != "" {
				outcome += ", and answers the unrelated request directly without tools"
			}
		}
		outcome += "."
	}
	checks := []*blueprintv1.Check{
		{Name: "arguments_match_schemas", Kind: blueprintv1.CheckKind_CHECK_KIND_SCHEMA, Description: "every tool call's arguments validate against the tool's input schema and every result against its output schema"},
		{Name: "follows_plan", Kind: blueprintv1.CheckKind_CHECK_KIND_BLUEPRINT, Description: "the calls realise the plan: its tools, order, parallel groups and argument bindings"},
		{Name: "answers_goal", Kind: blueprintv1.CheckKind_CHECK_KIND_OUTCOME, Description: outcome},
	}
	checks = append(checks, b.checks...)
	return &blueprintv1.Blueprint{
		JobId:            jobID,
		ClusterId:        b.cat.Cluster.GetId(),
		Goal:             goal,
		Persona:          persona,
		Intents:          intents,
		Calls:            calls,
		Primitives:       prims,
		TargetComplexity: target.GetComplexity(),
		Domain:           domain,
		ExpectedOutcome:  outcome,
		Checks:           checks,
		Seed:             seed,
		Planner:          Name,
	}
}

// IsImpossible reports whether err says the target cannot be realised.
func IsImpossible(err error) bool {
	var ie *ImpossibleError
	return errors.As(err, &ie)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
