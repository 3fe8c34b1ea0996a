package planner_test

import (
	"encoding/json"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// Things the user lists are said as the things themselves: records by
// their names with their kind and notes in brackets ("add Laura Nguyen (a
// person; "Allergic to peanuts")"), names in place of the object ("pull
// up Project Redwood"), relations as what they say ("record that Ana
// works at Acme"); never the object's noun twice ("add entities —
// entities Laura …") nor the records' field names ("with entity type
// person and observations …"). Every value is said.
func TestRequestsSayListedThingsAsThemselves(t *testing.T) {
	for _, tc := range []struct {
		name, tool, description, schema string
		listed                          func(in string) bool
	}{{
		name: "records", tool: "create_entities", description: "Create multiple new entities in the knowledge graph",
		schema: `{"type":"object","properties":{"entities":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string","description":"The name of the entity"},"entityType":{"type":"string","description":"The type of the entity"},"observations":{"type":"array","items":{"type":"string"},"description":"An array of observation contents associated with the entity"}},"required":["name","entityType","observations"]}}},"required":["entities"]}`,
		listed: func(in string) bool { return strings.Contains(in, " (a ") || strings.Contains(in, " (an ") },
	}, {
		name: "relations", tool: "create_relations", description: "Create multiple new relations between entities in the knowledge graph. Relations should be in active voice",
		schema: `{"type":"object","properties":{"relations":{"type":"array","items":{"type":"object","properties":{"from":{"type":"string","description":"The name of the entity where the relation starts"},"to":{"type":"string","description":"The name of the entity where the relation ends"},"relationType":{"type":"string","description":"The type of the relation"}},"required":["from","to","relationType"]}}},"required":["relations"]}`,
		listed: func(in string) bool { return strings.Contains(in, " that ") && !strings.Contains(in, "relations") },
	}, {
		name: "names", tool: "open_nodes", description: "Open specific nodes in the knowledge graph by their names",
		schema: `{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"},"description":"An array of entity names to retrieve"}},"required":["names"]}`,
		listed: func(in string) bool { return !strings.Contains(in, "nodes") },
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clusterv1.Cluster{Id: "cl_mem", Domain: "agent_memory", Tools: []*toolv1.Tool{
				{Id: "t_" + tc.tool, Name: tc.tool, Service: "memory", Domain: "agent_memory", Description: tc.description, InputSchemaJson: tc.schema},
			}}
			listed := 0
			for seed := range int64(30) {
				bp, err := draft(t, c, seed, 1)
				if err != nil {
					continue
				}
				in := bp.GetIntents()[0]
				for _, never := range []string{"entities entities", "— entities", "for entities ", "with entity type", "and observations", "relations relations", "using relations", "for relations", "with relations", "for names", "names "} {
					if strings.Contains(in, never) {
						t.Fatalf("seed %d: request %q says %q", seed, in, never)
					}
				}
				said := false
				for _, call := range bp.GetCalls() {
					for _, a := range call.GetArguments() {
						u := a.GetUser()
						if u == nil || u.GetWithholdUntilAsked() {
							continue
						}
						var v any
						_ = json.Unmarshal([]byte(u.GetValueJson()), &v)
						for _, l := range stringLeaves(v) {
							if a.GetParam() == "relations" && !strings.Contains(l, " ") {
								l = strings.ReplaceAll(l, "_", " ") // a relation's type is said in words
							}
							if !strings.Contains(in, l) {
								t.Fatalf("seed %d: request %q leaves out %q", seed, in, l)
							}
						}
						said = true
					}
				}
				if said && tc.listed(in) {
					listed++
				}
			}
			if listed == 0 {
				t.Fatalf("no request said the listed things as themselves")
			}
		})
	}
}
