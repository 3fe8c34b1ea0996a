package strategy

import (
	"slices"
	"sort"
	"strconv"
	"sync"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// maxPrims is the most primitives one shape combines (besides the code step).
const maxPrims = 3

// steerable are the primitives tdscaling combines (the code step is decided
// by the code share and added as a flag).
var steerable = []prim{
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_SEQUENTIAL_CHAIN,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_PARALLEL_FAN_OUT,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_CONDITIONAL_BRANCH,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_ITERATION,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_ERROR_RECOVERY,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_CLARIFICATION,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_AGGREGATION,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_MULTI_INTENT,
	blueprintv1.ReasoningPrimitive_REASONING_PRIMITIVE_IRRELEVANCE,
}

// shape is one arm of the tdscaling bandit.
type shape struct {
	key        string
	prims      []prim
	complexity int
	code       bool
	tries      int
	accepted   int
	// sigs counts the shape's accepted records by signature (an id of the
	// strategy's signature table), in the order first seen, so sums over
	// them run in the same order on every replay; sigAt indexes them.
	sigs  []sigCount
	sigAt map[int]int
	// sigV is Σ sigs' n/accepted × weight, valid unless stale: it changes
	// only when the shape accepts a record or one of its signatures is
	// re-weighed.
	sigV  float64
	stale bool
	// primAt and rates are fixed per shape, kept to spare every pick the
	// lookups: the primitives' indexes in steerable and the acceptance
	// rates of the shape's factors.
	primAt []int
	rates  []*rate
}

type sigCount struct{ id, n int }

// count counts one accepted record of signature id; first says the shape
// had none before.
func (sh *shape) count(id int) (first bool) {
	sh.stale = true
	if k, ok := sh.sigAt[id]; ok {
		sh.sigs[k].n++
		return false
	}
	sh.sigAt[id] = len(sh.sigs)
	sh.sigs = append(sh.sigs, sigCount{id: id, n: 1})
	return true
}

// sigValue is Σ n/accepted × weight over the shape's signatures, summed
// again only when stale.
func (sh *shape) sigValue(w []float64) float64 {
	if sh.stale {
		sh.sigV = 0
		for _, e := range sh.sigs {
			sh.sigV += float64(e.n) / float64(sh.accepted) * w[e.id]
		}
		sh.stale = false
	}
	return sh.sigV
}

// shapeSpec is the part of a shape that follows from the constants alone:
// its key, primitives, complexity, code flag and factor names.
type shapeSpec struct {
	key        string
	prims      []prim
	primAt     []int
	complexity int
	code       bool
	factors    []string
}

// shapeSpecs are every shape's specs in key order — each combination of up
// to maxPrims steerable primitives, each complexity, with and without a
// code step. They are made once per process: every job (and every replay
// of one) builds its shapes from them, and the prims and primAt slices are
// shared read-only.
var shapeSpecs = sync.OnceValue(func() []shapeSpec {
	var specs []shapeSpec
	for _, combo := range combos(steerable, maxPrims) {
		for cx := 1; cx <= MaxComplexity; cx++ {
			for _, code := range []bool{false, true} {
				ch := Choice{Primitives: combo, Complexity: cx, CodeStep: code}
				sp := shapeSpec{key: ch.shapeKey(), prims: combo, complexity: cx, code: code, factors: factors(combo, cx, code)}
				for _, p := range combo {
					sp.primAt = append(sp.primAt, slices.Index(steerable, p))
				}
				specs = append(specs, sp)
			}
		}
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].key < specs[j].key })
	return specs
})

// buildShapes makes every shape by key, and apart by the code flag in key
// order. rateOf gives the rate of a factor.
func buildShapes(rateOf func(string) *rate) (map[string]*shape, [2][]*shape) {
	specs := shapeSpecs()
	byKey := make(map[string]*shape, len(specs))
	var byCode [2][]*shape
	for i := range specs {
		sp := &specs[i]
		sh := &shape{key: sp.key, prims: sp.prims, complexity: sp.complexity, code: sp.code, sigAt: map[int]int{}, primAt: sp.primAt}
		sh.rates = make([]*rate, len(sp.factors))
		for k, f := range sp.factors {
			sh.rates[k] = rateOf(f)
		}
		byKey[sh.key] = sh
		byCode[b2i(sh.code)] = append(byCode[b2i(sh.code)], sh)
	}
	return byKey, byCode
}

// combos returns the subsets of ps of size 0..k, each in enum order.
func combos(ps []prim, k int) [][]prim {
	out := [][]prim{nil}
	var rec func(start int, cur []prim)
	rec = func(start int, cur []prim) {
		for i := start; i < len(ps); i++ {
			next := append(slices.Clone(cur), ps[i])
			slices.Sort(next)
			out = append(out, next)
			if len(next) < k {
				rec(i+1, next)
			}
		}
	}
	rec(0, nil)
	return out
}

// rate is a Laplace-smoothed acceptance rate.
type rate struct{ tries, accepted int }

func (r *rate) value() float64 {
	if r == nil {
		return 0.5
	}
	return float64(r.accepted+1) / float64(r.tries+2)
}

// factors are the keys of a shape's acceptance factors.
func factors(prims []prim, complexity int, code bool) []string {
	out := []string{"x" + strconv.Itoa(complexity)}
	for _, p := range prims {
		out = append(out, p.String())
	}
	if code {
		out = append(out, "code")
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
