package llm

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Span attribute keys of the OpenTelemetry GenAI conventions beyond the
// metric ones.
const (
	attrResponseModel  = attribute.Key("gen_ai.response.model")
	attrResponseID     = attribute.Key("gen_ai.response.id")
	attrFinishReasons  = attribute.Key("gen_ai.response.finish_reasons")
	attrInputTokens    = attribute.Key("gen_ai.usage.input_tokens")
	attrOutputTokens   = attribute.Key("gen_ai.usage.output_tokens")
	attrMaxTokens      = attribute.Key("gen_ai.request.max_tokens")
	attrTemperature    = attribute.Key("gen_ai.request.temperature")
	attrSeed           = attribute.Key("gen_ai.request.seed")
	attrCached         = attribute.Key("tds.llm.cached")
	attrCalls          = attribute.Key("tds.llm.calls")
	tracerInstrumentID = "github.com/tdscaling/tdscaling/platform/llm"
)

// startSpan opens the span of one chat call ("chat <model>", kind client)
// as a child of ctx's span: operation, provider, model, server, role and
// the request's settings. Prompts and answers are never recorded: they may
// hold what a job's users would not have in a trace store.
func (c *Client) startSpan(ctx context.Context, req ChatRequest) (context.Context, trace.Span) {
	tp := c.opts.Tracer
	if tp == nil {
		tp = trace.SpanFromContext(ctx).TracerProvider()
	}
	attrs := []attribute.KeyValue{
		attrOperation.String("chat"), attrProvider.String(c.ep.Provider), attrModel.String(req.Model),
		attrServer.String(c.host), AttrRole.String(string(c.role)),
	}
	if req.MaxTokens > 0 {
		attrs = append(attrs, attrMaxTokens.Int(req.MaxTokens))
	}
	if req.Temperature != nil {
		attrs = append(attrs, attrTemperature.Float64(*req.Temperature))
	}
	if req.Seed != nil {
		attrs = append(attrs, attrSeed.Int64(*req.Seed))
	}
	return tp.Tracer(tracerInstrumentID).Start(ctx, "chat "+req.Model, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
}

// endSpan records the call's outcome: the response's model, id, finish
// reason and the tokens of every completion the call took (a retried
// truncation included), or the error's type.
func endSpan(span trace.Span, resp *ChatResponse, err error) {
	if resp != nil {
		t := resp.Spent
		span.SetAttributes(attrInputTokens.Int64(t.PromptTokens), attrOutputTokens.Int64(t.CompletionTokens), attrCalls.Int64(t.Calls), attrCached.Bool(resp.Cached))
		if resp.Model != "" {
			span.SetAttributes(attrResponseModel.String(resp.Model))
		}
		if resp.ID != "" {
			span.SetAttributes(attrResponseID.String(resp.ID))
		}
		if len(resp.Choices) > 0 && resp.Choices[0].FinishReason != "" {
			span.SetAttributes(attrFinishReasons.StringSlice([]string{resp.Choices[0].FinishReason}))
		}
	}
	if err != nil {
		span.SetAttributes(attrErrorType.String(errorType(err)))
		if !errors.Is(err, ErrBudgetExhausted) {
			span.SetStatus(codes.Error, errorType(err))
		}
	}
	span.End()
}
