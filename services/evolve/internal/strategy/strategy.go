// Package strategy picks the target of each next task of a job: which
// cluster (and so which domain), which reasoning primitives, what complexity
// and whether a code step is included.
//
// Two strategies share one type:
//
//   - tdscaling (docs/metrics.md) steers toward what the dataset lacks.
//     Domains are drawn with weights ∝ (count+α)^−β over the domains of the
//     clusters SelectClusters chose (max coverage), counting both accepted
//     records and tasks still in flight, and a domain whose share of accepted
//     records exceeds max_domain_share gets weight zero. Within a domain the
//     least-used cluster is taken (max-coverage order breaks ties), which
//     spreads tasks over the domain's tools; a cluster whose tasks failed
//     twice and never succeeded is passed over while the domain has others
//     (on real corpora many clusters cannot be planned on: their edges bind
//     a string to an object parameter, their patterns defeat the value
//     synthesiser). The structure of the task — its "shape": a set of up to
//     three primitives, a complexity and the code flag — is drawn from a
//     bandit over shapes: an untried shape is worth what a new signature is
//     worth, (0+α)^−β; a tried one is worth the expected weight of the
//     signatures it produced, each signature weighted (count+α)^−β and zero
//     once its share exceeds max_signature_share. That value is multiplied
//     by the shape's estimated acceptance — its own rate once tried four
//     times, before that the product of the acceptance rates of its factors
//     (each primitive, the complexity, the code flag) relative to the
//     overall rate, since a few thousand shapes are each tried only a few
//     times — and by how under-represented its primitives are. The
//     strategy cannot ask for a signature, only for a shape; it learns
//     from the signatures the rollouts actually had. Complexities up to a
//     ceiling are allowed; the ceiling starts at
//     base_complexity and rises by one whenever, over a period of accepted
//     records, fewer than a tenth of them land above the CAC 90th percentile
//     measured at the start of the period — the upper buckets stopped filling.
//   - uniform is the quantity-scaling baseline: clusters drawn with
//     probability proportional to their tool counts over all clusters of the
//     clustering (the corpus as it is distributed), complexity fixed at
//     base_complexity, and no primitives asked for, so the planner uses its
//     default (a dependency chain where the cluster has one, else one call):
//     what an unsteered pipeline produces.
//
// Both decide code_step with probability code_tool_share. Every pick draws
// from a generator seeded by (job seed, task index) and reads only the
// strategy's state, which changes only through Issued, Observed and
// Dropped: the same
// seed and the same sequence of issues and observations give the same tasks,
// which is what makes a restarted evolve service resume a job exactly.
package strategy

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
)

type prim = blueprintv1.ReasoningPrimitive

// Defaults of StrategySpec's zero values.
const (
	DefaultAlpha             = 1.0
	DefaultBeta              = 2.0
	DefaultMaxDomainShare    = 0.10
	DefaultMaxSignatureShare = 0.05
	DefaultWindow            = 128
	DefaultBaseComplexity    = 3
	DefaultMaxRequests       = 3
	// MaxComplexity is the highest complexity a target asks for (blueprint.v1.Target).
	MaxComplexity = 10
	// maxPrims is the most primitives one shape combines (besides the code step).
	maxPrims = 3
)

// Params are a strategy's resolved parameters.
type Params struct {
	Kind              evolvev1.Strategy
	Alpha, Beta       float64
	MaxDomainShare    float64
	MaxSignatureShare float64
	BaseComplexity    int
	// MaxRequests caps the requests of one record (Target.max_requests).
	MaxRequests int
	CodeShare   float64
	Seed        int64
	// Period is the number of accepted records between complexity checks.
	Period int
}

// Resolve fills a spec's zero values with the defaults; target sizes the
// complexity period (a fiftieth of the target, at least 20 records).
func Resolve(spec *evolvev1.StrategySpec, codeShare float64, seed, target int64) Params {
	p := Params{
		Kind: spec.GetStrategy(), Alpha: spec.GetAlpha(), Beta: spec.GetBeta(),
		MaxDomainShare: spec.GetMaxDomainShare(), MaxSignatureShare: spec.GetMaxSignatureShare(),
		BaseComplexity: int(spec.GetBaseComplexity()), MaxRequests: int(spec.GetMaxRequestsPerRecord()), CodeShare: codeShare, Seed: seed,
		Period: int(max(20, target/50)),
	}
	if p.Kind == evolvev1.Strategy_STRATEGY_UNSPECIFIED {
		p.Kind = evolvev1.Strategy_STRATEGY_TDSCALING
	}
	if p.Alpha <= 0 {
		p.Alpha = DefaultAlpha
	}
	if p.Beta <= 0 {
		p.Beta = DefaultBeta
	}
	if p.MaxDomainShare <= 0 {
		p.MaxDomainShare = DefaultMaxDomainShare
	}
	if p.MaxSignatureShare <= 0 {
		p.MaxSignatureShare = DefaultMaxSignatureShare
	}
	if p.BaseComplexity <= 0 {
		p.BaseComplexity = DefaultBaseComplexity
	}
	p.BaseComplexity = min(p.BaseComplexity, MaxComplexity)
	if p.MaxRequests <= 0 {
		p.MaxRequests = DefaultMaxRequests
	}
	return p
}

// Spec is the resolved parameters as a StrategySpec (for reports).
func (p Params) Spec(window, maxClusters int32) *evolvev1.StrategySpec {
	return &evolvev1.StrategySpec{
		Strategy: p.Kind, Alpha: p.Alpha, Beta: p.Beta, MaxDomainShare: p.MaxDomainShare,
		MaxSignatureShare: p.MaxSignatureShare, Window: window, BaseComplexity: int32(p.BaseComplexity),
		MaxClusters: maxClusters, MaxRequestsPerRecord: int32(p.MaxRequests),
	}
}

// Cluster is a cluster a strategy may target.
type Cluster struct {
	ID     string `json:"id"`
	Domain string `json:"domain"`
	Tools  int    `json:"tools,omitempty"`
}

// Pool is what a job draws from: the clusters its strategy targets, and the
// tools per domain over all clusters of the clustering, which is how the
// uniform strategy samples (for the report's uniform baseline).
type Pool struct {
	Targets     []Cluster
	DomainTools map[string]int
}

// Choice is one task's target.
type Choice struct {
	ClusterID  string
	Domain     string
	Primitives []prim
	Complexity int
	CodeStep   bool
	// MaxRequests caps the requests of the conversation (0: no cap).
	MaxRequests int
}

// Target is the choice as a blueprint target. It is best effort: a
// primitive the cluster cannot realise is left out rather than wasting the
// task, and the record's own structure is what the state counts.
func (c Choice) Target() *blueprintv1.Target {
	return &blueprintv1.Target{Primitives: slices.Clone(c.Primitives), Complexity: int32(c.Complexity), Domain: c.Domain, CodeStep: c.CodeStep, BestEffort: true, MaxRequests: int32(c.MaxRequests)}
}

// FromTask recovers the choice a task was issued with.
func FromTask(t *evolvev1.Task) Choice {
	return Choice{
		ClusterID: t.GetClusterId(), Domain: t.GetTarget().GetDomain(), Primitives: t.GetTarget().GetPrimitives(),
		Complexity: int(t.GetTarget().GetComplexity()), CodeStep: t.GetTarget().GetCodeStep(),
		MaxRequests: int(t.GetTarget().GetMaxRequests()),
	}
}

// shapeKey names a task's structure: primitives, complexity, code flag.
func (c Choice) shapeKey() string {
	names := make([]string, 0, len(c.Primitives))
	for _, p := range c.Primitives {
		names = append(names, strings.TrimPrefix(p.String(), "REASONING_PRIMITIVE_"))
	}
	code := ""
	if c.CodeStep {
		code = "+code"
	}
	return strings.Join(names, ",") + "/" + strconv.Itoa(c.Complexity) + code
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

// Strategy is one job's target picker.
type Strategy struct {
	p        Params
	clusters []Cluster
	domains  []string         // sorted
	byDomain map[string][]int // domain → cluster indexes, selection order
	cumTools []float64        // uniform: cumulative tool counts
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
	// The signatures seen, interned, and what one more record of each is
	// worth (sigW, see sigWeights). A signature's weight changes only when
	// its count does (dirty) or while it is at its cap (atCap: the cap lifts
	// as the dataset grows), so a pick re-weighs those alone.
	sigIDs   map[string]int
	sigNames []string
	sigW     []float64
	sigIn    [][]*shape // by signature id: the shapes that produced it
	// reqIn lists, by request signature, the signatures holding it: their
	// weights change when its count does.
	reqIn  map[string][]int
	dirty  []int
	atCap  []int
	check  []int
	sigGen []uint32
	gen    uint32
	// Complexity ceiling and its controller.
	level      int
	periodN    int     // accepted records in the current period
	periodTop  int     // of which above top
	top        float64 // CAC p90 at the start of the period
	levelRaise []int64 // accepted counts at which the ceiling rose
}

// New returns a strategy over clusters (for tdscaling, the SelectClusters
// result in selection order; for uniform, all clusters with tool counts).
func New(p Params, clusters []Cluster) (*Strategy, error) {
	if len(clusters) == 0 {
		return nil, fmt.Errorf("no clusters to target")
	}
	s := &Strategy{
		p: p, clusters: clusters, byDomain: map[string][]int{}, index: map[string]int{}, used: make([]int, len(clusters)),
		failed: make([]int, len(clusters)), accepted: make([]int, len(clusters)), rates: map[string]*rate{},
		pending: map[string]int{}, pendPrim: map[string]int{},
		shapes: map[string]*shape{}, level: p.BaseComplexity, sigIDs: map[string]int{}, reqIn: map[string][]int{},
	}
	// Every factor's rate exists from the start (an unseen factor's rate
	// is the prior 1/2 either way), so shapes can hold them.
	rateOf := func(f string) *rate {
		r := s.rates[f]
		if r == nil {
			r = &rate{}
			s.rates[f] = r
		}
		return r
	}
	rateOf("")
	total := 0.0
	for i, c := range clusters {
		s.index[c.ID] = i
		if _, ok := s.byDomain[c.Domain]; !ok {
			s.domains = append(s.domains, c.Domain)
		}
		s.byDomain[c.Domain] = append(s.byDomain[c.Domain], i)
		total += float64(max(c.Tools, 1))
		s.cumTools = append(s.cumTools, total)
	}
	sort.Strings(s.domains)
	if p.Kind == evolvev1.Strategy_STRATEGY_TDSCALING {
		var order []*shape
		for _, combo := range combos(steerable, maxPrims) {
			for cx := 1; cx <= MaxComplexity; cx++ {
				for _, code := range []bool{false, true} {
					ch := Choice{Primitives: combo, Complexity: cx, CodeStep: code}
					sh := &shape{key: ch.shapeKey(), prims: combo, complexity: cx, code: code, sigAt: map[int]int{}}
					for _, p := range combo {
						sh.primAt = append(sh.primAt, slices.Index(steerable, p))
					}
					for _, f := range factors(combo, cx, code) {
						sh.rates = append(sh.rates, rateOf(f))
					}
					s.shapes[sh.key] = sh
					order = append(order, sh)
				}
			}
		}
		sort.Slice(order, func(i, j int) bool { return order[i].key < order[j].key })
		for _, sh := range order {
			s.byCode[b2i(sh.code)] = append(s.byCode[b2i(sh.code)], sh)
		}
	}
	return s, nil
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

// Level is the current complexity ceiling (tdscaling).
func (s *Strategy) Level() int { return s.level }

// Pick chooses the target of task index given the job's diversity state.
// It changes nothing: Issued records the choice once it is persisted.
func (s *Strategy) Pick(index int64, div *diversity.State) Choice {
	r := seedrand.New(s.p.Seed, "evolve-task", strconv.FormatInt(index, 10))
	code := r.Float64() < s.p.CodeShare
	if s.p.Kind == evolvev1.Strategy_STRATEGY_UNIFORM {
		u := r.Float64() * s.cumTools[len(s.cumTools)-1]
		// Cluster i owns [cum[i-1], cum[i]).
		i := min(sort.Search(len(s.cumTools), func(i int) bool { return s.cumTools[i] > u }), len(s.clusters)-1)
		return Choice{ClusterID: s.clusters[i].ID, Domain: s.clusters[i].Domain, Complexity: s.p.BaseComplexity, CodeStep: code, MaxRequests: s.p.MaxRequests}
	}
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

// Issued counts a picked choice as issued and in flight.
func (s *Strategy) Issued(c Choice) {
	if i, ok := s.index[c.ClusterID]; ok {
		s.used[i]++
	}
	s.track(c, +1)
}

// track counts a choice in or out of flight.
func (s *Strategy) track(c Choice, delta int) {
	s.pending[c.Domain] += delta
	for _, p := range c.Primitives {
		s.pendPrim[p.String()] += delta
	}
}

// leastUsed is the domain's least-used cluster, passing over clusters
// whose tasks failed at least twice and never succeeded (a cluster the
// planner cannot plan on, or whose schemas the rollouts cannot satisfy)
// while the domain has others.
func (s *Strategy) leastUsed(domain string) int {
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

// acceptance estimates the chance a shape's task is accepted: its own rate
// once it has been tried a few times, else the overall rate scaled by each
// factor's rate relative to the overall one (factors taken as independent),
// which learns from every task what a shape's own few tries cannot tell.
func (s *Strategy) acceptance(sh *shape) float64 {
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

// DomainWeights are the tdscaling domain weights: (accepted + in flight +
// α)^−β, zero for a domain over its share.
func (s *Strategy) DomainWeights(div *diversity.State) map[string]float64 {
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
func (s *Strategy) capped(keys []string, counts, accepted map[string]int, maxShare float64) map[string]float64 {
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
func (s *Strategy) SignatureWeight(div *diversity.State, sig string) float64 {
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

// ShapeWeights are the tdscaling shape weights among the shapes with the
// given code flag and a complexity within the ceiling, by shape key.
func (s *Strategy) ShapeWeights(div *diversity.State, code bool) map[string]float64 {
	shapes, weights := s.shapeWeights(div, code)
	w := make(map[string]float64, len(shapes))
	for i, sh := range shapes {
		w[sh.key] = weights[i]
	}
	return w
}

// shapeWeights returns the eligible shapes in key order and their weights.
func (s *Strategy) shapeWeights(div *diversity.State, code bool) ([]*shape, []float64) {
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
	s.sigWeights(div)
	var shapes []*shape
	var weights []float64
	for _, sh := range s.byCode[b2i(code)] {
		if sh.complexity > s.level {
			continue
		}
		v := newSig
		if sh.accepted > 0 {
			if sh.stale {
				sh.sigV = 0
				for _, e := range sh.sigs {
					sh.sigV += float64(e.n) / float64(sh.accepted) * s.sigW[e.id]
				}
				sh.stale = false
			}
			v = sh.sigV
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

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sigWeights brings sigW up to date: the signatures whose counts changed
// since the last pick and those at their caps are weighed again, each once.
func (s *Strategy) sigWeights(div *diversity.State) {
	s.check = append(append(s.check[:0], s.dirty...), s.atCap...)
	s.dirty, s.atCap = s.dirty[:0], s.atCap[:0]
	s.gen++
	for _, id := range s.check {
		if s.sigGen[id] == s.gen {
			continue
		}
		s.sigGen[id] = s.gen
		if w := s.SignatureWeight(div, s.sigNames[id]); w != s.sigW[id] {
			s.sigW[id] = w
			for _, sh := range s.sigIn[id] {
				sh.stale = true
			}
		}
		if s.sigW[id] == 0 {
			s.atCap = append(s.atCap, id)
		}
	}
}

// Observed takes the outcome of a task issued with choice c: the record's
// signature and CAC when accepted, and the decision.
func (s *Strategy) Observed(c Choice, d diversity.Decision, sig string, cac float64, div *diversity.State) {
	s.track(c, -1)
	if s.p.Kind != evolvev1.Strategy_STRATEGY_TDSCALING {
		return
	}
	if i, ok := s.index[c.ClusterID]; ok {
		if d == diversity.Accepted {
			s.accepted[i]++
		} else if d == diversity.RejectedUnverified {
			s.failed[i]++
		}
	}
	for _, f := range append(factors(c.Primitives, c.Complexity, c.CodeStep), "") {
		r := s.rates[f]
		if r == nil {
			r = &rate{}
			s.rates[f] = r
		}
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
			id, ok := s.sigIDs[sig]
			if !ok { // a new signature: its slots in every per-signature slice
				id = len(s.sigNames)
				s.sigIDs[sig] = id
				s.sigNames = append(s.sigNames, sig)
				s.sigW = append(s.sigW, 0)
				s.sigIn = append(s.sigIn, nil)
				s.sigGen = append(s.sigGen, 0)
				for _, r := range slices.Compact(slices.Sorted(slices.Values(trajectory.RequestsOf(sig)))) {
					s.reqIn[r] = append(s.reqIn[r], id)
				}
			}
			s.dirty = append(s.dirty, id)
			for _, r := range trajectory.RequestsOf(sig) {
				s.dirty = append(s.dirty, s.reqIn[r]...)
			}
			sh.stale = true
			if k, ok := sh.sigAt[id]; ok {
				sh.sigs[k].n++
			} else {
				sh.sigAt[id] = len(sh.sigs)
				sh.sigs = append(sh.sigs, sigCount{id: id, n: 1})
				s.sigIn[id] = append(s.sigIn[id], sh)
			}
		}
	}
	if d != diversity.Accepted {
		return
	}
	s.periodN++
	if cac > s.top {
		s.periodTop++
	}
	if s.periodN >= s.p.Period {
		if s.periodTop*10 < s.periodN && s.level < MaxComplexity {
			s.level++
			s.levelRaise = append(s.levelRaise, div.Accepted())
		}
		s.top = div.Snapshot().CACP90
		s.periodN, s.periodTop = 0, 0
	}
}

// Dropped forgets a task that will never be observed (dead-lettered).
func (s *Strategy) Dropped(c Choice) { s.track(c, -1) }

// LevelRaises are the accepted counts at which the complexity ceiling rose.
func (s *Strategy) LevelRaises() []int64 { return slices.Clone(s.levelRaise) }
