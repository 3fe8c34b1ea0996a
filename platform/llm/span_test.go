package llm_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// TestCallSpans: each call is a client span "chat <model>" under the
// caller's span, with the GenAI attributes (operation, provider, model,
// token usage, finish reason) and the role; a refused call carries its
// error type; no prompt or answer text is recorded.
func TestCallSpans(t *testing.T) {
	srv := llmtest.New(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	c := newClient(t, srv, nil).WithRole(llm.RoleAssistant)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "rollout")
	srv.Enqueue(llmtest.Reply{Content: "the secret answer", Usage: llm.Usage{PromptTokens: 7, CompletionTokens: 3}})
	_, err := c.Complete(ctx, ask("the secret question"))
	requireNoError(t, err)
	srv.Enqueue(llmtest.Status(http.StatusBadRequest))
	_, err = c.Complete(ctx, ask("again"))
	if err == nil {
		t.Fatal("want the 400")
	}
	parent.End()
	var calls []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.Name() == "chat fake-model" {
			calls = append(calls, s)
		}
	}
	requireEqual(t, len(calls), 2, "call spans")
	attrs := func(s sdktrace.ReadOnlySpan) map[string]string {
		m := map[string]string{}
		for _, kv := range s.Attributes() {
			m[string(kv.Key)] = kv.Value.String()
		}
		return m
	}
	ok, refused := attrs(calls[0]), attrs(calls[1])
	for k, want := range map[string]string{
		"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "fake-model",
		"gen_ai.usage.input_tokens": "7", "gen_ai.usage.output_tokens": "3", "gen_ai.response.finish_reasons": `["stop"]`,
		"tds.llm.role": "assistant", "server.address": "127.0.0.1",
	} {
		if ok[k] != want {
			t.Errorf("%s = %q, want %q (all: %v)", k, ok[k], want, ok)
		}
	}
	requireEqual(t, refused["error.type"], "400", "error type of the refused call")
	for _, s := range calls {
		requireEqual(t, s.SpanKind(), trace.SpanKindClient, "kind")
		requireEqual(t, s.Parent().SpanID(), parent.SpanContext().SpanID(), "parent")
		for _, v := range attrs(s) {
			if strings.Contains(v, "secret") {
				t.Errorf("a span holds text of the conversation: %v", attrs(s))
			}
		}
	}
}
