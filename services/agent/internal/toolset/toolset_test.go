package toolset

import (
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// TestParamsOfEachSchema: every set reads its tools' parameter types and
// date layouts from their own schema, also when an earlier set had the
// same schema or another one.
func TestParamsOfEachSchema(t *testing.T) {
	a := `{"type":"object","properties":{"day":{"type":"string","description":"Date, YYYY-MM-DD"},"n":{"type":"integer"}}}`
	b := `{"type":"object","properties":{"day":{"type":"integer"}}}`
	for range 2 {
		s, err := New([]*toolv1.Tool{{Name: "x", InputSchemaJson: a}, {Name: "y", InputSchemaJson: b}}, &plan.Plan{})
		if err != nil {
			t.Fatal(err)
		}
		x, y := s.Get("x"), s.Get("y")
		if x.ParamType("day") != "string" || x.ParamType("n") != "integer" || y.ParamType("day") != "integer" || y.ParamType("n") != "" {
			t.Fatalf("types: x day %q n %q, y day %q n %q", x.ParamType("day"), x.ParamType("n"), y.ParamType("day"), y.ParamType("n"))
		}
		if x.DateLayout("day") == "" || y.DateLayout("day") != "" {
			t.Fatalf("layouts: x %q, y %q", x.DateLayout("day"), y.DateLayout("day"))
		}
	}
}

// TestCompileKeepsErrors: a schema that does not compile gives its error
// every time, from the cache after the first.
func TestCompileKeepsErrors(t *testing.T) {
	bad := `{"type": "object", "properties": {"x": {"type": 7}}, "zz": "` + t.Name() + `"}`
	n := schemas.Len()
	_, err1 := compile(bad)
	if schemas.Len() != n+1 {
		t.Fatalf("the cache holds %d schemas after a bad one, want %d", schemas.Len(), n+1)
	}
	n++
	_, err2 := compile(bad)
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Fatalf("errors %v and %v, want the same error twice", err1, err2)
	}
	if schemas.Len() != n {
		t.Fatalf("the cache grew from %d to %d on the second compile", n, schemas.Len())
	}
	if d, err := compile(`{"type":"object"}`); err != nil || d == nil {
		t.Fatalf("a good schema: %v, %v", d, err)
	}
}
