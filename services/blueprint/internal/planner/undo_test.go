package planner_test

import (
	"slices"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A fan-out never deletes a thing beside calls on the same thing: "delete
// the version, look it up and move it" in one turn read the version the
// deletion removed.
func TestFanOutDeletesNothingItsOtherLegsUse(t *testing.T) {
	byID := `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`
	version := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"projectId":{"type":"string"}}}`
	c := &clusterv1.Cluster{Id: "cl_versions", Tools: []*toolv1.Tool{
		{Id: "t_put", Name: "version.id.put", Description: "Update a project version.", InputSchemaJson: byID, OutputSchemaJson: version},
		{Id: "t_del", Name: "version.id.delete", Description: "Delete a project version.", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
		{Id: "t_get", Name: "version.id.get", Description: "Get a project version.", InputSchemaJson: byID, OutputSchemaJson: version},
		{Id: "t_move", Name: "version.id.move.post", Description: "Move a version.", InputSchemaJson: byID, OutputSchemaJson: version},
	}}
	for _, to := range []string{"t_del", "t_get", "t_move"} {
		c.Edges = append(c.Edges, &clusterv1.DependencyEdge{FromToolId: "t_put", FromField: "$.id", ToToolId: to, ToParam: "id", Score: 0.9})
	}
	for seed := int64(1); seed <= 12; seed++ {
		bp := mustRealise(t, c, seed, 3, validate.FanOut)
		// The value each call of a group takes its id from.
		groups := map[int32]map[string][]string{}
		for _, call := range bp.GetCalls() {
			g := call.GetParallelGroup()
			if g == 0 {
				continue
			}
			for _, a := range call.GetArguments() {
				if a.GetParam() != "id" {
					continue
				}
				from := a.GetUser().GetValueJson() + a.GetLiteralJson()
				if r := a.GetRef(); r != nil {
					from = r.GetCallId() + r.GetPath()
				}
				if groups[g] == nil {
					groups[g] = map[string][]string{}
				}
				groups[g][from] = append(groups[g][from], call.GetToolName())
			}
		}
		for _, byValue := range groups {
			for _, names := range byValue {
				if slices.Contains(names, "version.id.delete") && len(names) > 1 {
					t.Fatalf("seed %d: a deletion beside calls on what it deletes: %v", seed, names)
				}
			}
		}
	}
}

// A later request never names the thing an earlier one deleted: "delete
// version ver_2GC22…", then "check version ver_2GC22…" was not found.
func TestNoRequestNamesWhatTheConversationDeleted(t *testing.T) {
	byID := `{"type":"object","properties":{"id":{"type":"string","description":"The version's ID."}},"required":["id"]}`
	version := `{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}}`
	c := &clusterv1.Cluster{Id: "cl_versions2", Tools: []*toolv1.Tool{
		{Id: "t_del", Name: "version.id.delete", Description: "Delete a project version.", InputSchemaJson: byID, OutputSchemaJson: `{"type":"object","properties":{"deleted":{"type":"boolean"}}}`},
		{Id: "t_get", Name: "version.id.get", Description: "Get a project version.", InputSchemaJson: byID, OutputSchemaJson: version},
		{Id: "t_put", Name: "version.id.put", Description: "Update a project version.", InputSchemaJson: byID, OutputSchemaJson: version},
	}}
	checked := 0
	for seed := int64(1); seed <= 40; seed++ {
		bp, err := draft(t, c, seed, 6, validate.MultiIntent, validate.Recovery)
		if err != nil {
			continue
		}
		gone := map[string]bool{}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				v := a.GetUser().GetValueJson()
				if v == "" {
					continue
				}
				if call.GetToolName() == "version.id.delete" {
					gone[v] = true
					checked++
				} else if gone[v] {
					t.Fatalf("seed %d: %s(%s) after its deletion", seed, call.GetToolName(), v)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no plan deleted a version")
	}
}
