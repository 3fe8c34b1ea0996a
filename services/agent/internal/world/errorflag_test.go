package world

import (
	"strings"
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A call that succeeded returns no item in error: the items' "error"
// members go and a failed status becomes one the schema takes that says
// all is well; a status the schema cannot say otherwise is kept.
func TestSuccessfulResultsCarryNoNestedErrors(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "create_batch", InputSchemaJson: `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"object","properties":{
			"id":{"type":"integer"},"error":{"type":"string"},
			"status":{"type":"string","enum":["in_queue","finished","error"]},
			"rows":{"type":"array","items":{"type":"object","properties":{"state":{"type":"string"},"status":{"type":"string","enum":["error"]}}}}}}}`}}
	ts := toolsFor(t, tools, plan.New(&blueprintv1.Blueprint{}))
	out := withoutErrorFlag(ts.Get("create_batch"),
		`[{"id":1,"status":"error","error":"ERR-7629","rows":[{"state":"failed","status":"error"}]},{"id":2,"status":"in_queue"}]`)
	want := `[{"id":1,"rows":[{"state":"ok","status":"error"}],"status":"finished"},{"id":2,"status":"in_queue"}]`
	if strings.ReplaceAll(out, " ", "") != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}
