package rollout

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

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

// TestIDFormsMatchesTheExpression: the scanner finds exactly what idForm
// finds, in the same order, over texts made of the characters that matter.
func TestIDFormsMatchesTheExpression(t *testing.T) {
	alphabet := []string{"a", "Z", "_", "1", "9", " ", " (", "(", ")", ".", "-", "é", "c2", "get_x", "\n"}
	rng := uint64(1)
	next := func(n int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int(rng>>33) % n
	}
	texts := []string{"", " (", "c2 (get_x)", "see c2 (get_x) and c3 (put.y-z) then", "x c2 (a (b) c9 (d))", "c2(get_x)", "2 (x)", "éc2 (x)"}
	for range 20000 {
		var b strings.Builder
		for range next(24) {
			b.WriteString(alphabet[next(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		want := idForm.FindAllStringSubmatch(text, -1)
		var got [][]string
		idForms(text, func(m, id, tool string) bool {
			got = append(got, []string{m, id, tool})
			return true
		})
		if fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("%q: idForms found %q, the expression %q", text, got, want)
		}
	}
}

// BenchmarkIDForms compares the scanner with the expression on a reply that
// mentions a tool in parentheses.
func BenchmarkIDForms(b *testing.B) {
	text := strings.Repeat("I looked the order up (with get_order) and it shipped on 2 May; ", 6) + "the refund r2 (issue_refund) follows."
	b.Run("expression", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = idForm.FindAllStringSubmatch(text, -1)
		}
	})
	b.Run("scanner", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			idForms(text, func(m, id, tool string) bool { return true })
		}
	})
}

// TestWordsASCII: the ASCII reading of words gives what the Unicode one
// gives.
func TestWordsASCII(t *testing.T) {
	alphabet := []string{"a", "Z", "q", "0", "7", " ", "_", "-", "'", ".", "\n", "\t", "(", "Ab9", "\x7f", "\x01"}
	rng := uint64(7)
	next := func(n int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int(rng>>33) % n
	}
	for range 20000 {
		var b strings.Builder
		for range next(20) {
			b.WriteString(alphabet[next(len(alphabet))])
		}
		s := b.String()
		want := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if got := words(s); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Fatalf("words(%q) = %q, want %q", s, got, want)
		}
	}
	if got := words("Ünïcode wörds, too"); fmt.Sprint(got) != "[ünïcode wörds too]" {
		t.Fatalf("words of a non-ASCII text: %q", got)
	}
}

func BenchmarkWords(b *testing.B) {
	text := strings.Repeat("The order A-9 shipped on 2 May (tracking 1Z999); it should arrive by Friday. ", 8)
	b.Run("words", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = words(text)
		}
	})
	b.Run("FieldsFunc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		}
	})
}
