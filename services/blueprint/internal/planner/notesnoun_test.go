package planner_test

import (
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// When the assistant has to ask for a list of notes to take off named
// things, the question and the reply speak of the notes and the things
// they are on ("Which tags for each item …?" — "The tags for each item
// are Garden hose ("sale") …"), not of the parameter's name ("Which
// removals should I use?").
func TestAskedForNotesOnThingsByWhatTheyAre(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_tags", Domain: "ecommerce", Tools: []*toolv1.Tool{
		{Id: "t_untag", Name: "remove_tags", Service: "shop", Domain: "ecommerce",
			Description: "Remove tags from items in the catalogue",
			InputSchemaJson: `{"type":"object","properties":{"removals":{"type":"array","items":{"type":"object","properties":{
				"itemName":{"type":"string","description":"The name of the item carrying the tags"},
				"tags":{"type":"array","items":{"type":"string"},"description":"A list of tags to remove"}},
				"required":["itemName","tags"]}}},"required":["removals"]}`},
		{Id: "t_note", Name: "add_notes", Service: "shop", Domain: "ecommerce",
			Description: "Add notes to existing customers",
			InputSchemaJson: `{"type":"object","properties":{"notes":{"type":"array","items":{"type":"object","properties":{
				"name":{"type":"string","description":"The name of the customer to add the notes to"},
				"contents":{"type":"array","items":{"type":"string"},"description":"An array of note contents to add"}},
				"required":["name","contents"]}}},"required":["notes"]}`},
	}}
	want := map[string]string{"removals": "tags for each item", "notes": "notes for each customer"}
	seen := map[string]bool{}
	for seed := range int64(40) {
		bp := mustRealise(t, c, seed, 2, validate.Clarify)
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				if u == nil {
					continue
				}
				if w, ok := want[a.GetParam()]; ok {
					if u.GetDescription() != w {
						t.Fatalf("seed %d: %s is called %q, want %q", seed, a.GetParam(), u.GetDescription(), w)
					}
					seen[a.GetParam()] = seen[a.GetParam()] || u.GetWithholdUntilAsked()
				}
			}
		}
	}
	for p := range want {
		if !seen[p] {
			t.Errorf("no plan asks for %s", p)
		}
	}
}
