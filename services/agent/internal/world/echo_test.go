package world

import (
	"encoding/json"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A record a result holds that the call just made (a booking) agrees with
// the request: book_flight for 2025-12-19 from Columbus reports a booking
// on 2025-12-19 from Columbus, not another trip.
func TestAResultsRecordAgreesWithTheRequest(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"book a flight"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "book_flight"}}}
	p := plan.New(bp)
	ts := toolsFor(t, []*toolv1.Tool{{Id: "t1", Name: "book_flight", Description: "Book a flight given the travel information.",
		InputSchemaJson:  `{"type":"object","properties":{"travel_date":{"type":"string","description":"Date of travel, YYYY-MM-DD"},"travel_from":{"type":"string"},"travel_to":{"type":"string"},"travel_class":{"type":"string"}},"required":["travel_date","travel_from","travel_to","travel_class"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"booking_id":{"type":"string"},"booking_history":{"type":"object","properties":{"travel_date":{"type":"string"},"travel_from":{"type":"string"},"travel_to":{"type":"string"},"travel_class":{"type":"string"},"travel_cost":{"type":"number"}},"required":["travel_date","travel_from","travel_to","travel_class","travel_cost"]}},"required":["booking_id","booking_history"]}`}}, p)
	args := map[string]any{"travel_date": "2025-12-19", "travel_from": "Columbus", "travel_to": "Nashville", "travel_class": "business"}
	raw, _ := json.Marshal(args)
	for seed := range int64(10) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "book_flight", string(raw), p.Call("c1"))
		var got struct {
			BookingHistory map[string]any `json:"booking_history"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		for k, v := range args {
			if got.BookingHistory[k] != v {
				t.Fatalf("seed %d: booking_history.%s = %v, want %v: %s", seed, k, got.BookingHistory[k], v, out)
			}
		}
	}
}

// A call's values answer the result's fields of the same name whatever
// their spelling: ListAppInstanceUsers("app-instance-arn": X) reported
// another instance's AppInstanceArn, which the next call then followed,
// and UpdateDeployment(deploymentId: D, body: {description: S}) reported
// another DeploymentId and description, which the next read repeated.
func TestAResultAnswersTheCallWhateverTheSpelling(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"list the users, then update the instance"}, Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "ListAppInstanceUsers"},
		{Id: "c2", ToolName: "UpdateAppInstance", Arguments: []*blueprintv1.ArgumentBinding{{Param: "appInstanceArn", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$.AppInstanceArn"}}}}},
		{Id: "c3", ToolName: "UpdateDeployment"},
		{Id: "c4", ToolName: "GetDeployment"},
	}}
	p := plan.New(bp)
	deployment := `{"type":"object","properties":{"AutoDeployed":{"type":"boolean"},"DeploymentId":{"type":"string"},"DeploymentStatus":{"type":"string","enum":["PENDING","FAILED","DEPLOYED"]},"Description":{"type":"string"}},"required":["DeploymentId","Description"]}`
	ts := toolsFor(t, []*toolv1.Tool{
		{Id: "t1", Name: "ListAppInstanceUsers", Description: "List all AppInstanceUsers created under a single AppInstance.",
			InputSchemaJson:  `{"type":"object","properties":{"app-instance-arn":{"type":"string","description":"The ARN of the AppInstance."},"MaxResults":{"type":"string"}},"required":["app-instance-arn"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"AppInstanceArn":{"type":"string","description":"The ARN of the AppInstance."},"AppInstanceUsers":{"type":"array","items":{"type":"object","properties":{"AppInstanceUserArn":{"type":"string"},"Name":{"type":"string"}}}},"NextToken":{"type":"string"}},"required":["AppInstanceArn","AppInstanceUsers"]}`},
		{Id: "t2", Name: "UpdateAppInstance", Description: "Updates AppInstance metadata.",
			InputSchemaJson:  `{"type":"object","properties":{"appInstanceArn":{"type":"string"},"body":{"type":"object","properties":{"Name":{"type":"string"},"Metadata":{"type":"string"}}}},"required":["appInstanceArn","body"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"AppInstanceArn":{"type":"string"}},"required":["AppInstanceArn"]}`},
		{Id: "t3", Name: "UpdateDeployment", Description: "Updates a Deployment.",
			InputSchemaJson:  `{"type":"object","properties":{"apiId":{"type":"string"},"deploymentId":{"type":"string"},"body":{"type":"object","properties":{"description":{"type":"string"}}}},"required":["apiId","deploymentId","body"]}`,
			OutputSchemaJson: deployment},
		{Id: "t4", Name: "GetDeployment", Description: "Gets a Deployment.",
			InputSchemaJson:  `{"type":"object","properties":{"apiId":{"type":"string"},"deploymentId":{"type":"string"}},"required":["apiId","deploymentId"]}`,
			OutputSchemaJson: deployment},
	}, p)
	const arn = "arn:aws:s3:us-east-1:665496250156:app-instance/day-checklist"
	const dep, desc = "33d6eff7-e0e7-4480-a80b-9ca5722a2acb", "Long deployment for the steamer team."
	for seed := range int64(10) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		got := callObj(t, w, "ListAppInstanceUsers", `{"MaxResults":"10","app-instance-arn":"`+arn+`"}`, p.Call("c1"))
		if got["AppInstanceArn"] != arn {
			t.Fatalf("seed %d: listing AppInstanceArn = %v, want %s", seed, got["AppInstanceArn"], arn)
		}
		if got = callObj(t, w, "UpdateAppInstance", `{"appInstanceArn":"`+arn+`","body":{"Metadata":"x1","Name":"Atlas"}}`, p.Call("c2")); got["AppInstanceArn"] != arn {
			t.Fatalf("seed %d: update AppInstanceArn = %v, want %s", seed, got["AppInstanceArn"], arn)
		}
		for _, c := range []struct{ tool, args, id string }{
			{"UpdateDeployment", `{"apiId":"api_1","body":{"description":"` + desc + `"},"deploymentId":"` + dep + `"}`, "c3"},
			{"GetDeployment", `{"apiId":"api_1","deploymentId":"` + dep + `"}`, "c4"},
		} {
			if got = callObj(t, w, c.tool, c.args, p.Call(c.id)); got["DeploymentId"] != dep || got["Description"] != desc {
				t.Fatalf("seed %d: %s → DeploymentId %v, Description %v; want %s, %q", seed, c.tool, got["DeploymentId"], got["Description"], dep, desc)
			}
		}
	}
}

// A describe call whose request body names the component answers with
// that component: DescribeComponent({"body":{"ComponentName":"homogeneous-
// data"}}) reported "ComponentName":"background-prod".
func TestADescribeInABodyAnswersWithTheThingItNames(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"describe the component"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "DescribeComponent"}}}
	p := plan.New(bp)
	ts := toolsFor(t, []*toolv1.Tool{{Id: "t1", Name: "DescribeComponent", Description: "Describe a component of an application.",
		InputSchemaJson:  `{"type":"object","properties":{"body":{"type":"object","properties":{"ComponentName":{"type":"string"},"ResourceGroupName":{"type":"string"}},"required":["ComponentName","ResourceGroupName"]}},"required":["body"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"ApplicationComponent":{"type":"object","properties":{"ComponentName":{"type":"string"},"Tier":{"type":"string"},"Monitor":{"type":"boolean"}},"required":["ComponentName","Tier"]},"ResourceList":{"type":"array","items":{"type":"string"}}},"required":["ApplicationComponent"]}`}}, p)
	for seed := range int64(10) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "DescribeComponent", `{"body":{"ComponentName":"homogeneous-data","ResourceGroupName":"product-updates"}}`, p.Call("c1"))
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
	ts := toolsFor(t, []*toolv1.Tool{
		{Id: "t1", Name: "UpdateModel", Description: "Changes information about a model.",
			InputSchemaJson:  `{"type":"object","properties":{"restapi_id":{"type":"string"},"model_name":{"type":"string"},"body":{"type":"object","properties":{"patchOperations":{"type":"array","items":{"type":"object","properties":{"op":{"type":"string"},"path":{"type":"string"},"value":{"type":"string"}}}}}}},"required":["restapi_id","model_name"]}`,
			OutputSchemaJson: model},
		{Id: "t2", Name: "GetModel", Description: "Describes an existing model.",
			InputSchemaJson:  `{"type":"object","properties":{"restapi_id":{"type":"string"},"model_name":{"type":"string"}},"required":["restapi_id","model_name"]}`,
			OutputSchemaJson: model},
	}, p)
	for seed := range int64(10) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "UpdateModel", `{"body":{"patchOperations":[{"op":"replace","path":"/description","value":"Orders"}]},"model_name":"actuating-data","restapi_id":"42859056"}`, p.Call("c1"))
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
	ts := toolsFor(t, []*toolv1.Tool{{Id: "t1", Name: "UpdateProject", Description: "Updates a project.",
		InputSchemaJson:  `{"type":"object","properties":{"body":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"}},"required":["id"]}},"required":["body"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"project_id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"}},"required":["project_id","name"]}`}}, p)
	for seed := range int64(10) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "UpdateProject", `{"body":{"description":"Updated after the review.","id":"fproj","name":"Atlas"}}`, p.Call("c1"))
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("seed %d: %v: %s", seed, err, out)
		}
		if got["project_id"] != "fproj" {
			t.Fatalf("seed %d: project_id = %v, want fproj: %s", seed, got["project_id"], out)
		}
	}
}

// A result that is the list of the things a call gave answers with those
// things: createPanelists([{Cedar harbour, loren.pierce@…}, {Green falcon,
// …}]) listed three other panelists.
func TestAListResultNamesTheThingsGiven(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "createPanelists", Description: "Create panelists for a webinar.",
		InputSchemaJson:  `{"type":"object","properties":{"organizerKey":{"type":"integer"},"webinarKey":{"type":"integer"},"body":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}}}}},"required":["organizerKey","webinarKey","body"]}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"},"panelistKey":{"type":"string"},"joinLink":{"type":"string"}}}}`}}
	for seed := range int64(10) {
		w, _ := simWorld(t, tools, nil, seed)
		got, _ := callDoc(t, w, "createPanelists", `{"body":[{"email":"loren.pierce@splunk.net","name":"Cedar harbour"},{"email":"derrick.nelson@randcorporation.io","name":"Green falcon"}],"organizerKey":1,"webinarKey":58}`, nil).([]any)
		if len(got) != 2 {
			t.Fatalf("seed %d: %v", seed, got)
		}
		for i, want := range []string{"Cedar harbour", "Green falcon"} {
			if rec, _ := got[i].(map[string]any); rec["name"] != want || rec["email"] != map[int]string{0: "loren.pierce@splunk.net", 1: "derrick.nelson@randcorporation.io"}[i] {
				t.Fatalf("seed %d: panelist %d is %v, want %s", seed, i, got[i], want)
			}
		}
	}
}

// An update's new value comes back in the field it sets, nested too:
// team.members.set_profile({body: {new_external_id, new_given_name}})
// answered another external_id and name.given_name "Jessy". A name that
// only starts with "updated" (updated_at) sets no field "at".
func TestAnUpdatesNewValueComesBack(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "team.members.set_profile.post", Description: "Updates a team member's profile.",
		InputSchemaJson:  `{"type":"object","properties":{"body":{"type":"object","properties":{"user":{"type":"string"},"new_email":{"type":"string"},"new_external_id":{"type":"string"},"new_given_name":{"type":"string"},"new_surname":{"type":"string"}}}}}`,
		OutputSchemaJson: `{"type":"object","required":["profile"],"properties":{"profile":{"type":"object","required":["email","external_id","name","team_member_id"],"properties":{"email":{"type":"string"},"external_id":{"type":"string"},"team_member_id":{"type":"string"},"name":{"type":"object","required":["given_name","surname","display_name"],"properties":{"given_name":{"type":"string"},"surname":{"type":"string"},"display_name":{"type":"string"}}}}}}}`}}
	const ext = "231baacd-5521-4355-b420-5a1a472c889b"
	for seed := range int64(8) {
		w := firstOf(simWorld(t, tools, nil, seed))
		got := callObj(t, w, "team.members.set_profile.post", `{"body":{"new_external_id":"`+ext+`","new_given_name":"Darwin"}}`, nil)
		profile, _ := got["profile"].(map[string]any)
		name, _ := profile["name"].(map[string]any)
		if profile["external_id"] != ext || name["given_name"] != "Darwin" {
			t.Fatalf("seed %d: profile %v, want external_id %s and name.given_name Darwin", seed, profile, ext)
		}
	}
	// A new status is the order's, not its customer's.
	order := []*toolv1.Tool{{Name: "update_order", Description: "Updates an order.",
		InputSchemaJson:  `{"type":"object","properties":{"order_id":{"type":"string"},"new_status":{"type":"string"}}}`,
		OutputSchemaJson: `{"type":"object","required":["order_id","status","customer"],"properties":{"order_id":{"type":"string"},"status":{"type":"string"},"customer":{"type":"object","required":["name","status"],"properties":{"name":{"type":"string"},"status":{"type":"string"}}}}}`}}
	for seed := range int64(8) {
		got := callObj(t, firstOf(simWorld(t, order, nil, seed)), "update_order", `{"order_id":"o-1","new_status":"shipped"}`, nil)
		if got["status"] != "shipped" || got["customer"].(map[string]any)["status"] == "shipped" {
			t.Fatalf("seed %d: new_status set %v", seed, got)
		}
	}
	for k, want := range map[string]string{"new_given_name": "given_name", "newGivenName": "given_name", "external_id_new": "external_id", "updated_status": "status", "updated_at": "", "newAt": "", "new": "", "renewal_date": ""} {
		if got := updatedName(k); got != want {
			t.Errorf("updatedName(%q) = %q, want %q", k, got, want)
		}
	}
	for k, want := range map[string]string{"new_given_name": "given_name", "newGivenName": "givenName", "NewName": "Name", "email_new": "email", "updated_at": ""} {
		if got := updatedSpelling(k); got != want {
			t.Errorf("updatedSpelling(%q) = %q, want %q", k, got, want)
		}
	}
}

// A caller's credentials are never restated in a result: a CRM delete
// without an output schema answered with the X-API2CRM-APPLICATION-KEY
// and X-API2CRM-USER-KEY headers it was called with.
func TestAResultRestatesNoCredential(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"delete a call"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "deleteCallEntity"}}}
	p := plan.New(bp)
	ts := toolsFor(t, []*toolv1.Tool{{Id: "t1", Name: "deleteCallEntity", Description: "Delete call.",
		InputSchemaJson: `{"type":"object","properties":{"X-API2CRM-APPLICATION-KEY":{"type":"string","description":"Application key"},"X-API2CRM-USER-KEY":{"type":"string","description":"User key"},"call_id":{"type":"string"},"api_key":{"type":"string"}},"required":["X-API2CRM-APPLICATION-KEY","X-API2CRM-USER-KEY","call_id"]}`}}, p)
	args := `{"X-API2CRM-APPLICATION-KEY":"7ae5b17008fb414d84981191cf3b66a476ef8bef","X-API2CRM-USER-KEY":"95dd5bbe-bfaf-48fc-8b3e-c099b69a7675","call_id":"72658916","api_key":"k8Zq3LmNp2Rt"}`
	for seed := range int64(10) {
		out := callOut(t, New(p, ts, SimGenerator{}, nil, seed), "deleteCallEntity", args, p.Call("c1"))
		for _, secret := range []string{"7ae5b17008fb414d84981191cf3b66a476ef8bef", "95dd5bbe-bfaf-48fc-8b3e-c099b69a7675", "k8Zq3LmNp2Rt"} {
			if strings.Contains(out, secret) {
				t.Fatalf("seed %d: the result restates a credential: %s", seed, out)
			}
		}
	}
}
