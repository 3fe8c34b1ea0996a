package world

import (
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// A record deleted is not found by a later lookup, change or deletion of it
// (setup.schema.id.get answered the schema a deletion had just removed),
// also when the lookup was made and answered before the deletion; another
// record of the kind is still there.
func TestDeletedRecordsAreNotFoundLater(t *testing.T) {
	schema := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"fields":{"type":"array","items":{"type":"string"}}},"required":["id","name"]}`
	byID := `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`
	tools := []*toolv1.Tool{
		{Name: "setup.schema.id.get", InputSchemaJson: byID, OutputSchemaJson: schema},
		{Name: "setup.schema.id.put", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id"]}`, OutputSchemaJson: schema},
		{Name: "setup.schema.id.delete", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"},"id":{"type":"string"}},"required":["deleted"]}`},
		{Name: "restoreSchema", InputSchemaJson: byID, OutputSchemaJson: schema},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts, err := toolset.New(tools, p)
	if err != nil {
		t.Fatal(err)
	}
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		before := mustCall(t, w, "setup.schema.id.get", `{"id":"67612778"}`)
		if strings.Contains(before, `"error"`) {
			t.Fatalf("the schema before its deletion: %s", before)
		}
		if out := mustCall(t, w, "setup.schema.id.delete", `{"id":"67612778"}`); strings.Contains(out, `"error"`) {
			t.Fatalf("deletion failed: %s", out)
		}
		for _, c := range [][2]string{
			{"setup.schema.id.get", `{"id":"67612778"}`},
			{"setup.schema.id.put", `{"id":"67612778","name":"Orders"}`},
			{"setup.schema.id.delete", `{"id":"67612778"}`},
		} {
			out := mustCall(t, w, c[0], c[1])
			if out != `{"error":"not found: no id matches \"67612778\""}` {
				t.Fatalf("seed %d: %s(%s) after the deletion answered %s", seed, c[0], c[1], out)
			}
		}
		if out := mustCall(t, w, "setup.schema.id.get", `{"id":"40118812"}`); strings.Contains(out, `"error"`) {
			t.Fatalf("another schema: %s", out)
		}
		if out := mustCall(t, w, "restoreSchema", `{"id":"67612778"}`); strings.Contains(out, `"error"`) {
			t.Fatalf("a restore finds what was deleted: %s", out)
		}
	}
}

// A PUT by id (setup.schema.id.put, as an OpenAPI operation is named) is an
// update: a later read of the record shows the values it wrote.
func TestPutIsAnUpdateLaterReadsShow(t *testing.T) {
	schema := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"label":{"type":"string"}},"required":["id","name","label"]}`
	tools := []*toolv1.Tool{
		{Name: "setup.schema.id.get", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`, OutputSchemaJson: schema},
		{Name: "setup.schema.id.put", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"},"body":{"type":"object","properties":{"name":{"type":"string"},"label":{"type":"string"}}}},"required":["id"]}`, OutputSchemaJson: `{"type":"object","properties":{"updated":{"type":"boolean"}}}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts, err := toolset.New(tools, p)
	if err != nil {
		t.Fatal(err)
	}
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		mustCall(t, w, "setup.schema.id.put", `{"id":"81","body":{"name":"Orders","label":"Quarterly orders"}}`)
		got := callTool(t, w, "setup.schema.id.get", `{"id":"81"}`)
		if got["name"] != "Orders" || got["label"] != "Quarterly orders" {
			t.Fatalf("seed %d: the record after its update reads %v", seed, got)
		}
	}
}
