package world_test

import (
	"context"
	"encoding/json"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

// A describe call whose request body names the component answers with
// that component: DescribeComponent({"body":{"ComponentName":"homogeneous-
// data"}}) reported "ComponentName":"background-prod".
func TestADescribeInABodyAnswersWithTheThingItNames(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"describe the component"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "DescribeComponent"}}}
	p := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "DescribeComponent", Description: "Describe a component of an application.",
		InputSchemaJson:  `{"type":"object","properties":{"body":{"type":"object","properties":{"ComponentName":{"type":"string"},"ResourceGroupName":{"type":"string"}},"required":["ComponentName","ResourceGroupName"]}},"required":["body"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"ApplicationComponent":{"type":"object","properties":{"ComponentName":{"type":"string"},"Tier":{"type":"string"},"Monitor":{"type":"boolean"}},"required":["ComponentName","Tier"]},"ResourceList":{"type":"array","items":{"type":"string"}}},"required":["ApplicationComponent"]}`}}, p)
	if err != nil {
		t.Fatal(err)
	}
	for seed := range int64(10) {
		w := world.New(p, ts, world.SimGenerator{}, nil, seed)
		out, err := w.Call(context.Background(), "DescribeComponent", `{"body":{"ComponentName":"homogeneous-data","ResourceGroupName":"product-updates"}}`, p.Call("c1"))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			ApplicationComponent map[string]any
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if got.ApplicationComponent["ComponentName"] != "homogeneous-data" {
			t.Fatalf("seed %d: ComponentName = %v, want homogeneous-data: %s", seed, got.ApplicationComponent["ComponentName"], out)
		}
	}
}

// An update of a model named by model_name reports that model's name, and
// the next read, which takes the name from it, asks for the same model:
// UpdateModel(model_name: "actuating-data") returned "name":"customizable-
// internal" and GetModel then asked for that one.
func TestAnUpdateByNameReportsTheNameItWasGiven(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"update the model, then read it"}, Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "UpdateModel"},
		{Id: "c2", ToolName: "GetModel", Arguments: []*blueprintv1.ArgumentBinding{{Param: "model_name", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$.name"}}}}},
	}}
	p := plan.New(bp)
	model := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"},"contentType":{"type":"string"}},"required":["id","name","description"]}`
	ts, err := toolset.New([]*toolv1.Tool{
		{Id: "t1", Name: "UpdateModel", Description: "Changes information about a model.",
			InputSchemaJson:  `{"type":"object","properties":{"restapi_id":{"type":"string"},"model_name":{"type":"string"},"body":{"type":"object","properties":{"patchOperations":{"type":"array","items":{"type":"object","properties":{"op":{"type":"string"},"path":{"type":"string"},"value":{"type":"string"}}}}}}},"required":["restapi_id","model_name"]}`,
			OutputSchemaJson: model},
		{Id: "t2", Name: "GetModel", Description: "Describes an existing model.",
			InputSchemaJson:  `{"type":"object","properties":{"restapi_id":{"type":"string"},"model_name":{"type":"string"}},"required":["restapi_id","model_name"]}`,
			OutputSchemaJson: model},
	}, p)
	if err != nil {
		t.Fatal(err)
	}
	for seed := range int64(10) {
		w := world.New(p, ts, world.SimGenerator{}, nil, seed)
		out, err := w.Call(context.Background(), "UpdateModel", `{"body":{"patchOperations":[{"op":"replace","path":"/description","value":"Orders"}]},"model_name":"actuating-data","restapi_id":"42859056"}`, p.Call("c1"))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if got["name"] != "actuating-data" {
			t.Fatalf("seed %d: name = %v, want actuating-data: %s", seed, got["name"], out)
		}
	}
}

// A record names by <noun>_id what the request calls its bare id:
// UpdateProject({body: {id: fproj}}) reported "project_id":"sproj".
func TestABareIDIsTheRecordsNounID(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"update the project"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "UpdateProject"}}}
	p := plan.New(bp)
	ts, err := toolset.New([]*toolv1.Tool{{Id: "t1", Name: "UpdateProject", Description: "Updates a project.",
		InputSchemaJson:  `{"type":"object","properties":{"body":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"}},"required":["id"]}},"required":["body"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"project_id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"}},"required":["project_id","name"]}`}}, p)
	if err != nil {
		t.Fatal(err)
	}
	for seed := range int64(10) {
		w := world.New(p, ts, world.SimGenerator{}, nil, seed)
		out, err := w.Call(context.Background(), "UpdateProject", `{"body":{"description":"Updated after the review.","id":"fproj","name":"Atlas"}}`, p.Call("c1"))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if got["project_id"] != "fproj" {
			t.Fatalf("seed %d: project_id = %v, want fproj: %s", seed, got["project_id"], out)
		}
	}
}
