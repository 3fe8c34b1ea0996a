package planner_test

import (
	"encoding/json"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A query protocol's fixed parameters (Action=DescribeStacks,
// Version=2010-05-15: an enum of one value) are the assistant's to fill in,
// not the user's to recite: the call carries them as literals and no
// request says them.
func TestProtocolConstantsAreTheAssistants(t *testing.T) {
	in := `{"type":"object","properties":{
		"Action":{"type":"string","enum":["DescribeStacks"]},
		"Version":{"type":"string","enum":["2010-05-15"]},
		"Format":{"type":"string","const":"json"},
		"StackName":{"type":"string","description":"The name of the stack."}},
		"required":["Action","Version","StackName"]}`
	c := &clusterv1.Cluster{Id: "cl_cf", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_ds", Name: "GET_DescribeStacks", Service: "cloudformation", Domain: "cloud", Description: "Describes the stacks.", InputSchemaJson: in},
	}}
	for seed := range int64(10) {
		for _, ps := range [][]prim{nil, {validate.Clarify}} {
			bp := mustRealise(t, c, seed, 3, ps...)
			for _, call := range bp.GetCalls() {
				for _, a := range call.GetArguments() {
					switch a.GetParam() {
					case "Action", "Version":
						if a.GetLiteralJson() == "" {
							t.Errorf("seed %d: %s is not a literal: %v", seed, a.GetParam(), a)
						}
					case "Format":
						t.Errorf("seed %d: optional constant Format bound: %v", seed, a)
					}
				}
			}
			for _, in := range bp.GetIntents() {
				if strings.Contains(in, "DescribeStacks") || strings.Contains(in, "2010-05-15") {
					t.Errorf("seed %d: the user recites the protocol: %q", seed, in)
				}
			}
		}
	}
}

// A page cursor (NextToken, "the token returned from the previous call")
// or a client's idempotency token inside a body is nothing a user knows:
// the user's body leaves it out, whatever else it says.
func TestNoCursorInStatedBody(t *testing.T) {
	in := `{"type":"object","properties":{"body":{"type":"object","properties":{
		"MaxResults":{"type":"integer","minimum":1,"maximum":100},
		"NextToken":{"type":"string","description":"The token that was returned from the previous ListHosts call, which can be used to return the next set of hosts in the list."},
		"ClientRequestToken":{"type":"string","description":"A unique identifier for this request. Specify this token if you plan to retry requests."},
		"ProviderTypeFilter":{"type":"string","enum":["Bitbucket","GitHub"]}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_cs", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_lh", Name: "ListHosts", Service: "codestar", Domain: "cloud", Description: "Lists the hosts.", InputSchemaJson: in,
			OutputSchemaJson: `{"type":"object","properties":{"Hosts":{"type":"array","items":{"type":"object","properties":{"Name":{"type":"string"},"Size":{"type":"integer"}}}}}}`},
	}}
	said := 0
	for seed := range int64(30) {
		// A second case to compare is drawn as the user says it too.
		bp := mustRealise(t, c, seed, 3)
		if seed%2 == 1 {
			bp = mustRealise(t, c, seed, 3, validate.Aggregate)
		}
		for _, in := range bp.GetIntents() {
			if strings.Contains(in, "body") {
				t.Errorf("seed %d: the user speaks of the body: %q", seed, in)
			}
		}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				var body map[string]any
				if json.Unmarshal([]byte(a.GetUser().GetValueJson()), &body) != nil {
					continue
				}
				said += len(body)
				for _, k := range []string{"NextToken", "ClientRequestToken"} {
					if _, ok := body[k]; ok {
						t.Errorf("seed %d: the user states %s: %s", seed, k, a.GetUser().GetValueJson())
					}
				}
			}
		}
	}
	if said == 0 {
		t.Fatal("no body field stated in any plan")
	}
}
