// Command playalong is a fake OpenAI-compatible model server (llmtest) that
// plays every LLM role of a job — planner, user simulator, assistant, tool
// simulator, judge — along with the plan, so `tds synth` can run end to end
// with every role in model mode and no model:
//
//   - planner: it reads the cluster and the target from the LLM planner's
//     prompt, drafts the plan with the sim planner (blueprint.NewLocal) and
//     answers it in the LLM planner's JSON format;
//   - the other roles: it rolls that plan out once with the sim roles
//     (agent.NewLocal) and replays that reference rollout — the user's
//     messages, the assistant's turns (tool calls, questions, answers,
//     reasoning), the tool results — keyed by the seed every role sends.
//
// --quirks makes it answer as a model behind a server without parsers does
// (tool calls as Hermes text, reasoning as <think> blocks, 400 for a late
// system message or for json_schema). Token usage is estimated at four
// characters a token, prompt and reply.
//
//	go run ./bench/playalong --listen 127.0.0.1:18080 [--quirks hermes,think,late-system] [--serial]
//	tds synth --config playalong.yaml --code-share 0 ...   (every role's base_url http://127.0.0.1:18080/v1)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/services/agent"
	"github.com/tdscaling/tdscaling/services/blueprint"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18080", "address to serve the OpenAI-compatible API on")
	serial := flag.Bool("serial", false, "play a model without parallel calls: one tool call per turn (configure the assistant with parallel_tool_calls: false)")
	quirks := flag.String("quirks", "", "comma-separated: hermes|llama|json|mistral (tool calls as text), think (reasoning as <think> blocks), late-system (400 for a system message after the first), no-schema (400 for json_schema)")
	var f faults
	flag.DurationVar(&f.latency, "latency", 0, "time each answer takes (the model's generation)")
	flag.IntVar(&f.slots, "slots", 0, "requests served at once; more wait in a queue, as an inference server's batch (0: no limit)")
	flag.Float64Var(&f.rate429, "rate-429", 0, "share of requests refused at once with 429, whatever the load (a provider's rate limiting)")
	flag.StringVar(&f.retryAfter, "retry-after", "1", "Retry-After header of those 429s (seconds; empty sends none)")
	flag.Float64Var(&f.rate500, "rate-500", 0, "share of requests answered at once with 500")
	flag.Uint64Var(&f.seed, "seed", 1, "seed of the choice of refused requests")
	flag.Parse()
	if err := run(*listen, *quirks, *serial, &f); err != nil {
		fmt.Fprintln(os.Stderr, "playalong:", err)
		os.Exit(1)
	}
}

// faults makes the server misbehave as loaded providers do, independently
// of the load: a request's fate is a function of its number and the seed.
type faults struct {
	latency          time.Duration
	slots            int
	rate429, rate500 float64
	retryAfter       string
	seed             uint64
	n429, n500       atomic.Int64
}

// at returns the refusal for request n, if it is refused.
func (f *faults) at(n int) (llmtest.Reply, bool) {
	x := splitmix(f.seed ^ uint64(n)*0x9e3779b97f4a7c15)
	u := float64(x>>11) / (1 << 53)
	switch {
	case u < f.rate429:
		f.n429.Add(1)
		r := llmtest.TooMany(f.retryAfter)
		r.Immediate = true
		return r, true
	case u < f.rate429+f.rate500:
		f.n500.Add(1)
		r := llmtest.Status(500)
		r.Immediate = true
		return r, true
	}
	return llmtest.Reply{}, false
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func run(listen, quirks string, serial bool, f *faults) error {
	var q llmtest.Quirks
	for _, k := range strings.Split(quirks, ",") {
		switch k = strings.TrimSpace(k); k {
		case "":
		case "hermes", "llama", "json", "mistral":
			q.ToolCallsAsText = k
		case "think":
			q.ThinkInContent = true
		case "late-system":
			q.RejectLateSystem = true
		case "no-schema":
			q.RejectJSONSchema = true
		default:
			return fmt.Errorf("unknown quirk %q", k)
		}
	}
	planner, closePlanner, err := blueprint.NewLocal(blueprint.LocalOptions{})
	if err != nil {
		return err
	}
	defer closePlanner()
	roller, closeRoller, err := agent.NewLocal(agent.LocalOptions{})
	if err != nil {
		return err
	}
	defer closeRoller()
	p := &player{planner: planner, roller: roller, refs: map[int64]*reference{}, serial: serial}
	srv, err := llmtest.StartAt(listen)
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.SetQuirks(q)
	srv.SetLatency(f.latency)
	srv.SetSlots(f.slots)
	srv.Handle(func(req llm.ChatRequest, n int) llmtest.Reply {
		if r, ok := f.at(n); ok {
			return r
		}
		return p.handle(req, n)
	})
	fmt.Printf("playalong: serving %s (quirks %q, latency %s, slots %d, 429 %.0f%%, 500 %.0f%%)\n", srv.URL, quirks, f.latency, f.slots, 100*f.rate429, 100*f.rate500)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Printf("playalong: %d requests, %d unknown seeds\n", srv.Calls(), p.unknown.Load())
	// One line for programs that read the totals (bench/modelpath).
	fmt.Printf("playalong-totals requests=%d refused429=%d failed500=%d busy=%.3f\n", srv.Calls(), f.n429.Load(), f.n500.Load(), srv.Busy())
	for i, name := range roleNames {
		fmt.Printf("  %-9s %6d calls %10d tokens (estimated)\n", name, p.count[i].Load(), p.tokens[i].Load())
	}
	return nil
}

// reference is the sim rollout of one drafted plan, replayed turn by turn.
type reference struct {
	mu        sync.Mutex
	assistant []llm.Message
	user      []string
	userNext  int
	tools     map[string]string // tool + "\x00" + canonical arguments -> result
}

type player struct {
	planner interface {
		DraftBlueprint(context.Context, *blueprintv1.DraftBlueprintRequest) (*blueprintv1.DraftBlueprintResponse, error)
	}
	roller interface {
		Rollout(context.Context, *agentv1.RolloutRequest) (*agentv1.RolloutResponse, error)
	}
	serial  bool
	mu      sync.Mutex
	refs    map[int64]*reference
	count   [5]atomic.Int64
	tokens  [5]atomic.Int64
	unknown atomic.Int64
}

func (p *player) handle(req llm.ChatRequest, _ int) llmtest.Reply {
	r, role := p.reply(req)
	if r.Status == 0 {
		r.Usage = estimate(req, r)
		p.tokens[role].Add(r.Usage.PromptTokens + r.Usage.CompletionTokens)
	}
	return r
}

// The roles, as counted.
const (
	rolePlanner = iota
	roleUser
	roleAssistant
	roleTool
	roleJudge
)

var roleNames = [5]string{"planner", "user", "assistant", "tool", "judge"}

func (p *player) reply(req llm.ChatRequest) (llmtest.Reply, int) {
	if len(req.Messages) == 0 {
		return llmtest.Status(400), roleUser
	}
	role := roleUser
	r := p.answer(req, &role)
	p.count[role].Add(1)
	return r, role
}

func (p *player) answer(req llm.ChatRequest, role *int) llmtest.Reply {
	switch {
	case strings.HasPrefix(req.Messages[0].Content, "You plan multi-turn tool-use conversations"):
		*role = rolePlanner
		return p.plan(req)
	case len(req.Tools) > 0:
		*role = roleAssistant
		ref := p.ref(req.Seed)
		if ref == nil {
			return llmtest.Text("I can't help with that.")
		}
		k := 0
		for _, m := range req.Messages {
			if m.Role == "assistant" {
				k++
			}
		}
		if k >= len(ref.assistant) {
			return llmtest.Text("Is there anything else?")
		}
		m := ref.assistant[k]
		return llmtest.Reply{Content: m.Content, ToolCalls: m.ToolCalls, Reasoning: m.ReasoningContent}
	case req.ResponseFormat != nil && len(req.Messages) > 1 && strings.HasPrefix(req.Messages[1].Content, "Tool: "):
		// The call is in the first request message; a repair round asks
		// again after it.
		*role = roleTool
		ref := p.ref(req.Seed)
		call := req.Messages[1].Content
		tool, args := field(call, "Tool"), field(call, "Arguments")
		if ref != nil {
			if out, ok := ref.tools[tool+"\x00"+canonical(args)]; ok {
				return llmtest.Text(out)
			}
		}
		return llmtest.Text(`{}`)
	case req.ResponseFormat != nil:
		*role = roleJudge
		return llmtest.Text(`{"score": 1, "reason": "the assistant made the calls the request needed and reported their results"}`)
	default:
		ref := p.ref(req.Seed)
		if ref == nil {
			return llmtest.Text("Thanks.")
		}
		ref.mu.Lock()
		defer ref.mu.Unlock()
		k := ref.userNext
		retry := false
		for _, m := range req.Messages {
			retry = retry || strings.Contains(m.Content, "Your previous message missed something")
		}
		if retry && k > 0 {
			k-- // a retry of the same turn
		} else {
			ref.userNext++
		}
		if k < len(ref.user) {
			return llmtest.Text(ref.user[k])
		}
		return llmtest.Text("Thanks, that's all.")
	}
}

// ref finds the reference of a seed; retries that vary the seed (see
// llm.VarySeed) map back to it.
func (p *player) ref(seed *int64) *reference {
	if seed == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for n := int64(0); n < 4; n++ {
		if r, ok := p.refs[*seed-n*1_000_003]; ok {
			return r
		}
	}
	p.unknown.Add(1)
	return nil
}

// plan drafts with the sim planner for the cluster and target in the prompt
// and rolls the plan out once for the other roles to replay.
func (p *player) plan(req llm.ChatRequest) llmtest.Reply {
	prompt := req.Messages[1].Content
	cluster, target, seed, err := parsePlannerPrompt(prompt)
	if err != nil {
		return llmtest.Text(`{"error": "` + err.Error() + `"}`)
	}
	resp, err := p.planner.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cluster}, Target: target, Seed: seed,
	})
	if err != nil {
		target.BestEffort = true
		if resp, err = p.planner.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
			ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cluster}, Target: target, Seed: seed,
		}); err != nil {
			return llmtest.Text(`{"goal": "", "intents": [], "calls": []}`)
		}
	}
	bp := resp.GetBlueprint()
	out, err := rollout(p.roller, bp, cluster.GetTools(), seed, p.serial)
	if err == nil {
		p.mu.Lock()
		p.refs[seed] = out
		p.mu.Unlock()
	}
	raw, _ := json.Marshal(draftOf(bp))
	return llmtest.Text(string(raw))
}

func rollout(roller interface {
	Rollout(context.Context, *agentv1.RolloutRequest) (*agentv1.RolloutResponse, error)
}, bp *blueprintv1.Blueprint, tools []*toolv1.Tool, seed int64, serial bool) (*reference, error) {
	resp, err := roller.Rollout(context.Background(), &agentv1.RolloutRequest{Blueprint: bp, Tools: tools, Seed: seed})
	if err != nil {
		return nil, err
	}
	ref := &reference{tools: map[string]string{}}
	args := map[string]string{}
	for _, m := range resp.GetResult().GetRecord().GetMessages() {
		switch m.GetRole() {
		case "user":
			ref.user = append(ref.user, m.GetContent())
		case "assistant":
			msg := llm.Message{Role: "assistant", Content: m.GetContent(), ReasoningContent: m.GetReasoningContent()}
			for _, c := range m.GetToolCalls() {
				msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: c.GetId(), Type: "function", Function: llm.FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
				args[c.GetId()] = c.GetFunction().GetName() + "\x00" + canonical(c.GetFunction().GetArguments())
			}
			if serial && len(msg.ToolCalls) > 1 {
				// One call per turn; the reasoning stays with the first.
				for i, c := range msg.ToolCalls {
					one := llm.Message{Role: "assistant", ToolCalls: []llm.ToolCall{c}}
					if i == 0 {
						one.Content, one.ReasoningContent = msg.Content, msg.ReasoningContent
					}
					ref.assistant = append(ref.assistant, one)
				}
				break
			}
			ref.assistant = append(ref.assistant, msg)
		case "tool":
			// The backend is asked once per request and never for a planned
			// failure: keep each request's first successful result.
			key := args[m.GetToolCallId()]
			if _, ok := ref.tools[key]; !ok && !strings.HasPrefix(m.GetContent(), `{"error":`) {
				ref.tools[key] = m.GetContent()
			}
		}
	}
	return ref, nil
}

func canonical(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	raw, _ := json.Marshal(v) // map keys sorted
	return string(raw)
}

func field(prompt, name string) string {
	m := regexp.MustCompile(`(?m)^` + name + `: (.*)$`).FindStringSubmatch(prompt)
	if m == nil {
		return ""
	}
	return m[1]
}

// estimate counts tokens at four characters a token.
func estimate(req llm.ChatRequest, r llmtest.Reply) llm.Usage {
	in := 0
	for _, m := range req.Messages {
		in += len(m.Content) + len(m.ReasoningContent) + 8
		for _, c := range m.ToolCalls {
			in += len(c.Function.Name) + len(c.Function.Arguments)
		}
	}
	for _, t := range req.Tools {
		in += len(t.Function.Name) + len(t.Function.Description) + len(t.Function.Parameters)
	}
	out := len(r.Content) + len(r.Reasoning)
	for _, c := range r.ToolCalls {
		out += len(c.Function.Name) + len(c.Function.Arguments) + 8
	}
	return llm.Usage{PromptTokens: int64(in/4 + 1), CompletionTokens: int64(out/4 + 1)}
}

var (
	clusterLine = regexp.MustCompile(`^Cluster "(.*)" \(domain "(.*)"\)\.$`)
	toolLine    = regexp.MustCompile(`^- ([^ :]+): (.*)$`)
	edgeLine    = regexp.MustCompile(`^- (\S+) (\S+) -> (\S+)$`)
)

// parsePlannerPrompt reads back the cluster and target the LLM planner's
// prompt shows (services/blueprint/internal/llmplanner.userPrompt).
func parsePlannerPrompt(prompt string) (*clusterv1.Cluster, *blueprintv1.Target, int64, error) {
	r := promptReader{c: &clusterv1.Cluster{}, t: &blueprintv1.Target{}, byName: map[string]*toolv1.Tool{}}
	for _, line := range strings.Split(prompt, "\n") {
		if err := r.line(line); err != nil {
			return nil, nil, 0, err
		}
	}
	if len(r.c.Tools) == 0 {
		return nil, nil, 0, fmt.Errorf("no tools in the prompt")
	}
	return r.c, r.t, r.seed, nil
}

// promptReader holds what the planner's prompt has shown so far: the
// headings switch sections, and each section's lines have a reader.
type promptReader struct {
	c       *clusterv1.Cluster
	t       *blueprintv1.Target
	seed    int64
	section string
	cur     *toolv1.Tool // the tool whose schemas follow
	byName  map[string]*toolv1.Tool
}

func (r *promptReader) line(line string) error {
	switch {
	case clusterLine.MatchString(line):
		m := clusterLine.FindStringSubmatch(line)
		r.c.Id, r.c.Domain = m[1], m[2]
	case line == "Tools:":
		r.section = "tools"
	case strings.HasPrefix(line, "Dependency edges"):
		r.section = "edges"
	case strings.HasPrefix(line, "Target"):
		r.section = "target"
		r.t.BestEffort = strings.HasPrefix(line, "Target (best effort")
	case r.section == "tools":
		r.toolLine(line)
	case r.section == "edges":
		r.edgeLine(line)
	case r.section == "target":
		return r.targetLine(line)
	}
	return nil
}

// toolLine reads a tool ("- name: description") or its schemas.
func (r *promptReader) toolLine(line string) {
	switch {
	case toolLine.MatchString(line):
		m := toolLine.FindStringSubmatch(line)
		r.cur = &toolv1.Tool{Id: m[1], Name: m[1], Description: m[2], Domain: r.c.Domain}
		r.byName[m[1]] = r.cur
		r.c.Tools = append(r.c.Tools, r.cur)
	case r.cur != nil && strings.HasPrefix(line, "  input: "):
		r.cur.InputSchemaJson = strings.TrimPrefix(line, "  input: ")
	case r.cur != nil && strings.HasPrefix(line, "  output: {"):
		r.cur.OutputSchemaJson = strings.TrimPrefix(line, "  output: ")
	}
}

// edgeLine reads a dependency edge ("- from field -> tool.param"); one into
// a tool the prompt did not show is left out.
func (r *promptReader) edgeLine(line string) {
	if !edgeLine.MatchString(line) {
		return
	}
	m := edgeLine.FindStringSubmatch(line)
	if to, param := splitToolParam(m[3], r.byName); to != "" {
		r.c.Edges = append(r.c.Edges, &clusterv1.DependencyEdge{FromToolId: m[1], FromField: m[2], ToToolId: to, ToParam: param, Score: 1})
	}
}

// targetLine reads one line of the target: a primitive, the complexity, the
// request bound, the domain or the variation seed.
func (r *promptReader) targetLine(line string) error {
	switch {
	case strings.HasPrefix(line, "- realise "):
		name := "REASONING_PRIMITIVE_" + strings.TrimPrefix(line, "- realise ")
		v, ok := blueprintv1.ReasoningPrimitive_value[name]
		if !ok {
			return fmt.Errorf("unknown primitive %q", name)
		}
		r.t.Primitives = append(r.t.Primitives, blueprintv1.ReasoningPrimitive(v))
	case strings.HasPrefix(line, "- complexity "):
		n, _ := strconv.Atoi(strings.Fields(line)[2])
		r.t.Complexity = int32(n)
	case strings.HasPrefix(line, "- at most "):
		n, _ := strconv.Atoi(strings.Fields(line)[3])
		r.t.MaxRequests = int32(n)
	case strings.HasPrefix(line, "- domain: "):
		r.t.Domain = strings.TrimPrefix(line, "- domain: ")
	case strings.HasPrefix(line, "- variation seed: "):
		r.seed, _ = strconv.ParseInt(strings.TrimPrefix(line, "- variation seed: "), 10, 64)
	}
	return nil
}

// splitToolParam splits "tool.param" at the longest tool name the cluster has.
func splitToolParam(s string, tools map[string]*toolv1.Tool) (string, string) {
	best := ""
	for name := range tools {
		if strings.HasPrefix(s, name+".") && len(name) > len(best) {
			best = name
		}
	}
	if best == "" {
		return "", ""
	}
	return best, s[len(best)+1:]
}

// The LLM planner's JSON format (services/blueprint/internal/llmplanner).
type draft struct {
	Goal            string      `json:"goal"`
	Persona         *persona    `json:"persona,omitempty"`
	Intents         []string    `json:"intents"`
	Calls           []draftCall `json:"calls"`
	ExpectedOutcome string      `json:"expected_outcome,omitempty"`
	Aggregate       bool        `json:"aggregate,omitempty"`
	Domain          string      `json:"domain,omitempty"`
}

type persona struct {
	Name   string `json:"name,omitempty"`
	Role   string `json:"role,omitempty"`
	Style  string `json:"style,omitempty"`
	Locale string `json:"locale,omitempty"`
}

type ref struct {
	Call string `json:"call"`
	Path string `json:"path"`
}

type draftArg struct {
	Literal     json.RawMessage `json:"literal,omitempty"`
	User        json.RawMessage `json:"user,omitempty"`
	Withhold    bool            `json:"withhold,omitempty"`
	Description string          `json:"description,omitempty"`
	Stated      json.RawMessage `json:"stated,omitempty"`
	Ref         *ref            `json:"ref,omitempty"`
}

type condition struct {
	Call     string          `json:"call"`
	Path     string          `json:"path"`
	Operator string          `json:"operator"`
	Value    json.RawMessage `json:"value,omitempty"`
}

type draftCall struct {
	ID            string              `json:"id"`
	Tool          string              `json:"tool"`
	Intent        int32               `json:"intent"`
	Arguments     map[string]draftArg `json:"arguments,omitempty"`
	DependsOn     []string            `json:"depends_on,omitempty"`
	ParallelGroup int32               `json:"parallel_group,omitempty"`
	Fails         bool                `json:"fails,omitempty"`
	ErrorMessage  string              `json:"error_message,omitempty"`
	Cause         string              `json:"cause,omitempty"`
	Param         string              `json:"param,omitempty"`
	BadValue      json.RawMessage     `json:"bad_value,omitempty"`
	Alternative   string              `json:"alternative,omitempty"`
	Corrects      string              `json:"corrects,omitempty"`
	Condition     *condition          `json:"condition,omitempty"`
	ForEach       *ref                `json:"for_each,omitempty"`
	Code          string              `json:"code,omitempty"`
	CodeLanguage  string              `json:"code_language,omitempty"`
}

// draftOf writes a blueprint in the LLM planner's format.
func draftOf(bp *blueprintv1.Blueprint) draft {
	d := draft{Goal: bp.GetGoal(), Intents: bp.GetIntents(), ExpectedOutcome: bp.GetExpectedOutcome(), Domain: bp.GetDomain()}
	if p := bp.GetPersona(); p != nil {
		d.Persona = &persona{Name: p.GetName(), Role: p.GetRole(), Style: p.GetStyle(), Locale: p.GetLocale()}
	}
	for _, ch := range bp.GetChecks() {
		if ch.GetName() == "aggregates_results" {
			d.Aggregate = true
		}
	}
	for _, c := range bp.GetCalls() {
		dc := draftCall{ID: c.GetId(), Tool: c.GetToolName(), Intent: c.GetIntent(), DependsOn: c.GetDependsOn(), ParallelGroup: c.GetParallelGroup(),
			Code: c.GetCode(), CodeLanguage: c.GetCodeLanguage(), Arguments: map[string]draftArg{}}
		if e := c.GetExpect(); e != nil {
			dc.Fails, dc.ErrorMessage, dc.Corrects = e.GetFails(), e.GetErrorMessage(), e.GetCorrectsCallId()
			dc.Param, dc.BadValue, dc.Alternative = e.GetParam(), raw(e.GetBadValueJson()), e.GetAlternative()
			if e.GetCause() != blueprintv1.FailureCause_FAILURE_CAUSE_UNSPECIFIED {
				dc.Cause = strings.ToLower(strings.TrimPrefix(e.GetCause().String(), "FAILURE_CAUSE_"))
			}
		}
		if cond := c.GetCondition(); cond != nil && cond.GetOperator() != "" {
			dc.Condition = &condition{Call: cond.GetSubject().GetCallId(), Path: cond.GetSubject().GetPath(), Operator: cond.GetOperator(), Value: raw(cond.GetValueJson())}
		}
		if fe := c.GetForEach(); fe != nil && fe.GetCallId() != "" {
			dc.ForEach = &ref{Call: fe.GetCallId(), Path: fe.GetPath()}
		}
		for _, a := range c.GetArguments() {
			switch src := a.GetSource().(type) {
			case *blueprintv1.ArgumentBinding_LiteralJson:
				dc.Arguments[a.GetParam()] = draftArg{Literal: raw(src.LiteralJson)}
			case *blueprintv1.ArgumentBinding_User:
				dc.Arguments[a.GetParam()] = draftArg{User: raw(src.User.GetValueJson()), Withhold: src.User.GetWithholdUntilAsked(), Description: src.User.GetDescription(), Stated: raw(src.User.GetStatedJson())}
			case *blueprintv1.ArgumentBinding_Ref:
				dc.Arguments[a.GetParam()] = draftArg{Ref: &ref{Call: src.Ref.GetCallId(), Path: src.Ref.GetPath()}}
			}
		}
		d.Calls = append(d.Calls, dc)
	}
	return d
}

func raw(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}
