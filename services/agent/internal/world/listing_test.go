package world

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A tool that says it returns all of something answers with several of
// them: "Returns all content in a Confluence instance" answered with one
// file's text, and "Returns all templates provided by blueprints" with
// one blueprint id.
func TestAToolReturningAllListsSeveral(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "content.get", Description: "Returns all content in a Confluence instance.",
			InputSchemaJson: `{"type":"object","properties":{"spaceKey":{"type":"string"},"limit":{"type":"integer"}}}`},
		{Name: "template.blueprint.get", Description: "Returns all templates provided by blueprints. Use this method to retrieve \nall global blueprint templates or all blueprint templates in a space.",
			InputSchemaJson: `{"type":"object","properties":{"spaceKey":{"type":"string"},"limit":{"type":"integer"},"start":{"type":"integer"}}}`},
	}
	ts := toolsFor(t, tools, plan.New(nil))
	for _, tool := range []string{"content.get", "template.blueprint.get"} {
		for seed := range int64(10) {
			out, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get(tool), Args: map[string]any{"spaceKey": "22532734"}, Seed: seed, Tools: ts})
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := plan.Decode(out)
			o, _ := doc.(map[string]any)
			longest := 0
			for _, v := range o {
				if xs, ok := v.([]any); ok {
					longest = max(longest, len(xs))
				}
			}
			if longest < 2 {
				t.Fatalf("seed %d: %s lists %s", seed, tool, out)
			}
		}
	}
}

// A listing's list is there and holds several things, whatever its schema
// leaves open: ListAppInstanceAdmins answered with one admin a third of
// the time, and ListAppInstanceUsers, whose schema requires nothing, with
// no list one time in six.
func TestAListingListsSeveral(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "ListAppInstanceAdmins", Description: "Returns a list of the administrators in the app instance.",
			InputSchemaJson:  `{"type":"object","properties":{"appInstanceArn":{"type":"string"},"MaxResults":{"type":"string"}},"required":["appInstanceArn"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"AppInstanceArn":{"type":"string"},"Items":{"type":"array","items":{"type":"object","properties":{"Admin":{"type":"string"},"CreatedTimestamp":{"type":"string","format":"date-time"}}}},"NextToken":{"type":"string"}},"required":["Items"]}`},
		{Name: "ListAppInstanceUsers", Description: "List all AppInstanceUsers created under a single app instance.",
			InputSchemaJson:  `{"type":"object","properties":{"app-instance-arn":{"type":"string"}},"required":["app-instance-arn"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"AppInstanceArn":{"type":"string"},"Items":{"type":"array","items":{"type":"object","title":"AppInstanceUserSummary"}},"NextToken":{"type":"string"}}}`},
	}
	tools = append(tools, &toolv1.Tool{Name: "GetVpcLinks", Description: "Gets the VPC links of the account.",
		InputSchemaJson:  `{"type":"object","properties":{"limit":{"type":"integer"}}}`,
		OutputSchemaJson: `{"type":"object","properties":{"Items":{"type":"array","items":{"type":"object","properties":{"Id":{"type":"string"},"Name":{"type":"string"}}}},"NextToken":{"type":"string"}}}`})
	ts := toolsFor(t, tools, plan.New(nil))
	for _, tool := range []string{"ListAppInstanceAdmins", "ListAppInstanceUsers", "GetVpcLinks"} {
		for seed := range int64(20) {
			out, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get(tool), Args: map[string]any{}, Seed: seed, Tools: ts})
			if err != nil {
				t.Fatal(err)
			}
			var got struct{ Items []any }
			if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Items) < 2 {
				t.Fatalf("seed %d: %s lists %s", seed, tool, out)
			}
		}
	}
}

// A listing's list of what went wrong is not forced: ListJobs answered
// with two or more UnprocessedJobs every time once listings always sent
// their lists.
func TestAListingsTroublesAreNotForced(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "ListJobs", Description: "Lists the jobs.",
		InputSchemaJson:  `{"type":"object","properties":{"limit":{"type":"integer"}}}`,
		OutputSchemaJson: `{"type":"object","properties":{"Jobs":{"type":"array","items":{"type":"object","properties":{"JobId":{"type":"string"}}}},"UnprocessedJobs":{"type":"array","items":{"type":"object","properties":{"Reason":{"type":"string"}}}}}}`}}
	ts := toolsFor(t, tools, plan.New(nil))
	without := 0
	for seed := range int64(20) {
		out, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get("ListJobs"), Args: map[string]any{}, Seed: seed, Tools: ts})
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Jobs, UnprocessedJobs []any }
		if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Jobs) < 2 {
			t.Fatalf("seed %d: %v %s", seed, err, out)
		}
		if len(got.UnprocessedJobs) < 2 {
			without++
		}
	}
	if without == 0 {
		t.Fatal("every listing had two or more unprocessed jobs")
	}
}

// A list the plan needs longer, or not empty, is never given an empty
// object where its items are left open by the schema: GetCostForecast
// answered ForecastResultsByTime [{}] and deleteCallCollectionBulk
// {"item": [{}]}. An element added is like the ones listed, or drawn by
// the list's name; a list nothing can fill stays as it is.
func TestAListIsNeverGivenAnEmptyObject(t *testing.T) {
	open := `{"type":"object","properties":{"ForecastResultsByTime":{"type":"array","items":{"type":"object","title":"ForecastResult"}},"Total":{"type":"object","properties":{"Amount":{"type":"string"}}}}}`
	bulk := `{"type":"object","title":"BulkEntity","properties":{"item":{"type":"array","items":{"type":"object","title":"Item"}}}}`
	tools := []*toolv1.Tool{
		{Name: "GetCostForecast", InputSchemaJson: `{"type":"object","properties":{"body":{"type":"object","properties":{"Granularity":{"type":"string"}}}}}`, OutputSchemaJson: open},
		{Name: "GetUsageForecast", InputSchemaJson: `{"type":"object","properties":{"body":{"type":"object","properties":{"Granularity":{"type":"string"}}}}}`, OutputSchemaJson: open},
		{Name: "deleteCallCollectionBulk", Description: "DELETE bulk  for call", InputSchemaJson: `{"type":"object","properties":{"body":` + bulk + `}}`, OutputSchemaJson: bulk},
		{Name: "GetTags", InputSchemaJson: `{"type":"object","properties":{"SearchString":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"Tags":{"type":"array","items":{"type":"string"}}}}`},
	}
	notEmpty := func(id, path string) *blueprintv1.Condition {
		return &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: id, Path: path}, Operator: "not_empty"}
	}
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "GetCostForecast"},
		{Id: "c2", ToolName: "GetTags", Condition: notEmpty("c1", "$.ForecastResultsByTime")},
		{Id: "c3", ToolName: "GetUsageForecast"},
		{Id: "c4", ToolName: "GetTags", ForEach: &blueprintv1.CallReference{CallId: "c3", Path: "$.ForecastResultsByTime"}},
		{Id: "c5", ToolName: "deleteCallCollectionBulk"},
		{Id: "c6", ToolName: "GetTags", Condition: notEmpty("c5", "$.item")},
	}}
	for seed := range int64(20) {
		w, p := simWorld(t, tools, bp, seed)
		for _, c := range []struct{ tool, args, id string }{
			{"GetCostForecast", `{"body":{"Granularity":"MONTHLY"}}`, "c1"},
			{"GetUsageForecast", `{"body":{"Granularity":"DAILY"}}`, "c3"},
			{"deleteCallCollectionBulk", `{"body":{}}`, "c5"},
		} {
			got := callObj(t, w, c.tool, c.args, p.Call(c.id))
			for k, v := range got {
				if xs, isList := v.([]any); isList && slices.ContainsFunc(xs, func(x any) bool { m, isObj := x.(map[string]any); return isObj && len(m) == 0 }) {
					t.Fatalf("seed %d: %s's %s holds an empty object: %v", seed, c.tool, k, got)
				}
			}
		}
	}
}
