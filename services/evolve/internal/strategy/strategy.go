// Package strategy picks the target of each next task of a job: which
// cluster (and so which domain), which reasoning primitives, what complexity
// and whether a code step is included.
//
// A job's Strategy is one of two, chosen by the spec's kind (New):
// tdscaling (tdscaling.go) steers toward what the dataset lacks; uniform
// (uniform.go) is the quantity-scaling baseline. Both decide code_step with
// probability code_tool_share. Every pick draws from a generator seeded by
// (job seed, task index) and reads only the strategy's state, which changes
// only through Issued, Observed and Dropped: the same seed and the same
// sequence of issues and observations give the same tasks, which is what
// makes a restarted evolve service resume a job exactly (the job state
// replays its log through these calls; there is no other snapshot).
package strategy

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
)

// Strategy is one job's target picker: what the job state calls.
type Strategy interface {
	// Pick chooses the target of task index given the job's diversity
	// state. It changes nothing: Issued records the choice once it is
	// persisted.
	Pick(index int64, div *diversity.State) Choice
	// Issued counts a picked choice as issued and in flight.
	Issued(c Choice)
	// Observed takes the outcome of a task issued with c: the record's
	// signature and CAC when accepted, and the decision; div already holds it.
	Observed(c Choice, d diversity.Decision, sig string, cac float64, div *diversity.State)
	// Dropped forgets a task that will never be observed (dead-lettered,
	// or its result came after the job stopped).
	Dropped(c Choice)
	// Level is the complexity ceiling now.
	Level() int
}

// New returns the strategy of p.Kind over clusters (for tdscaling, the
// SelectClusters result in selection order; for uniform, all clusters with
// tool counts).
func New(p Params, clusters []Cluster) (Strategy, error) {
	if len(clusters) == 0 {
		return nil, fmt.Errorf("no clusters to target")
	}
	if p.Kind == evolvev1.Strategy_STRATEGY_UNIFORM {
		return newUniform(p, clusters), nil
	}
	return newTDScaling(p, clusters), nil
}

// draw starts task index's picks: its generator, seeded by (job seed, task
// index), and the code-step flag, its first draw for every strategy.
func draw(p Params, index int64) (*rand.Rand, bool) {
	r := seedrand.New(p.Seed, "evolve-task", strconv.FormatInt(index, 10))
	return r, r.Float64() < p.CodeShare
}
