package world

import (
	"context"
	"math"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

const numberResult = `{"type":"object","properties":{"result":{"type":"number"}}}`

// consistencyTools are calculator tools of the BFCL MathAPI kind, a ticket
// and an order backend, and tools no rule should touch.
var consistencyTools = []*toolv1.Tool{
	{Name: "add", InputSchemaJson: `{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}`, OutputSchemaJson: numberResult},
	// Declared b first: the names, not the order, say which is subtracted.
	{Name: "subtract", InputSchemaJson: `{"type":"object","properties":{"b":{"type":"number"},"a":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "divide", InputSchemaJson: `{"type":"object","properties":{"numerator":{"type":"number"},"denominator":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "multiply", InputSchemaJson: `{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "power", InputSchemaJson: `{"type":"object","properties":{"base":{"type":"number"},"exponent":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "percentage", InputSchemaJson: `{"type":"object","properties":{"part":{"type":"number"},"whole":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "logarithm", InputSchemaJson: `{"type":"object","properties":{"value":{"type":"number"},"base":{"type":"number"},"precision":{"type":"integer"}}}`, OutputSchemaJson: numberResult},
	{Name: "square_root", InputSchemaJson: `{"type":"object","properties":{"number":{"type":"number"},"precision":{"type":"integer"}}}`, OutputSchemaJson: numberResult},
	{Name: "absolute_value", InputSchemaJson: `{"type":"object","properties":{"number":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "round_number", InputSchemaJson: `{"type":"object","properties":{"number":{"type":"number"},"decimal_places":{"type":"integer","default":0}}}`, OutputSchemaJson: numberResult},
	{Name: "sum_values", InputSchemaJson: `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`, OutputSchemaJson: numberResult},
	{Name: "mean", InputSchemaJson: `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`, OutputSchemaJson: numberResult},
	{Name: "standard_deviation", InputSchemaJson: `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`, OutputSchemaJson: numberResult},
	{Name: "min_value", InputSchemaJson: `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`, OutputSchemaJson: numberResult},
	{Name: "max_value", InputSchemaJson: `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`, OutputSchemaJson: numberResult},
	{Name: "gallon_to_liter", InputSchemaJson: `{"type":"object","properties":{"gallon":{"type":"number"}}}`, OutputSchemaJson: `{"type":"object","properties":{"liter":{"type":"number"}}}`},
	// A tool without an output schema gets an inferred one (and its
	// arguments echoed): the result still goes into "result".
	{Name: "calculate_average", Description: "Calculate the average of a list of numbers.", InputSchemaJson: `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"}}}}`},

	{Name: "get_ticket", InputSchemaJson: `{"type":"object","properties":{"ticket_id":{"type":"integer"}},"required":["ticket_id"]}`, OutputSchemaJson: ticketSchema},
	{Name: "close_ticket", InputSchemaJson: `{"type":"object","properties":{"ticket_id":{"type":"integer"}},"required":["ticket_id"]}`, OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string","description":"Status of the close operation."}}}`},
	{Name: "create_ticket", InputSchemaJson: `{"type":"object","properties":{"title":{"type":"string"},"description":{"type":"string"},"priority":{"type":"integer"}},"required":["title"]}`, OutputSchemaJson: ticketSchema},
	{Name: "edit_ticket", InputSchemaJson: `{"type":"object","properties":{"ticket_id":{"type":"integer"},"updates":{"type":"object","properties":{"title":{"type":"string"},"priority":{"type":"integer"}}}}}`, OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string"}}}`},
	{Name: "get_user_tickets", InputSchemaJson: `{"type":"object","properties":{"status":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"tickets":{"type":"array","minItems":2,"items":` + ticketSchema + `}},"required":["tickets"]}`},
	{Name: "cancel_order", InputSchemaJson: `{"type":"object","properties":{"order_id":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"order_id":{"type":"string"},"status":{"type":"string","enum":["pending","filled","cancelled"]}},"required":["order_id","status"]}`},
	{Name: "delete_message", InputSchemaJson: `{"type":"object","properties":{"message_id":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"deleted_status":{"type":"boolean","description":"True if the message was deleted."}},"required":["deleted_status"]}`},
	{Name: "CreateDiscount", InputSchemaJson: `{"type":"object","properties":{"location_id":{"type":"string"},"body":{"type":"object","properties":{"name":{"type":"string"},"amount_money":{"type":"object","properties":{"amount":{"type":"integer"},"currency":{"type":"string"}}}}}},"required":["location_id","body"]}`, OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"amount_money":{"type":"object","properties":{"amount":{"type":"integer"},"currency":{"type":"string"}}}},"required":["id","name","amount_money"]}`},
	{Name: "activate_card", InputSchemaJson: `{"type":"object","properties":{"card_id":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"card_id":{"type":"string"},"status":{"type":"string","enum":["pending","blocked"]}},"required":["status"]}`},

	// Not recognised: a plot of two numbers, and numbers with a report id.
	{Name: "plot_numbers", InputSchemaJson: `{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}`, OutputSchemaJson: `{"type":"object","properties":{"result":{"type":"number"},"image_url":{"type":"string","format":"uri"}},"required":["result","image_url"]}`},
	{Name: "add_to_report", InputSchemaJson: `{"type":"object","properties":{"report_id":{"type":"string"},"a":{"type":"number"},"b":{"type":"number"}}}`, OutputSchemaJson: numberResult},
	{Name: "add_contact", InputSchemaJson: `{"type":"object","properties":{"user_name":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"added_status":{"type":"boolean"},"user_id":{"type":"string"}},"required":["added_status","user_id"]}`},
	{Name: "get_stock_info", InputSchemaJson: `{"type":"object","properties":{"symbol":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"price":{"type":"number"},"volume":{"type":"number"}},"required":["price","volume"]}`},
}

const ticketSchema = `{"type":"object","properties":{"id":{"type":"integer"},"title":{"type":"string"},"description":{"type":"string"},"status":{"type":"string","enum":["open","in_progress","resolved","closed"]},"priority":{"type":"integer","minimum":1,"maximum":5}},"required":["id","title","status"]}`

func TestCalculatorToolsReturnTheTrueResult(t *testing.T) {
	cases := []struct {
		tool, args, field string
		want              float64
	}{
		{"add", `{"a":49.54,"b":104}`, "result", 153.54},
		{"add", `{"a":0.1,"b":0.2}`, "result", 0.3},
		{"subtract", `{"a":10,"b":4}`, "result", 6},
		{"multiply", `{"a":2.5,"b":4}`, "result", 10},
		{"divide", `{"numerator":10,"denominator":3}`, "result", 3.3333},
		{"power", `{"base":2,"exponent":10}`, "result", 1024},
		{"percentage", `{"part":25,"whole":200}`, "result", 12.5},
		{"logarithm", `{"value":1000,"base":10,"precision":3}`, "result", 3},
		{"square_root", `{"number":2,"precision":2}`, "result", 1.41},
		{"absolute_value", `{"number":-7.25}`, "result", 7.25},
		{"round_number", `{"number":3.14159,"decimal_places":2}`, "result", 3.14},
		{"round_number", `{"number":2.6}`, "result", 3},
		{"round_number", `{"number":54.57,"decimal_places":48}`, "result", 54.57},
		{"sum_values", `{"numbers":[55.21,12.27]}`, "result", 67.48},
		{"mean", `{"numbers":[1,2,3,4]}`, "result", 2.5},
		{"standard_deviation", `{"numbers":[2,4,4,4,5,5,7,9]}`, "result", 2},
		{"min_value", `{"numbers":[3,-1,8]}`, "result", -1},
		{"max_value", `{"numbers":[3,-1,8]}`, "result", 8},
		{"gallon_to_liter", `{"gallon":10}`, "liter", 37.8541},
		{"calculate_average", `{"numbers":[10,20,60]}`, "result", 30},
	}
	for _, c := range cases {
		t.Run(c.tool+c.args, func(t *testing.T) {
			w, _ := simWorld(t, consistencyTools, nil, 7)
			got, isNum := plan.Number(callObj(t, w, c.tool, c.args, nil)[c.field])
			if !isNum || math.Abs(got-c.want) > 1e-9 {
				t.Fatalf("%s(%s).%s = %v, want %v", c.tool, c.args, c.field, got, c.want)
			}
		})
	}
}

// Tools no rule recognises keep the generator's output as drawn.
func TestUnrecognisedToolsAreLeftAlone(t *testing.T) {
	cases := []struct{ tool, args string }{
		{"plot_numbers", `{"a":2,"b":3}`},
		{"add_to_report", `{"report_id":"r-1","a":2,"b":3}`},
		{"get_stock_info", `{"symbol":"AAPL"}`},
		{"divide", `{"numerator":1,"denominator":0}`}, // no true result to give
	}
	for _, c := range cases {
		t.Run(c.tool, func(t *testing.T) {
			w, _ := simWorld(t, consistencyTools, nil, 11)
			ts := w.tools
			args, _ := plan.Decode(c.args)
			raw, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get(c.tool), Args: args, ArgsJSON: c.args, Seed: 11, Tools: ts})
			if err != nil {
				t.Fatal(err)
			}
			out := callOut(t, w, c.tool, c.args, nil)
			if out != raw {
				t.Fatalf("output changed:\n generated %s\n returned  %s", raw, out)
			}
		})
	}
}

func TestEntitiesAgreeWithTheCalls(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		w, _ := simWorld(t, consistencyTools, nil, seed)
		// A read returns the entity asked for.
		got := callObj(t, w, "get_ticket", `{"ticket_id":14146}`, nil)
		if plan.Text(got["id"]) != "14146" {
			t.Fatalf("seed %d: get_ticket(14146) returned ticket %v", seed, got["id"])
		}
		// Closing reports the state set; a later read shows it.
		if st := callObj(t, w, "close_ticket", `{"ticket_id":14146}`, nil)["status"]; st != "closed" {
			t.Fatalf("seed %d: close_ticket reported status %v", seed, st)
		}
		again := callObj(t, w, "get_ticket", `{"ticket_id":14146}`, nil)
		if again["status"] != "closed" || again["title"] != got["title"] {
			t.Fatalf("seed %d: after close, get_ticket shows %v (first read %v)", seed, again, got)
		}
		// Create echoes the fields and gets an id of its own; a read of
		// that id returns what was created.
		created := callObj(t, w, "create_ticket", `{"title":"Printer on floor 3 jams","description":"Since Monday.","priority":2}`, nil)
		if created["title"] != "Printer on floor 3 jams" || created["description"] != "Since Monday." || plan.Text(created["priority"]) != "2" {
			t.Fatalf("seed %d: create_ticket returned %v", seed, created)
		}
		id := plan.Text(created["id"])
		if id == "" || id == "14146" {
			t.Fatalf("seed %d: created ticket has id %q", seed, id)
		}
		read := callObj(t, w, "get_ticket", `{"ticket_id":`+id+`}`, nil)
		if read["title"] != "Printer on floor 3 jams" || plan.Text(read["id"]) != id {
			t.Fatalf("seed %d: get_ticket(%s) returned %v, created %v", seed, id, read, created)
		}
		// An update is seen by a later read.
		callObj(t, w, "edit_ticket", `{"ticket_id":`+id+`,"updates":{"title":"Printer jams daily","priority":4}}`, nil)
		read = callObj(t, w, "get_ticket", `{"ticket_id":`+id+`}`, nil)
		if read["title"] != "Printer jams daily" || plan.Text(read["priority"]) != "4" {
			t.Fatalf("seed %d: after edit, get_ticket(%s) = %v", seed, id, read)
		}
		// Cancel sets the state the enum spells; the order id is the one asked.
		order := callObj(t, w, "cancel_order", `{"order_id":"ORD-1182"}`, nil)
		if order["status"] != "cancelled" || order["order_id"] != "ORD-1182" {
			t.Fatalf("seed %d: cancel_order returned %v", seed, order)
		}
		// A create whose fields come in a request body returns them.
		disc := callObj(t, w, "CreateDiscount", `{"location_id":"L1","body":{"name":"Spring sale","amount_money":{"amount":12,"currency":"EUR"}}}`, nil)
		if m, _ := disc["amount_money"].(map[string]any); disc["name"] != "Spring sale" || m["currency"] != "EUR" || plan.Text(m["amount"]) != "12" {
			t.Fatalf("seed %d: CreateDiscount returned %v", seed, disc)
		}
		if del := callObj(t, w, "delete_message", `{"message_id":"m-77"}`, nil); del["deleted_status"] != true {
			t.Fatalf("seed %d: delete_message returned %v", seed, del)
		}
	}
}

func TestListedEntitiesAreTheOnesLaterRead(t *testing.T) {
	w, _ := simWorld(t, consistencyTools, nil, 5)
	list := callObj(t, w, "get_user_tickets", `{"status":"open"}`, nil)
	items, _ := list["tickets"].([]any)
	if len(items) < 2 {
		t.Fatalf("want a list of tickets, got %v", list)
	}
	for _, it := range items {
		if st := it.(map[string]any)["status"]; st != "open" {
			t.Fatalf("get_user_tickets(status open) listed a ticket with status %v", st)
		}
	}
	first := items[0].(map[string]any)
	read := callObj(t, w, "get_ticket", `{"ticket_id":`+plan.Text(first["id"])+`}`, nil)
	for _, k := range []string{"title", "status"} {
		if first[k] != nil && read[k] != first[k] {
			t.Fatalf("listed %v, read %v: %s differs", first, read, k)
		}
	}
}

// A state the field's enum cannot spell is not forced; nor is a success
// flag set on a tool that only reads.
func TestStateOnlyWhereTheSchemaAllows(t *testing.T) {
	w, _ := simWorld(t, consistencyTools, nil, 3)
	out := callObj(t, w, "activate_card", `{"card_id":"card_1"}`, nil)
	if st := out["status"]; st != "pending" && st != "blocked" {
		t.Fatalf("status %v outside the enum", st)
	}
	if out := callObj(t, w, "add_contact", `{"user_name":"bnavarro"}`, nil); out["added_status"] != true {
		t.Fatalf("a successful add_contact reports added_status %v", out["added_status"])
	}
}

func TestEmptyOutputsAreFilled(t *testing.T) {
	root := map[string]any{"type": "object", "properties": map[string]any{
		"latency_ms": map[string]any{"type": "number"},
		"reachable":  map[string]any{"type": "boolean"},
		"meta":       map[string]any{"type": "object", "properties": map[string]any{"region": map[string]any{"type": "string"}}},
	}}
	o := map[string]any{}
	fillEmpty(o, root, schemaProps(root, root), sim.NewValues(seedrand.New(1, "t")))
	if len(o) != 3 {
		t.Fatalf("an empty output was filled with %v", o)
	}
	o = map[string]any{"reachable": true, "meta": map[string]any{}}
	fillEmpty(o, root, schemaProps(root, root), sim.NewValues(seedrand.New(1, "t")))
	if m, _ := o["meta"].(map[string]any); len(m) == 0 {
		t.Fatalf("an empty member object stayed empty: %v", o)
	}
}

func TestNameWords(t *testing.T) {
	cases := map[string]string{
		"get_ticket":           "get ticket",
		"activateParkingBrake": "activate parking brake",
		"getHTTPStatus":        "get http status",
		"orderId":              "order id",
		"square-root":          "square root",
	}
	for in, want := range cases {
		got := ""
		for i, w := range ident.Words(in) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != want {
			t.Errorf("ident.Words(%q) = %q, want %q", in, got, want)
		}
	}
}

// A condition the plan gates on a computed result is not forced: the sum
// stays true and the gated branch is simply not taken.
func TestComputedResultsOutrankForcedConditions(t *testing.T) {
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "sum_values"},
		{Id: "c2", ToolName: "mean", Condition: &blueprintv1.Condition{
			Subject: &blueprintv1.CallReference{CallId: "c1", Path: "$.result"}, Operator: "gt", ValueJson: "500",
		}},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, consistencyTools, p)
	w := New(p, ts, SimGenerator{}, nil, 2)
	out := callOut(t, w, "sum_values", `{"numbers":[35.63,42.58,1.44]}`, p.Call("c1"))
	if out != `{"result":79.65}` {
		t.Fatalf("sum_values returned %s", out)
	}
}

func TestOperationStatusSaysSuccess(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "trading_login", InputSchemaJson: `{"type":"object","properties":{"username":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string","description":"Login status message."}},"required":["status"]}`},
		{Name: "comment", InputSchemaJson: `{"type":"object","properties":{"tweet_id":{"type":"integer"},"comment_content":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"comment_status":{"type":"string","description":"Status of the comment action."}},"required":["comment_status"]}`},
		// A read's status is the entity's, not the call's.
		{Name: "get_account", InputSchemaJson: `{"type":"object","properties":{"account_id":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string","description":"Status of the account."}},"required":["status"]}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := int64(1); seed <= 5; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		if got := callObj(t, w, "trading_login", `{"username":"rene38"}`, nil)["status"]; got != "success" {
			t.Fatalf("trading_login status %v", got)
		}
		if got := callObj(t, w, "comment", `{"tweet_id":8419,"comment_content":"Thanks"}`, nil)["comment_status"]; got != "success" {
			t.Fatalf("comment_status %v", got)
		}
		if got := callObj(t, w, "get_account", `{"account_id":"a1"}`, nil)["status"]; got == "success" {
			t.Fatalf("a read's status became %v", got)
		}
	}
}

// Settings the call chose are the settings reported, an added value is in
// the list returned, and an object read for an id carries that id.
func TestOutputsReportWhatTheCallChose(t *testing.T) {
	onOff := `{"type":"string","enum":["on","off"]}`
	tools := []*toolv1.Tool{
		{Name: "setHeadlights", InputSchemaJson: `{"type":"object","properties":{"mode":{"type":"string","enum":["on","off","auto"]}}}`, OutputSchemaJson: `{"type":"object","properties":{"headlightStatus":` + onOff + `},"required":["headlightStatus"]}`},
		{Name: "lockDoors", InputSchemaJson: `{"type":"object","properties":{"unlock":{"type":"boolean"},"door":{"type":"array","items":{"type":"string"}}}}`, OutputSchemaJson: `{"type":"object","properties":{"lockStatus":{"type":"string","enum":["locked","unlocked"]},"remainingUnlockedDoors":{"type":"integer"}},"required":["lockStatus"]}`},
		{Name: "activateParkingBrake", InputSchemaJson: `{"type":"object","properties":{"mode":{"type":"string","enum":["engage","release"]}}}`, OutputSchemaJson: `{"type":"object","properties":{"parkingBrakeStatus":{"type":"string","enum":["engaged","released"]}},"required":["parkingBrakeStatus"]}`},
		{Name: "releaseBrakePedal", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: `{"type":"object","properties":{"brakePedalStatus":{"type":"string","enum":["pressed","released"]},"brakePedalForce":{"type":"number"}},"required":["brakePedalStatus"]}`},
		{Name: "setCruiseControl", InputSchemaJson: `{"type":"object","properties":{"speed":{"type":"number"},"activate":{"type":"boolean"}}}`, OutputSchemaJson: `{"type":"object","properties":{"cruiseStatus":{"type":"string","enum":["active","inactive"]}},"required":["cruiseStatus"]}`},
		// Function-calling corpora spell enums in the description.
		{Name: "setFogLights", InputSchemaJson: `{"type":"object","properties":{"mode":{"type":"string","description":"The mode. [Enum]: [\"on\", \"off\", \"auto\"]"}}}`, OutputSchemaJson: `{"type":"object","properties":{"fogLightStatus":{"type":"string","description":"The status of the fog lights. [Enum]: [\"on\", \"off\"]"}},"required":["fogLightStatus"]}`},
		{Name: "activateHandBrake", InputSchemaJson: `{"type":"object","properties":{"mode":{"type":"string","description":"The mode to set. [Enum]: [\"engage\", \"release\"]"}}}`, OutputSchemaJson: `{"type":"object","properties":{"handBrakeStatus":{"type":"string","description":"The status of the brake. [Enum]: [\"engaged\", \"released\"]"}},"required":["handBrakeStatus"]}`},
		{Name: "startEngine", InputSchemaJson: `{"type":"object","properties":{"ignitionMode":{"type":"string","description":"[Enum]: [\"START\", \"STOP\"]"}}}`, OutputSchemaJson: `{"type":"object","properties":{"engineState":{"type":"string","description":"The state of the engine. [Enum]: [\"running\", \"stopped\"]"}},"required":["engineState"]}`},
		{Name: "add_to_watchlist", InputSchemaJson: `{"type":"object","properties":{"stock":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"watchlist":{"type":"array","minItems":2,"items":{"type":"string"}}},"required":["watchlist"]}`},
		{Name: "retrieve_invoice", InputSchemaJson: `{"type":"object","properties":{"access_token":{"type":"string"},"booking_id":{"type":"string"}}}`, OutputSchemaJson: `{"type":"object","properties":{"invoice":{"type":"object","properties":{"booking_id":{"type":"string"},"travel_cost":{"type":"number"}},"required":["booking_id","travel_cost"]}},"required":["invoice"]}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	cases := []struct {
		tool, args, path string
		want             any
	}{
		{"setHeadlights", `{"mode":"off"}`, "headlightStatus", "off"},
		{"setHeadlights", `{"mode":"on"}`, "headlightStatus", "on"},
		{"lockDoors", `{"unlock":true,"door":["driver"]}`, "lockStatus", "unlocked"},
		{"lockDoors", `{"unlock":false,"door":["driver"]}`, "lockStatus", "locked"},
		{"activateParkingBrake", `{"mode":"release"}`, "parkingBrakeStatus", "released"},
		{"activateParkingBrake", `{"mode":"engage"}`, "parkingBrakeStatus", "engaged"},
		{"releaseBrakePedal", `{}`, "brakePedalStatus", "released"},
		{"setCruiseControl", `{"speed":60,"activate":false}`, "cruiseStatus", "inactive"},
		{"setCruiseControl", `{"speed":60,"activate":true}`, "cruiseStatus", "active"},
		{"setFogLights", `{"mode":"off"}`, "fogLightStatus", "off"},
		{"activateHandBrake", `{"mode":"release"}`, "handBrakeStatus", "released"},
		{"startEngine", `{"ignitionMode":"START"}`, "engineState", "running"},
		{"startEngine", `{"ignitionMode":"STOP"}`, "engineState", "stopped"},
		{"retrieve_invoice", `{"access_token":"tok","booking_id":"BOO-57753"}`, "invoice.booking_id", "BOO-57753"},
	}
	for seed := int64(1); seed <= 6; seed++ {
		for _, c := range cases {
			w := New(p, ts, SimGenerator{}, nil, seed)
			out := callObj(t, w, c.tool, c.args, nil)
			var got any = out
			for _, k := range strings.Split(c.path, ".") {
				got = got.(map[string]any)[k]
			}
			if got != c.want {
				t.Fatalf("seed %d: %s(%s).%s = %v, want %v", seed, c.tool, c.args, c.path, got, c.want)
			}
		}
		w := New(p, ts, SimGenerator{}, nil, seed)
		list, _ := callObj(t, w, "add_to_watchlist", `{"stock":"JPM"}`, nil)["watchlist"].([]any)
		if !containsValue(list, "JPM") {
			t.Fatalf("seed %d: add_to_watchlist(JPM) returned %v", seed, list)
		}
	}
}

// Calls of one turn run concurrently: what one of them writes is not seen
// by the others, so their outputs do not depend on which finishes first.
func TestOneTurnsCallsDoNotSeeEachOther(t *testing.T) {
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "get_user_tickets", ParallelGroup: 1},
		{Id: "c2", ToolName: "get_ticket", ParallelGroup: 1},
		{Id: "c3", ToolName: "get_ticket", ParallelGroup: 2},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, consistencyTools, p)
	ctx := context.Background()
	listed := func(w *World) string {
		out := callOut(t, w, "get_user_tickets", `{}`, p.Call("c1"))
		doc, _ := plan.Decode(out)
		return plan.Text(doc.(map[string]any)["tickets"].([]any)[0].(map[string]any)["id"])
	}
	// Learn which id the listing shows, then read it in the same turn
	// before and after the listing: the same answer either way.
	id := listed(New(p, ts, SimGenerator{}, nil, 4))
	args := `{"ticket_id":` + id + `}`
	w1 := New(p, ts, SimGenerator{}, nil, 4)
	before, _ := w1.Call(ctx, "get_ticket", args, p.Call("c2"))
	listed(w1)
	w2 := New(p, ts, SimGenerator{}, nil, 4)
	listed(w2)
	after, _ := w2.Call(ctx, "get_ticket", args, p.Call("c2"))
	if before != after {
		t.Fatalf("a call's output depends on the order of its turn:\n%s\n%s", before, after)
	}
	// The next turn sees the listing.
	w3 := New(p, ts, SimGenerator{}, nil, 4)
	listed(w3)
	next, _ := w3.Call(ctx, "get_ticket", `{"ticket_id":`+id+`}`, p.Call("c3"))
	doc, _ := plan.Decode(next)
	lst, _ := plan.Decode(callOut(t, w3, "get_user_tickets", `{}`, nil))
	first := lst.(map[string]any)["tickets"].([]any)[0].(map[string]any)
	if doc.(map[string]any)["title"] != first["title"] {
		t.Fatalf("the next turn's read %s does not show the listed ticket %v", next, first)
	}
}
