package world

import (
	"context"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
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
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		before := callOut(t, w, "setup.schema.id.get", `{"id":"67612778"}`, nil)
		if strings.Contains(before, `"error"`) {
			t.Fatalf("the schema before its deletion: %s", before)
		}
		if out := callOut(t, w, "setup.schema.id.delete", `{"id":"67612778"}`, nil); strings.Contains(out, `"error"`) {
			t.Fatalf("deletion failed: %s", out)
		}
		for _, c := range [][2]string{
			{"setup.schema.id.get", `{"id":"67612778"}`},
			{"setup.schema.id.put", `{"id":"67612778","name":"Orders"}`},
			{"setup.schema.id.delete", `{"id":"67612778"}`},
		} {
			out := callOut(t, w, c[0], c[1], nil)
			if out != `{"error":"not found: no id matches \"67612778\""}` {
				t.Fatalf("seed %d: %s(%s) after the deletion answered %s", seed, c[0], c[1], out)
			}
		}
		if out := callOut(t, w, "setup.schema.id.get", `{"id":"40118812"}`, nil); strings.Contains(out, `"error"`) {
			t.Fatalf("another schema: %s", out)
		}
		if out := callOut(t, w, "restoreSchema", `{"id":"67612778"}`, nil); strings.Contains(out, `"error"`) {
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
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callOut(t, w, "setup.schema.id.put", `{"id":"81","body":{"name":"Orders","label":"Quarterly orders"}}`, nil)
		got := callObj(t, w, "setup.schema.id.get", `{"id":"81"}`, nil)
		if got["name"] != "Orders" || got["label"] != "Quarterly orders" {
			t.Fatalf("seed %d: the record after its update reads %v", seed, got)
		}
	}
}

// An attachment deleted from one item is still there on another: the ids a
// deletion names its thing by besides its own say which one is gone.
func TestADeletionIsOfTheThingItsIDsName(t *testing.T) {
	att := `{"type":"object","properties":{"attachmentId":{"type":"string"},"itemId":{"type":"string"}},"required":["attachmentId","itemId"]}`
	tools := []*toolv1.Tool{
		{Name: "mirror.timeline.attachments.get", InputSchemaJson: att, OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"},"contentType":{"type":"string"}},"required":["id"]}`},
		{Name: "mirror.timeline.attachments.delete", InputSchemaJson: att, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	w := New(p, ts, SimGenerator{}, nil, 1)
	callOut(t, w, "mirror.timeline.attachments.delete", `{"attachmentId":"ATT-63959","itemId":"4e60"}`, nil)
	if out := callOut(t, w, "mirror.timeline.attachments.delete", `{"attachmentId":"ATT-63959","itemId":"5ca0"}`, nil); strings.Contains(out, `"error"`) {
		t.Fatalf("another item's attachment: %s", out)
	}
	if out := callOut(t, w, "mirror.timeline.attachments.get", `{"attachmentId":"ATT-63959","itemId":"4e60"}`, nil); !strings.Contains(out, "not found") {
		t.Fatalf("the deleted attachment: %s", out)
	}
}

// A deletion that names its thing by a name beside an id deletes that
// thing only: removing the mapping of workflow "Consulting" from scheme
// 78302 left the mappings of "Marketing" and "Sales" there to remove,
// which answered "not found: no id matches 78302".
func TestADeletionIsOfTheThingItsNameNames(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "workflowscheme.id.workflow.delete", Description: "Deletes the workflow-issue type mapping for a workflow in a workflow scheme.",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"integer"},"workflowName":{"type":"string"}},"required":["id","workflowName"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`}}
	w, _ := simWorld(t, tools, nil, 1)
	for _, name := range []string{"Consulting workflow", "Marketing workflow", "Sales workflow"} {
		if out := callOut(t, w, "workflowscheme.id.workflow.delete", `{"id":78302,"workflowName":"`+name+`"}`, nil); strings.Contains(out, `"error"`) {
			t.Fatalf("%s: %s", name, out)
		}
	}
	if out := callOut(t, w, "workflowscheme.id.workflow.delete", `{"id":78302,"workflowName":"Sales workflow"}`, nil); !strings.Contains(out, "not found") {
		t.Fatalf("the deleted mapping again: %s", out)
	}
}

// A record replaced by id reads as replaced, also when its name is only an
// aspect word (replaceData, getData) and a value was written as text that
// the read's schema gives as a number.
func TestAReplacedDatumReadsAsWritten(t *testing.T) {
	datum := `{"type":"object","properties":{"id":{"type":"string"},"lat":{"type":"number"},"value":{"type":"string"}},"required":["id","lat","value"]}`
	tools := []*toolv1.Tool{
		{Name: "getData", InputSchemaJson: `{"type":"object","properties":{"feed_key":{"type":"string"},"id":{"type":"string"}},"required":["feed_key","id"]}`, OutputSchemaJson: datum},
		{Name: "replaceData", InputSchemaJson: `{"type":"object","properties":{"feed_key":{"type":"string"},"id":{"type":"string"},"datum":{"type":"object","properties":{"lat":{"type":"string"},"value":{"type":"string"}}}},"required":["feed_key","id","datum"]}`, OutputSchemaJson: datum},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callOut(t, w, "replaceData", `{"feed_key":"71931235","id":"bad1","datum":{"lat":"-22.2182","value":"21.5"}}`, nil)
		got := callObj(t, w, "getData", `{"feed_key":"71931235","id":"bad1"}`, nil)
		if plan.Text(got["lat"]) != "-22.2182" || got["value"] != "21.5" {
			t.Fatalf("seed %d: the datum after its replacement reads %v", seed, got)
		}
	}
}

// A read made in the deletion's own turn (the version fetched beside its
// deletion) does not bring the thing back for a later turn.
func TestACallBesideADeletionDoesNotRestoreIt(t *testing.T) {
	v := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}`
	byID := `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`
	tools := []*toolv1.Tool{
		{Name: "version.id.put", InputSchemaJson: byID, OutputSchemaJson: v},
		{Name: "version.id.get", InputSchemaJson: byID, OutputSchemaJson: v},
		{Name: "version.id.delete", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
	}
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "version.id.delete", ParallelGroup: 1},
		{Id: "c2", ToolName: "version.id.get", ParallelGroup: 1},
		{Id: "c3", ToolName: "version.id.put"},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, tools, p)
	w := New(p, ts, SimGenerator{}, nil, 1)
	for _, c := range []string{"c1", "c2"} {
		callOut(t, w, p.Call(c).GetToolName(), `{"id":"ver_d"}`, p.Call(c))
	}
	out, err := w.Call(context.Background(), "version.id.put", `{"id":"ver_d"}`, p.Call("c3"))
	if err != nil || !strings.Contains(out, "not found") {
		t.Fatalf("the version deleted beside its move: %s %v", out, err)
	}
}

// Taking people out of a space deletes no space: a later call on the space
// finds it.
func TestRemovingFromAThingLeavesIt(t *testing.T) {
	space := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}`
	tools := []*toolv1.Tool{
		{Name: "v2RemoveParticipantsFromSpace", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"},"userIds":{"type":"array","items":{"type":"string"}}},"required":["id","userIds"]}`, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
		{Name: "getSpace", InputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`, OutputSchemaJson: space},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	w := New(p, ts, SimGenerator{}, nil, 1)
	callOut(t, w, "v2RemoveParticipantsFromSpace", `{"id":"13094815","userIds":["u1","u2"]}`, nil)
	if out := callOut(t, w, "v2RemoveParticipantsFromSpace", `{"id":"13094815","userIds":["u3"]}`, nil); strings.Contains(out, "not found") {
		t.Fatalf("the space after people left it: %s", out)
	}
}

// A key-value store holds a value under its key: a later read of the key
// gives the value written last (added or replaced), a removed key is not
// found until it is added again, and another store's key of the same name
// is its own.
func TestAKeyHoldsWhatWasWrittenUnderIt(t *testing.T) {
	kv := `{"type":"object","properties":{"key":{"type":"string"},"value":{"type":"string"}},"required":["key","value"]}`
	status := `{"type":"object","properties":{"status":{"type":"string","description":"Status of the operation."}}}`
	byKey := `{"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}`
	var tools []*toolv1.Tool
	for _, store := range []string{"archival", "core"} {
		tools = append(tools,
			&toolv1.Tool{Name: store + "_memory_add", InputSchemaJson: kv, OutputSchemaJson: status},
			&toolv1.Tool{Name: store + "_memory_replace", InputSchemaJson: kv, OutputSchemaJson: status},
			&toolv1.Tool{Name: store + "_memory_remove", InputSchemaJson: byKey, OutputSchemaJson: status},
			&toolv1.Tool{Name: store + "_memory_retrieve", InputSchemaJson: byKey, OutputSchemaJson: `{"type":"object","properties":{"value":{"type":"string"}},"required":["value"]}`})
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callOut(t, w, "archival_memory_add", `{"key":"home_city","value":"Lisbon"}`, nil)
		if got := callObj(t, w, "archival_memory_retrieve", `{"key":"home_city"}`, nil)["value"]; got != "Lisbon" {
			t.Fatalf("seed %d: after the add the key holds %v", seed, got)
		}
		callOut(t, w, "archival_memory_replace", `{"key":"home_city","value":"Porto"}`, nil)
		if got := callObj(t, w, "archival_memory_retrieve", `{"key":"home_city"}`, nil)["value"]; got != "Porto" {
			t.Fatalf("seed %d: after the replacement the key holds %v", seed, got)
		}
		if got := callObj(t, w, "core_memory_retrieve", `{"key":"home_city"}`, nil)["value"]; got == "Porto" {
			t.Fatalf("seed %d: the core memory holds the archival memory's value", seed)
		}
		callOut(t, w, "archival_memory_remove", `{"key":"home_city"}`, nil)
		if out := callOut(t, w, "archival_memory_retrieve", `{"key":"home_city"}`, nil); !strings.Contains(out, "not found") {
			t.Fatalf("seed %d: a removed key: %s", seed, out)
		}
		callOut(t, w, "archival_memory_add", `{"key":"home_city","value":"Faro"}`, nil)
		if got := callObj(t, w, "archival_memory_retrieve", `{"key":"home_city"}`, nil)["value"]; got != "Faro" {
			t.Fatalf("seed %d: added again, the key holds %v", seed, got)
		}
	}
}

// A thing found by another (getLexemeByLanguage(languageID, lexemeID)) is
// the first: its update is read back and its deletion leaves it not found in
// that language, while the language stays.
func TestAThingFoundByAnotherIsTheFirst(t *testing.T) {
	ids := `"languageID":{"type":"string"},"lexemeID":{"type":"string"}`
	lexeme := `{"type":"object","properties":{"lexemeID":{"type":"string"},"name":{"type":"string"}},"required":["lexemeID","name"]}`
	tools := []*toolv1.Tool{
		{Name: "getLexemeByLanguage", InputSchemaJson: `{"type":"object","properties":{` + ids + `},"required":["languageID","lexemeID"]}`, OutputSchemaJson: lexeme},
		{Name: "updateLexemeByLanguage", InputSchemaJson: `{"type":"object","properties":{` + ids + `,"name":{"type":"string"}},"required":["languageID","lexemeID"]}`, OutputSchemaJson: lexeme},
		{Name: "deleteLexemeByLanguage", InputSchemaJson: `{"type":"object","properties":{` + ids + `},"required":["languageID","lexemeID"]}`, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
		{Name: "getLanguage", InputSchemaJson: `{"type":"object","properties":{"languageID":{"type":"string"}},"required":["languageID"]}`, OutputSchemaJson: `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 4; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		callOut(t, w, "updateLexemeByLanguage", `{"languageID":"lan_Z","lexemeID":"lex_k","name":"soap"}`, nil)
		if got := callObj(t, w, "getLexemeByLanguage", `{"languageID":"lan_Z","lexemeID":"lex_k"}`, nil)["name"]; got != "soap" {
			t.Fatalf("seed %d: the lexeme after its update reads %v", seed, got)
		}
		callOut(t, w, "deleteLexemeByLanguage", `{"languageID":"lan_Z","lexemeID":"lex_k"}`, nil)
		if out := callOut(t, w, "getLexemeByLanguage", `{"languageID":"lan_Z","lexemeID":"lex_k"}`, nil); !strings.Contains(out, "not found") {
			t.Fatalf("seed %d: the deleted lexeme: %s", seed, out)
		}
		if out := callOut(t, w, "getLexemeByLanguage", `{"languageID":"lan_Q","lexemeID":"lex_k"}`, nil); strings.Contains(out, "error") {
			t.Fatalf("seed %d: the lexeme in another language: %s", seed, out)
		}
		if out := callOut(t, w, "getLanguage", `{"languageID":"lan_Z"}`, nil); strings.Contains(out, "error") {
			t.Fatalf("seed %d: the language: %s", seed, out)
		}
	}
}

// A parameter that takes a thing's id or its key (issueIdOrKey) names the
// thing: an issue deleted is not found by a later change.
func TestAnIDOrKeyNamesTheThing(t *testing.T) {
	byID := `{"type":"object","properties":{"issueIdOrKey":{"type":"string"}},"required":["issueIdOrKey"]}`
	tools := []*toolv1.Tool{
		{Name: "issue.issueIdOrKey.put", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"key":{"type":"string"},"summary":{"type":"string"}},"required":["key","summary"]}`},
		{Name: "issue.issueIdOrKey.delete", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	w := New(p, ts, SimGenerator{}, nil, 1)
	callOut(t, w, "issue.issueIdOrKey.delete", `{"issueIdOrKey":"OR-84716"}`, nil)
	if out := callOut(t, w, "issue.issueIdOrKey.put", `{"issueIdOrKey":"OR-84716"}`, nil); !strings.Contains(out, "not found") {
		t.Fatalf("the deleted issue: %s", out)
	}
}
