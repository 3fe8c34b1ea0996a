package llmroles_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/llmroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// shopModel is a scripted OpenAI-compatible model for the chain blueprint
// (search_products → get_product → add_to_cart): it plays the assistant
// with tool calls, the tool simulator in JSON mode, the user and the judge.
// offPlanFirst makes its first assistant turn skip ahead of the plan.
func shopModel(offPlanFirst bool) llmtest.Handler {
	assistantTurns := 0
	return func(req llm.ChatRequest, _ int) llmtest.Reply {
		last := req.Messages[len(req.Messages)-1].Content
		switch {
		case len(req.Tools) > 0: // the assistant
			assistantTurns++
			var results []map[string]any
			for _, m := range req.Messages {
				if m.Role == "tool" {
					var o map[string]any
					_ = json.Unmarshal([]byte(m.Content), &o)
					results = append(results, o)
				}
			}
			if offPlanFirst && assistantTurns == 1 {
				return llmtest.Call("add_to_cart", `{"product_id":"prod_12345","quantity":6}`)
			}
			switch len(results) {
			case 0:
				return llmtest.Call("search_products", `{"query":"report migration"}`)
			case 1:
				items := results[0]["items"].([]any)
				id := items[0].(map[string]any)["product_id"].(string)
				return llmtest.Call("get_product", `{"product_id":"`+id+`"}`)
			case 2:
				return llmtest.Call("add_to_cart", `{"product_id":"`+results[1]["product_id"].(string)+`","quantity":6}`)
			default:
				return llmtest.Text("Added 6 × Desk Lamp (prod_20417) to cart cart_00931; the cart total is 119.4.")
			}
		case req.ResponseFormat != nil && strings.Contains(last, "Tool: "): // the tool simulator
			switch {
			case strings.Contains(last, "Tool: search_products"):
				return llmtest.Text(`{"items":[{"product_id":"prod_20417","name":"Desk Lamp","price":19.9,"in_stock":true}],"total":1}`)
			case strings.Contains(last, "Tool: get_product"):
				return llmtest.Text(`{"product_id":"prod_20417","name":"Desk Lamp","price":19.9,"stock":12,"status":"active","seller_id":"sell_00311"}`)
			default:
				return llmtest.Text(`{"cart_id":"cart_00931","total":119.4,"currency":"EUR"}`)
			}
		case req.ResponseFormat != nil: // the judge
			return llmtest.Text(`{"score":0.9,"reason":"follows the plan and reports the cart"}`)
		default: // the user simulator
			return llmtest.Text("Please search the catalogue for report migration and put 6 of the best match in my cart.")
		}
	}
}

func roles(t *testing.T, srv *llmtest.Server) rollout.Roles {
	c, err := llm.New(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "scripted", MaxConcurrency: 4}, llm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rollout.Roles{
		User: llmroles.User{LLM: c}, Assistant: llmroles.Assistant{LLM: c}, Tools: llmroles.ToolSimulator{LLM: c}, Judge: llmroles.Judge{LLM: c},
		Models: map[string]string{"assistant": "scripted"},
	}
}

func TestRolesThroughAnOpenAICompatibleServer(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(shopModel(false))
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles(t, srv), rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed {
		t.Fatalf("rejected: %v", res.Rejections)
	}
	rec := res.Record
	if rec.GetReasoningMode() != "[u].[d].[d].ans" || rec.GetVerdict().GetJudgeScore() != 0.9 || !rec.GetVerdict().GetChecks()["judge"] {
		t.Fatalf("signature %q, judge %v", rec.GetReasoningMode(), rec.GetVerdict())
	}
	// 1 user + 4 assistant + 3 tool + 1 judge calls, each 10+5 tokens.
	if u := rec.GetUsage(); u.GetLlmCalls() != 9 || u.GetPromptTokens() != 90 || u.GetCompletionTokens() != 45 {
		t.Fatalf("usage %v, want 9 calls", u)
	}
	// The private note reached the assistant, folded into the first system
	// message (the default placement), but not the record.
	var sawGuidance bool
	for _, r := range srv.Requests() {
		if len(r.Request.Tools) > 0 && strings.Contains(r.Request.Messages[0].Content, "Private note for your next turn only") {
			sawGuidance = true
		}
	}
	if !sawGuidance {
		t.Error("the assistant never got the plan's guidance")
	}
	requireNoPrivateText(t, rec)
}

func TestModelCorrectionHint(t *testing.T) {
	srv := llmtest.New(t)
	srv.Handle(shopModel(true))
	res, err := rollout.Run(context.Background(), rollout.Config{}, roles(t, srv), rollout.Request{Blueprint: agenttest.Blueprint(t, "chain"), Tools: agenttest.Tools(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed || res.Corrections != 1 {
		t.Fatalf("want accepted after one correction, got passed=%v corrections=%d %v", res.Passed, res.Corrections, res.Rejections)
	}
	var hinted bool
	for _, r := range srv.Requests() {
		if len(r.Request.Tools) > 0 && strings.Contains(r.Request.Messages[0].Content, "Your previous reply was not used: add_to_cart needs the results of get_product first") {
			hinted = true
		}
	}
	if !hinted {
		t.Fatal("the retry did not carry the correction hint")
	}
	requireNoPrivateText(t, res.Record)
}

func TestToolSimulatorRepairsInvalidJSON(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Text(`{"items":"oops"}`), llmtest.Text(`{"items":[],"total":0}`))
	c, _ := llm.New(llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "m"}, llm.Options{})
	p := plan.New(agenttest.Blueprint(t, "chain"))
	ts, _ := toolsetFor(t, p)
	out, usage, err := llmroles.ToolSimulator{LLM: c}.Generate(context.Background(), worldRequest(ts, `{"query":"lamps"}`))
	if err != nil || out != `{"items":[],"total":0}` || usage.Calls != 2 {
		t.Fatalf("got %s %v %v, want the repaired output after 2 calls", out, usage, err)
	}
	if repair := srv.Requests()[1].Request.Messages[3].Content; !strings.Contains(repair, "cannot be used") || !strings.Contains(repair, "items") {
		t.Fatal("the repair request does not say what was wrong")
	}
}
