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
	"slices"
	"sort"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/platform/seedrand"
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
	return "drafted plan is invalid: " + validate.Summary(e.Violations)
}

// Planner is the deterministic planner. The zero value is ready to use.
type Planner struct{}

// New returns a planner.
func New() *Planner { return &Planner{} }

// Request is what the planner is asked to plan.
type Request struct {
	Cluster *clusterv1.Cluster
	Target  *blueprintv1.Target
	Seed    int64
	JobID   string
}

// Draft plans over the request's cluster.
func (p *Planner) Draft(ctx context.Context, req Request) (*blueprintv1.Blueprint, error) {
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
		cat:   cat,
		r:     seedrand.New(seed, append([]string{"planner", key}, contentKey(cat.Cluster)...)...),
		tool:  map[string]*catalog.Tool{},
		byID:  map[string]*blueprintv1.PlannedCall{},
		creds: map[string]string{},
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
	b.words = seedrand.New(seed, append([]string{"planner-wording", key}, contentKey(cat.Cluster)...)...)
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
	b.spareDeleted()
	b.literalParts()
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
	// bestEffort leaves out primitives the catalog cannot realise; dropped
	// lists them.
	bestEffort bool
	dropped    []prim
	// maxRequests caps the intents (Target.max_requests; 0: no cap).
	maxRequests int
	// creds are the conversation's credentials by parameter name, lower
	// case (credentials.go).
	creds map[string]string
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
		relevant, irrelevant = b.capRequests(relevant, irrelevant, multi)
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
	return nil
}

// capRequests keeps the requests to Target.max_requests: fewer relevant
// requests first, then no irrelevant one (a cap of one leaves the relevant
// request); the primitives that no longer fit are dropped.
func (b *builder) capRequests(relevant int, irrelevant, multi bool) (int, bool) {
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
	return relevant, irrelevant
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
	// Where a thing goes is chosen first (a file's content is written for
	// its path); the arguments keep the tool's order.
	order := slices.Clone(t.Params)
	slices.SortStableFunc(order, func(x, y string) int { return placeParam(y) - placeParam(x) })
	chosen := map[string]*blueprintv1.ArgumentBinding{}
	var drawn []string
	for _, param := range order {
		if r, ok := refs[param]; ok {
			chosen[param] = &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_Ref{Ref: r}}
			addDep(c, r.GetCallId())
			continue
		}
		// A parameter that takes one value only (an Action=DescribeStacks,
		// a Version=2011-01-01 of a query protocol) is the protocol's, not
		// the request's: the assistant fills it in, the user never says it;
		// left out where optional.
		if lit, ok := constant(t, param); ok || t.IsRequired(param) && idempotencyParam(t, param) {
			if !ok {
				// A required idempotency token the client makes up.
				s, _ := t.ParamSchema(param)
				lit = b.clientToken(s, func() string { return b.value(t, param, nil) })
			}
			if t.IsRequired(param) {
				chosen[param] = &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: lit}}
			}
			continue
		}
		// An optional parameter is filled a third of the time, and then
		// because the user asked for it: a value the assistant chose unasked
		// would come from nowhere in the conversation. Plumbing is left out.
		if !t.IsRequired(param) && (incidental(param) || plumbingParam(t, param) || b.r.IntN(3) != 0 || excludedBy(t, param, chosen)) {
			continue
		}
		if !t.IsRequired(param) {
			drawn = append(drawn, param)
		}
		value := func() string { return b.freshValue(t, param, otherEnd(param, chosen)) }
		if credential(t, param) {
			value = func() string { return b.credentialValue(param, func() string { return b.statedValue(t, param, nil) }) }
		}
		v := value()
		if !t.IsRequired(param) && !fits(t, param, v) {
			// An optional value that fits no schema-valid form (an array
			// whose schema lists its members as the array's enum) is left
			// out: the service's default serves.
			continue
		}
		chosen[param] = &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{
			ValueJson: v, Description: describeParam(t, param),
		}}}
	}
	// Of the optional values drawn, the user says the few that matter.
	fewOptional(t, chosen, drawn)
	dropRepeated(t, chosen)
	for _, param := range t.Params {
		if a := chosen[param]; a != nil {
			c.Arguments = append(c.Arguments, a)
		}
	}
	b.tool[c.Id] = t
	b.byID[c.Id] = c
	b.intents[i].calls = append(b.intents[i].calls, c)
	return c
}

// spareDeleted makes the calls after a deletion the user names by an id
// name another thing than the deleted one where they named the same: the
// conversation deletes one version and goes on with another, never looks
// up, changes or deletes again what is gone (such a call would not be
// found). A call planned to fail, or correcting a failure, keeps its value
// (the deletion then takes another).
func (b *builder) spareDeleted() {
	var calls []*blueprintv1.PlannedCall
	for _, in := range b.intents {
		calls = append(calls, in.calls...)
	}
	recovering := func(c *blueprintv1.PlannedCall) bool {
		return c.GetExpect().GetFails() || c.GetExpect().GetCorrectsCallId() != ""
	}
	for i, c := range calls {
		t := b.tool[c.GetId()]
		if t == nil || !catalog.Removes(t.Name) {
			continue
		}
		for _, a := range c.GetArguments() {
			u := a.GetUser()
			var old any
			// A credential (an X-…-APPLICATION-KEY) names the user's
			// account, not the thing deleted: it stays (credentials.go).
			if u == nil || !t.IsRequired(a.GetParam()) || !catalog.IDLike(a.GetParam()) || credential(t, a.GetParam()) || json.Unmarshal([]byte(u.GetValueJson()), &old) != nil {
				continue
			}
			other, kept := "", false
			for _, later := range calls[i+1:] {
				for _, la := range later.GetArguments() {
					lu := la.GetUser()
					if la.GetParam() != a.GetParam() || lu == nil || lu.GetValueJson() != u.GetValueJson() {
						continue
					}
					if recovering(later) {
						kept = true // its mistyped value is this one's
						continue
					}
					if other == "" {
						other = b.statedValue(t, a.GetParam(), old)
					}
					lu.ValueJson = other
				}
			}
			if kept && !recovering(c) {
				// A later failure's value stays: the deletion is of
				// another thing.
				u.ValueJson = b.statedValue(t, a.GetParam(), old)
			}
		}
	}
}

// freshValue is a value the user states for param of a new call of t
// (differing from avoid, when given) that names another thing than the
// plan's earlier calls of t named by it: nobody adds the same contact
// twice in one conversation, or asks twice for the same thing — a
// mistyped value and its correction are of the new thing, not the
// contact added earlier. Values that only set or scope a call (a travel
// class, a limit) repeat as they may.
func (b *builder) freshValue(t *catalog.Tool, param string, avoid any) string {
	used := map[string]bool{}
	s, _ := t.ParamSchema(param)
	if avoid == nil && (weight(param, s) == weightSubject || catalog.IDLike(param) || t.IsRequired(param) && namingText(s)) {
		for _, in := range b.intents {
			for _, c := range in.calls {
				if c.GetToolName() != t.Name {
					continue
				}
				for _, a := range c.GetArguments() {
					if a.GetParam() == param {
						b.usedBy(a, used)
					}
				}
			}
		}
	}
	v := b.statedValue(t, param, avoid)
	for range 4 {
		var x any
		if !used[v] || json.Unmarshal([]byte(v), &x) != nil {
			break
		}
		v = b.statedValue(t, param, x)
	}
	return v
}

// usedBy adds to used the value argument a names its thing by: the
// user's, or, for a reference, the value the user gave the call it reads
// under the same name (rmdir's dir_name from the mkdir told "data" is
// "data").
func (b *builder) usedBy(a *blueprintv1.ArgumentBinding, used map[string]bool) {
	if u := a.GetUser(); u != nil {
		used[u.GetValueJson()] = true
		return
	}
	src := b.byID[a.GetRef().GetCallId()]
	if a.GetRef() == nil || src == nil {
		return
	}
	for _, sa := range src.GetArguments() {
		if u := sa.GetUser(); u != nil && sa.GetParam() == a.GetParam() {
			used[u.GetValueJson()] = true
		}
	}
}

// namingText reports whether a parameter's values can name a thing: text that
// is not one of a few fixed choices (a city, a user name; not a travel
// class).
func namingText(s map[string]any) bool {
	_, enum := s["enum"]
	_, fixed := s["const"]
	return jsonschema.TypeOf(s) == "string" && !enum && !fixed && s["format"] == nil
}

// dropRepeated leaves out an optional value that a body the user states
// already carries under the same name (a query MaxResults beside the
// body's MaxResults): said twice, "max results 25 … and max results 25".
func dropRepeated(t *catalog.Tool, chosen map[string]*blueprintv1.ArgumentBinding) {
	fields := map[string]bool{}
	for _, a := range chosen {
		var obj map[string]any
		if u := a.GetUser(); u != nil && json.Unmarshal([]byte(u.GetValueJson()), &obj) == nil {
			for k := range obj {
				fields[strings.ToLower(k)] = true
			}
		}
	}
	for p := range chosen {
		if !t.IsRequired(p) && fields[strings.ToLower(p)] {
			delete(chosen, p)
		}
	}
}

// clientToken is the idempotency token the assistant makes up for a
// request, as an SDK does: a random UUID where its schema s takes one,
// else what draw gives.
func (b *builder) clientToken(s map[string]any, draw func() string) string {
	var u [16]byte
	for i := range u {
		u[i] = byte(b.r.IntN(256))
	}
	u[6], u[8] = u[6]&0x0f|0x40, u[8]&0x3f|0x80
	id := fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
	raw, _ := json.Marshal(id)
	text, err := json.Marshal(s)
	if err != nil {
		return draw()
	}
	doc, err := jsonschema.Parse(text)
	if err != nil {
		return draw()
	}
	if sch, err := doc.At(""); err == nil && len(sch.ValidateJSON(raw)) == 0 {
		return string(raw)
	}
	return draw()
}

// fits reports whether valueJSON validates against the schema of param
// of t (true when the schema cannot be read: the validator says why).
func fits(t *catalog.Tool, param, valueJSON string) bool {
	sch, err := t.InputDoc.At("/properties/" + jsonschema.EscapePointerToken(param))
	return err != nil || len(sch.ValidateJSON([]byte(valueJSON))) == 0
}

// otherEnd is the value already chosen for the other end of what param
// ends or starts (a conversion's unit_in for its unit_out, a move's source
// for its destination), which param's value must differ from: nobody
// converts seconds to seconds or moves a file onto itself. nil when there
// is none.
func otherEnd(param string, chosen map[string]*blueprintv1.ArgumentBinding) any {
	end := wording.Ends(param)
	if end == 0 {
		return nil
	}
	for other, a := range chosen {
		if u := a.GetUser(); u != nil && wording.Ends(other) == -end {
			var v any
			if json.Unmarshal([]byte(u.GetValueJson()), &v) == nil {
				return v
			}
		}
	}
	return nil
}

// excludedBy reports whether an optional parameter already chosen rules
// param out: a caller gives one of two alternatives, never both.
func excludedBy(t *catalog.Tool, param string, chosen map[string]*blueprintv1.ArgumentBinding) bool {
	for other := range chosen {
		if !t.IsRequired(other) && exclusive(t, param, other) {
			return true
		}
	}
	return false
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
	sch, err := t.InputDoc.At("/properties/" + jsonschema.EscapePointerToken(param))
	b.vals.Subject(t.Name, t.Proto.GetDescription(), t.Proto.GetService())
	var last string
	for range 8 {
		var v any
		if avoid != nil || catalog.NamesNewThing(t.Name, param) {
			// A new thing's name is new: not the branch or repository
			// the plan already speaks of.
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

// statedValue is a value for param as the user states it: what a person
// says of a structured value, not every field it could have (spare).
func (b *builder) statedValue(t *catalog.Tool, param string, avoid any) string {
	v := b.value(t, param, avoid)
	s, ok := t.ParamSchema(param)
	if !ok {
		return v
	}
	sch, err := t.InputDoc.At("/properties/" + jsonschema.EscapePointerToken(param))
	if err != nil {
		return v
	}
	return spare(t.Input, s, v, sch)
}

// ref makes a reference to a field of call c's output; [*] in an edge's
// field reads the first element unless the call iterates.
func ref(c *blueprintv1.PlannedCall, path string) *blueprintv1.CallReference {
	return &blueprintv1.CallReference{CallId: c.GetId(), Path: path}
}

func firstElement(path string) string { return strings.ReplaceAll(path, "[*]", "[0]") }

// pickTool draws one of ts, preferring a tool the plan has not called yet:
// a person does not ask for the same thing twice in one conversation.
func (b *builder) pickTool(ts []*catalog.Tool) *catalog.Tool {
	fresh := slices.DeleteFunc(slices.Clone(ts), func(t *catalog.Tool) bool { return b.called(t.Name) })
	if len(fresh) > 0 {
		ts = fresh
	}
	return ts[b.r.IntN(len(ts))]
}

// called reports whether the plan already calls the tool named name.
func (b *builder) called(name string) bool {
	for _, in := range b.intents {
		for _, c := range in.calls {
			if c.GetToolName() == name {
				return true
			}
		}
	}
	return false
}

// unnamedDomains are a corpus's labels for tools of no one field: nobody
// introduces themself as an "uncategorized consultant".
var unnamedDomains = map[string]bool{"uncategorized": true, "other": true, "others": true, "misc": true, "miscellaneous": true, "general": true, "unknown": true, "none": true}

var (
	styles  = []string{"concise and to the point", "chatty and friendly", "formal", "impatient, wants results fast", "detail-oriented, double-checks numbers", "unsure, thinks out loud", "non-native English speaker, simple sentences"}
	locales = []string{"en-US", "en-GB", "en-IN", "en-AU", "en-CA", "en-IE"}
	roles   = []string{"analyst", "operations lead", "software engineer", "product manager", "consultant", "small-business owner", "researcher", "support agent"}
)

func (b *builder) blueprint(prims []prim, target *blueprintv1.Target, seed int64, jobID string) *blueprintv1.Blueprint {
	calls := b.renumber()
	domain := target.GetDomain()
	if domain == "" {
		domain = b.cat.Cluster.GetDomain()
	}
	name := b.vals.UserOf(literalPaths(calls)).Name()
	role := roles[b.r.IntN(len(roles))]
	if domain != "" && !unnamedDomains[strings.ToLower(domain)] {
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

// placeParam is 1 for a parameter that says where a thing is (a path, a
// file name), else 0.
func placeParam(p string) int {
	switch strings.ToLower(p) {
	case "path", "file_path", "filepath", "filename", "file_name", "file":
		return 1
	}
	return 0
}
