package planner_test

import (
	"encoding/json"
	"regexp"
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
	for seed := range int64(60) {
		// A second case to compare is drawn as the user says it too.
		bp := mustRealise(t, c, seed, 3)
		if seed%2 == 1 {
			bp = mustRealise(t, c, seed, 3, validate.Aggregate)
		}
		for _, in := range bp.GetIntents() {
			if strings.Contains(in, "body") || strings.Contains(in, " for with ") {
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

// A field that holds one value only inside what the user states (a
// filter's objectType) is the assistant's: bound as a literal by its path,
// never said ("filter with object type KalturaLikeFilter"); a question
// about such a body asks for a field of the filter.
func TestTypeNamesInABodyAreTheAssistants(t *testing.T) {
	in := `{"type":"object","properties":{"body":{"type":"object","required":["filter"],"properties":{"filter":{"anyOf":[
		{"type":"object","required":["objectType","entryIdEqual"],"properties":{"objectType":{"type":"string","enum":["KalturaLikeFilter"]},
			"entryIdEqual":{"type":"string","description":"The entry liked."},"orderBy":{"type":"string","enum":["+createdAt","-createdAt"]}}},
		{"type":"object","required":["objectType"],"properties":{"objectType":{"type":"string","enum":["KalturaBaseFilter"]}}}]}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_k", Domain: "media", Tools: []*toolv1.Tool{
		{Id: "t_ll", Name: "like.list", Service: "kaltura", Domain: "media", Description: "List likes.", InputSchemaJson: in},
	}}
	for seed := range int64(12) {
		var ps []prim
		if seed%2 == 1 {
			ps = []prim{validate.Clarify}
		}
		bp := mustRealise(t, c, seed, 3, ps...)
		lit := false
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				lit = lit || a.GetParam() == "$.body.filter.objectType" && a.GetLiteralJson() != ""
				if u := a.GetUser(); u != nil && strings.Contains(u.GetValueJson(), "objectType") {
					t.Errorf("seed %d: the user states %s = %s", seed, a.GetParam(), u.GetValueJson())
				}
				if u := a.GetUser(); u != nil && u.GetWithholdUntilAsked() && !strings.HasPrefix(a.GetParam(), "$.body.filter.") {
					t.Errorf("seed %d: withholds %s (%q)", seed, a.GetParam(), u.GetDescription())
				}
			}
		}
		if !lit {
			t.Errorf("seed %d: no literal objectType: %v", seed, bp.GetCalls())
		}
		for _, in := range bp.GetIntents() {
			if strings.Contains(in, "Kaltura") {
				t.Errorf("seed %d: the user recites a type: %q", seed, in)
			}
		}
	}
}

// A required idempotency token (a client request token) is made up by the
// client, never recited by the user: a literal, top-level or inside a
// body; a pagination position no user knows is left out.
func TestIdempotencyTokensAreTheAssistants(t *testing.T) {
	tok := `{"type":"string","minLength":10,"maxLength":64,"description":"The unique, user-specified identifier for the request that ensures idempotency."}`
	top := `{"type":"object","properties":{"ClientRequestToken":` + tok + `,"RoomArn":{"type":"string","description":"The room."},
		"position":{"type":"string","description":"The current pagination position in the paged result set."}},"required":["ClientRequestToken","RoomArn"]}`
	body := `{"type":"object","properties":{"body":{"type":"object","required":["ClientRequestToken","Text"],"properties":{"ClientRequestToken":` + tok + `,"Text":{"type":"string","description":"The text to announce."}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_a4b", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_sr", Name: "StartDeviceSync", Service: "a4b", Domain: "cloud", Description: "Resets a device.", InputSchemaJson: top},
		{Id: "t_sa", Name: "SendAnnouncement", Service: "a4b", Domain: "cloud", Description: "Sends an announcement.", InputSchemaJson: body},
	}}
	for seed := range int64(16) {
		bp := mustRealise(t, c, seed, 4, validate.MultiIntent)
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				switch {
				case a.GetParam() == "position":
					t.Errorf("seed %d: the user states a pagination position: %v", seed, a)
				case u != nil && strings.Contains(a.GetParam()+u.GetValueJson(), "ClientRequestToken"):
					t.Errorf("seed %d: the user states the idempotency token: %s = %s", seed, a.GetParam(), u.GetValueJson())
				case strings.HasSuffix(a.GetParam(), "ClientRequestToken") && !uuidText.MatchString(a.GetLiteralJson()):
					// Made up as an SDK makes one: a random UUID.
					t.Errorf("seed %d: the idempotency token is no UUID: %s", seed, a.GetLiteralJson())
				}
			}
		}
	}
}

// A field whose value names the schema type its object is (objectType
// KalturaConferenceFilter, the title of one of the object's alternatives)
// is the protocol's discriminator: a literal, never said by the user.
func TestDiscriminatorIsTheAssistants(t *testing.T) {
	in := `{"type":"object","properties":{"body":{"type":"object","required":["filter"],"properties":{"filter":{
		"anyOf":[{"type":"object","title":"KalturaEntryFilter"},{"type":"object","title":"KalturaConferenceFilter","properties":{}}],
		"properties":{"objectType":{"type":"string","enum":["KalturaEntryFilter","KalturaConferenceFilter"]},"entryIdEqual":{"type":"string","description":"The entry."}},"required":["objectType","entryIdEqual"],"type":"object"}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_kd", Domain: "media", Tools: []*toolv1.Tool{
		{Id: "t_sn", Name: "entryServerNode.list", Service: "kaltura", Domain: "media", Description: "List entry server nodes.", InputSchemaJson: in},
	}}
	typed := 0
	for seed := range int64(16) {
		bp := mustRealise(t, c, seed, 3)
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if a.GetParam() == "$.body.filter.objectType" {
					typed++
				}
			}
		}
		for _, in := range bp.GetIntents() {
			if strings.Contains(in, "Kaltura") {
				t.Errorf("seed %d: the user recites a type: %q", seed, in)
			}
		}
	}
	if typed == 0 {
		t.Error("no plan binds the type as a literal")
	}
}

// A value the body already carries is not said again beside it: the query's
// MaxResults next to the body's.
func TestNoValueTwiceBesideTheBody(t *testing.T) {
	in := `{"type":"object","properties":{"MaxResults":{"type":"string","description":"Pagination limit"},
		"body":{"type":"object","required":["appId"],"properties":{"appId":{"type":"string","description":"The app."},"maxResults":{"type":"integer","minimum":1,"maximum":50}}}},"required":["body"]}`
	c := &clusterv1.Cluster{Id: "cl_j", Domain: "cloud", Tools: []*toolv1.Tool{
		{Id: "t_lj", Name: "ListJobs", Service: "amplify", Domain: "cloud", Description: "Lists the jobs.", InputSchemaJson: in},
	}}
	for seed := range int64(40) {
		bp := mustRealise(t, c, seed, 3)
		for _, call := range bp.GetCalls() {
			top, inBody := false, false
			for _, a := range call.GetArguments() {
				top = top || a.GetParam() == "MaxResults"
				inBody = inBody || a.GetParam() == "body" && strings.Contains(a.GetUser().GetValueJson(), "maxResults")
			}
			if top && inBody {
				t.Errorf("seed %d: max results said twice: %q", seed, bp.GetIntents())
			}
		}
	}
}

var uuidText = regexp.MustCompile(`^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$`)
