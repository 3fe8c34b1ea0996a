package strategy

import "github.com/tdscaling/tdscaling/services/evolve/internal/diversity"

// ceiling is tdscaling's complexity ceiling and its controller: it starts
// at base_complexity and rises by one whenever, over a period of accepted
// records, fewer than a tenth of them land above the CAC 90th percentile
// measured at the start of the period — the upper buckets stopped filling.
type ceiling struct {
	level  int
	period int     // accepted records per period
	n      int     // accepted records in the current period
	nTop   int     // of which above top
	top    float64 // CAC p90 at the start of the period
}

// accepted counts an accepted record of CAC cac; div holds it already.
func (c *ceiling) accepted(cac float64, div *diversity.State) {
	c.n++
	if cac > c.top {
		c.nTop++
	}
	if c.n >= c.period {
		if c.nTop*10 < c.n && c.level < MaxComplexity {
			c.level++
		}
		c.top = div.Snapshot().CACP90
		c.n, c.nTop = 0, 0
	}
}
