// Package llmplanner drafts blueprints with a model: it prompts with the
// cluster's tools, dependency edges and the target, asks for JSON, validates
// the plan and sends the validator's violations back for repair, for a
// bounded number of attempts.
package llmplanner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/planner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// DefaultAttempts bounds the draft-and-repair rounds.
const DefaultAttempts = 3

// Planner drafts with a model.
type Planner struct {
	LLM llm.Completer
	// Model names the planner in Blueprint.planner.
	Model string
	// MaxAttempts bounds the rounds (first draft included); 0 means DefaultAttempts.
	MaxAttempts int
	// Stop, once closed, ends the draft before its next round with
	// ErrStopped (the round at the model finishes, so its usage is known).
	Stop <-chan struct{}
}

// ErrStopped ends a draft whose Stop was closed.
var ErrStopped = errors.New("llmplanner: draft stopped")

// FailedError is returned when no attempt produced a valid plan.
type FailedError struct {
	Attempts   int
	Violations []validate.Violation
}

func (e *FailedError) Error() string {
	return fmt.Sprintf("the model produced no valid plan in %d attempts; last problems: %s", e.Attempts, validate.Summary(e.Violations))
}

// Result is a drafted plan and the attempts it took.
type Result struct {
	Blueprint *blueprintv1.Blueprint
	Attempts  int
}

// Draft asks the model for a plan and repairs it until it validates.
func (p *Planner) Draft(ctx context.Context, cat *catalog.Catalog, target *blueprintv1.Target, seed int64, jobID string) (Result, error) {
	attempts := p.MaxAttempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	prims := planner.Normalise(target)
	s := seed
	msgs := []llm.Message{
		{Role: "system", Content: systemPrompt + "\n\n" + planExample},
		{Role: "user", Content: userPrompt(cat, target, prims, seed)},
	}
	var last []validate.Violation
	for n := 1; n <= attempts; n++ {
		select {
		case <-p.Stop:
			return Result{Attempts: n - 1}, ErrStopped
		default:
		}
		resp, err := p.LLM.Complete(ctx, llm.ChatRequest{
			Messages:       msgs,
			ResponseFormat: llm.JSONSchemaFormat("plan", planSchema),
			Seed:           &s,
		})
		if err != nil {
			return Result{Attempts: n}, err
		}
		content := resp.Message().Content
		bp, perr := parse(content, cat)
		if perr != nil {
			last = []validate.Violation{{Field: "(response)", Reason: perr.Error()}}
		} else {
			bp.ClusterId = cat.Cluster.GetId()
			bp.JobId = jobID
			bp.Seed = seed
			bp.Primitives = prims
			if target.GetBestEffort() {
				// The blueprint lists what the plan realises; a requested
				// primitive left out is not a fault to repair.
				bp.Primitives = realisedOf(bp, prims)
			}
			bp.TargetComplexity = target.GetComplexity()
			if bp.Domain == "" {
				bp.Domain = target.GetDomain()
			}
			if bp.Domain == "" {
				bp.Domain = cat.Cluster.GetDomain()
			}
			bp.Planner = p.Model
			bp.Id = blueprintID(cat.Cluster.GetId(), content, seed, jobID)
			last = append(validate.Blueprint(bp, cat), targetViolations(bp, target)...)
			if len(last) == 0 {
				return Result{Blueprint: bp, Attempts: n}, nil
			}
		}
		msgs = append(msgs,
			llm.Message{Role: "assistant", Content: content},
			llm.Message{Role: "user", Content: repairPrompt(last, target.GetBestEffort())})
	}
	return Result{Attempts: attempts}, &FailedError{Attempts: attempts, Violations: last}
}

// realisedOf keeps the requested primitives the plan's structure realises.
func realisedOf(bp *blueprintv1.Blueprint, prims []blueprintv1.ReasoningPrimitive) []blueprintv1.ReasoningPrimitive {
	got := validate.Realised(bp)
	out := make([]blueprintv1.ReasoningPrimitive, 0, len(prims))
	for _, p := range prims {
		if got[p] {
			out = append(out, p)
		}
	}
	return out
}

// targetViolations are the target's limits the validator does not know of.
func targetViolations(bp *blueprintv1.Blueprint, target *blueprintv1.Target) []validate.Violation {
	if n := int(target.GetMaxRequests()); n > 0 && len(bp.GetIntents()) > n {
		return []validate.Violation{{Field: "intents", Reason: fmt.Sprintf("the target allows at most %d requests, the plan has %d: merge or drop intents", n, len(bp.GetIntents()))}}
	}
	return nil
}

func blueprintID(clusterID, content string, seed int64, jobID string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d\x00%s", clusterID, content, seed, jobID)))
	return "bp_" + hex.EncodeToString(h[:8])
}

const systemPrompt = `You plan multi-turn tool-use conversations for training data. Given a cluster of tools (with input and output JSON schemas and the dependency edges between them) and a target, write the plan of one conversation: what the user wants, a persona, and a DAG of tool calls with where each argument comes from.

Answer with one JSON object and nothing else:
{
  "goal": "what the user wants to achieve",
  "persona": {"name": "...", "role": "...", "style": "...", "locale": "en-US"},
  "intents": ["first user request", "optional follow-up request", ...],
  "calls": [
    {
      "id": "c1",
      "tool": "<tool name from the cluster, or python / sql for a code step>",
      "intent": 0,
      "arguments": {
        "<param>": {"literal": <JSON value the assistant chooses>},
        "<param>": {"user": <JSON value the user states>, "withhold": false, "description": "how the user refers to it", "stated": <the form the user says it in, when the call passes a conversion of it>},
        "<param>": {"ref": {"call": "c0", "path": "$.field[0].id"}}
      },
      "depends_on": ["ids of calls that must finish first"],
      "parallel_group": 0,
      "fails": false, "error_message": "", "cause": "not_found", "param": "<the parameter whose value causes the failure>", "bad_value": <that value>, "alternative": "", "corrects": "",
      "condition": {"call": "c1", "path": "$.status", "operator": "eq", "value": "active"},
      "for_each": {"call": "c1", "path": "$.items"},
      "code": "program of a python or sql call; {{c1}} stands for call c1's output JSON (in sql, inside a string literal: json_each('{{c1}}', '$.items'))"
    }
  ],
  "expected_outcome": "what the final answer must contain"
}

Rules:
- Argument values must validate against the tool's input schema; bind every required parameter.
- Values are ones a real user or system would use, in the form the parameter asks for: follow the example its description gives (an id "such as '#W0000000'" is written "#W4829105"), its format (email, date, date-time, uri, uuid), pattern and enum, and the conventions its name implies (ISO currency and country codes, IATA airport codes, E.164 phone numbers). Never placeholders such as "string", "example", "id_123", "foo" or "test@example.com".
- A ref path must exist in the source tool's output schema. Use [0] for one element; [*] only in a call with for_each over that list.
- Calls in the same non-zero parallel_group are issued together and must not depend on each other.
- The plan must be acyclic. Omit fields you do not use.
- Reasoning primitives: SEQUENTIAL_CHAIN = a call with a ref to an earlier call; PARALLEL_FAN_OUT = two or more independent calls in one parallel_group; CONDITIONAL_BRANCH = a call with a condition (operators: eq ne lt le gt ge contains empty not_empty); ITERATION = a call with for_each over a list; ERROR_RECOVERY = a call with "fails": true, an error_message and a cause that lies in the call: "not_found" (the user states a wrong value for "param", a typo or an old id, given as "bad_value"; a later call of the same tool with "corrects": its id binds param to the right value, which the user gives when told, "withhold": true), "bad_format" (the user states param in a human form the schema rejects, e.g. "March 5, 2026" for a date; the correcting call passes the converted value with "stated": the form the user said), "transient" (the backend is briefly unavailable; the correcting call repeats the identical request) or "state" (the action is not allowed in the object's state, e.g. the order has shipped; no correcting call: the assistant explains and offers the "alternative"); CLARIFICATION = a user argument with "withhold": true; AGGREGATION = two or more successful calls in one intent whose results the answer compares (also list "aggregate": true at the top level); CODE_COMPUTATION = a python (or, over lists of records, sql) call with code and depends_on earlier calls; MULTI_INTENT = two or more intents; IRRELEVANCE = an intent no tool serves, with no calls.`

// planExample is a worked example of a small plan, for a cluster foreign to
// every corpus, so that instruction-tuned models see the format filled in.
const planExample = `Example (another cluster: get_order(order_id) -> {status, tracking_no}; track_parcel(tracking_no, carrier) -> {eta}; target: SEQUENTIAL_CHAIN, CLARIFICATION):
{"goal": "find out when order A-1001 arrives",
 "persona": {"name": "Noor Haddad", "role": "small-business owner", "style": "brief", "locale": "en-GB"},
 "intents": ["When will my order A-1001 arrive?"],
 "calls": [
  {"id": "c1", "tool": "get_order", "intent": 0, "arguments": {"order_id": {"user": "A-1001", "description": "the order number"}}},
  {"id": "c2", "tool": "track_parcel", "intent": 0, "depends_on": ["c1"],
   "arguments": {"tracking_no": {"ref": {"call": "c1", "path": "$.tracking_no"}}, "carrier": {"user": "dhl", "withhold": true, "description": "the carrier that ships the parcel"}}}],
 "expected_outcome": "the parcel's estimated arrival date"}`

// planSchema is the plan's JSON shape, for servers with structured output;
// the validator checks everything it cannot say.
var planSchema = []byte(`{"type":"object","required":["goal","intents","calls"],"properties":{` +
	`"goal":{"type":"string"},"domain":{"type":"string"},"aggregate":{"type":"boolean"},"expected_outcome":{"type":"string"},` +
	`"persona":{"type":"object","properties":{"name":{"type":"string"},"role":{"type":"string"},"style":{"type":"string"},"locale":{"type":"string"}}},` +
	`"intents":{"type":"array","items":{"type":"string"}},` +
	`"calls":{"type":"array","items":{"type":"object","required":["id","tool"],"properties":{` +
	`"id":{"type":"string"},"tool":{"type":"string"},"intent":{"type":"integer"},"depends_on":{"type":"array","items":{"type":"string"}},` +
	`"parallel_group":{"type":"integer"},"fails":{"type":"boolean"},"error_message":{"type":"string"},"corrects":{"type":"string"},` +
	`"cause":{"type":"string","enum":["not_found","bad_format","transient","state"]},"param":{"type":"string"},"bad_value":{},"alternative":{"type":"string"},` +
	`"code":{"type":"string"},"code_language":{"type":"string"},` +
	`"for_each":{"type":"object","properties":{"call":{"type":"string"},"path":{"type":"string"}}},` +
	`"condition":{"type":"object","properties":{"call":{"type":"string"},"path":{"type":"string"},"operator":{"type":"string"},"value":{}}},` +
	`"arguments":{"type":"object","additionalProperties":{"type":"object","properties":{"literal":{},"user":{},"withhold":{"type":"boolean"},"description":{"type":"string"},"stated":{},` +
	`"ref":{"type":"object","properties":{"call":{"type":"string"},"path":{"type":"string"}}}}}}}}}}}`)

func userPrompt(cat *catalog.Catalog, target *blueprintv1.Target, prims []blueprintv1.ReasoningPrimitive, seed int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Cluster %q (domain %q).\n\nTools:\n", cat.Cluster.GetId(), cat.Cluster.GetDomain())
	for _, t := range cat.Tools {
		fmt.Fprintf(&b, "- %s: %s\n  input: %s\n", t.Name, oneLine(t.Proto.GetDescription()), compact(t.Proto.GetInputSchemaJson()))
		if t.Output != nil {
			fmt.Fprintf(&b, "  output: %s\n", compact(t.Proto.GetOutputSchemaJson()))
		} else {
			b.WriteString("  output: (no schema; do not reference its fields)\n")
		}
	}
	if len(cat.Edges) > 0 {
		b.WriteString("\nDependency edges (output field -> input parameter):\n")
		for _, e := range cat.Edges {
			fmt.Fprintf(&b, "- %s %s -> %s.%s\n", e.From.Name, e.FromField, e.To.Name, e.ToParam)
		}
	}
	if target.GetBestEffort() && len(prims) > 0 {
		// Forcing a primitive the tools cannot carry yields invented
		// references and bent schemas; leaving it out yields a true plan.
		b.WriteString("\nTarget (best effort: every primitive below is optional; realise each one these tools can carry faithfully and leave out any they cannot, rather than inventing a reference, a list or a failure the schemas do not support):\n")
	} else {
		b.WriteString("\nTarget:\n")
	}
	if len(prims) == 0 {
		b.WriteString("- primitives: any\n")
	}
	for _, p := range prims {
		fmt.Fprintf(&b, "- realise %s\n", strings.TrimPrefix(p.String(), "REASONING_PRIMITIVE_"))
	}
	if c := target.GetComplexity(); c > 0 {
		fmt.Fprintf(&b, "- complexity %d of 10 (about %d calls)\n", c, c)
	}
	if d := target.GetDomain(); d != "" {
		fmt.Fprintf(&b, "- domain: %s\n", d)
	}
	if n := target.GetMaxRequests(); n > 0 {
		fmt.Fprintf(&b, "- at most %d requests (intents)\n", n)
	}
	fmt.Fprintf(&b, "- variation seed: %d\n", seed)
	return b.String()
}

func repairPrompt(v []validate.Violation, bestEffort bool) string {
	var b strings.Builder
	b.WriteString("The plan is invalid. Fix every problem below and answer with the complete corrected plan as one JSON object:\n")
	if bestEffort {
		b.WriteString("(The target's primitives are optional: where a problem comes from forcing one, leave that step out instead.)\n")
	}
	for i, x := range v {
		if i == 20 {
			fmt.Fprintf(&b, "- and %d more\n", len(v)-20)
			break
		}
		fmt.Fprintf(&b, "- %s\n", x.String())
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// compacted holds compact's answers: a cluster's tools are drafted for
// again and again, and decoding and encoding each schema anew was a third
// of the prompt's cost. Past compactedMax entries it starts again.
var compacted struct {
	sync.Mutex
	m map[string]string
}

const compactedMax = 4096

// compact is a JSON text on one line with its keys in order (s on one line
// when it is not JSON).
func compact(s string) string {
	compacted.Lock()
	out, ok := compacted.m[s]
	compacted.Unlock()
	if ok {
		return out
	}
	out = compactJSON(s)
	compacted.Lock()
	if compacted.m == nil || len(compacted.m) >= compactedMax {
		compacted.m = make(map[string]string)
	}
	compacted.m[s] = out
	compacted.Unlock()
	return out
}

func compactJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return oneLine(s)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// The model's JSON, friendlier than protojson (values are JSON, not JSON in strings).
type draft struct {
	Goal    string `json:"goal"`
	Persona *struct {
		Name   string `json:"name"`
		Role   string `json:"role"`
		Style  string `json:"style"`
		Locale string `json:"locale"`
	} `json:"persona"`
	Intents         []string    `json:"intents"`
	Calls           []draftCall `json:"calls"`
	ExpectedOutcome string      `json:"expected_outcome"`
	Aggregate       bool        `json:"aggregate"`
	Domain          string      `json:"domain"`
}

type draftRef struct {
	Call string `json:"call"`
	Path string `json:"path"`
}

type draftArg struct {
	Literal     json.RawMessage `json:"literal"`
	User        json.RawMessage `json:"user"`
	Withhold    bool            `json:"withhold"`
	Description string          `json:"description"`
	Stated      json.RawMessage `json:"stated"`
	Ref         *draftRef       `json:"ref"`
}

type draftCall struct {
	ID            string              `json:"id"`
	Tool          string              `json:"tool"`
	Intent        int32               `json:"intent"`
	Arguments     map[string]draftArg `json:"arguments"`
	DependsOn     []string            `json:"depends_on"`
	ParallelGroup int32               `json:"parallel_group"`
	Fails         bool                `json:"fails"`
	ErrorMessage  string              `json:"error_message"`
	Cause         string              `json:"cause"`
	Param         string              `json:"param"`
	BadValue      json.RawMessage     `json:"bad_value"`
	Alternative   string              `json:"alternative"`
	Corrects      string              `json:"corrects"`
	Condition     *struct {
		Call     string          `json:"call"`
		Path     string          `json:"path"`
		Operator string          `json:"operator"`
		Value    json.RawMessage `json:"value"`
	} `json:"condition"`
	ForEach      *draftRef `json:"for_each"`
	Code         string    `json:"code"`
	CodeLanguage string    `json:"code_language"`
}

var errNotJSON = errors.New("the answer is not the JSON plan object")

var causes = map[string]blueprintv1.FailureCause{
	"not_found":  blueprintv1.FailureCause_FAILURE_CAUSE_NOT_FOUND,
	"bad_format": blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT,
	"transient":  blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT,
	"state":      blueprintv1.FailureCause_FAILURE_CAUSE_STATE,
}

// parse converts the model's JSON into a blueprint; it only fails when the
// text is not the expected JSON shape or names an unknown failure cause —
// everything else is the validator's job.
func parse(content string, cat *catalog.Catalog) (*blueprintv1.Blueprint, error) {
	var d draft
	dec := json.NewDecoder(strings.NewReader(unfence(content)))
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %v", errNotJSON, err)
	}
	bp := &blueprintv1.Blueprint{Goal: d.Goal, Intents: d.Intents, ExpectedOutcome: d.ExpectedOutcome, Domain: d.Domain}
	if d.Persona != nil {
		bp.Persona = &blueprintv1.Persona{Name: d.Persona.Name, Role: d.Persona.Role, Style: d.Persona.Style, Locale: d.Persona.Locale}
	}
	for _, dc := range d.Calls {
		c, err := plannedCall(dc, cat)
		if err != nil {
			return nil, err
		}
		bp.Calls = append(bp.Calls, c)
	}
	bp.Checks = planChecks(d)
	return bp, nil
}

// unfence trims the answer and tolerates a fenced block, as many models
// write one anyway.
func unfence(content string) string {
	content = strings.TrimSpace(content)
	if strings.HasPrefix(content, "```") {
		content = strings.TrimPrefix(content, "```json")
		content = strings.TrimPrefix(content, "```")
		content = strings.TrimSuffix(strings.TrimSpace(content), "```")
	}
	return content
}

// plannedCall converts one of the model's calls.
func plannedCall(dc draftCall, cat *catalog.Catalog) (*blueprintv1.PlannedCall, error) {
	c := &blueprintv1.PlannedCall{Id: dc.ID, ToolName: dc.Tool, Intent: dc.Intent, DependsOn: dc.DependsOn, ParallelGroup: dc.ParallelGroup, Code: dc.Code, CodeLanguage: dc.CodeLanguage}
	if t := cat.Lookup(dc.Tool); t != nil {
		c.ToolId = t.ID
		if t.Builtin && c.CodeLanguage == "" {
			c.CodeLanguage = catalog.Language(t.Name)
		}
	}
	expect, err := expectation(dc)
	if err != nil {
		return nil, err
	}
	c.Expect = expect
	if dc.Condition != nil {
		c.Condition = &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: dc.Condition.Call, Path: dc.Condition.Path}, Operator: dc.Condition.Operator, ValueJson: string(dc.Condition.Value)}
	}
	if dc.ForEach != nil {
		c.ForEach = &blueprintv1.CallReference{CallId: dc.ForEach.Call, Path: dc.ForEach.Path}
	}
	c.Arguments = bindings(dc.Arguments)
	if c.Code != "" && len(dc.Arguments) == 0 {
		raw, _ := json.Marshal(c.Code)
		c.Arguments = append(c.Arguments, &blueprintv1.ArgumentBinding{Param: "code", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: string(raw)}})
	}
	addImpliedDeps(c)
	return c, nil
}

// expectation is what a call is planned to return, nil when the model
// planned nothing special.
func expectation(dc draftCall) (*blueprintv1.ExpectedResult, error) {
	if !dc.Fails && dc.ErrorMessage == "" && dc.Corrects == "" {
		return nil, nil
	}
	e := &blueprintv1.ExpectedResult{Fails: dc.Fails, ErrorMessage: dc.ErrorMessage, CorrectsCallId: dc.Corrects,
		Param: dc.Param, BadValueJson: string(dc.BadValue), Alternative: dc.Alternative}
	if dc.Fails && dc.Cause != "" {
		cause, ok := causes[strings.ToLower(strings.TrimPrefix(strings.ToUpper(dc.Cause), "FAILURE_CAUSE_"))]
		if !ok {
			return nil, fmt.Errorf("call %q: unknown cause %q (want not_found, bad_format, transient or state)", dc.ID, dc.Cause)
		}
		e.Cause = cause
	}
	if a, ok := dc.Arguments[dc.Param]; ok && dc.Fails && len(dc.BadValue) == 0 && len(a.User) > 0 {
		// The failing value is the one the user states, as planned.
		e.BadValueJson = string(a.User)
	}
	return e, nil
}

// bindings converts a call's arguments, sorted by parameter.
func bindings(args map[string]draftArg) []*blueprintv1.ArgumentBinding {
	names := make([]string, 0, len(args))
	for k := range args {
		names = append(names, k)
	}
	sortStrings(names)
	var out []*blueprintv1.ArgumentBinding
	for _, name := range names {
		a := args[name]
		ab := &blueprintv1.ArgumentBinding{Param: name}
		switch {
		case a.Ref != nil:
			ab.Source = &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: a.Ref.Call, Path: a.Ref.Path}}
		case len(a.User) > 0:
			ab.Source = &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: string(a.User), WithholdUntilAsked: a.Withhold, Description: a.Description, StatedJson: string(a.Stated)}}
		case len(a.Literal) > 0:
			ab.Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: string(a.Literal)}
		}
		out = append(out, ab)
	}
	return out
}

// addImpliedDeps adds the order refs, conditions and loops imply even when
// depends_on forgets them.
func addImpliedDeps(c *blueprintv1.PlannedCall) {
	for _, a := range c.Arguments {
		if r := a.GetRef(); r != nil {
			addDep(c, r.GetCallId())
		}
	}
	if c.GetCondition().GetSubject().GetCallId() != "" {
		addDep(c, c.Condition.Subject.CallId)
	}
	if c.GetForEach().GetCallId() != "" {
		addDep(c, c.ForEach.CallId)
	}
}

// planChecks are the checks every plan carries, and the aggregation check when
// the model asked for one.
func planChecks(d draft) []*blueprintv1.Check {
	checks := []*blueprintv1.Check{
		{Name: "arguments_match_schemas", Kind: blueprintv1.CheckKind_CHECK_KIND_SCHEMA},
		{Name: "follows_plan", Kind: blueprintv1.CheckKind_CHECK_KIND_BLUEPRINT},
		{Name: "answers_goal", Kind: blueprintv1.CheckKind_CHECK_KIND_OUTCOME, Description: d.ExpectedOutcome},
	}
	if d.Aggregate {
		checks = append(checks, &blueprintv1.Check{Name: validate.AggregationCheck, Kind: blueprintv1.CheckKind_CHECK_KIND_OUTCOME, Description: "the final answer combines or compares several results"})
	}
	return checks
}

func addDep(c *blueprintv1.PlannedCall, id string) {
	if id == "" || id == c.Id {
		return
	}
	for _, d := range c.DependsOn {
		if d == id {
			return
		}
	}
	c.DependsOn = append(c.DependsOn, id)
}
