package rollout

import (
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

func TestLeakCheck(t *testing.T) {
	p := plan.New(agenttest.Blueprint(t, "chain"))
	tools, err := toolset.New(agenttest.Tools(t), p)
	if err != nil {
		t.Fatal(err)
	}
	s := &State{Plan: p, Tools: tools, Messages: []llm.Message{
		{Role: "system", Content: systemPrompt},
		{Role: "user", Content: "Find report migration guides; I need guidance on the c9 model."},
		{Role: "tool", Content: `{"items":[{"product_id":"prod_20417","name":"Planned Maintenance Kit"}]}`},
	}}
	note := "Call get_product now. Use only values the user stated or earlier tool results returned."
	hint := "add_to_cart needs the results of get_product first; the next step is get_product"
	cases := []struct {
		text string
		kind FieldKind
		refs bool
		leak bool
	}{
		{"The note says to call get_product next.", FieldReasoning, true, true},
		{"The user wants get_product next.", FieldReasoning, true, false},
		{"The guidance says to call get_product next.", FieldReasoning, true, true},
		{"According to the plan, get_product comes next.", FieldReasoning, true, true},
		{"I should use only values the user stated or earlier tool results returned.", FieldAssistant, true, true},
		{"add_to_cart needs the results of get_product first, so I look it up.", FieldReasoning, true, true},
		{"c2 is done, c3 is next.", FieldAssistant, true, true},
		{"The c9 model is in stock.", FieldAssistant, true, false},           // the user's own words
		{"You asked for guidance: here it is.", FieldAssistant, true, false}, // "guidance" is the user's word
		{"It is a planned maintenance kit.", FieldReasoning, true, false},    // "planned" is a result's word
		{"The planned calls for this request are done.", FieldReasoning, false, false},
		{"The planned calls for this request are done.", FieldReasoning, true, true},
		{`{"note": "c2 (get_product) failed"}`, FieldOther, false, true},
		{`{"query": "report migration"}`, FieldAssistant, true, false},
	}
	for _, c := range cases {
		lc := newLeakCheck(s, []string{note, hint}, c.refs)
		if got := lc.find(c.text, c.kind); (got != "") != c.leak {
			t.Errorf("%q (kind %d, refs %v): leak %q, want leak=%v", c.text, c.kind, c.refs, got, c.leak)
		}
	}
	msgs := append(append([]llm.Message(nil), s.Messages...), llm.Message{Role: "assistant", ToolCalls: []llm.ToolCall{{Function: llm.FunctionCall{Name: "get_product", Arguments: `{"product_id":"c2 (get_product)"}`}}}})
	if w := newLeakCheck(s, []string{note}, true).recordLeaks(msgs); w == "" {
		t.Fatal("a plan id in call arguments went unnoticed")
	}
}

func TestPlainHint(t *testing.T) {
	e := &engine{s: &State{Plan: plan.New(agenttest.Blueprint(t, "chain"))}}
	got := e.plainHint("c3 (add_to_cart) needs the results of c2 first; the next planned step is c1 (search_products); c2's result lacks $.product_id")
	want := "add_to_cart needs the results of get_product first; the next step is search_products; get_product's result lacks $.product_id"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}
