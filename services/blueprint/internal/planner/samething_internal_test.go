package planner

import (
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// TestNoSecondRemovalOfWhatAChainRemoved: a directory made and removed
// through the chain (rmdir's dir_name read from mkdir's result) is not
// removed again by name in the same conversation: a later rmdir names
// another directory than the one the user told mkdir.
func TestNoSecondRemovalOfWhatAChainRemoved(t *testing.T) {
	dir := `{"type":"object","properties":{"dir_name":{"type":"string","description":"The name of the directory."}},"required":["dir_name"]}`
	cat := catalog.New(&clusterv1.Cluster{Id: "cl_fs", Tools: []*toolv1.Tool{
		{Id: "t_mk", Name: "mkdir", Description: "Make a directory.", InputSchemaJson: dir, OutputSchemaJson: `{"type":"object","properties":{"dir_name":{"type":"string"}}}`},
		{Id: "t_rm", Name: "rmdir", Description: "Remove a directory.", InputSchemaJson: dir},
	}})
	mk, rm := cat.Lookup("mkdir"), cat.Lookup("rmdir")
	for seed := range int64(60) {
		b := &builder{cat: cat, r: seedrand.New(seed, "t"), tool: map[string]*catalog.Tool{}, byID: map[string]*blueprintv1.PlannedCall{}, creds: map[string]string{}}
		b.vals = sim.NewValues(b.r)
		b.vals.Learn(mk.Input)
		b.intents = []*intent{{}}
		made := b.call(0, mk, nil)
		b.call(0, rm, map[string]*blueprintv1.CallReference{"dir_name": ref(made, "$.dir_name")})
		again := b.call(0, rm, nil)
		if got, was := again.GetArguments()[0].GetUser().GetValueJson(), made.GetArguments()[0].GetUser().GetValueJson(); got == was {
			t.Errorf("seed %d: rmdir %s again after the chain removed it", seed, got)
		}
	}
}
