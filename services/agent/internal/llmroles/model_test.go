package llmroles_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// shopPlayer is a scripted model for the shop cluster's blueprints that
// plays every role through the fake server as an instruction-tuned model
// would: the assistant acts on the private note it is shown (wherever the
// endpoint puts it) and takes argument values from the conversation, the
// tool simulator answers in JSON consistent with the arguments, the user
// states the values its task lists, the judge scores. Its knobs are the
// behaviours of real models under test.
type shopPlayer struct {
	// serial issues one call per turn, whatever the note asks (Llama 3.x).
	serial bool
	// reasoning, when set, is the reasoning_content of an assistant reply
	// made with seed (a seeded model answers the same to the same request).
	reasoning func(seed int64) string
	// selfAnswer makes the assistant's question for a missing detail answer
	// itself with the value the user has not given yet.
	selfAnswer bool
	// citeNote makes every tool-calling reply tell the user what the note said.
	citeNote bool
	// truncate, when set, says whether the n-th assistant reply is cut off.
	truncate func(n int, req llm.ChatRequest) bool
	// confirm asks the user to confirm before adding to the cart, once;
	// keepConfirming asks every time it is told to add to the cart.
	confirm, keepConfirming bool
	// lookup makes one extra read-only call (the reviews of the search's
	// last hit) before the planned product lookup.
	lookup bool
	// extraWrites adds another search hit to the cart this many times when
	// told to answer (a write nobody asked for).
	extraWrites int

	mu        sync.Mutex
	turns     int
	questions []string
	confirmed bool
	looked    bool
}

// privateNote is the note the engine gave the assistant, wherever it is.
func privateNote(req llm.ChatRequest) string {
	const header = "Private note for your next turn only."
	for _, m := range req.Messages {
		if i := strings.Index(m.Content, header); i >= 0 {
			return m.Content[i:]
		}
	}
	return ""
}

var (
	callNames = regexp.MustCompile(`Call ([a-z_ ]+?) now`)
	needWhat  = regexp.MustCompile(`you need (.+?) from the user`)
	eachOf    = regexp.MustCompile(`once for each of the ([0-9]+) elements`)
)

func (p *shopPlayer) handle(req llm.ChatRequest, _ int) llmtest.Reply {
	last := req.Messages[len(req.Messages)-1].Content
	switch {
	case len(req.Tools) > 0:
		return p.assistant(req)
	case req.ResponseFormat != nil && strings.Contains(last, "Tool: "):
		return llmtest.Text(toolResult(last))
	case req.ResponseFormat != nil:
		return llmtest.Text(`{"score":0.9,"reason":"the assistant used the tools as asked and reported their results"}`)
	default:
		return llmtest.Text(userMessage(userTaskOf(req)))
	}
}

func (p *shopPlayer) assistant(req llm.ChatRequest) llmtest.Reply {
	p.mu.Lock()
	p.turns++
	n := p.turns
	p.mu.Unlock()
	r := p.act(req, privateNote(req))
	if p.citeNote && len(r.ToolCalls) > 0 {
		r.Content = "My private note says to call " + r.ToolCalls[0].Function.Name + " next, so here goes."
	}
	if p.reasoning != nil && req.Seed != nil {
		r.Reasoning = p.reasoning(*req.Seed)
	}
	if p.truncate != nil && p.truncate(n, req) {
		r = llmtest.Reply{Content: "Let me look that up in the cat", FinishReason: "length"}
	}
	return r
}

// act is the assistant's reply to its note, before the knobs that dress a
// reply (cited note, reasoning, truncation).
func (p *shopPlayer) act(req llm.ChatRequest, note string) llmtest.Reply {
	var r llmtest.Reply
	switch {
	case note == "":
		r = llmtest.Text("I am not sure what to do.")
	case strings.Contains(note, "ask for it now"):
		r = llmtest.Text(p.ask(note))
	case strings.Contains(note, "answer the user now") && p.extraWrites > 0:
		p.extraWrites--
		r.ToolCalls = []llm.ToolCall{{ID: "call_1", Type: "function", Function: llm.FunctionCall{Name: "add_to_cart", Arguments: `{"product_id":"prod_20533","quantity":1}`}}}
	case strings.Contains(note, "answer the user now"):
		r = llmtest.Text("Done: " + lastResultFacts(req.Messages))
	case strings.Contains(note, "Call add_to_cart now") && (p.keepConfirming || p.confirm && !p.confirmed):
		p.confirmed = true
		r = llmtest.Text("I'm about to add that product to your cart. Shall I go ahead?")
	case strings.Contains(note, "Call get_product now") && p.lookup && !p.looked:
		p.looked = true
		r.ToolCalls = []llm.ToolCall{{ID: "call_1", Type: "function", Function: llm.FunctionCall{Name: "list_reviews", Arguments: `{"product_id":"prod_20533"}`}}}
	default:
		calls, ok := p.call(req, note)
		if !ok {
			return llmtest.Text("I am not sure what to do.")
		}
		r.ToolCalls = calls
	}
	return r
}

// ask is the question for the detail the note says is missing, recorded.
func (p *shopPlayer) ask(note string) string {
	what := "that detail"
	if m := needWhat.FindStringSubmatch(note); m != nil {
		what = m[1]
	}
	q := fmt.Sprintf("Could you tell me %s?", strings.ToLower(what))
	if p.selfAnswer {
		q = fmt.Sprintf("Could you tell me %s? I will go with \"invoice launch\".", strings.ToLower(what))
	}
	p.mu.Lock()
	p.questions = append(p.questions, q)
	p.mu.Unlock()
	return q
}

// call makes the calls the note names (one unless serial is off, once per
// element when told to iterate), their arguments from the conversation;
// false when the note names none.
func (p *shopPlayer) call(req llm.ChatRequest, note string) ([]llm.ToolCall, bool) {
	m := callNames.FindStringSubmatch(note)
	if m == nil {
		return nil, false
	}
	tools := strings.Split(m[1], " and ")
	if p.serial {
		tools = tools[:1]
	}
	if m := eachOf.FindStringSubmatch(note); m != nil && !p.serial {
		n, _ := strconv.Atoi(m[1])
		for len(tools) < n {
			tools = append(tools, tools[0])
		}
	}
	var calls []llm.ToolCall
	seen := append([]llm.Message(nil), req.Messages...)
	for i, tool := range tools {
		c := llm.ToolCall{ID: fmt.Sprintf("call_%d", i+1), Type: "function", Function: llm.FunctionCall{Name: tool, Arguments: shopArgs(tool, seen)}}
		calls = append(calls, c)
		seen = append(seen, llm.Message{Role: "assistant", ToolCalls: []llm.ToolCall{c}})
	}
	return calls, true
}

// shopArgs takes a call's arguments from the conversation: the user's
// words and the latest results.
func shopArgs(tool string, msgs []llm.Message) string {
	var user strings.Builder
	results := map[string]map[string]any{}
	names := map[string]string{}
	for _, m := range msgs {
		switch m.Role {
		case "user":
			user.WriteString(m.Content + "\n")
		case "assistant":
			for _, c := range m.ToolCalls {
				names[c.ID] = c.Function.Name
			}
		case "tool":
			var o map[string]any
			if json.Unmarshal([]byte(m.Content), &o) == nil {
				results[names[m.ToolCallID]] = o
			}
		}
	}
	said := user.String()
	fetched := map[string]bool{}
	for _, m := range msgs {
		for _, c := range m.ToolCalls {
			var a map[string]any
			if c.Function.Name == "get_product" && json.Unmarshal([]byte(c.Function.Arguments), &a) == nil {
				fetched[fmt.Sprint(a["product_id"])] = true
			}
		}
	}
	productID := func() string {
		if p := results["get_product"]; p != nil {
			return p["product_id"].(string)
		}
		if s := results["search_products"]; s != nil {
			return s["items"].([]any)[0].(map[string]any)["product_id"].(string)
		}
		return regexp.MustCompile(`prod_[0-9]{5}`).FindString(said)
	}
	args := map[string]any{}
	switch tool {
	case "search_products":
		for _, q := range []string{"report migration", "invoice launch", "backlog backlog"} {
			if strings.Contains(said, q) {
				args["query"] = q
			}
		}
	case "get_product":
		// The next search hit not looked up yet (one per turn for an
		// iteration), else the id the user gave.
		args["product_id"] = regexp.MustCompile(`prod_[0-9]{5}`).FindString(said)
		if res := results["search_products"]; res != nil {
			for _, it := range res["items"].([]any) {
				if id := it.(map[string]any)["product_id"].(string); !fetched[id] {
					args["product_id"] = id
					break
				}
			}
		}
	case "add_to_cart":
		args["product_id"] = productID()
		if q := regexp.MustCompile(`\b([0-9])\b`).FindString(said); q != "" {
			var n int
			fmt.Sscan(q, &n)
			args["quantity"] = n
		}
	case "get_seller":
		args["seller_id"] = results["get_product"]["seller_id"]
	case "list_reviews":
		args["product_id"] = productID()
	}
	raw, _ := json.Marshal(args)
	return string(raw)
}

var argsLine = regexp.MustCompile(`(?m)^Arguments: (.*)$`)

// toolResult is the backend's answer, consistent with the arguments.
func toolResult(prompt string) string {
	var args map[string]any
	if m := argsLine.FindStringSubmatch(prompt); m != nil {
		_ = json.Unmarshal([]byte(m[1]), &args)
	}
	id, _ := args["product_id"].(string)
	switch {
	case strings.Contains(prompt, "Tool: search_products"):
		return `{"items":[{"product_id":"prod_20417","name":"Desk Lamp","price":19.9,"in_stock":true},{"product_id":"prod_20533","name":"Floor Lamp","price":49.5,"in_stock":false}],"total":2}`
	case strings.Contains(prompt, "Tool: get_product"):
		name := map[string]string{"prod_20533": "Floor Lamp"}[id]
		if name == "" {
			name = "Desk Lamp"
		}
		return fmt.Sprintf(`{"product_id":%q,"name":%q,"price":19.9,"stock":12,"status":"active","seller_id":"sell_00311"}`, id, name)
	case strings.Contains(prompt, "Tool: get_seller"):
		return `{"seller_id":"sell_00311","name":"Lumen Goods","rating":4.6,"verified":true}`
	case strings.Contains(prompt, "Tool: list_reviews"):
		return `{"reviews":[{"rating":5,"text":"Bright and sturdy."},{"rating":4,"text":"Good value."}],"average":4.5}`
	default:
		return `{"cart_id":"cart_00931","total":119.4,"currency":"EUR"}`
	}
}

// userTaskOf finds the user simulator's task for its next message,
// wherever the endpoint put it.
func userTaskOf(req llm.ChatRequest) string {
	for _, m := range req.Messages {
		if i := strings.Index(m.Content, "Your next message:"); i >= 0 {
			return m.Content[i:]
		}
	}
	return ""
}

// userMessage writes the user's turn from its task: the values it must
// state, in a sentence.
func userMessage(task string) string {
	var vals []string
	if i := strings.Index(task, "in your own words"); i >= 0 {
		for _, kv := range strings.Split(task[i:], ";") {
			if k := strings.Index(kv, " = "); k >= 0 {
				vals = append(vals, strings.TrimSpace(kv[k+3:]))
			}
		}
	}
	if strings.Contains(task, "asks you to confirm") {
		return "Yes, go ahead."
	}
	if strings.Contains(task, "answer the assistant's question") {
		return "It's " + strings.Join(vals, " and ") + "."
	}
	return "Hi, I need help in the shop with these: " + strings.Join(vals, ", ") + "."
}

// lastResultFacts quotes the latest tool result's values.
func lastResultFacts(msgs []llm.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "tool" {
			return msgs[i].Content
		}
	}
	return "nothing to report"
}

// privateMarkers are what the engine tells the assistant privately: none
// may appear in any field of a record.
var privateMarkers = []string{"private note", "guidance", "previous reply was not used", "call no tool", "one call in this turn", "needs the results of", "not needed at this point", "the user does not see", "another conversation"}

var planIDWord = regexp.MustCompile(`\bc[0-9]+\b`)

// requireNoPrivateText checks every text field of a record.
func requireNoPrivateText(t *testing.T, rec *trajectoryv1.Record) {
	t.Helper()
	check := func(where, text string) {
		low := strings.ToLower(text)
		for _, m := range privateMarkers {
			if strings.Contains(low, m) {
				t.Fatalf("%s carries private text %q: %s", where, m, text)
			}
		}
		if planIDWord.MatchString(text) {
			t.Fatalf("%s names a plan call id: %s", where, text)
		}
	}
	for i, m := range rec.GetMessages() {
		if i == 0 {
			continue
		}
		where := fmt.Sprintf("message %d (%s)", i, m.GetRole())
		check(where+" content", m.GetContent())
		check(where+" reasoning", m.GetReasoningContent())
		for _, c := range m.GetToolCalls() {
			check(where+" arguments", c.GetFunction().GetArguments())
		}
	}
	check("system prompt", rec.GetMessages()[0].GetContent())
}
