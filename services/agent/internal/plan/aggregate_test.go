package plan

import (
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// The answer that aggregates is the one for the calls the check names,
// even when a later request makes more calls ("compare two orders", then
// five calls of another request); without names, the intent with the most.
func TestAggregateIntentIsTheOneTheCheckNames(t *testing.T) {
	calls := []*blueprintv1.PlannedCall{{Id: "c1"}, {Id: "c2"}, {Id: "c3", Intent: 1}, {Id: "c4", Intent: 1}, {Id: "c5", Intent: 1}}
	named := New(&blueprintv1.Blueprint{Intents: []string{"place two orders and compare them", "look up a stock, then order it"}, Calls: calls,
		Checks: []*blueprintv1.Check{{Name: AggregationCheck, Description: "the final answer combines or compares the results of calls c1, c2 rather than reporting one of them"}}})
	if got := named.AggregateIntent(); got != 0 {
		t.Errorf("named calls: aggregate intent %d, want 0", got)
	}
	unnamed := New(&blueprintv1.Blueprint{Intents: named.BP.GetIntents(), Calls: calls,
		Checks: []*blueprintv1.Check{{Name: AggregationCheck, Description: "the final answer combines or compares several results"}}})
	if got := unnamed.AggregateIntent(); got != 1 {
		t.Errorf("no calls named: aggregate intent %d, want 1", got)
	}
	if got := New(&blueprintv1.Blueprint{Intents: named.BP.GetIntents(), Calls: calls}).AggregateIntent(); got != -1 {
		t.Errorf("no check: %d", got)
	}
}
