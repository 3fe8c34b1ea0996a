package llmplanner

import (
	"fmt"
	"testing"
)

// TestCompactRemembers: compact answers as compactJSON does, for texts it
// has seen and texts it has not, also once its memo has started again.
func TestCompactRemembers(t *testing.T) {
	texts := []string{`{"b": 1, "a": {"y": [1, 2.50, "<x>"]}}`, "not  json\n at all", `{"type":"object"}`, ""}
	for i := range compactedMax + 10 {
		texts = append(texts, fmt.Sprintf(`{ "n": %d , "s": "v%d" }`, i, i))
	}
	for round := range 2 {
		for _, s := range texts {
			if got, want := compact(s), compactJSON(s); got != want {
				t.Fatalf("round %d: compact(%q) = %q, want %q", round, s, got, want)
			}
		}
	}
	if got := compact(`{"b": 1, "a": 2}`); got != `{"a":2,"b":1}` {
		t.Fatalf("compact gave %q", got)
	}
}
