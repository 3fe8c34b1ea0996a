package world

import (
	"encoding/json"
	"slices"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// A record the conversation already holds keeps its name through calls
// that act on it (whatever their verb), and each reports the record asked
// for, even where the id's name shortens the record's (convId of a
// conversation).
func TestActionsKeepTheRecordTheyActOn(t *testing.T) {
	conv := `{"type":"object","properties":{"convId":{"type":"string"},"conversation_id":{"type":"string"},"name":{"type":"string"},"created_at":{"type":"string","format":"date-time"}},"required":["conversation_id","name","created_at"]}`
	in := `{"type":"object","properties":{"convId":{"type":"string"}},"required":["convId"]}`
	var tools []*toolv1.Tool
	for _, n := range []string{"getConversation", "moderateConversation", "unmoderateConversation", "pinConversation"} {
		tools = append(tools, &toolv1.Tool{Name: n, InputSchemaJson: in, OutputSchemaJson: conv})
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		var first map[string]any
		for _, n := range []string{"getConversation", "moderateConversation", "unmoderateConversation", "pinConversation"} {
			out := callOut(t, w, n, `{"convId":"con_Z0bFiwNbGKpnHi"}`, nil)
			var r map[string]any
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if r["conversation_id"] != "con_Z0bFiwNbGKpnHi" {
				t.Fatalf("seed %d: %s reports conversation %v, not the one asked for", seed, n, r["conversation_id"])
			}
			if first == nil {
				first = r
				continue
			}
			if r["name"] != first["name"] || r["created_at"] != first["created_at"] {
				t.Fatalf("seed %d: %s reports %v created %v; the conversation was %v created %v", seed, n, r["name"], r["created_at"], first["name"], first["created_at"])
			}
		}
	}
}

// A thing listed again (a read whose result lists it) is listed as the
// conversation knows it.
func TestListedRecordsKeepTheirNames(t *testing.T) {
	item := `{"type":"object","properties":{"candidate_id":{"type":"string"},"name":{"type":"string"},"party":{"type":"string"}},"required":["candidate_id","name","party"]}`
	tools := []*toolv1.Tool{{Name: "get_candidate", InputSchemaJson: `{"type":"object","properties":{"candidate_id":{"type":"string"},"cycle":{"type":"integer"}},"required":["candidate_id"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"results":{"type":"array","minItems":3,"maxItems":3,"items":` + item + `}},"required":["results"]}`}}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		var names []any
		for _, cycle := range []string{"2020", "2022", "2024"} {
			out := callOut(t, w, "get_candidate", `{"candidate_id":"3a05","cycle":`+cycle+`}`, nil)
			var r struct{ Results []map[string]any }
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			for _, it := range r.Results {
				names = append(names, it["name"])
			}
		}
		if len(slices.Compact(slices.Clone(names))) != 1 {
			t.Fatalf("seed %d: candidate 3a05 listed as %v", seed, names)
		}
	}
}

// A read of a record by id whose answer wraps the record ({"data": …})
// reports the record asked for, as the conversation knows it.
func TestWrappedRecordIsTheOneAskedFor(t *testing.T) {
	rec := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"created":{"type":"string","format":"date-time"}},"required":["id","name","created"]}`
	out := `{"type":"object","properties":{"data":` + rec + `,"success":{"type":"boolean"}},"required":["data","success"]}`
	in := `{"type":"object","properties":{"time_entry_type_id":{"type":"string"},"expand":{"type":"string"}},"required":["time_entry_type_id"]}`
	tools := []*toolv1.Tool{{Name: "time_entry_types.time_entry_type_id.get", InputSchemaJson: in, OutputSchemaJson: out}}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		var names []any
		for _, args := range []string{`{"time_entry_type_id":"ae3c"}`, `{"time_entry_type_id":"ae3c","expand":"all"}`} {
			got := callOut(t, w, "time_entry_types.time_entry_type_id.get", args, nil)
			var r struct{ Data map[string]any }
			if err := json.Unmarshal([]byte(got), &r); err != nil {
				t.Fatal(err)
			}
			if r.Data["id"] != "ae3c" {
				t.Fatalf("seed %d: asked for ae3c, got %s", seed, got)
			}
			names = append(names, r.Data["name"])
		}
		if names[0] != names[1] {
			t.Fatalf("seed %d: one record named %v", seed, names)
		}
	}
}

// A write's one object argument is the thing written, whatever its name:
// the answer reports the values it sent.
func TestWrittenObjectIsReported(t *testing.T) {
	datum := `{"type":"object","properties":{"value":{"type":"string"},"lat":{"type":"number"}}}`
	tools := []*toolv1.Tool{{Name: "replaceData",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"string"},"feed_key":{"type":"string"},"datum":` + datum + `},"required":["id","datum"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"},"value":{"type":"string"},"lat":{"type":"number"},"created_at":{"type":"string","format":"date-time"}},"required":["id","value","lat"]}`}}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		got := callOut(t, w, "replaceData", `{"id":"51840797","feed_key":"53457922","datum":{"value":"21.5","lat":"64.8348"}}`, nil)
		var r map[string]any
		if err := json.Unmarshal([]byte(got), &r); err != nil {
			t.Fatal(err)
		}
		if r["value"] != "21.5" || r["lat"] != 64.8348 || r["id"] != "51840797" {
			t.Fatalf("seed %d: wrote value 21.5 at lat 64.8348 to 51840797, got %s", seed, got)
		}
	}
}

// A record a list showed is the record a read by its id returns, though
// the list calls it by its last word (intervals) and the read by the whole
// name (time_entry_interval_id).
func TestListedThenReadKeepsItsName(t *testing.T) {
	rec := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}`
	tools := []*toolv1.Tool{
		{Name: "time_entry_intervals.get", InputSchemaJson: `{"type":"object","properties":{}}`,
			OutputSchemaJson: `{"type":"object","properties":{"data":{"type":"array","minItems":1,"maxItems":1,"items":` + rec + `}},"required":["data"]}`},
		{Name: "time_entry_intervals.time_entry_interval_id.get", InputSchemaJson: `{"type":"object","properties":{"time_entry_interval_id":{"type":"string"}},"required":["time_entry_interval_id"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"data":` + rec + `},"required":["data"]}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		list := callOut(t, w, "time_entry_intervals.get", `{}`, nil)
		var l struct{ Data []map[string]any }
		if err := json.Unmarshal([]byte(list), &l); err != nil {
			t.Fatal(err)
		}
		id, _ := json.Marshal(l.Data[0]["id"])
		got := callOut(t, w, "time_entry_intervals.time_entry_interval_id.get", `{"time_entry_interval_id":`+string(id)+`}`, nil)
		var r struct{ Data map[string]any }
		if err := json.Unmarshal([]byte(got), &r); err != nil {
			t.Fatal(err)
		}
		if r.Data["name"] != l.Data[0]["name"] {
			t.Fatalf("seed %d: listed as %v, read as %v", seed, l.Data[0]["name"], r.Data["name"])
		}
	}
}

// A setting a call makes is what its answer reports as current.
func TestSettingIsReportedAsCurrent(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "adjustClimateControl",
		InputSchemaJson:  `{"type":"object","properties":{"temperature":{"type":"number"},"unit":{"type":"string"}},"required":["temperature"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"currentTemperature":{"type":"number"},"climateMode":{"type":"string"},"humidityLevel":{"type":"number"}},"required":["currentTemperature","climateMode"]}`}}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		got := callOut(t, w, "adjustClimateControl", `{"temperature":20.3}`, nil)
		var r map[string]any
		if err := json.Unmarshal([]byte(got), &r); err != nil {
			t.Fatal(err)
		}
		if r["currentTemperature"] != 20.3 {
			t.Fatalf("seed %d: set 20.3, got %s", seed, got)
		}
	}
}

// A call about several files answers one result for each file it named.
func TestResultsAnswerTheFilesAsked(t *testing.T) {
	item := `{"type":"object","properties":{"path":{"type":"string"},"size":{"type":"integer"},"createdBy":{"type":"string"}},"required":["path","size"]}`
	tools := []*toolv1.Tool{{Name: "getResourceProperties",
		InputSchemaJson:  `{"type":"object","properties":{"filePaths":{"type":"array","items":{"type":"string"}}},"required":["filePaths"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"results":{"type":"array","items":` + item + `}},"required":["results"]}`}}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(5) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		got := callOut(t, w, "getResourceProperties", `{"filePaths":["annual_budget.log","invoice.txt"]}`, nil)
		var r struct{ Results []map[string]any }
		if err := json.Unmarshal([]byte(got), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Results) != 2 || r.Results[0]["path"] != "annual_budget.log" || r.Results[1]["path"] != "invoice.txt" {
			t.Fatalf("seed %d: asked about annual_budget.log and invoice.txt, got %s", seed, got)
		}
	}
}

// A thing is the same thing only under the same parent ids: after
// UpdateConfigurationProfile(application 0ium, profile 7czb) set its
// description, GetConfigurationProfile(application t8mj, profile 7czb)
// returned that description; it is another application's profile. The
// same profile of 0ium does read as updated.
func TestARememberedThingIsOfItsParents(t *testing.T) {
	profile := `{"type":"object","properties":{"ApplicationId":{"type":"string"},"Id":{"type":"string"},"Name":{"type":"string"},"Description":{"type":"string"}},"required":["ApplicationId","Id","Name","Description"]}`
	tools := []*toolv1.Tool{
		{Name: "UpdateConfigurationProfile", Description: "Updates a configuration profile.",
			InputSchemaJson:  `{"type":"object","properties":{"ApplicationId":{"type":"string"},"ConfigurationProfileId":{"type":"string"},"body":{"type":"object","properties":{"Description":{"type":"string"},"Name":{"type":"string"}}}},"required":["ApplicationId","ConfigurationProfileId","body"]}`,
			OutputSchemaJson: profile},
		{Name: "GetConfigurationProfile", Description: "Retrieves information about a configuration profile.",
			InputSchemaJson:  `{"type":"object","properties":{"ApplicationId":{"type":"string"},"ConfigurationProfileId":{"type":"string"}},"required":["ApplicationId","ConfigurationProfileId"]}`,
			OutputSchemaJson: profile},
	}
	const desc = "Nice profile for the cook team."
	for seed := range int64(8) {
		w := firstOf(simWorld(t, tools, nil, seed))
		callObj(t, w, "UpdateConfigurationProfile", `{"ApplicationId":"0ium","ConfigurationProfileId":"7czb","body":{"Description":"`+desc+`","Name":"responsive-point"}}`, nil)
		if got := callObj(t, w, "GetConfigurationProfile", `{"ApplicationId":"t8mj","ConfigurationProfileId":"7czb"}`, nil); got["Description"] == desc || got["Name"] == "responsive-point" {
			t.Fatalf("seed %d: application t8mj's profile 7czb reads as 0ium's: %v", seed, got)
		}
		if got := callObj(t, w, "GetConfigurationProfile", `{"ApplicationId":"0ium","ConfigurationProfileId":"7czb"}`, nil); got["Description"] != desc {
			t.Fatalf("seed %d: application 0ium's profile 7czb does not read as updated: %v", seed, got)
		}
	}
}

// A <noun>_name beside the id names where the thing is, as an id does:
// job J of branch "main" is not job J of branch "dev" (StopJob answered
// about the job started on another branch). A name a write sets is no
// parent: update_user(first_name: Bea) still has the email set before.
func TestANameBesideTheIDIsAParent(t *testing.T) {
	job := `{"type":"object","properties":{"jobId":{"type":"string"},"description":{"type":"string"},"status":{"type":"string"}},"required":["jobId","description"]}`
	user := `{"type":"object","properties":{"user_id":{"type":"integer"},"first_name":{"type":"string"},"email":{"type":"string"}},"required":["user_id","first_name","email"]}`
	tools := []*toolv1.Tool{
		{Name: "UpdateJob", Description: "Updates a job of a branch.", InputSchemaJson: `{"type":"object","properties":{"appId":{"type":"string"},"branchName":{"type":"string"},"jobId":{"type":"string"},"body":{"type":"object","properties":{"description":{"type":"string"}}}}}`, OutputSchemaJson: job},
		{Name: "GetJob", Description: "Returns a job of a branch.", InputSchemaJson: `{"type":"object","properties":{"appId":{"type":"string"},"branchName":{"type":"string"},"jobId":{"type":"string"}}}`, OutputSchemaJson: job},
		{Name: "update_user", Description: "Updates a user.", InputSchemaJson: `{"type":"object","properties":{"user_id":{"type":"integer"},"first_name":{"type":"string"},"email":{"type":"string"}}}`, OutputSchemaJson: user},
	}
	const desc = "Release build for the spring launch."
	for seed := range int64(8) {
		w := firstOf(simWorld(t, tools, nil, seed))
		callObj(t, w, "UpdateJob", `{"appId":"dapp","branchName":"main","jobId":"42","body":{"description":"`+desc+`"}}`, nil)
		if got := callObj(t, w, "GetJob", `{"appId":"dapp","branchName":"dev","jobId":"42"}`, nil); got["description"] == desc {
			t.Fatalf("seed %d: job 42 of branch dev reads as main's: %v", seed, got)
		}
		if got := callObj(t, w, "GetJob", `{"appId":"dapp","branchName":"main","jobId":"42"}`, nil); got["description"] != desc {
			t.Fatalf("seed %d: job 42 of branch main does not read as updated: %v", seed, got)
		}
		callObj(t, w, "update_user", `{"user_id":7,"first_name":"Ann","email":"ann@example.org"}`, nil)
		if got := callObj(t, w, "update_user", `{"user_id":7,"first_name":"Bea"}`, nil); got["email"] != "ann@example.org" || got["first_name"] != "Bea" {
			t.Fatalf("seed %d: the second update lost what the first set: %v", seed, got)
		}
	}
}
