package plan

import (
	"strings"
	"unicode"
)

// AggregationCheck names the outcome check the planner adds when an answer
// must combine or compare several results.
const AggregationCheck = "aggregates_results"

// AggregateIntent is the intent whose answer brings results together: the
// one holding the calls the aggregation check names ("… the results of
// calls c1, c2 …"), else the one with the most successful calls of cluster
// tools; -1 when the plan has no aggregation check. The other intents'
// answers tell their results one by one.
func (p *Plan) AggregateIntent() int {
	var check string
	aggregates := false
	for _, ch := range p.BP.GetChecks() {
		if ch.GetName() == AggregationCheck {
			aggregates = true
			check = ch.GetDescription()
		}
	}
	if !aggregates {
		return -1
	}
	// A request to compare two results may come first and a longer one
	// after it: the check says which calls it brings together.
	for _, w := range strings.FieldsFunc(check, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' }) {
		if c := p.Call(w); c != nil {
			return int(c.GetIntent())
		}
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
