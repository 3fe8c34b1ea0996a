package jobstate

import (
	"maps"
	"slices"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
)

// uniformBaseline is what the uniform strategy would reach at n accepted
// records over the same clustering: a seeded dry draw of n clusters with
// probability proportional to their tool counts, which draws each domain
// with probability proportional to its tools. No rollout runs, so only the
// domain metrics are known; signatures need rollouts (run the uniform
// strategy to measure H_mode). Nil without domain counts or records.
func uniformBaseline(domainTools map[string]int, n, seed int64) *evolvev1.Snapshot {
	if len(domainTools) == 0 || n <= 0 {
		return nil
	}
	domains := slices.Sorted(maps.Keys(domainTools))
	weights := make([]float64, len(domains))
	for i, d := range domains {
		weights[i] = float64(domainTools[d])
	}
	r := seedrand.New(seed, "uniform-baseline")
	counts := map[string]int{}
	for range n {
		if i := diversity.PickIndex(weights, r.Float64()); i >= 0 {
			counts[domains[i]]++
		}
	}
	return &evolvev1.Snapshot{Accepted: n, HDom: trajectory.Entropy(counts), DistinctDomains: int64(len(counts))}
}
