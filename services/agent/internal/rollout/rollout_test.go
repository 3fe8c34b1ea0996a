package rollout_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/simroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

func simRoles() rollout.Roles {
	return rollout.Roles{User: simroles.User{}, Assistant: simroles.Assistant{}, Tools: world.SimGenerator{}, Models: map[string]string{"assistant": "sim"}}
}

func run(t *testing.T, name string, roles rollout.Roles, mut func(*rollout.Request)) *rollout.Result {
	t.Helper()
	req := rollout.Request{Blueprint: agenttest.Blueprint(t, name), Tools: agenttest.Tools(t), Seed: 7}
	if mut != nil {
		mut(&req)
	}
	res, err := rollout.Run(context.Background(), rollout.Config{Version: "test"}, roles, req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// TestSimRealisesEachPrimitive checks that the sim roles realise each
// blueprint's structure faithfully: the signature is the plan's shape.
func TestSimRealisesEachPrimitive(t *testing.T) {
	want := map[string]string{
		"chain":                    "[u].[d].[d].ans",
		"fan-out":                  "[u].[ddd].ans",
		"conditional":              "[u].[u].ans",
		"iteration":                "[u].[ddd].ans",
		"error-recovery":           "[u!].[u].ans",
		"clarification":            "ask.u.[u].ans",
		"aggregation":              "[u].[u].ans",
		"multi-intent_irrelevance": "[u].ans.u.ans",
	}
	for name, sig := range want {
		t.Run(name, func(t *testing.T) {
			res := run(t, name, simRoles(), nil)
			if !res.Passed {
				t.Fatalf("rejected: %v", res.Rejections)
			}
			rec := res.Record
			if rec.GetReasoningMode() != sig {
				t.Errorf("signature %q, want %q", rec.GetReasoningMode(), sig)
			}
			for _, layer := range []string{"schema", "blueprint", "outcome"} {
				if !rec.GetVerdict().GetChecks()[layer] {
					t.Errorf("check %s failed", layer)
				}
			}
			bp := agenttest.Blueprint(t, name)
			if rec.GetBlueprintId() != bp.GetId() || rec.GetClusterId() != bp.GetClusterId() || rec.GetDomain() != bp.GetDomain() {
				t.Errorf("record ids/domain %q %q %q do not come from the blueprint", rec.GetBlueprintId(), rec.GetClusterId(), rec.GetDomain())
			}
			if len(rec.GetTools()) != len(agenttest.Tools(t)) {
				t.Errorf("%d tools in the record, want the cluster's %d", len(rec.GetTools()), len(agenttest.Tools(t)))
			}
			msgs := rec.GetMessages()
			if msgs[0].GetRole() != "system" || msgs[1].GetRole() != "user" || msgs[len(msgs)-1].GetRole() != "assistant" {
				t.Errorf("messages must run system, user, ..., assistant")
			}
			// Every tool call is answered by a tool message, in order.
			var open []string
			for _, m := range msgs {
				for _, c := range m.GetToolCalls() {
					open = append(open, c.GetId())
					if !strings.HasPrefix(c.GetId(), "call_") || c.GetType() != "function" {
						t.Errorf("call id %q type %q", c.GetId(), c.GetType())
					}
				}
				if m.GetRole() == "tool" {
					if len(open) == 0 || open[0] != m.GetToolCallId() {
						t.Fatalf("tool message for %q out of order (open %v)", m.GetToolCallId(), open)
					}
					open = open[1:]
				}
			}
			if len(open) > 0 {
				t.Errorf("unanswered calls %v", open)
			}
		})
	}
}

// TestSimIsDeterministic: the same request gives the same record; another
// seed other values but the same structure.
func TestSimIsDeterministic(t *testing.T) {
	for _, name := range agenttest.Blueprints {
		first := run(t, name, simRoles(), nil)
		for range 4 {
			if again := run(t, name, simRoles(), nil); !proto.Equal(first.Record, again.Record) {
				t.Fatalf("%s: same request, different records", name)
			}
		}
	}
	a := run(t, "chain", simRoles(), nil)
	b := run(t, "chain", simRoles(), nil)
	if !proto.Equal(a.Record, b.Record) {
		t.Fatal("same request, different records")
	}
	c := run(t, "chain", simRoles(), func(r *rollout.Request) { r.Seed = 8 })
	if proto.Equal(a.Record.GetMessages()[3], c.Record.GetMessages()[3]) {
		t.Error("another seed should draw other tool outputs")
	}
	if a.Record.GetReasoningMode() != c.Record.GetReasoningMode() {
		t.Errorf("structure changed with the seed: %q vs %q", a.Record.GetReasoningMode(), c.Record.GetReasoningMode())
	}
	if a.Record.GetId() == c.Record.GetId() {
		t.Error("record id must depend on the seed when no job/task is given")
	}
	d := run(t, "chain", simRoles(), func(r *rollout.Request) { r.JobID, r.TaskID = "job1", "task1" })
	e := run(t, "chain", simRoles(), func(r *rollout.Request) { r.JobID, r.TaskID, r.Seed = "job1", "task1", 99 })
	if d.Record.GetId() != e.Record.GetId() || d.Record.GetId() != rollout.RecordID("job1", "task1", "", 0) {
		t.Error("record id must be a function of (job, task)")
	}
}

// TestRecordMeasures: the record's signature and CAC are the contract's
// measures of its own messages.
func TestRecordMeasures(t *testing.T) {
	res := run(t, "mixed", rollout.Roles{User: simroles.User{}, Assistant: simroles.Assistant{}, Tools: world.SimGenerator{}}, nil)
	var msgs []llm.Message
	for _, m := range res.Record.GetMessages() {
		msg := llm.Message{Role: m.GetRole(), Content: m.GetContent(), ToolCallID: m.GetToolCallId()}
		for _, c := range m.GetToolCalls() {
			msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: c.GetId(), Function: llm.FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
		}
		msgs = append(msgs, msg)
	}
	m := trajectory.Measure(msgs)
	if m.Signature != res.Record.GetReasoningMode() || m.CAC != res.Record.GetCac() {
		t.Fatalf("record says %q %v, Measure says %q %v", res.Record.GetReasoningMode(), res.Record.GetCac(), m.Signature, m.CAC)
	}
}

// TestCodeStepWithoutSandboxIsRejected: code output is never faked.
func TestCodeStepWithoutSandboxIsRejected(t *testing.T) {
	res := run(t, "code", simRoles(), nil)
	if res.Passed {
		t.Fatal("a code step without a sandbox must not pass")
	}
	if res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_SANDBOX || !strings.Contains(res.Rejections[0].GetDetail(), "sandbox.addr") {
		t.Fatalf("first rejection %v, want SANDBOX naming sandbox.addr", res.Rejections[0])
	}
}

// player is an assistant that deviates from the plan on chosen turns and
// otherwise plays the sim assistant.
type player struct {
	deviate func(turn int, s *rollout.State) (llm.Message, bool)
	turn    int
	hints   []string
}

func (p *player) Play(ctx context.Context, s *rollout.State) (llm.Message, llm.Totals, error) {
	p.turn++
	if s.Hint != "" {
		p.hints = append(p.hints, s.Hint)
	}
	if m, ok := p.deviate(p.turn, s); ok {
		return m, llm.Totals{}, nil
	}
	return simroles.Assistant{}.Play(ctx, s)
}

func call(name, args string) llm.Message {
	return llm.Message{Role: "assistant", ToolCalls: []llm.ToolCall{{ID: "x", Type: "function", Function: llm.FunctionCall{Name: name, Arguments: args}}}}
}

var planID = regexp.MustCompile(`\bc[0-9]+\b`)

func TestCoherenceCorrections(t *testing.T) {
	cases := []struct {
		name     string
		bp       string
		deviate  func(turn int, s *rollout.State) (llm.Message, bool)
		hint     string
		maxCorr  int
		rejected bool
	}{
		{"dependency not satisfied", "chain", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return call("get_product", `{"product_id":"prod_12345"}`), turn == 1
		}, "get_product needs the results of search_products first", 0, false},
		{"unknown tool", "chain", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return call("delete_everything", `{}`), turn == 1
		}, `there is no tool "delete_everything"`, 0, false},
		{"ungrounded argument", "chain", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return call("search_products", `{"query":"something invented"}`), turn == 1
		}, "something invented", 0, false},
		{"reference not followed", "chain", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return call("get_product", `{"product_id":"prod_00000"}`), turn == 2
		}, "must be the value at $.items[0].product_id", 0, false},
		{"guessing a withheld value", "clarification", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return call("search_products", `{"query":"invoice launch","limit":14}`), turn == 1
		}, "ask the user for it first", 0, false},
		{"parallel group split", "fan-out", func(turn int, s *rollout.State) (llm.Message, bool) {
			if turn != 2 {
				return llm.Message{}, false
			}
			m, _, _ := simroles.Assistant{}.Play(context.Background(), s)
			m.ToolCalls = m.ToolCalls[:1]
			return m, true
		}, "same parallel group", 0, false},
		{"answering too early", "chain", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return llm.Message{Role: "assistant", Content: "All done!"}, turn == 2
		}, "answered before making the calls get_product", 0, false},
		{"off plan beyond the bound", "chain", func(turn int, _ *rollout.State) (llm.Message, bool) {
			return call("get_seller", `{"seller_id":"sell_12345"}`), true
		}, "get_seller is not needed at this point", 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &player{deviate: c.deviate}
			roles := simRoles()
			roles.Assistant = p
			res := run(t, c.bp, roles, func(r *rollout.Request) { r.MaxCorrections = c.maxCorr })
			if len(p.hints) == 0 || !strings.Contains(p.hints[0], c.hint) {
				t.Fatalf("hints %q, want one containing %q", p.hints, c.hint)
			}
			// Hints name tools and values, never the plan's call ids.
			for _, h := range p.hints {
				if planID.MatchString(h) {
					t.Fatalf("hint %q names a plan call id", h)
				}
			}
			if c.rejected {
				if res.Passed || res.Rejections[0].GetReason() != trajectoryv1.RejectReason_REJECT_REASON_OFF_PLAN || !strings.Contains(res.Rejections[0].GetDetail(), "after 2 correction") {
					t.Fatalf("want an OFF_PLAN rejection after 2 corrections, got passed=%v %v", res.Passed, res.Rejections)
				}
				if res.Corrections != 3 {
					t.Errorf("corrections %d, want 3 (2 allowed + the one that rejected)", res.Corrections)
				}
				return
			}
			if !res.Passed || res.Corrections != 1 {
				t.Fatalf("want accepted after 1 correction, got passed=%v corrections=%d %v", res.Passed, res.Corrections, res.Rejections)
			}
			// The discarded off-plan turn is not in the record.
			for _, m := range res.Record.GetMessages() {
				for _, tc := range m.GetToolCalls() {
					if slices.Contains([]string{"delete_everything"}, tc.GetFunction().GetName()) || strings.Contains(tc.GetFunction().GetArguments(), "something invented") {
						t.Fatalf("off-plan call %v kept in the record", tc)
					}
				}
			}
		})
	}
}

// TestSimUserSimulator: the user states what the plan lets it state,
// withholds a value until asked, and follows up with the next intent.
func TestSimUserSimulator(t *testing.T) {
	users := func(res *rollout.Result) []string {
		var out []string
		for _, m := range res.Record.GetMessages() {
			if m.GetRole() == "user" {
				out = append(out, m.GetContent())
			}
		}
		return out
	}
	u := users(run(t, "clarification", simRoles(), nil))
	if len(u) != 2 || strings.Contains(u[0], "invoice launch") || !strings.Contains(u[1], "invoice launch") {
		t.Fatalf("the withheld query must come only after the question: %q", u)
	}
	if !strings.Contains(u[0], "search the catalogue") {
		t.Fatalf("the opening must state the goal: %q", u[0])
	}
	u = users(run(t, "chain", simRoles(), nil))
	if len(u) != 1 || !strings.Contains(u[0], "report migration") || !strings.Contains(u[0], "6") {
		t.Fatalf("the opening must state the plan's user values: %q", u)
	}
	bp := agenttest.Blueprint(t, "multi-intent_irrelevance")
	second := bp.GetIntents()[1][1:] // the follow-up may lower-case the first letter
	u = users(run(t, "multi-intent_irrelevance", simRoles(), nil))
	if len(u) != 2 || !strings.Contains(u[1], second) || strings.Contains(u[0], second) {
		t.Fatalf("the second intent must come as a follow-up: %q", u)
	}
}

// TestSeededByContentNotIDs: the same plan under other ids (another job,
// another import of the corpus) rolls out to the same conversation, so a
// seed repeats across runs.
func TestSeededByContentNotIDs(t *testing.T) {
	for _, name := range []string{"mixed", "clarification", "error-recovery"} {
		a := run(t, name, simRoles(), nil)
		b := run(t, name, simRoles(), func(r *rollout.Request) {
			r.Blueprint.Id, r.Blueprint.JobId, r.Blueprint.ClusterId = "bp-other", "job-other", "k0000000000-00001"
		})
		if !slices.EqualFunc(a.Record.GetMessages(), b.Record.GetMessages(), func(x, y *trajectoryv1.Message) bool { return proto.Equal(x, y) }) {
			t.Fatalf("%s: the same plan under other ids gave another conversation", name)
		}
	}
}
