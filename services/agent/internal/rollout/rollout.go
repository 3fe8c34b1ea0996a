// Package rollout is the engine that realises a blueprint as a trajectory:
// the conversation loop over the roles (user simulator, assistant, tool
// simulator, code tool, optional judge), the coherence check of every
// assistant step against the plan with bounded corrections, the
// verification layers, and the canonical record.
//
// The roles are interfaces, so the same engine runs with the sim provider
// and with models behind any OpenAI-compatible endpoint. The engine, not
// the roles, owns the plan's progress: an assistant turn is matched call by
// call against the plan before anything runs, and an off-plan turn is
// discarded and retried with a hint (not recorded) until the correction
// bound is spent, when the rollout is rejected with the reason.
package rollout

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// Player plays a conversational role: given the state, its next message.
type Player interface {
	Play(ctx context.Context, s *State) (llm.Message, llm.Totals, error)
}

// Judge scores a finished trajectory in [0, 1].
type Judge interface {
	Judge(ctx context.Context, s *State) (score float64, reason string, usage llm.Totals, err error)
}

// Roles are the players of one rollout.
type Roles struct {
	User      Player
	Assistant Player
	Tools     world.Generator
	// Judge is nil when no judge runs.
	Judge Judge
	// Models names the model behind each role, for the record's provenance.
	Models map[string]string
}

// Config is the engine's configuration.
type Config struct {
	// Code runs code-tool calls; nil means no sandbox is configured.
	Code world.CodeRunner
	// MaxCorrections bounds off-plan corrections per rollout (default 2).
	MaxCorrections int
	// MaxExtraTurns bounds the turns the plan did not include that a
	// careful assistant may take: a lookup with a read-only tool, and a
	// question confirming a write before making it (0: the default, 2;
	// negative: none). Beyond the bound they are off plan.
	MaxExtraTurns int
	// JudgeThreshold is the least passing judge score (default 0.5).
	JudgeThreshold float64
	// Version is the producer's version, for provenance.
	Version string
}

// DefaultMaxCorrections is the correction bound when none is configured.
const DefaultMaxCorrections = 2

// DefaultMaxExtraTurns is the bound on lookups and confirmations beyond
// the plan when none is configured.
const DefaultMaxExtraTurns = 2

// Request is one rollout.
type Request struct {
	Blueprint *blueprintv1.Blueprint
	Tools     []*toolv1.Tool
	JobID     string
	TaskID    string
	Seed      int64
	// MaxCorrections overrides the configured bound when positive.
	MaxCorrections int
}

// Result is a finished rollout, accepted or rejected.
type Result struct {
	Record      *trajectoryv1.Record
	Passed      bool
	Rejections  []*trajectoryv1.Rejection
	Usage       llm.Totals
	Corrections int
	// Trace is what the verification layers saw, to re-verify (for
	// example with another judge) without rolling out again.
	Trace verify.Input
}

// rejectErr stops the loop with a rejection (the record so far is kept).
type rejectErr struct{ r *trajectoryv1.Rejection }

func (e *rejectErr) Error() string { return e.r.GetDetail() }

func rejectf(reason trajectoryv1.RejectReason, callID, format string, a ...any) error {
	return &rejectErr{&trajectoryv1.Rejection{Reason: reason, CallId: callID, Detail: fmt.Sprintf(format, a...)}}
}

// systemPrompt is the assistant's system message in every record.
const systemPrompt = "You are a helpful assistant with access to tools. Call tools when they help, " +
	"issue independent calls together, ask the user for missing details instead of guessing, " +
	"recover from tool errors, and answer with the concrete values the tools returned."

// Run rolls one blueprint out. It returns an error only when ctx ends (the
// caller retries); everything else, including model and sandbox failures,
// is a rejected result with its reasons.
func Run(ctx context.Context, cfg Config, roles Roles, req Request) (*Result, error) {
	bp := req.Blueprint
	p := plan.New(bp)
	tools, err := toolset.New(req.Tools, p)
	if err != nil {
		return nil, err
	}
	for _, c := range p.Calls {
		if tools.Get(c.GetToolName()) == nil {
			return nil, fmt.Errorf("planned call %s uses tool %q, which is not among the request's tools", c.GetId(), c.GetToolName())
		}
	}
	e := &engine{
		cfg: cfg, roles: roles, req: req,
		s: &State{
			Plan: p, Tools: tools, Seed: req.Seed,
			Messages: []llm.Message{{Role: "system", Content: systemPrompt}},
			Done:     map[string]*Realised{}, Skipped: map[string]bool{}, Revealed: map[string]bool{},
		},
		callPlan:  map[string]string{},
		answers:   map[int]int{},
		extra:     map[string]bool{},
		confirmed: map[string]bool{},
		access:    map[string]verify.Access{},
	}
	for _, t := range req.Tools {
		if !plan.IsCodeTool(t.GetName()) {
			e.access[t.GetName()] = verify.ToolAccess(t.GetName(), t.GetDescription(), t.GetLabels())
		}
	}
	switch {
	case cfg.MaxExtraTurns > 0:
		e.maxExtra = cfg.MaxExtraTurns
	case cfg.MaxExtraTurns == 0:
		e.maxExtra = DefaultMaxExtraTurns
	}
	e.maxCorrections = cfg.MaxCorrections
	if req.MaxCorrections > 0 {
		e.maxCorrections = req.MaxCorrections
	}
	if e.maxCorrections <= 0 {
		e.maxCorrections = DefaultMaxCorrections
	}
	e.world = world.New(p, tools, roles.Tools, cfg.Code, req.Seed)
	_, e.confides = roles.Assistant.(Confider)
	if pc, ok := roles.Assistant.(interface{ ParallelToolCalls() bool }); ok {
		e.serial = !pc.ParallelToolCalls()
		e.s.Serial = e.serial
	}

	var rejections []*trajectoryv1.Rejection
	loopErr := e.loop(ctx)
	// cutShort: a model, the sandbox or the budget failed the rollout before
	// it ended. The conversation is unfinished, so its content is not judged:
	// the rejection names the failure alone and never reads as bad content.
	cutShort := false
	if loopErr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r := asRejection(loopErr)
		rejections = append(rejections, r)
		cutShort = failureReason(r.GetReason())
	}
	if w := newLeakCheck(e.s, e.private, e.confides).recordLeaks(e.s.Messages); w != "" && !cutShort {
		rejections = append(rejections, &trajectoryv1.Rejection{Reason: trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, Detail: "private guidance reached the record: " + w})
	}
	in := verify.Input{
		Plan: p, Tools: tools, Messages: e.s.Messages, CallPlan: e.callPlan,
		Skipped: e.s.Skipped, Answers: e.answers, Threshold: cfg.JudgeThreshold,
		SerialCalls: e.serial,
		Extra:       e.extra, Confirmations: e.confirmations, MaxExtraTurns: e.maxExtra, Access: e.access,
	}
	if in.Threshold == 0 {
		in.Threshold = 0.5
	}
	var score *float64
	if roles.Judge != nil && loopErr == nil {
		sc, reason, u, err := roles.Judge.Judge(ctx, e.s)
		e.usage = e.usage.Add(u)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			rejections = append(rejections, asRejection(roleErr("judge", err)))
		} else {
			score = &sc
			in.Score, in.JudgeReason = score, reason
		}
	}
	v := verify.Run(in)
	if !cutShort {
		rejections = append(rejections, v.Rejections...)
	}
	e.usage = e.usage.Add(e.world.Usage())
	passed := len(rejections) == 0
	rec := e.record(v.Checks, passed, score)
	return &Result{Record: rec, Passed: passed, Rejections: rejections, Usage: e.usage, Corrections: e.corrections, Trace: in}, nil
}

func asRejection(err error) *trajectoryv1.Rejection {
	var re *rejectErr
	if errors.As(err, &re) {
		return re.r
	}
	var ue *world.UnmetError
	if errors.As(err, &ue) {
		// The tool backend left out what the plan reads: the plan cannot be
		// followed on this output.
		return &trajectoryv1.Rejection{Reason: trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT, Detail: ue.Error()}
	}
	var se *world.SandboxError
	if errors.As(err, &se) {
		return &trajectoryv1.Rejection{Reason: trajectoryv1.RejectReason_REJECT_REASON_SANDBOX, Detail: se.Error()}
	}
	if errors.Is(err, llm.ErrBudgetExhausted) {
		return &trajectoryv1.Rejection{Reason: trajectoryv1.RejectReason_REJECT_REASON_BUDGET, Detail: err.Error()}
	}
	return &trajectoryv1.Rejection{Reason: trajectoryv1.RejectReason_REJECT_REASON_LLM_ERROR, Detail: err.Error()}
}

// failureReason reports whether a rejection is for a failure of the
// machinery (a model's call, the sandbox, the budget) rather than content.
func failureReason(r trajectoryv1.RejectReason) bool {
	switch r {
	case trajectoryv1.RejectReason_REJECT_REASON_LLM_ERROR, trajectoryv1.RejectReason_REJECT_REASON_SANDBOX,
		trajectoryv1.RejectReason_REJECT_REASON_BUDGET, trajectoryv1.RejectReason_REJECT_REASON_TIMEOUT:
		return true
	}
	return false
}

// roleErr wraps a role's failure, keeping sandbox and budget errors recognisable.
func roleErr(role string, err error) error {
	return fmt.Errorf("%s: %w", role, err)
}

type engine struct {
	cfg            Config
	roles          Roles
	req            Request
	s              *State
	world          *world.World
	callPlan       map[string]string
	answers        map[int]int
	usage          llm.Totals
	corrections    int
	maxCorrections int
	nextCall       int
	// private holds what the players were told privately (guidance,
	// correction hints): it must not reach the record.
	private []string
	// confides is true when the assistant is told its guidance in words (a
	// model): its texts are then checked for references to it.
	confides bool
	// serial is true when the assistant issues one call per turn: a planned
	// parallel group may then span consecutive turns.
	serial bool
	// access is what each tool does, by name (verify.ToolAccess).
	access map[string]verify.Access
	// extra holds the calls made as read-only lookups beyond the plan;
	// confirmations the indices of the assistant's confirmation
	// questions; confirmed the planned calls the user confirmed. extraTurns
	// counts both kinds of turn against maxExtra.
	extra         map[string]bool
	confirmations []int
	confirmed     map[string]bool
	extraTurns    int
	maxExtra      int
	// awaitingWrite is true from a confirmation until the confirmed calls
	// are made: nothing else comes between.
	awaitingWrite bool
}

// maxTurns bounds the conversation; a plan needs far fewer.
func (e *engine) maxTurns() int {
	return 3*len(e.s.Plan.Calls) + 3*e.s.Plan.Intents() + 2*e.maxCorrections + 2*e.maxExtra + 6
}

func (e *engine) loop(ctx context.Context) error {
	e.s.UserTask = UserTask{Kind: UserOpen, Intent: 0, Values: e.s.Plan.Stated(0)}
	if err := e.userTurn(ctx); err != nil {
		return err
	}
	for range e.maxTurns() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if done, err := e.assistantTurn(ctx); done || err != nil {
			return err
		}
	}
	return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "", "the conversation did not finish within %d turns", e.maxTurns())
}

// assistantTurn plays one assistant turn and what follows from it (the
// calls' results, the user's reply, or a correction); done says the
// conversation is over.
func (e *engine) assistantTurn(ctx context.Context) (done bool, err error) {
	next := e.s.Next()
	if c, ok := e.roles.Assistant.(Confider); ok {
		e.confide(c.Private(e.s)...)
	}
	msg, u, err := e.roles.Assistant.Play(ctx, e.s)
	e.usage = e.usage.Add(u)
	if err != nil {
		return false, roleErr("assistant", err)
	}
	msg.Role = "assistant"
	if leak := e.screen(&msg); leak != nil {
		return false, e.correct(leak) // the leaking turn is kept out even of a rejected record
	}
	if len(msg.ToolCalls) > 0 {
		return false, e.callTurn(ctx, msg, next)
	}
	// A turn without tool calls: a question, an intent's answer or the end.
	switch next.Kind {
	case ActCall:
		return false, e.confirmTurn(ctx, msg, next)
	case ActAsk:
		return false, e.askTurn(ctx, msg, next)
	case ActAnswer:
		return e.answerTurn(ctx, msg, next)
	}
	return false, nil
}

// callTurn takes a turn of tool calls: calls that match the plan are
// executed, an off-plan turn is corrected.
func (e *engine) callTurn(ctx context.Context, msg llm.Message, next Action) error {
	e.number(&msg)
	matched, off := e.match(msg, next)
	if off != nil {
		if err := e.correct(off); err != nil {
			// Keep the off-plan turn in the negative record, answered.
			e.s.Messages = append(e.s.Messages, msg)
			_ = e.execute(ctx, msg, nil)
			return err
		}
		return nil
	}
	e.s.Hint = ""
	e.nextCall += len(msg.ToolCalls)
	e.s.Messages = append(e.s.Messages, msg)
	e.awaitingWrite = false
	if slices.Contains(matched, nil) {
		e.extraTurns++
	}
	return e.execute(ctx, msg, matched)
}

// confirmTurn takes a turn without calls where the plan calls next: a
// question asking the user to confirm a write, or else corrected.
func (e *engine) confirmTurn(ctx context.Context, msg llm.Message, next Action) error {
	if off := e.confirmation(msg, next); off != nil {
		if err := e.correct(off); err != nil {
			e.s.Messages = append(e.s.Messages, msg)
			return err
		}
		return nil
	}
	e.s.Hint = ""
	e.s.Messages = append(e.s.Messages, msg)
	e.confirmations = append(e.confirmations, len(e.s.Messages)-1)
	e.extraTurns++
	e.awaitingWrite = true
	for _, c := range next.Calls {
		e.confirmed[c.GetId()] = true
	}
	e.s.UserTask = UserTask{Kind: UserConfirm, Intent: e.s.Intent}
	return e.userTurn(ctx)
}

// askTurn takes the question for values the user withheld; the user
// reveals them.
func (e *engine) askTurn(ctx context.Context, msg llm.Message, next Action) error {
	off := selfAnswered(msg, next)
	if off == nil {
		off = notAQuestion(msg, next)
	}
	if off != nil {
		if err := e.correct(off); err != nil {
			e.s.Messages = append(e.s.Messages, msg)
			return err
		}
		return nil
	}
	e.s.Hint = ""
	e.s.Messages = append(e.s.Messages, msg)
	var vals []*blueprintv1.UserValue
	for _, a := range next.Missing {
		vals = append(vals, a.GetUser())
		e.s.Revealed[a.GetUser().GetValueJson()] = true
	}
	e.s.UserTask = UserTask{Kind: UserReveal, Intent: e.s.Intent, Values: vals}
	return e.userTurn(ctx)
}

// answerTurn takes an intent's answer; after the last intent's the
// conversation is done, else the user follows up.
func (e *engine) answerTurn(ctx context.Context, msg llm.Message, next Action) (done bool, err error) {
	e.s.Hint = ""
	if strings.TrimSpace(msg.Content) == "" {
		off := rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "", "the assistant gave an empty answer")
		return false, e.correct(off)
	}
	e.s.Messages = append(e.s.Messages, msg)
	e.answers[e.s.Intent] = len(e.s.Messages) - 1
	if next.Last {
		return true, nil
	}
	e.s.Intent++
	e.s.UserTask = UserTask{Kind: UserFollowUp, Intent: e.s.Intent, Values: e.s.Plan.Stated(e.s.Intent)}
	return false, e.userTurn(ctx)
}

// selfAnswered rejects a question for withheld values that states one of
// them itself: the assistant cannot know what the user has not said, so a
// question that answers itself is a guess, not a clarification.
func selfAnswered(msg llm.Message, next Action) error {
	for _, a := range next.Missing {
		v, err := plan.Decode(a.GetUser().GetValueJson())
		if err != nil {
			continue
		}
		for _, l := range plan.Leaves(v) {
			if plan.Significant(l) && (plan.Occurs(plan.Text(l), []string{msg.Content}) || plan.Mentioned(l, []string{msg.Content})) {
				return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "",
					"the question for %s states a value the user has not given (%s): ask, and wait for the user's answer", a.GetUser().GetDescription(), plan.Text(l))
			}
		}
	}
	return nil
}

// confide notes texts a player was told privately.
func (e *engine) confide(texts ...string) {
	for _, t := range texts {
		if t != "" && !slices.Contains(e.private, t) {
			e.private = append(e.private, t)
		}
	}
}

// screen keeps private text out of an assistant turn before it is
// recorded: reasoning that refers to the guidance is dropped (it is
// untrusted: the answer stands without it), and a reply whose content or
// arguments carry private text is off plan.
func (e *engine) screen(msg *llm.Message) error {
	lc := newLeakCheck(e.s, e.private, e.confides)
	if lc.find(msg.ReasoningContent, FieldReasoning) != "" {
		msg.ReasoningContent = ""
	}
	w := lc.find(msg.Content, FieldAssistant)
	for _, c := range msg.ToolCalls {
		if w == "" {
			w = lc.find(c.Function.Arguments, FieldAssistant)
		}
	}
	if w == "" {
		return nil
	}
	return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "", "the reply %s: write only what the user should read, with no mention of notes or instructions", w)
}

// correct spends one correction on an off-plan step: the assistant's next
// turn gets the hint. It returns the rejection once the bound is spent.
func (e *engine) correct(off error) error {
	e.corrections++
	if e.corrections > e.maxCorrections {
		var re *rejectErr
		if errors.As(off, &re) {
			re.r.Detail = fmt.Sprintf("off plan after %d correction(s): %s", e.maxCorrections, re.r.Detail)
		}
		return off
	}
	e.s.Hint = e.plainHint(off.Error())
	e.confide(e.s.Hint)
	return nil
}

// phrasing of plan internals, and what a hint says instead.
var planWords = strings.NewReplacer(
	"the next planned step is", "the next step is",
	"is not part of the plan at this point", "is not needed at this point",
	"the planned calls for this request", "the calls this request needs",
	"the planned calls", "the calls",
	"planned calls", "calls",
	"planned call", "call",
	"the plan expects", "the request needs",
	"the plan", "the request",
)

// plainHint words a rejection detail as a hint for a model: calls are named
// by their tool, never by the plan's call ids (a model that read "c3 needs
// c2" would repeat it), and the plan itself is not mentioned.
func (e *engine) plainHint(detail string) string {
	detail = idForm.ReplaceAllStringFunc(detail, func(m string) string {
		sub := idForm.FindStringSubmatch(m)
		if c := e.s.Plan.Call(sub[1]); c != nil && c.GetToolName() == sub[2] {
			return sub[2]
		}
		return m
	})
	for _, c := range e.s.Plan.Calls {
		id := c.GetId()
		if id == "" || id == c.GetToolName() {
			continue
		}
		detail = replaceWord(detail, id, c.GetToolName())
	}
	return planWords.Replace(detail)
}

// replaceWord replaces whole-word occurrences of w in s.
func replaceWord(s, w, with string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, w)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(w)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			b.WriteString(s[:i] + with)
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}

// userTurn has the user simulator speak, and checks it stated what it had to.
func (e *engine) userTurn(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		msg, u, err := e.roles.User.Play(ctx, e.s)
		e.usage = e.usage.Add(u)
		if err != nil {
			return roleErr("user simulator", err)
		}
		// A value counts as stated as a person would read it (plan.Unsaid:
		// case, diacritics, number and date formats aside), not only when
		// pasted verbatim.
		var missing, named []string
		for _, v := range e.s.UserTask.Values {
			x, err := plan.Decode(v.GetValueJson())
			if err != nil {
				continue
			}
			for _, l := range plan.Unsaid(x, msg.Content) {
				missing = append(missing, l)
				if d := v.GetDescription(); d != "" {
					named = append(named, fmt.Sprintf("%s (%s)", d, l))
				} else {
					named = append(named, l)
				}
			}
		}
		leak := newLeakCheck(e.s, e.private, false).find(msg.Content, FieldOther)
		if len(missing) == 0 && leak == "" && strings.TrimSpace(msg.Content) != "" {
			e.s.Hint = ""
			e.s.Messages = append(e.s.Messages, llm.Message{Role: "user", Content: msg.Content})
			return nil
		}
		if attempt >= 1 {
			if leak != "" {
				return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "", "the user simulator's message %s", leak)
			}
			return rejectf(trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN, "", "the user simulator did not state %s", strings.Join(missing, ", "))
		}
		if len(missing) > 0 {
			e.s.Hint = "the assistant still needs " + strings.Join(named, " and ") + ": say it in your message"
		} else {
			e.s.Hint = "write only what the user says to the assistant"
		}
		e.confide(e.s.Hint)
	}
}

// execute runs a turn's calls (concurrently: they are independent by the
// plan) and appends their results in call order.
func (e *engine) execute(ctx context.Context, msg llm.Message, matched []*blueprintv1.PlannedCall) error {
	contents := make([]string, len(msg.ToolCalls))
	errs := make([]error, len(msg.ToolCalls))
	var wg sync.WaitGroup
	// Repeats of a request already in this turn run after it, in call order,
	// so which of them the world answers first (and so every result) does
	// not depend on scheduling.
	var repeats []int
	seen := map[string]bool{}
	run := func(i int) {
		var planned *blueprintv1.PlannedCall
		if matched != nil {
			planned = matched[i]
		}
		c := msg.ToolCalls[i]
		contents[i], errs[i] = e.world.Call(ctx, c.Function.Name, c.Function.Arguments, planned)
	}
	for i, c := range msg.ToolCalls {
		key := c.Function.Name + "\x00" + c.Function.Arguments
		if v, err := plan.Decode(c.Function.Arguments); err == nil {
			key = c.Function.Name + "\x00" + plan.Canonical(v)
		}
		switch {
		case seen[key]:
			repeats = append(repeats, i)
		case len(msg.ToolCalls) == 1:
			run(i)
		default:
			seen[key] = true
			wg.Go(func() { run(i) })
		}
	}
	wg.Wait()
	for _, i := range repeats {
		run(i)
	}
	if err := errors.Join(errs...); err != nil {
		return roleErr("tool", err)
	}
	for i, c := range msg.ToolCalls {
		e.s.Messages = append(e.s.Messages, llm.Message{Role: "tool", ToolCallID: c.ID, Name: c.Function.Name, Content: contents[i]})
		if matched == nil {
			continue
		}
		p := matched[i]
		if p == nil {
			e.extra[c.ID] = true // a lookup beyond the plan
			continue
		}
		e.callPlan[c.ID] = p.GetId()
		r := e.s.Done[p.GetId()]
		if r == nil {
			r = &Realised{}
			e.s.Done[p.GetId()] = r
		}
		r.CallIDs = append(r.CallIDs, c.ID)
		r.Contents = append(r.Contents, contents[i])
		doc, err := plan.Decode(contents[i])
		if err != nil {
			doc = contents[i]
		}
		r.Outputs = append(r.Outputs, doc)
		if isErrorResult(doc) {
			r.Failed = true
		}
	}
	return nil
}

func isErrorResult(doc any) bool {
	o, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	if x, ok := o["error"]; ok && x != nil && x != false {
		return true
	}
	return o["is_error"] == true || o["isError"] == true
}

// number gives a turn's calls the rollout's sequential ids (call_1, ...),
// whoever played the assistant, so records are stable and ids unique.
func (e *engine) number(msg *llm.Message) {
	for i := range msg.ToolCalls {
		msg.ToolCalls[i].ID = fmt.Sprintf("call_%d", e.nextCall+i+1)
		msg.ToolCalls[i].Type = "function"
	}
}
