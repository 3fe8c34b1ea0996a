package strategy

import (
	"math"
	"slices"
	"sort"

	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
)

// tdscaling (docs/metrics.md) steers toward what the dataset lacks.
//
// Domains are drawn with weights ∝ (count+α)^−β over the domains of the
// clusters SelectClusters chose (max coverage), counting both accepted
// records and tasks still in flight, and a domain whose share of accepted
// records exceeds max_domain_share gets weight zero. Within a domain the
// least-used cluster is taken (max-coverage order breaks ties), which
// spreads tasks over the domain's tools; a cluster whose tasks failed twice
// and never succeeded is passed over while the domain has others (on real
// corpora many clusters cannot be planned on: their edges bind a string to
// an object parameter, their patterns defeat the value synthesiser).
//
// The structure of the task — its "shape": a set of up to three
// primitives, a complexity and the code flag — is drawn from a bandit over
// shapes: an untried shape is worth what a new signature is worth,
// (0+α)^−β; a tried one is worth the expected weight of the signatures it
// produced, each signature weighted (count+α)^−β and zero once its share
// exceeds max_signature_share. That value is multiplied by the shape's
// estimated acceptance — its own rate once tried four times, before that
// the product of the acceptance rates of its factors (each primitive, the
// complexity, the code flag) relative to the overall rate, since a few
// thousand shapes are each tried only a few times — and by how
// under-represented its primitives are. The strategy cannot ask for a
// signature, only for a shape; it learns from the signatures the rollouts
// actually had. Complexities up to a ceiling are allowed (ceiling.go).
type tdscaling struct {
	p        Params
	clusters []Cluster
	domains  []string         // sorted
	byDomain map[string][]int // domain → cluster indexes, selection order
	index    map[string]int   // cluster id → index
	used     []int            // tasks issued per cluster
	failed   []int            // tasks of a cluster observed and not accepted
	accepted []int            // tasks of a cluster accepted
	pending  map[string]int   // domain → tasks in flight
	pendPrim map[string]int   // primitive → tasks in flight
	shapes   map[string]*shape
	byCode   [2][]*shape // by key, apart by the code flag
	// rates are the acceptance rates of the shapes' factors: each
	// primitive, each complexity, the code flag, and "" for all tasks.
	rates map[string]*rate
	sigs  *sigTable
	ceil  ceiling
}

func newTDScaling(p Params, clusters []Cluster) *tdscaling {
	s := &tdscaling{
		p: p, clusters: clusters, byDomain: map[string][]int{}, index: map[string]int{}, used: make([]int, len(clusters)),
		failed: make([]int, len(clusters)), accepted: make([]int, len(clusters)), rates: map[string]*rate{},
		pending: map[string]int{}, pendPrim: map[string]int{}, sigs: newSigTable(),
		ceil: ceiling{level: p.BaseComplexity, period: p.Period},
	}
	for i, c := range clusters {
		s.index[c.ID] = i
		if _, ok := s.byDomain[c.Domain]; !ok {
			s.domains = append(s.domains, c.Domain)
		}
		s.byDomain[c.Domain] = append(s.byDomain[c.Domain], i)
	}
	sort.Strings(s.domains)
	// Every factor's rate exists from the start (an unseen factor's rate
	// is the prior 1/2 either way), so shapes can hold them.
	s.rateOf("")
	s.shapes, s.byCode = buildShapes(s.rateOf)
	return s
}

// rateOf is the rate of factor f, made on first use.
func (s *tdscaling) rateOf(f string) *rate {
	r := s.rates[f]
	if r == nil {
		r = &rate{}
		s.rates[f] = r
	}
	return r
}

// Level is the complexity ceiling now.
func (s *tdscaling) Level() int { return s.ceil.level }

func (s *tdscaling) Pick(index int64, div *diversity.State) Choice {
	r, code := draw(s.p, index)
	d := diversity.Pick(s.DomainWeights(div), r.Float64())
	ci := s.leastUsed(d)
	shapes, weights := s.shapeWeights(div, code)
	i := diversity.PickIndex(weights, r.Float64())
	if i < 0 {
		i = 0 // every shape weighs nothing (all capped): take the first rather than none
	}
	sh := shapes[i]
	if sh == nil { // every shape's signatures are over their caps: fall back to the planner's default
		sh = s.shapes[Choice{Complexity: s.p.BaseComplexity, CodeStep: code}.shapeKey()]
	}
	return Choice{ClusterID: s.clusters[ci].ID, Domain: d, Primitives: slices.Clone(sh.prims), Complexity: sh.complexity, CodeStep: code, MaxRequests: s.p.MaxRequests}
}

func (s *tdscaling) Issued(c Choice) {
	if i, ok := s.index[c.ClusterID]; ok {
		s.used[i]++
	}
	s.track(c, +1)
}

func (s *tdscaling) Dropped(c Choice) { s.track(c, -1) }

// track counts a choice in or out of flight.
func (s *tdscaling) track(c Choice, delta int) {
	s.pending[c.Domain] += delta
	for _, p := range c.Primitives {
		s.pendPrim[p.String()] += delta
	}
}

func (s *tdscaling) Observed(c Choice, d diversity.Decision, sig string, cac float64, div *diversity.State) {
	s.track(c, -1)
	if i, ok := s.index[c.ClusterID]; ok {
		if d == diversity.Accepted {
			s.accepted[i]++
		} else if d == diversity.RejectedUnverified {
			s.failed[i]++
		}
	}
	for _, f := range append(factors(c.Primitives, c.Complexity, c.CodeStep), "") {
		r := s.rateOf(f)
		r.tries++
		// A near-duplicate was realised fine: it counts as a success here.
		if d != diversity.RejectedUnverified {
			r.accepted++
		}
	}
	if sh := s.shapes[c.shapeKey()]; sh != nil {
		sh.tries++
		if d == diversity.Accepted {
			sh.accepted++
			s.sigs.accepted(sig, sh)
		}
	}
	if d == diversity.Accepted {
		s.ceil.accepted(cac, div)
	}
}

// leastUsed is the domain's least-used cluster, passing over clusters
// whose tasks failed at least twice and never succeeded (a cluster the
// planner cannot plan on, or whose schemas the rollouts cannot satisfy)
// while the domain has others.
func (s *tdscaling) leastUsed(domain string) int {
	best := -1
	for pass := range 2 {
		for _, i := range s.byDomain[domain] {
			if pass == 0 && s.failed[i] >= 2 && s.accepted[i] == 0 {
				continue
			}
			if best < 0 || s.used[i] < s.used[best] {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
	}
	return s.byDomain[domain][0]
}

// acceptance estimates the chance a shape's task is accepted: its own rate
// once it has been tried a few times, else the overall rate scaled by each
// factor's rate relative to the overall one (factors taken as independent),
// which learns from every task what a shape's own few tries cannot tell.
func (s *tdscaling) acceptance(sh *shape) float64 {
	if sh.tries >= 4 {
		return float64(sh.accepted+1) / float64(sh.tries+2)
	}
	all := s.rates[""].value()
	v := all
	for _, r := range sh.rates {
		v *= r.value() / all
	}
	return min(max(v, 0.01), 1)
}

// DomainWeights are the domain weights: (accepted + in flight + α)^−β,
// zero for a domain over its share.
func (s *tdscaling) DomainWeights(div *diversity.State) map[string]float64 {
	counts := make(map[string]int, len(s.domains))
	for _, d := range s.domains {
		counts[d] = div.Domains[d] + s.pending[d]
	}
	w := s.capped(s.domains, counts, div.Domains, s.p.MaxDomainShare)
	if allZero(w) { // every domain over its cap cannot happen with caps < 1 and ≥ 2 domains; stay total anyway
		w = s.capped(s.domains, counts, div.Domains, 0)
	}
	return w
}

// capped weighs keys by (counts+α)^−β and zeroes those whose share of the
// accepted counts exceeds maxShare (when > 0).
func (s *tdscaling) capped(keys []string, counts, accepted map[string]int, maxShare float64) map[string]float64 {
	total := 0
	for _, c := range accepted {
		total += c
	}
	w := make(map[string]float64, len(keys))
	for _, k := range keys {
		if maxShare > 0 && total > 0 && float64(accepted[k])/float64(total) > maxShare {
			w[k] = 0
			continue
		}
		w[k] = math.Pow(float64(counts[k])+s.p.Alpha, -s.p.Beta)
	}
	return w
}

func allZero(w map[string]float64) bool {
	for _, v := range w {
		if v > 0 {
			return false
		}
	}
	return true
}

// SignatureWeight is what one more record of a signature is worth: the
// signature's own (count+α)^−β, zero once its share of accepted records
// exceeds the cap, times the mean worth of its requests (each request
// signature's (count+α)^−β over the requests of all accepted records), and
// zero for a record with more requests than the cap. Whole-record
// signatures alone would reward gluing common requests together, since
// every new combination is a new signature; through its requests a record
// is worth what its request-level structure adds.
func (s *tdscaling) SignatureWeight(div *diversity.State, sig string) float64 {
	n := div.Signatures[sig]
	if acc := div.Accepted(); acc > 0 && float64(n)/float64(acc) > s.p.MaxSignatureShare {
		return 0
	}
	reqs := trajectory.RequestsOf(sig)
	if len(reqs) > s.p.MaxRequests {
		return 0
	}
	rw := 0.0
	for _, r := range reqs {
		rw += math.Pow(float64(div.Requests[r])+s.p.Alpha, -s.p.Beta)
	}
	return math.Pow(float64(n)+s.p.Alpha, -s.p.Beta) * rw / float64(len(reqs))
}

// ShapeWeights are the shape weights among the shapes with the given code
// flag and a complexity within the ceiling, by shape key.
func (s *tdscaling) ShapeWeights(div *diversity.State, code bool) map[string]float64 {
	shapes, weights := s.shapeWeights(div, code)
	w := make(map[string]float64, len(shapes))
	for i, sh := range shapes {
		w[sh.key] = weights[i]
	}
	return w
}

// shapeWeights returns the eligible shapes in key order and their weights.
func (s *tdscaling) shapeWeights(div *diversity.State, code bool) ([]*shape, []float64) {
	// Primitive factor: how under-represented a shape's primitives are,
	// relative to the least represented one (1 for a shape without any).
	pw := make([]float64, len(steerable))
	best := 0.0
	for i, p := range steerable {
		n := p.String()
		pw[i] = math.Pow(float64(div.Primitives[n]+s.pendPrim[n])+s.p.Alpha, -s.p.Beta)
		best = max(best, pw[i])
	}
	newSig := math.Pow(s.p.Alpha, -s.p.Beta)
	s.sigs.refresh(func(sig string) float64 { return s.SignatureWeight(div, sig) })
	var shapes []*shape
	var weights []float64
	for _, sh := range s.byCode[b2i(code)] {
		if sh.complexity > s.ceil.level {
			continue
		}
		v := newSig
		if sh.accepted > 0 {
			v = sh.sigValue(s.sigs.w)
		}
		// Shapes the clusters cannot realise (or the rollouts fail) fade.
		v *= s.acceptance(sh)
		if len(sh.primAt) > 0 {
			f := 0.0
			for _, i := range sh.primAt {
				f += pw[i] / best
			}
			v *= f / float64(len(sh.primAt))
		}
		shapes = append(shapes, sh)
		weights = append(weights, v)
	}
	return shapes, weights
}
