package strategy

import (
	"sort"

	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
)

// uniform is the quantity-scaling baseline: clusters drawn with probability
// proportional to their tool counts over all clusters of the clustering
// (the corpus as it is distributed), complexity fixed at base_complexity,
// and no primitives asked for, so the planner uses its default (a
// dependency chain where the cluster has one, else one call): what an
// unsteered pipeline produces. It learns nothing from outcomes, so its
// picks depend on the seed and the task index alone.
type uniform struct {
	p        Params
	clusters []Cluster
	cumTools []float64 // cumulative tool counts: cluster i owns [cum[i-1], cum[i])
}

func newUniform(p Params, clusters []Cluster) *uniform {
	u := &uniform{p: p, clusters: clusters}
	total := 0.0
	for _, c := range clusters {
		total += float64(max(c.Tools, 1))
		u.cumTools = append(u.cumTools, total)
	}
	return u
}

func (u *uniform) Pick(index int64, _ *diversity.State) Choice {
	r, code := draw(u.p, index)
	x := r.Float64() * u.cumTools[len(u.cumTools)-1]
	i := min(sort.Search(len(u.cumTools), func(i int) bool { return u.cumTools[i] > x }), len(u.clusters)-1)
	return Choice{ClusterID: u.clusters[i].ID, Domain: u.clusters[i].Domain, Complexity: u.p.BaseComplexity, CodeStep: code, MaxRequests: u.p.MaxRequests}
}

func (u *uniform) Issued(Choice)                                                          {}
func (u *uniform) Observed(Choice, diversity.Decision, string, float64, *diversity.State) {}
func (u *uniform) Dropped(Choice)                                                         {}

// Level is base_complexity, which every task asks for.
func (u *uniform) Level() int { return u.p.BaseComplexity }
