package world

import (
	"slices"
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// filterTools answer with the list itself (a collection's GET), as
// APIs.guru operations do.
var filterTools = []*toolv1.Tool{
	{Name: "findFacilities", Description: "Access to public facilities (escalators and elevators) in railway stations",
		InputSchemaJson: `{"type":"object","properties":{"state":{"type":"array","items":{"type":"string","enum":["ACTIVE","INACTIVE","UNKNOWN"]}},` +
			`"equipmentnumbers":{"type":"array","items":{"type":"integer"}},"stationnumber":{"type":"integer","minimum":1},"accessible":{"type":"boolean"}}}`,
		OutputSchemaJson: `{"type":"array","minItems":3,"items":{"type":"object","properties":{"equipmentnumber":{"type":"integer"},` +
			`"state":{"type":"string","enum":["ACTIVE","INACTIVE","UNKNOWN"]},"stationnumber":{"type":"integer"},"accessible":{"type":"boolean"},` +
			`"type":{"type":"string","enum":["ESCALATOR","ELEVATOR"]}},"required":["equipmentnumber","state","stationnumber","type","accessible"]}}`},
	{Name: "getGames", Description: "Games results",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"integer"},"year":{"type":"integer"}}}`,
		OutputSchemaJson: `{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"season":{"type":"integer"},"home_team":{"type":"string"}},"required":["id","home_team"]}}`},
	{Name: "get_ticket", Description: "Get a ticket with its comments.",
		InputSchemaJson:  `{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"comments":{"type":"array","minItems":2,"items":{"type":"object","properties":{"id":{"type":"integer"},"text":{"type":"string"}},"required":["id","text"]}}},"required":["id","comments"]}`},
}

// A result that is the list itself answers the call's filters: numbers,
// flags and enum values given, one of the values a list allows.
func TestBareListAnswersFilters(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		w, _ := simWorld(t, filterTools, nil, seed)
		items := callDoc(t, w, "findFacilities", `{"stationnumber":5,"accessible":true,"state":["ACTIVE","UNKNOWN"]}`, nil).([]any)
		if len(items) < 2 {
			t.Fatalf("seed %d: %v", seed, items)
		}
		for _, it := range items {
			m := it.(map[string]any)
			if plan.Text(m["stationnumber"]) != "5" || m["accessible"] != true || !oneOf(m["state"], []any{"ACTIVE", "UNKNOWN"}) {
				t.Fatalf("seed %d: findFacilities(stationnumber 5, accessible, state ACTIVE or UNKNOWN) listed %v", seed, m)
			}
		}
		items = callDoc(t, w, "findFacilities", `{"equipmentnumbers":[10,12]}`, nil).([]any)
		for _, it := range items {
			if m := it.(map[string]any); !oneOf(m["equipmentnumber"], []any{10, 12}) {
				t.Fatalf("seed %d: equipmentnumbers [10, 12] listed %v", seed, m)
			}
		}
	}
}

// A list filtered by its items' own id lists that one thing; the id of the
// thing a call names leaves the ids of the other things it lists alone.
func TestFilteredByOwnID(t *testing.T) {
	w, _ := simWorld(t, filterTools, nil, 2)
	games := callDoc(t, w, "getGames", `{"id":83836,"year":2020}`, nil).([]any)
	if len(games) != 1 || plan.Text(games[0].(map[string]any)["id"]) != "83836" {
		t.Fatalf("getGames(id 83836) listed %v", games)
	}
	out := callObj(t, w, "get_ticket", `{"id":7}`, nil)
	comments, _ := out["comments"].([]any)
	for _, c := range comments {
		if plan.Text(c.(map[string]any)["id"]) == "7" {
			t.Fatalf("ticket 7's comments took its id: %v", out)
		}
	}
}

func oneOf(v any, vs []any) bool {
	return slices.ContainsFunc(vs, func(x any) bool { return plan.Text(x) == plan.Text(v) })
}
