package world

import (
	"context"
	"encoding/json"
	"testing"

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
