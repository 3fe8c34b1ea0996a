package llm_test

import (
	"context"
	"errors"
	"flag"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

func seeded(s int64) llm.ChatRequest {
	r := ask("hi")
	r.Seed = &s
	return r
}

func TestTruncatedReplyIsAskedAgainWithMoreTokensAndAnotherSeed(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Reply{Content: "The answer is", FinishReason: "length"}, llmtest.Text("The answer is 42."))
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) { e.MaxTokens = 64; e.LengthRetryMaxTokens = 512 })
	resp, err := c.Complete(context.Background(), seeded(7))
	requireNoError(t, err)
	requireEqual(t, resp.Message().Content, "The answer is 42.", "content")
	reqs := srv.Requests()
	requireEqual(t, len(reqs), 2, "requests")
	requireEqual(t, reqs[1].Request.MaxTokens, 512, "retry max_tokens")
	if *reqs[1].Request.Seed == *reqs[0].Request.Seed {
		t.Fatal("the retry repeats the seed: a seeded server would cut it off again")
	}
	requireEqual(t, resp.Totals().Calls, int64(2), "calls accounted")
}

func TestTruncatedTwiceIsAnError(t *testing.T) {
	srv := llmtest.New(t)
	cut := llmtest.Reply{Content: "The answer", FinishReason: "length"}
	srv.Enqueue(cut, cut)
	c := newClient(t, srv, nil)
	resp, err := c.Complete(context.Background(), seeded(7))
	if !errors.Is(err, llm.ErrTruncated) {
		t.Fatalf("want ErrTruncated, got %v", err)
	}
	requireEqual(t, resp.Totals().Calls, int64(2), "calls accounted")
}

func TestNamelessToolCallIsRetriedWithAnotherSeed(t *testing.T) {
	srv := llmtest.New(t)
	srv.Enqueue(llmtest.Call("", `{}`), llmtest.Call("get_time", `{}`))
	c := newClient(t, srv, nil)
	resp, err := c.Complete(context.Background(), seeded(3))
	requireNoError(t, err)
	requireEqual(t, resp.Message().ToolCalls[0].Function.Name, "get_time", "call")
	reqs := srv.Requests()
	if *reqs[0].Request.Seed != 3 || *reqs[1].Request.Seed == 3 {
		t.Fatalf("seeds %d then %d: want 3 then another", *reqs[0].Request.Seed, *reqs[1].Request.Seed)
	}
}

func TestJSONSchemaFallsBackToJSONObject(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetQuirks(llmtest.Quirks{RejectJSONSchema: true})
	srv.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Text(`{"ok":true}`) })
	c := newClient(t, srv, nil)
	req := ask("hi")
	req.ResponseFormat = llm.JSONSchemaFormat("result", []byte(`{"type":"object"}`))
	for range 2 {
		resp, err := c.Complete(context.Background(), req)
		requireNoError(t, err)
		requireEqual(t, resp.Message().Content, `{"ok":true}`, "content")
	}
	var kinds []string
	for _, r := range srv.Requests() {
		kinds = append(kinds, r.Request.ResponseFormat.Type)
	}
	// Refused once, then json_object from the start.
	if len(kinds) != 3 || kinds[0] != "json_schema" || kinds[1] != "json_object" || kinds[2] != "json_object" {
		t.Fatalf("formats sent: %v", kinds)
	}
}

func TestJSONObjectEndpointNeverSendsASchema(t *testing.T) {
	srv := llmtest.New(t)
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) { e.StructuredOutput = llm.StructuredJSONObject })
	req := ask("hi")
	req.ResponseFormat = llm.JSONSchemaFormat("result", []byte(`{"type":"object"}`))
	_, err := c.Complete(context.Background(), req)
	requireNoError(t, err)
	if f := srv.Requests()[0].Request.ResponseFormat; f.Type != "json_object" || len(f.JSONSchema) != 0 {
		t.Fatalf("sent %+v", f)
	}
}

func TestQuirkyRepliesAreNormalised(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetQuirks(llmtest.Quirks{ToolCallsAsText: "hermes", ThinkInContent: true})
	r := llmtest.Call("get_weather", `{"city":"Paris"}`)
	r.Reasoning = "Paris weather first."
	srv.Enqueue(r)
	no := false
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) { e.ParallelToolCalls = &no })
	req := ask("weather in Paris?")
	req.Tools = declared
	resp, err := c.Complete(context.Background(), req)
	requireNoError(t, err)
	m := resp.Message()
	if len(m.ToolCalls) != 1 || m.ToolCalls[0].Function.Name != "get_weather" || m.Content != "" || m.ReasoningContent != "Paris weather first." {
		t.Fatalf("not normalised: %+v", m)
	}
	if p := srv.Requests()[0].Request.ParallelToolCalls; p == nil || *p {
		t.Fatal("the request does not say parallel_tool_calls: false")
	}
}

func TestCompatibilityFlags(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	var f llm.EndpointFlags
	f.Register(fs, "llm.assistant.", llm.RoleAssistant)
	requireNoError(t, fs.Parse(nil))
	if e := f.Endpoint(); !e.Parallel() || e.GuidancePlacement() != llm.GuidanceSystem || e.StructuredOutput != llm.StructuredJSONSchema {
		t.Fatalf("defaults: %+v", e)
	}
	requireNoError(t, fs.Parse([]string{"--llm.assistant.parallel_tool_calls=false", "--llm.assistant.guidance", "user", "--llm.assistant.structured_output", "json_object", "--llm.assistant.length_retry_max_tokens", "4096"}))
	e := f.Endpoint()
	if e.Parallel() || e.GuidancePlacement() != llm.GuidanceUser || e.StructuredOutput != llm.StructuredJSONObject || e.LengthRetryMaxTokens != 4096 {
		t.Fatalf("parsed: %+v", e)
	}
	e.Guidance = "trailing"
	if p := e.Problems(); len(p) != 1 || p[0][0] != "guidance" {
		t.Fatalf("problems %v", p)
	}
}

// An endpoint configured json_schema explicitly (the flag's default) still
// falls back when its server refuses the schema.
func TestExplicitJSONSchemaFallsBack(t *testing.T) {
	srv := llmtest.New(t)
	srv.SetQuirks(llmtest.Quirks{RejectJSONSchema: true})
	c := newClient(t, srv, func(e *llm.Endpoint, _ *llm.Options) { e.StructuredOutput = llm.StructuredJSONSchema })
	req := ask("hi")
	req.ResponseFormat = llm.JSONSchemaFormat("result", []byte(`{"type":"object"}`))
	_, err := c.Complete(context.Background(), req)
	requireNoError(t, err)
}

func TestCompatibilityOptionsSurviveTheContract(t *testing.T) {
	no := false
	e := llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: "http://127.0.0.1:8000/v1", Model: "m",
		Guidance: llm.GuidanceUser, ParallelToolCalls: &no, StructuredOutput: llm.StructuredJSONObject, LengthRetryMaxTokens: 2048,
		MaxConcurrency: 32, MinConcurrency: 12}
	back := llm.FromProto(e.Proto())
	if back.Guidance != e.Guidance || back.Parallel() || back.StructuredOutput != e.StructuredOutput || back.LengthRetryMaxTokens != 2048 ||
		back.MaxConcurrency != 32 || back.MinConcurrency != 12 {
		t.Fatalf("round trip lost options: %+v", back)
	}
	if !llm.FromProto((llm.Endpoint{}).Proto()).Parallel() {
		t.Fatal("an unset parallel_tool_calls must mean true")
	}
}
