package planner_test

import (
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// TestPlansPreferDependentCalls: on a cluster whose graph allows it, most
// plans have a call that consumes an earlier result, whatever primitive
// they were asked for (docs/metrics.md's dependent calls come from these
// references).
func TestPlansPreferDependentCalls(t *testing.T) {
	prims := []prim{validate.FanOut, validate.Conditional, validate.Recovery, validate.Clarify, validate.Aggregate, validate.Code, validate.MultiIntent}
	plans, dependent := 0, 0
	for _, p := range prims {
		for seed := range int64(12) {
			bp := mustRealise(t, fixtures.Shop(), seed, 0, p)
			plans++
			if hasRef(bp) {
				dependent++
			}
		}
	}
	share := float64(dependent) / float64(plans)
	t.Logf("%d of %d plans carry a dependent call (%.0f %%)", dependent, plans, 100*share)
	if share < 0.6 {
		t.Fatalf("%d of %d plans carry a dependent call (%.0f %%), want at least 60 %% on a cluster with a dependency graph", dependent, plans, 100*share)
	}
}

func hasRef(bp *blueprintv1.Blueprint) bool {
	for _, c := range bp.GetCalls() {
		for _, a := range c.GetArguments() {
			if a.GetRef() != nil {
				return true
			}
		}
	}
	return false
}
