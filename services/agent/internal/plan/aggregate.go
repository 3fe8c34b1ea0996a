package plan

// AggregationCheck names the outcome check the planner adds when an answer
// must combine or compare several results.
const AggregationCheck = "aggregates_results"

// AggregateIntent is the intent whose answer brings results together: the
// one with the most successful calls of cluster tools (the planner puts the
// aggregation there); -1 when the plan has no aggregation check. The other
// intents' answers tell their results one by one.
func (p *Plan) AggregateIntent() int {
	aggregates := false
	for _, ch := range p.BP.GetChecks() {
		if ch.GetName() == AggregationCheck {
			aggregates = true
		}
	}
	if !aggregates {
		return -1
	}
	best, n := 0, -1
	for i := range p.Intents() {
		k := 0
		for _, c := range p.IntentCalls(i) {
			if !c.GetExpect().GetFails() && !IsCode(c) {
				k++
			}
		}
		if k > n {
			best, n = i, k
		}
	}
	return best
}
