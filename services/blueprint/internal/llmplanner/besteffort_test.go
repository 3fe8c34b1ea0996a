package llmplanner

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// chainPlan realises a chain and nothing else over the shop cluster.
const chainPlan = `{"goal":"Find a desk lamp and read its details","intents":["find a desk lamp and show me the first result's details"],
 "calls":[{"id":"c1","tool":"search_products","arguments":{"query":{"user":"desk lamp","description":"what to look for"}}},
          {"id":"c2","tool":"get_product","arguments":{"product_id":{"ref":{"call":"c1","path":"$.items[0].product_id"}}}}],
 "expected_outcome":"the lamp's name, price and stock"}`

func newPlanner(t *testing.T) (*Planner, *llmtest.Server) {
	t.Helper()
	srv := llmtest.New(t)
	c, err := llm.New(llm.Endpoint{Provider: "openai", BaseURL: srv.URL, Model: "planner", MaxRetries: -1},
		llm.Options{Backoff: llm.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return &Planner{LLM: c, Model: "planner"}, srv
}

func TestBestEffortAcceptsTheRealisedSubset(t *testing.T) {
	cat := catalog.New(fixtures.Shop())
	prims := []blueprintv1.ReasoningPrimitive{validate.Chain, validate.Iteration, validate.Recovery}

	p, srv := newPlanner(t)
	srv.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Text(chainPlan) })
	res, err := p.Draft(context.Background(), cat, &blueprintv1.Target{Primitives: prims, BestEffort: true}, 5, "job")
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 1 || srv.Calls() != 1 {
		t.Fatalf("a plan that realises a subset is repaired: %d attempts, %d calls", res.Attempts, srv.Calls())
	}
	if got := res.Blueprint.GetPrimitives(); !slices.Equal(got, []blueprintv1.ReasoningPrimitive{validate.Chain}) {
		t.Fatalf("the blueprint lists %v, want what was realised (the chain)", got)
	}
	prompt := srv.Requests()[0].Request.Messages[1].Content
	if !strings.Contains(prompt, "best effort: every primitive below is optional") || !strings.Contains(prompt, "- realise ITERATION") {
		t.Fatalf("the prompt does not say the primitives are optional:\n%s", prompt)
	}

	// Without best effort every requested primitive is required.
	p, srv = newPlanner(t)
	srv.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Text(chainPlan) })
	_, err = p.Draft(context.Background(), cat, &blueprintv1.Target{Primitives: prims}, 5, "job")
	var failed *FailedError
	if !errors.As(err, &failed) || srv.Calls() != DefaultAttempts || !strings.Contains(err.Error(), "ITERATION is requested but not realised") {
		t.Fatalf("want the plan refused for its missing primitives after %d attempts, got %v (%d calls)", DefaultAttempts, err, srv.Calls())
	}
	if strings.Contains(srv.Requests()[0].Request.Messages[1].Content, "optional") {
		t.Fatal("a strict target is shown as optional")
	}
}

func TestBestEffortStillRepairsWhatIsInvalid(t *testing.T) {
	cat := catalog.New(fixtures.Shop())
	bad := strings.Replace(chainPlan, "$.items[0].product_id", "$.items[0].sku", 1)
	p, srv := newPlanner(t)
	srv.Enqueue(llmtest.Text(bad), llmtest.Text(chainPlan))
	res, err := p.Draft(context.Background(), cat, &blueprintv1.Target{Primitives: []blueprintv1.ReasoningPrimitive{validate.Chain, validate.Iteration}, BestEffort: true}, 5, "job")
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 2 {
		t.Fatalf("want one repair, took %d attempts", res.Attempts)
	}
	repair := srv.Requests()[1].Request.Messages
	last := repair[len(repair)-1].Content
	if !strings.Contains(last, `no field "sku"`) || strings.Contains(last, "ITERATION") || !strings.Contains(last, "leave that step out") {
		t.Fatalf("the repair should name the broken reference only, and allow leaving optional steps out:\n%s", last)
	}
	if got := res.Blueprint.GetPrimitives(); !slices.Equal(got, []blueprintv1.ReasoningPrimitive{validate.Chain}) {
		t.Fatalf("primitives %v", got)
	}
}

func TestMaxRequestsIsAsked(t *testing.T) {
	cat := catalog.New(fixtures.Shop())
	two := strings.Replace(chainPlan, `"intents":["find a desk lamp and show me the first result's details"]`,
		`"intents":["find a desk lamp and show me the first result's details","and what is the weather tomorrow?"]`, 1)
	p, srv := newPlanner(t)
	srv.Enqueue(llmtest.Text(two), llmtest.Text(chainPlan))
	res, err := p.Draft(context.Background(), cat, &blueprintv1.Target{Primitives: []blueprintv1.ReasoningPrimitive{validate.Chain}, MaxRequests: 1}, 5, "job")
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if res.Attempts != 2 || !strings.Contains(reqs[0].Request.Messages[1].Content, "- at most 1 requests") {
		t.Fatalf("attempts %d; prompt:\n%s", res.Attempts, reqs[0].Request.Messages[1].Content)
	}
	if last := reqs[1].Request.Messages[len(reqs[1].Request.Messages)-1].Content; !strings.Contains(last, "at most 1 requests, the plan has 2") {
		t.Fatalf("repair does not name the request limit:\n%s", last)
	}
}

func TestPromptAsksForValuesThatFitTheirParameters(t *testing.T) {
	p, srv := newPlanner(t)
	srv.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Text(chainPlan) })
	if _, err := p.Draft(context.Background(), catalog.New(fixtures.Shop()), &blueprintv1.Target{Primitives: []blueprintv1.ReasoningPrimitive{validate.Chain}}, 1, "job"); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Requests()[0].Request.Messages
	for _, want := range []string{"follow the example its description gives", "format (email, date", "Never placeholders"} {
		if !strings.Contains(msgs[0].Content, want) {
			t.Errorf("the system prompt does not say %q", want)
		}
	}
	// The descriptions the values must fit are in the prompt.
	if !strings.Contains(msgs[1].Content, `"description":"Words to search for."`) {
		t.Errorf("the tool listing lacks the parameters' descriptions:\n%s", msgs[1].Content)
	}
}
