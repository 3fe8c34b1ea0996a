package world

import (
	"encoding/json"
	"slices"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// An alias added to a keystore is among its aliases from then on, and
// gone once removed: postAuthorizableKeystore(alias, newAlias) then
// getAuthorizableKeystore listed neither.
func TestAnEntryAddedToARecordIsInItsLaterListing(t *testing.T) {
	bp := &blueprintv1.Blueprint{Intents: []string{"add an alias, check, remove it"}, Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "postAuthorizableKeystore"}, {Id: "c2", ToolName: "getAuthorizableKeystore"},
		{Id: "c3", ToolName: "postAuthorizableKeystore"}, {Id: "c4", ToolName: "getAuthorizableKeystore"}}}
	p := plan.New(bp)
	info := `{"type":"object","properties":{"aliases":{"type":"array","items":{"type":"object","properties":{"alias":{"type":"string","description":"Keystore alias name"},"algorithm":{"type":"string"}}}},"exists":{"type":"boolean"}}}`
	ts := toolsFor(t, []*toolv1.Tool{
		{Id: "t1", Name: "postAuthorizableKeystore", Description: "",
			InputSchemaJson:  `{"type":"object","properties":{"authorizableId":{"type":"string"},"alias":{"type":"string"},"newAlias":{"type":"string"},"removeAlias":{"type":"string"}},"required":["authorizableId"]}`,
			OutputSchemaJson: info},
		{Id: "t2", Name: "getAuthorizableKeystore", Description: "",
			InputSchemaJson:  `{"type":"object","properties":{"authorizableId":{"type":"string"},"intermediatePath":{"type":"string"}},"required":["authorizableId"]}`,
			OutputSchemaJson: info},
	}, p)
	aliases := func(out string) []string {
		var got struct{ Aliases []struct{ Alias string } }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		var xs []string
		for _, a := range got.Aliases {
			xs = append(xs, a.Alias)
		}
		return xs
	}
	for seed := range int64(8) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		call := func(tool, args, id string) string { return callOut(t, w, tool, args, p.Call(id)) }
		call("postAuthorizableKeystore", `{"alias":"home automation","authorizableId":"68030855","newAlias":"ALI-8969"}`, "c1")
		out := call("getAuthorizableKeystore", `{"authorizableId":"68030855","intermediatePath":"/home/a"}`, "c2")
		if got := aliases(out); !slices.Contains(got, "home automation") || !slices.Contains(got, "ALI-8969") {
			t.Fatalf("seed %d: aliases added missing from the keystore's listing: %s", seed, out)
		}
		call("postAuthorizableKeystore", `{"authorizableId":"68030855","removeAlias":"ALI-8969"}`, "c3")
		out = call("getAuthorizableKeystore", `{"authorizableId":"68030855","intermediatePath":"/home/b"}`, "c4")
		if got := aliases(out); slices.Contains(got, "ALI-8969") || !slices.Contains(got, "home automation") {
			t.Fatalf("seed %d: after ALI-8969 was removed: %s", seed, out)
		}
	}
}
