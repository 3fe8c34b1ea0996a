package corpus

import (
	"encoding/json"
	"testing"
)

// An output schema counts as declared only when it says what the result
// holds; a bare type with a title (an unresolved OpenAPI reference) leaves
// the result to inference, with the title as its hint.
func TestHasOutput(t *testing.T) {
	for _, c := range []struct {
		schema string
		want   bool
		hint   string
	}{
		{``, false, ""},
		{`null`, false, ""},
		{`{}`, false, ""},
		{`{"type":"object","title":"BrandedFoodObject","x-ref":"BrandedFoodObject"}`, false, "BrandedFoodObject"},
		{`{"type":"object","description":"The created invoice"}`, false, ""},
		{`{"type":"object","properties":{"result":{"type":"number"}}}`, true, ""},
		{`{"type":"array","items":{"type":"string"}}`, true, ""},
		{`{"type":"string"}`, true, ""},
		{`{"type":"object","additionalProperties":{"type":"integer"}}`, true, ""},
		{`{"oneOf":[{"type":"string"},{"type":"integer"}]}`, true, ""},
		// An error body no success fits says nothing of the result.
		{`{"type":"object","title":"CloudError","required":["error"],"properties":{"error":{"type":"object","required":["code","message"],
			"properties":{"code":{"type":"string"},"message":{"type":"string"}}}}}`, false, ""},
		// One a success fits ({"ErrorCode": 0, "Message": "Domain removed."}) does.
		{`{"description":"A Postmark API error.","title":"StandardPostmarkResponse","properties":{"ErrorCode":{"type":"integer"},"Message":{"type":"string"}}}`,
			true, "StandardPostmarkResponse"},
	} {
		tool := Tool{Name: "t", OutputSchema: json.RawMessage(c.schema)}
		if got := tool.HasOutput(); got != c.want {
			t.Errorf("HasOutput(%s) = %v, want %v", c.schema, got, c.want)
		}
		if got := tool.OutputHint(); got != c.hint {
			t.Errorf("OutputHint(%s) = %q, want %q", c.schema, got, c.hint)
		}
	}
}
