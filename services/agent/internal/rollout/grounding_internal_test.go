package rollout

import (
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// TestGroundingAfterNormalisation: an argument is grounded in what the user
// said or a tool returned as a person reading them would judge (case,
// diacritics, number and date formats aside), and in the transformations
// the plan declares; a value nobody gave is not.
func TestGroundingAfterNormalisation(t *testing.T) {
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{{
		Id: "c1", ToolName: "book_flight",
		Arguments: []*blueprintv1.ArgumentBinding{{Param: "to", Source: &blueprintv1.ArgumentBinding_User{
			User: &blueprintv1.UserValue{ValueJson: `"CDG"`, StatedJson: `"Paris"`, Description: "the destination"},
		}}},
	}}}
	cases := []struct {
		name     string
		user     string
		result   string
		args     string
		grounded bool
	}{
		{"a city given with diacritics", "Hotels in São Paulo, please.", "", `{"city":"Sao Paulo"}`, true},
		{"a city given without them", "Hotels in Sao Paulo, please.", "", `{"city":"São Paulo"}`, true},
		{"another city", "Hotels in São Paulo, please.", "", `{"city":"Lisbon"}`, false},
		{"a number written 1,200", "My budget is 1,200 dollars.", "", `{"budget":1200}`, true},
		{"a number written 1,200 passed as text", "My budget is $1,200.", "", `{"budget":"1200"}`, true},
		{"another number", "My budget is 1,200 dollars.", "", `{"budget":1300}`, false},
		{"a date written out", "I leave on March 5, 2026.", "", `{"date":"2026-03-05"}`, true},
		{"a date written with an ordinal", "I leave on the 5th of March 2026.", "", `{"date":"2026-03-05"}`, true},
		{"another date", "I leave on March 5, 2026.", "", `{"date":"2026-03-06"}`, false},
		{"other case and spacing", "Search for  INVOICE launch", "", `{"query":"invoice launch"}`, true},
		{"a result's value without its diacritics", "Find the shop.", `{"city":"Zürich","id":"sh_001"}`, `{"city":"Zurich"}`, true},
		{"a result's escaped string", "Find the shop.", `{"name":"Caf\u00e9 Rouge"}`, `{"name":"Café Rouge"}`, true},
		{"a result's number in another format", "Find the shop.", `{"revenue":"1,200,000 EUR"}`, `{"revenue":1200000}`, true},
		{"a declared transformation (city to airport)", "Fly me to paris.", "", `{"to":"CDG"}`, true},
		{"an airport code never declared", "Fly me to paris.", "", `{"to":"ORY"}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msgs := []llm.Message{{Role: "system", Content: systemPrompt}, {Role: "user", Content: c.user}}
			if c.result != "" {
				msgs = append(msgs, llm.Message{Role: "tool", Content: c.result})
			}
			e := &engine{s: &State{Plan: plan.New(bp), Messages: msgs}}
			args, err := plan.Decode(c.args)
			if err != nil {
				t.Fatal(err)
			}
			l, ok := e.ungrounded(args, nil, e.s.Grounds())
			if ok != c.grounded {
				t.Fatalf("grounded=%v (value %q), want %v", ok, l, c.grounded)
			}
		})
	}
}
