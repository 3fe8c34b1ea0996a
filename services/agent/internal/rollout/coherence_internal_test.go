package rollout

import (
	"encoding/json"
	"testing"
)

func TestReferencedValueMayBeTextOfANumber(t *testing.T) {
	tests := []struct {
		want []any
		got  any
		ok   bool
	}{
		{[]any{json.Number("2024")}, "2024", true},
		{[]any{json.Number("2024")}, json.Number("2024.0"), true},
		{[]any{json.Number("2024")}, "2025", false},
		{[]any{"abc"}, "abc", true},
		{[]any{"abc"}, "abd", false},
		{[]any{true}, "true", false},
	}
	for _, tt := range tests {
		if got := containsValue(tt.want, tt.got); got != tt.ok {
			t.Errorf("containsValue(%v, %#v) = %v, want %v", tt.want, tt.got, got, tt.ok)
		}
	}
}
