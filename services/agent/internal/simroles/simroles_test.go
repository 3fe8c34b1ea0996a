package simroles_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/simroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// localCode runs programs with the local python3 and sqlite3, the way the
// sandbox reports them; tests that need it skip where they are missing.
type localCode struct{}

func (localCode) Run(ctx context.Context, language, code string) (string, error) {
	argv := []string{"python3", "-I", "-"}
	if language == "sql" {
		argv = []string{"sqlite3", "-bail", "-batch", ":memory:"}
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(code)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	status, exit := "ok", 0
	if err != nil {
		status, exit = "nonzero_exit", 1
	}
	raw, _ := json.Marshal(map[string]any{"status": status, "exit_code": exit, "stdout": string(out), "stderr": stderr.String()})
	return string(raw), nil
}

func roles() rollout.Roles {
	return rollout.Roles{User: simroles.User{}, Assistant: simroles.Assistant{}, Tools: world.SimGenerator{}, Models: map[string]string{"assistant": "sim"}}
}

func run(t *testing.T, bp *blueprintv1.Blueprint, seed int64, code world.CodeRunner) *rollout.Result {
	t.Helper()
	res, err := rollout.Run(context.Background(), rollout.Config{Version: "test", Code: code}, roles(), rollout.Request{Blueprint: bp, Tools: agenttest.Tools(t), Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	return res
}

func finalAnswer(msgs []llm.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "assistant" && len(msgs[i].ToolCalls) == 0 {
			return msgs[i].Content
		}
	}
	return ""
}

func messages(t *testing.T, res *rollout.Result) []llm.Message {
	t.Helper()
	var out []llm.Message
	for _, m := range res.Record.GetMessages() {
		msg := llm.Message{Role: m.GetRole(), Content: m.GetContent(), ReasoningContent: m.GetReasoningContent()}
		for _, c := range m.GetToolCalls() {
			msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: c.GetId(), Function: llm.FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
		}
		out = append(out, msg)
	}
	return out
}

// TestComparisonAnsweredWithNumbers: asked to compare two cases, the answer
// gives both numbers and says which is larger.
func TestComparisonAnsweredWithNumbers(t *testing.T) {
	compared := 0
	for seed := range int64(8) {
		res := run(t, agenttest.Blueprint(t, "aggregation"), seed, nil)
		msgs := messages(t, res)
		var outs []map[string]any
		for _, m := range msgs {
			if m.Role == "tool" {
				var o map[string]any
				_ = json.Unmarshal([]byte(m.Content), &o)
				outs = append(outs, o)
			}
		}
		answer := finalAnswer(msgs)
		// A numeric field both results carry is compared: both values are
		// in the answer, with which one is higher.
		for k, a := range outs[0] {
			b, ok := outs[1][k]
			x, okA := a.(float64)
			y, okB := b.(float64)
			if !ok || !okA || !okB || x == y {
				continue
			}
			if !strings.Contains(answer, plan.Text(a)) || !strings.Contains(answer, plan.Text(b)) {
				continue // another shared number was chosen
			}
			if !regexp.MustCompile(`higher|ahead|more`).MatchString(answer) {
				t.Fatalf("seed %d: the answer gives both numbers but not which is larger: %q", seed, answer)
			}
			compared++
			break
		}
	}
	if compared == 0 {
		t.Fatal("no answer compared the two results with their numbers")
	}
}

// TestCodeOutputUsedInAnswer: the figures a program printed are in the answer.
func TestCodeOutputUsedInAnswer(t *testing.T) {
	for _, bin := range []string{"python3", "sqlite3"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed", bin)
		}
	}
	for _, name := range []string{"code", "sql"} {
		res := run(t, agenttest.Blueprint(t, name), 3, localCode{})
		msgs := messages(t, res)
		var stdout string
		for _, m := range msgs {
			if m.Role == "tool" && strings.Contains(m.Content, `"stdout"`) {
				var o struct{ Stdout string }
				_ = json.Unmarshal([]byte(m.Content), &o)
				stdout = o.Stdout
			}
		}
		doc, err := plan.Decode(strings.TrimSpace(stdout))
		if err != nil {
			t.Fatalf("%s: the program printed %q", name, stdout)
		}
		answer := finalAnswer(msgs)
		n := 0
		for _, l := range plan.Leaves(doc) {
			if l == nil {
				continue
			}
			n++
			if !strings.Contains(answer, plan.Text(l)) {
				t.Errorf("%s: the program printed %s, which the answer %q leaves out", name, plan.Text(l), answer)
			}
		}
		if n == 0 {
			t.Fatalf("%s: the program printed no figure: %q", name, stdout)
		}
		// Nothing failed: the answer's reasoning tells of no failure.
		for _, m := range msgs {
			if troubleWords.MatchString(m.ReasoningContent) {
				t.Errorf("%s: reasoning tells of a failure none had: %q", name, m.ReasoningContent)
			}
		}
	}
}

// TestNoToolRequestAnsweredFromBank: a request no tool serves gets the
// bank's helpful answer, not a refusal, and no tool call.
func TestNoToolRequestAnsweredFromBank(t *testing.T) {
	bp := agenttest.Blueprint(t, "multi-intent_irrelevance")
	request := bp.GetIntents()[len(bp.GetIntents())-1]
	entry, ok := wording.Lookup(request)
	if !ok {
		t.Fatalf("request %q is not in the bank", request)
	}
	res := run(t, bp, 1, nil)
	msgs := messages(t, res)
	if got := finalAnswer(msgs); got != entry.Answer {
		t.Fatalf("answer %q, want the bank's %q", got, entry.Answer)
	}
	if strings.Contains(finalAnswer(msgs), "I can't") || strings.Contains(finalAnswer(msgs), "general guidance") {
		t.Fatalf("a request that needs no tool was refused: %q", finalAnswer(msgs))
	}
	last := msgs[len(msgs)-1]
	for i := len(msgs) - 2; i >= 0 && msgs[i].Role != "user"; i-- {
		if len(msgs[i].ToolCalls) > 0 {
			t.Fatalf("a tool was called for %q", request)
		}
	}
	_ = last
}

// TestMissingCapabilityNamed: a request that needs a capability the tools
// lack is declined, and the reply says which capability.
func TestMissingCapabilityNamed(t *testing.T) {
	bp := agenttest.Blueprint(t, "multi-intent_irrelevance")
	var entry wording.Everyday
	for _, e := range wording.EverydayBank() {
		if e.Missing != "" {
			entry = e
			break
		}
	}
	bp.Intents[len(bp.Intents)-1] = entry.Request
	msgs := messages(t, run(t, bp, 1, nil))
	final := msgs[len(msgs)-1]
	if !strings.Contains(final.Content, "can't") || !strings.Contains(final.ReasoningContent, entry.Missing) {
		t.Fatalf("the reply to %q should decline and name %q: %q / %q", entry.Request, entry.Missing, final.Content, final.ReasoningContent)
	}
}

var planWords = regexp.MustCompile(`(?i)\b(plan|planned|plans|step|steps|next step|guidance|blueprint)\b|\bc[0-9]+\b|call_c`)

// TestReasoningNeverSpeaksOfThePlan: reasoning says why a tool and where
// values come from, never of a plan, steps or call ids; and it varies.
var troubleWords = regexp.MustCompile(`(?i)hiccup|went wrong`)

func TestReasoningNeverSpeaksOfThePlan(t *testing.T) {
	openings := map[string]int{}
	total := 0
	for _, name := range agenttest.Blueprints {
		if name == "code" {
			continue
		}
		for seed := range int64(6) {
			res, err := rollout.Run(context.Background(), rollout.Config{Version: "test"}, roles(), rollout.Request{Blueprint: agenttest.Blueprint(t, name), Tools: agenttest.Tools(t), Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			msgs := messages(t, res)
			failed := slices.ContainsFunc(msgs, func(m llm.Message) bool { return m.Role == "tool" && trajectory.IsError(m.Content) })
			for _, m := range msgs {
				if m.ReasoningContent == "" {
					continue
				}
				if w := planWords.FindString(m.ReasoningContent); w != "" {
					t.Fatalf("%s seed %d: reasoning says %q: %q", name, seed, w, m.ReasoningContent)
				}
				// A failure is told of only where one happened.
				if !failed && troubleWords.MatchString(m.ReasoningContent) {
					t.Fatalf("%s seed %d: reasoning tells of a failure none had: %q", name, seed, m.ReasoningContent)
				}
				f := strings.Fields(strings.ToLower(m.ReasoningContent))
				openings[strings.Join(f[:min(3, len(f))], " ")]++
				total++
			}
		}
	}
	for o, n := range openings {
		if n*4 > total {
			t.Errorf("reasoning opens with %q in %d of %d messages", o, n, total)
		}
	}
}

// TestReasoningSaysWhereValuesComeFrom: a dependent argument's reasoning
// names the tool whose result it comes from and the value.
func TestReasoningSaysWhereValuesComeFrom(t *testing.T) {
	msgs := messages(t, run(t, agenttest.Blueprint(t, "chain"), 2, nil))
	found := false
	for i, m := range msgs {
		if len(m.ToolCalls) == 0 || i < 3 {
			continue
		}
		var args map[string]any
		_ = json.Unmarshal([]byte(m.ToolCalls[0].Function.Arguments), &args)
		for _, v := range args {
			if plan.Significant(v) && strings.Contains(m.ReasoningContent, plan.Text(v)) {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("no reasoning names the value a dependent call passes on")
	}
}

// TestUserStylesDiffer: the same request reads differently for a terse, a
// chatty, a formal and a non-native persona, and states every value.
func TestUserStylesDiffer(t *testing.T) {
	seen := map[string]bool{}
	for _, style := range []string{"concise and to the point", "chatty and friendly", "formal", "non-native English speaker, simple sentences"} {
		bp := agenttest.Blueprint(t, "chain")
		bp.Persona.Style = style
		bp.Intents = []string{"look up the order for order ID #W2378156, then cancel it"}
		msgs := messages(t, run(t, bp, 5, nil))
		first := msgs[1].Content
		if !strings.Contains(first, "#W2378156") || !strings.Contains(first, "look up the order") && !strings.Contains(first, "Look up the order") {
			t.Fatalf("%s: the request lost its content: %q", style, first)
		}
		if strings.Contains(first, ": #W2378156;") {
			t.Fatalf("%s: the value is dumped as a list: %q", style, first)
		}
		seen[first] = true
	}
	if len(seen) < 4 {
		t.Fatalf("four styles gave %d distinct requests", len(seen))
	}
}

// TestAnswersStateEachValueOnce: a value one result gave and a later one
// read back (a product's name, its id) is stated once in the answer.
func TestAnswersStateEachValueOnce(t *testing.T) {
	for _, name := range []string{"chain", "mixed", "fan-out", "iteration"} {
		for seed := range int64(10) {
			res := run(t, agenttest.Blueprint(t, name), seed, localCode{})
			answer := finalAnswer(messages(t, res))
			seen := map[string]bool{}
			for _, m := range messages(t, res) {
				if m.Role != "tool" {
					continue
				}
				var o map[string]any
				if json.Unmarshal([]byte(m.Content), &o) != nil {
					continue
				}
				for _, v := range o {
					s, ok := v.(string)
					// Names and texts; a status two entries share is said of each.
					if !ok || len(s) < 12 || !strings.Contains(s, " ") || seen[s] {
						continue
					}
					seen[s] = true
					// Naming a later result by it ("For X, the name is …",
					// "X: price 274.77") refers back; it does not state it again.
					rest := strings.Replace(strings.Replace(answer, "For "+s+",", "", 1), s+":", "", 1)
					if n := strings.Count(rest, s); n > 1 {
						t.Fatalf("%s seed %d: %q stated %d times in %q", name, seed, s, n, answer)
					}
				}
			}
		}
	}
}

// TestIteratedItemsAgreeWithTheirLookups: the lookup of each listed item
// returns that item, with the name the list gave it.
func TestIteratedItemsAgreeWithTheirLookups(t *testing.T) {
	for seed := range int64(10) {
		msgs := messages(t, run(t, agenttest.Blueprint(t, "iteration"), seed, nil))
		var list struct {
			Items []map[string]any `json:"items"`
		}
		names := map[string]any{}
		for _, m := range msgs {
			if m.Role != "tool" {
				continue
			}
			if json.Unmarshal([]byte(m.Content), &list) == nil && len(list.Items) > 0 {
				for _, it := range list.Items {
					if it["product_id"] == nil {
						t.Fatalf("seed %d: a listed item without its id: %s", seed, m.Content)
					}
					names[plan.Text(it["product_id"])] = it["name"]
				}
				continue
			}
			var o map[string]any
			_ = json.Unmarshal([]byte(m.Content), &o)
			if want, ok := names[plan.Text(o["product_id"])]; ok && want != nil && o["name"] != want {
				t.Fatalf("seed %d: product %v is %q in the list and %q when looked up", seed, o["product_id"], want, o["name"])
			}
		}
	}
}

// TestAnswersSayWhatTheyDo: an answer's reasoning speaks of comparing only
// when the answer compares, and a flag is never "the X is yes".
func TestAnswersSayWhatTheyDo(t *testing.T) {
	for _, name := range []string{"chain", "mixed", "fan-out", "iteration", "conditional"} {
		for seed := range int64(8) {
			msgs := messages(t, run(t, agenttest.Blueprint(t, name), seed, localCode{}))
			for _, m := range msgs {
				if m.Role != "assistant" || len(m.ToolCalls) > 0 {
					continue
				}
				if regexp.MustCompile(`compare|side by side`).MatchString(m.ReasoningContent) && !regexp.MustCompile(`higher|lower|ahead|same|differ`).MatchString(m.Content) {
					t.Fatalf("%s seed %d: reasoning %q promises a comparison the answer %q does not make", name, seed, m.ReasoningContent, m.Content)
				}
				if regexp.MustCompile(` is (yes|no)\b`).MatchString(m.Content) {
					t.Fatalf("%s seed %d: %q", name, seed, m.Content)
				}
			}
		}
	}
}
