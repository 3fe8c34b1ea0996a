// Package llmroles plays the rollout's roles with models behind
// OpenAI-compatible endpoints (vLLM, SGLang, Ollama, llama.cpp server,
// hosted APIs): the assistant through tool calling, the user simulator
// through plain chat, the tool simulator and the judge through JSON output.
//
// The plan steers the models through private instructions that never enter
// the record: the assistant gets the plan's next step (and, after an
// off-plan turn, the engine's correction, naming tools and values, never the
// plan's call ids) as a note where its endpoint's chat template accepts it
// (folded into the first system message, or on the user's side of the last
// turn); the user simulator sees the conversation from the user's side (the
// visible messages, never tool results or reasoning), its persona, the
// request and the values it must convey in its own words. The record holds only the conversation itself; the
// engine screens every reply for references to the note. Each role's prompt
// carries a short worked example written for instruction-tuned models.
package llmroles

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

func seed(s int64) *int64 { return &s }

func totals(r *llm.ChatResponse) llm.Totals { return r.Totals() }

// Every role sends the rollout's seed: servers that honour it (vLLM,
// SGLang, llama.cpp) sample reproducibly, and the response cache keys on it.

// Assistant is the assistant played by a model with tool calling.
type Assistant struct {
	LLM llm.Completer
}

var _ rollout.Confider = Assistant{}

// ParallelToolCalls reports whether the model issues several calls in one
// turn (the endpoint's parallel_tool_calls).
func (a Assistant) ParallelToolCalls() bool { return llm.EndpointOf(a.LLM).Parallel() }

// Private implements rollout.Confider: the note and the worked example the
// model is shown and the record must not hold.
func (a Assistant) Private(s *rollout.State) []string {
	return []string{guidance(s, a.ParallelToolCalls()), assistantExample}
}

// Play implements rollout.Player. The note goes where the endpoint's chat
// template takes it (never as a system message after the first). A reply
// that refers to the note, in its reasoning or its content, is asked for
// once more with another seed; the engine drops reasoning that still does.
func (a Assistant) Play(ctx context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	ep := llm.EndpointOf(a.LLM)
	note := guidance(s, ep.Parallel())
	msgs := withNote(s.Messages, note, ep.GuidancePlacement())
	private := []string{note, assistantExample}
	var total llm.Totals
	for attempt := 0; ; attempt++ {
		resp, err := a.LLM.Complete(ctx, llm.ChatRequest{Messages: msgs, Tools: s.Tools.Specs(), Seed: llm.VarySeed(seed(s.Seed), attempt)})
		total = total.Add(resp.Totals())
		if err != nil {
			return llm.Message{}, total, err
		}
		m := resp.Message()
		m.Role = "assistant"
		leaks := rollout.Leak(s, private, m.ReasoningContent, rollout.FieldReasoning) != "" || rollout.Leak(s, private, m.Content, rollout.FieldAssistant) != ""
		if !leaks || attempt == 1 {
			return m, total, nil
		}
	}
}

// noteHeader opens the private note; it tells the model the note is not
// part of the conversation, so that it neither answers nor cites it.
const noteHeader = "Private note for your next turn only. The user does not see it: never mention, quote or refer to it, not even in your reasoning; act on it as if you had decided it yourself."

// assistantExample is a worked example of good turns, in words an
// instruction-tuned model follows; its names and values are deliberately
// foreign to every cluster.
const assistantExample = `How good turns look (an example from another conversation; its tools and values are not this conversation's):
User: "Has order A-1001 shipped? When will it arrive?"
Assistant: calls get_order {"order_id": "A-1001"} -> {"status": "shipped", "tracking_no": "1Z-88"}
Assistant: calls track_parcel {"tracking_no": "1Z-88"}, taking the value from the result above -> {"eta": "2031-06-03"}
Assistant: "Yes, order A-1001 has shipped (tracking 1Z-88) and should arrive on 2031-06-03."
When a detail you need is missing, ask one short question and call no tool, e.g. "Which order number is it?". Independent calls go in one turn.`

// withNote places the private note in the request: folded into the first
// system message (every chat template accepts one leading system message),
// or on the user's side of the last turn (templates without a system role).
// The conversation itself, and so the record, is never changed.
func withNote(conv []llm.Message, note, placement string) []llm.Message {
	msgs := append([]llm.Message(nil), conv...)
	body := noteHeader + " " + note
	if placement == llm.GuidanceUser {
		text := "[" + assistantExample + "\n\n" + body + "]"
		if last := len(msgs) - 1; last >= 0 && msgs[last].Role == "user" {
			msgs[last].Content += "\n\n" + text
		} else {
			msgs = append(msgs, llm.Message{Role: "user", Content: text})
		}
		return msgs
	}
	if len(msgs) > 0 && msgs[0].Role == "system" {
		msgs[0].Content += "\n\n" + assistantExample + "\n\n" + body
		return msgs
	}
	return append([]llm.Message{{Role: "system", Content: assistantExample + "\n\n" + body}}, msgs...)
}

// guidance says the next step in the words of the assistant's own
// decision: which tools, which missing details, what the previous attempt
// got wrong (by tool and value, never by the plan's call ids).
func guidance(s *rollout.State, parallel bool) string {
	var b strings.Builder
	next := s.Next()
	switch next.Kind {
	case rollout.ActAsk:
		var what []string
		for _, m := range next.Missing {
			what = append(what, m.GetUser().GetDescription())
		}
		fmt.Fprintf(&b, "Before calling %s you need %s from the user: ask for it now, in one short question, and call no tool.", names(next.Calls), strings.Join(what, " and "))
	case rollout.ActAnswer:
		b.WriteString("The tool work for the user's current request is done: answer the user now, quoting the concrete values the tools returned, and call no tool.")
	default:
		calls := next.Calls
		switch {
		case len(calls) > 1 && parallel:
			fmt.Fprintf(&b, "Call %s now, all in this one turn (they are independent)", names(calls))
		case len(calls) > 1:
			fmt.Fprintf(&b, "Call %s now, one call in this turn; %s follow in the next turns", calls[0].GetToolName(), names(calls[1:]))
			calls = calls[:1]
		default:
			fmt.Fprintf(&b, "Call %s now", names(calls))
		}
		for _, c := range calls {
			if fe := c.GetForEach(); fe != nil {
				if parallel {
					fmt.Fprintf(&b, "; call %s once for each of the %d elements of the earlier result's %s, in this one turn", c.GetToolName(), s.Iterations(c), fe.GetPath())
				} else {
					n := s.Iterations(c)
					fmt.Fprintf(&b, "; it runs once for each of the %d elements of the earlier result's %s, one element per turn: this turn takes element %d of %d", n, fe.GetPath(), n-s.Remaining(c)+1, n)
				}
			}
			if plan.IsCode(c) && c.GetCode() != "" {
				if plan.Language(c) == "sql" {
					fmt.Fprintf(&b, "; write a short SQLite query for %s that computes over the earlier results (paste them in as JSON string literals and read them with json_each) and selects the result as one JSON value", c.GetToolName())
				} else {
					fmt.Fprintf(&b, "; write a short Python program for %s that computes over the earlier results (paste them into the program as JSON) and prints the result as JSON", c.GetToolName())
				}
			}
		}
		b.WriteString(". Use only values the user stated or earlier tool results returned.")
	}
	if s.Hint != "" {
		b.WriteString(" Your previous reply was not used: " + s.Hint + ".")
	}
	return b.String()
}

func names(calls []*blueprintv1.PlannedCall) string {
	var out []string
	for _, c := range calls {
		out = append(out, c.GetToolName())
	}
	return strings.Join(out, " and ")
}

// User is the user simulator played by a model. It sees the conversation
// as the user does — its own messages and the assistant's visible replies,
// never tool results or reasoning — with the roles turned so that the model
// writes its own (the user's) next turn, plus its persona and its task: the
// request to make and the details it must convey, in its own words (the
// engine checks them after normalisation, plan.Unsaid).
type User struct {
	LLM llm.Completer
}

// taskHeader opens the user simulator's task for its next message.
const taskHeader = "Your next message:"

// Play implements rollout.Player.
func (u User) Play(ctx context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	bp := s.Plan.BP
	p := bp.GetPersona()
	var brief strings.Builder
	fmt.Fprintf(&brief, "You play a user talking to an AI assistant. You are %s, a %s; your style is %s. In this chat you are the user: the messages on your side are yours, the others are the assistant's. Write only your next message, in the first person, one to three sentences, as a person would type it: no lists of field names, no JSON.", or(p.GetName(), "a user"), or(p.GetRole(), "customer"), or(p.GetStyle(), "plain"))
	brief.WriteString("\n\n" + userExample)
	brief.WriteString("\n\n" + taskHeader + " " + userTask(s))
	ep := llm.EndpointOf(u.LLM)
	msgs := userSide(s.Messages)
	if ep.GuidancePlacement() == llm.GuidanceUser {
		// No system role: the brief goes on the user's side of the last turn.
		msgs[len(msgs)-1].Content += "\n\n[" + brief.String() + "]"
	} else {
		msgs = append([]llm.Message{{Role: "system", Content: brief.String()}}, msgs...)
	}
	resp, err := u.LLM.Complete(ctx, llm.ChatRequest{Messages: msgs, Seed: seed(s.Seed)})
	if err != nil {
		return llm.Message{}, totals(resp), err
	}
	return llm.Message{Role: "user", Content: strings.TrimSpace(resp.Message().Content)}, totals(resp), nil
}

// userTask says what the next message must do and convey.
func userTask(s *rollout.State) string {
	bp := s.Plan.BP
	var task strings.Builder
	t := s.UserTask
	intent := bp.GetGoal()
	if t.Intent < len(bp.GetIntents()) {
		intent = bp.GetIntents()[t.Intent]
	}
	switch t.Kind {
	case rollout.UserOpen:
		fmt.Fprintf(&task, "open the conversation with this request: %q.", intent)
	case rollout.UserReveal:
		task.WriteString("answer the assistant's question.")
	case rollout.UserFollowUp:
		fmt.Fprintf(&task, "the assistant finished your previous request; now ask for this: %q.", intent)
	case rollout.UserConfirm:
		task.WriteString("the assistant asks you to confirm the action it is about to take for your request: confirm it in a few words (for example \"Yes, go ahead.\"), adding nothing new.")
	}
	if len(t.Values) > 0 {
		task.WriteString(" Convey these details in your own words (a date or an amount in any usual form; names, codes and ids exactly):")
		for _, v := range t.Values {
			x, _ := plan.Decode(v.GetValueJson())
			fmt.Fprintf(&task, " %s = %s;", or(v.GetDescription(), "detail"), plan.Text(x))
		}
	}
	task.WriteString(" Do not mention any other identifiers or numbers.")
	if s.Hint != "" {
		task.WriteString(" Your previous message missed something: " + s.Hint + ".")
	}
	return task.String()
}

// userSide writes the conversation as the user saw it, with the roles
// turned (the user's messages are the model's own turns): visible text
// only, consecutive turns of one side joined, opening and ending on the
// other side's turn so that every chat template takes it and the model
// writes the user's next message.
func userSide(conv []llm.Message) []llm.Message {
	out := []llm.Message{{Role: "user", Content: "(The assistant is ready. Write your first message.)"}}
	add := func(role, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		if last := &out[len(out)-1]; last.Role == role && len(out) > 1 {
			last.Content += "\n\n" + text
			return
		}
		out = append(out, llm.Message{Role: role, Content: text})
	}
	for _, m := range conv {
		switch m.Role {
		case "user":
			add("assistant", m.Content)
		case "assistant":
			add("user", m.Content)
		}
	}
	if out[len(out)-1].Role == "assistant" {
		out = append(out, llm.Message{Role: "user", Content: "(The assistant is waiting for your reply.)"})
	}
	return out
}

// userExample is a worked example of the user simulator's task; its names
// and values are foreign to every cluster.
const userExample = `An example from another conversation (its names and values are not yours):
Task: open the conversation with this request: "check whether my parcel arrives in time". Convey these details in your own words: order number = A-1001; delivery date = 2031-06-03;
Message: Hi, could you check whether my order A-1001 will arrive by June 3rd, 2031?
Task: answer the assistant's question. Convey these details in your own words: delivery postcode = 75011;
Message: It's 75011.`

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ToolSimulator generates tool results with a model in JSON mode, as a
// backend would: it sees the call and the session's earlier calls and
// results, never the user's goal. Its output is kept as generated (the
// world patches nothing in): it is told what the plan reads from the result
// (a path a later call binds, a list it iterates, a condition it gates on),
// and a result that breaks the output schema or lacks one of them gets one
// repair round naming exactly what to include. If it still lacks what the
// plan reads, the world rejects the rollout; if it still breaks the schema,
// the schema layer does.
type ToolSimulator struct {
	LLM llm.Completer
}

var (
	_ world.Generator    = ToolSimulator{}
	_ world.OutputKeeper = ToolSimulator{}
)

// KeepsOutput implements world.OutputKeeper.
func (ToolSimulator) KeepsOutput() bool { return true }

// historyLimit bounds the earlier results shown to the model.
const historyLimit = 8

// Generate implements world.Generator.
func (t ToolSimulator) Generate(ctx context.Context, r world.Request) (string, llm.Totals, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Tool: %s\nDescription: %s\nArguments: %s\n", r.Tool.Name, r.Tool.Description, r.ArgsJSON)
	var schema []byte // the output schema, shown and asked for
	if r.Tool.Output != nil {
		schema, _ = json.Marshal(r.Tool.Output.Root())
		fmt.Fprintf(&b, "Output JSON Schema: %s\n", schema)
	}
	h := r.History
	if len(h) > historyLimit {
		h = h[len(h)-historyLimit:]
	}
	if len(h) > 0 {
		b.WriteString("Earlier calls in this session (stay consistent with them):\n")
		for _, o := range h {
			fmt.Fprintf(&b, "- %s(%s) -> %s\n", o.Tool, o.Args, o.Result)
		}
	}
	if need := world.Describe(r); len(need) > 0 {
		b.WriteString("The caller relies on the result having:\n")
		for _, n := range need {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	msgs := []llm.Message{
		{Role: "system", Content: "You simulate a real API backend. Reply with only the JSON result of the call: realistic, specific values, consistent with the arguments and with earlier results, valid against the output schema when one is given.\n\n" + toolExample},
		{Role: "user", Content: b.String()},
	}
	format := &llm.ResponseFormat{Type: llm.StructuredJSONObject}
	if r.Tool.Output != nil {
		format = llm.JSONSchemaFormat("tool_result", schema)
	}
	var total llm.Totals
	var out string
	for attempt := range 2 {
		resp, err := t.LLM.Complete(ctx, llm.ChatRequest{Messages: msgs, ResponseFormat: format, Seed: llm.VarySeed(seed(r.Seed), attempt)})
		total = total.Add(totals(resp))
		if err != nil {
			return "", total, err
		}
		out = strings.TrimSpace(resp.Message().Content)
		problems := resultProblems(out, r)
		if len(problems) == 0 || attempt == 1 {
			break
		}
		msgs = append(msgs, llm.Message{Role: "assistant", Content: out},
			llm.Message{Role: "user", Content: "That result cannot be used as it is: " + strings.Join(problems, "; ") + ". Reply with the corrected JSON only, keeping every other value as it was."})
	}
	return out, total, nil
}

// resultProblems lists what is wrong with a generated result: not JSON,
// schema violations, and what the plan reads from it but it lacks.
func resultProblems(out string, r world.Request) []string {
	if _, err := plan.Decode(out); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	problems := toolset.Validate(r.Tool.Output, out)
	missing, unheld := world.Unmet(out, r)
	for _, m := range missing {
		problems = append(problems, "it must include "+m)
	}
	for _, u := range unheld {
		problems = append(problems, "in this session "+u)
	}
	return problems
}

// toolExample is a worked example of one backend call; its names and values
// are foreign to every cluster.
const toolExample = `An example from another backend (its names and values are not yours):
Tool: get_order
Arguments: {"order_id": "A-1001"}
Output JSON Schema: {"type":"object","properties":{"order_id":{"type":"string"},"status":{"type":"string"},"items":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer"}}}}}}
Reply: {"order_id": "A-1001", "status": "shipped", "items": [{"sku": "KB-204", "qty": 1}, {"sku": "MS-310", "qty": 2}]}`

// judgeSchema is the judge's reply.
var judgeSchema = []byte(`{"type":"object","properties":{"score":{"type":"number","minimum":0,"maximum":1},"reason":{"type":"string"}},"required":["score","reason"],"additionalProperties":false}`)

// Judge scores a finished trajectory with a model in JSON mode.
type Judge struct {
	LLM llm.Completer
}

// Judge implements rollout.Judge.
func (j Judge) Judge(ctx context.Context, s *rollout.State) (float64, string, llm.Totals, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "User goal: %s\nExpected outcome: %s\n\nConversation:\n", s.Plan.BP.GetGoal(), s.Plan.BP.GetExpectedOutcome())
	for _, m := range s.Messages[1:] {
		switch {
		case len(m.ToolCalls) > 0:
			for _, c := range m.ToolCalls {
				fmt.Fprintf(&b, "[assistant calls %s(%s)]\n", c.Function.Name, c.Function.Arguments)
			}
		case m.Role == "tool":
			fmt.Fprintf(&b, "[%s returned %s]\n", m.Name, plan.Clip(m.Content, 600))
		default:
			fmt.Fprintf(&b, "%s: %s\n", m.Role, m.Content)
		}
	}
	b.WriteString("\n" + `Rate how well the assistant served the user: correct tool use, arguments taken from the conversation, errors handled, and a final answer that reflects the tool results. Reply with JSON {"score": <0..1>, "reason": "<one sentence>"}.`)
	resp, err := j.LLM.Complete(ctx, llm.ChatRequest{
		Messages:       []llm.Message{{Role: "system", Content: "You are a strict evaluator of tool-use conversations."}, {Role: "user", Content: b.String()}},
		ResponseFormat: llm.JSONSchemaFormat("verdict", judgeSchema), Seed: seed(s.Seed),
	})
	if err != nil {
		return 0, "", totals(resp), err
	}
	var v struct {
		Score  *float64 `json:"score"`
		Reason string   `json:"reason"`
	}
	if err := json.Unmarshal([]byte(resp.Message().Content), &v); err != nil || v.Score == nil {
		return 0, "", totals(resp), fmt.Errorf("judge reply is not {\"score\", \"reason\"}: %s", plan.Clip(resp.Message().Content, 200))
	}
	return min(max(*v.Score, 0), 1), v.Reason, totals(resp), nil
}
