package strategy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/evolve/internal/diversity"
)

func clusters() []Cluster {
	return []Cluster{
		{ID: "a1", Domain: "a", Tools: 30}, {ID: "a2", Domain: "a", Tools: 30},
		{ID: "b1", Domain: "b", Tools: 3}, {ID: "c1", Domain: "c", Tools: 1},
	}
}

// accept makes the state accept one record of a domain with a given number
// of independent calls (signature "[u].[u]….ans"), each record distinct.
func accept(t *testing.T, s *diversity.State, id, domain string, calls int) {
	t.Helper()
	msgs := []trajectory.Message{{Role: "user", Content: "please do task " + id + " for me now"}}
	for i := range calls {
		cid := fmt.Sprint("c", i)
		msgs = append(msgs,
			trajectory.Message{Role: "assistant", ToolCalls: []trajectory.ToolCall{{ID: cid, Function: trajectory.FunctionCall{Name: "t" + id, Arguments: "{}"}}}},
			trajectory.Message{Role: "tool", ToolCallID: cid, Content: "{}"})
	}
	msgs = append(msgs, trajectory.Message{Role: "assistant", Content: "done"})
	if d, _ := s.Observe(&trajectory.Record{ID: id, Domain: domain, Messages: msgs}, true, nil); d != diversity.Accepted {
		t.Fatalf("record %s: %v", id, d)
	}
}

func params(kind evolvev1.Strategy) Params {
	// Caps of 1 never bind; the tests that need a cap set it.
	return Resolve(&evolvev1.StrategySpec{Strategy: kind, Alpha: 1, Beta: 1, MaxDomainShare: 1, MaxSignatureShare: 1}, 0, 7, 1000)
}

func TestUnderRepresentedDomainGainsProbability(t *testing.T) {
	st := newTDScaling(params(evolvev1.Strategy_STRATEGY_TDSCALING), clusters())
	div := diversity.New()
	for i := range 4 {
		accept(t, div, fmt.Sprint("a", i), "a", 1)
	}
	accept(t, div, "b0", "b", 1)
	w := st.DomainWeights(div)
	// (4+1)^-1 : (1+1)^-1 : (0+1)^-1 = 0.2 : 0.5 : 1, normalised by Pick.
	if w["a"] != 0.2 || w["b"] != 0.5 || w["c"] != 1 {
		t.Fatalf("domain weights %v, want a 0.2 b 0.5 c 1", w)
	}
	pc := w["c"] / (w["a"] + w["b"] + w["c"])
	// More records of a: c, the least represented, gets likelier.
	for i := 4; i < 10; i++ {
		accept(t, div, fmt.Sprint("a", i), "a", 1)
	}
	w2 := st.DomainWeights(div)
	if pc2 := w2["c"] / (w2["a"] + w2["b"] + w2["c"]); !(pc2 > pc) {
		t.Fatalf("P(c) went from %v to %v; want it to rise", pc, pc2)
	}
	// Tasks in flight count too: issuing to c lowers its weight.
	st.Issued(Choice{ClusterID: "c1", Domain: "c"})
	if w3 := st.DomainWeights(div); w3["c"] != 0.5 {
		t.Fatalf("c with one task in flight: weight %v, want (1+1)^-1", w3["c"])
	}
	// A domain over its share stops: a holds 10 of 11 records, over 0.5.
	st.p.MaxDomainShare = 0.5
	if w4 := st.DomainWeights(div); w4["a"] != 0 || w4["b"] == 0 {
		t.Fatalf("capped domain weights %v", w4)
	}
}

func TestCappedSignatureStops(t *testing.T) {
	p := params(evolvev1.Strategy_STRATEGY_TDSCALING)
	p.MaxSignatureShare = 0.5
	st := newTDScaling(p, clusters())
	div := diversity.New()
	one := Choice{ClusterID: "a1", Domain: "a", Complexity: 1}
	two := Choice{ClusterID: "a1", Domain: "a", Complexity: 2}
	// Shape "/1" produced [u].ans three times, shape "/2" produced [u].[u].ans once.
	for i := range 3 {
		id := fmt.Sprint("r", i)
		accept(t, div, id, "a", 1)
		st.Issued(one)
		st.Observed(one, diversity.Accepted, "[u].ans", 1, div)
	}
	accept(t, div, "r3", "b", 2)
	st.Issued(two)
	st.Observed(two, diversity.Accepted, "[u].[u].ans", 2, div)
	if share := float64(div.Signatures["[u].ans"]) / float64(div.Accepted()); share != 0.75 {
		t.Fatalf("share %v", share)
	}
	w := st.ShapeWeights(div, false)
	if w[one.shapeKey()] != 0 {
		t.Fatalf("shape producing only a capped signature has weight %v, want 0", w[one.shapeKey()])
	}
	// (1+1)^-1 for the signature, times (1+1)^-1 for its one request (seen
	// once), times acceptance (1+1)/(1+2).
	if got, want := w[two.shapeKey()], 0.5*0.5*2.0/3; math.Abs(got-want) > 1e-12 {
		t.Fatalf("shape /2 weight %v, want %v", got, want)
	}
	// An untried shape is worth a new signature, (0+1)^-1, times 1/2.
	if got := w[Choice{Complexity: 3}.shapeKey()]; got != 0.5 {
		t.Fatalf("untried shape weight %v, want 0.5", got)
	}
	// Picks never choose the capped shape.
	for i := range int64(2000) {
		if c := st.Pick(i, div); c.shapeKey() == one.shapeKey() {
			t.Fatalf("pick %d chose the capped shape", i)
		}
	}
}

// TestGluedRequestsAreNotRewarded checks that a record made of common
// requests is worth little though its whole signature is new, that a new
// request structure is worth more, and that a record over the request cap is
// worth nothing.
func TestGluedRequestsAreNotRewarded(t *testing.T) {
	st := newTDScaling(params(evolvev1.Strategy_STRATEGY_TDSCALING), clusters())
	div := diversity.New()
	for i := range 8 {
		if d, _ := div.Apply(diversity.Observation{RecordID: fmt.Sprint("r", i), Domain: "a", Passed: true, Signature: "[u].ans", Shingles: []uint64{uint64(i)}}); d != diversity.Accepted {
			t.Fatal(d)
		}
	}
	glued := st.SignatureWeight(div, "[u].ans.u.[u].ans")
	fresh := st.SignatureWeight(div, "[d].[d].ans")
	// Both whole signatures are new, (0+1)^-1 = 1 (beta 1 here); the glued
	// one's requests were seen 8 times each: (8+1)^-1.
	if math.Abs(glued-1.0/9) > 1e-12 || fresh != 1 {
		t.Fatalf("glued %v (want 1/9), fresh %v (want 1)", glued, fresh)
	}
	if w := st.SignatureWeight(div, "[d].ans.u.[u].ans.u.[x].ans.u.ans"); w != 0 {
		t.Fatalf("four requests over the cap of %d: weight %v, want 0", st.p.MaxRequests, w)
	}
}

func TestComplexityCeilingRisesWhenUpperBucketsStopFilling(t *testing.T) {
	p := params(evolvev1.Strategy_STRATEGY_TDSCALING)
	p.Period = 10
	st := newTDScaling(p, clusters())
	if st.Level() != DefaultBaseComplexity {
		t.Fatalf("level %d", st.Level())
	}
	div := diversity.New()
	c := Choice{ClusterID: "a1", Domain: "a", Complexity: 1}
	// Ten records of growing CAC: the first period always fills (top is 0).
	n := 0
	observe := func(calls int) {
		id := fmt.Sprint("r", n)
		n++
		accept(t, div, id, "a", calls)
		st.Issued(c)
		st.Observed(c, diversity.Accepted, "s", float64(calls), div)
	}
	for i := range 10 {
		observe(1 + i%3)
	}
	if st.Level() != DefaultBaseComplexity {
		t.Fatalf("level after a filling period: %d", st.Level())
	}
	// A period whose records stay at or below the p90 (3): raise.
	for range 10 {
		observe(2)
	}
	if st.Level() != DefaultBaseComplexity+1 {
		t.Fatalf("level after a stagnant period: %d, want %d", st.Level(), DefaultBaseComplexity+1)
	}
	// A period where a fifth land above the p90: no raise.
	for i := range 10 {
		observe(map[bool]int{true: 6, false: 1}[i%5 == 0])
	}
	if st.Level() != DefaultBaseComplexity+1 {
		t.Fatalf("level after a filling period: %d", st.Level())
	}
	// Shapes above the ceiling are not offered.
	for k := range st.ShapeWeights(div, false) {
		if sh := st.shapes[k]; sh.complexity > st.Level() {
			t.Fatalf("shape %s above the ceiling %d offered", k, st.Level())
		}
	}
}

func TestUniformFollowsToolCounts(t *testing.T) {
	st, err := New(params(evolvev1.Strategy_STRATEGY_UNIFORM), clusters())
	if err != nil {
		t.Fatal(err)
	}
	div := diversity.New()
	got := map[string]int{}
	const n = 20000
	for i := range int64(n) {
		c := st.Pick(i, div)
		if c.Complexity != DefaultBaseComplexity || len(c.Primitives) != 0 || c.CodeStep {
			t.Fatalf("uniform choice %+v", c)
		}
		got[c.ClusterID]++
	}
	for _, cl := range clusters() {
		want := float64(cl.Tools) / 64 * n
		if math.Abs(float64(got[cl.ID])-want) > 4*math.Sqrt(want)+1 {
			t.Errorf("cluster %s picked %d times, want about %.0f", cl.ID, got[cl.ID], want)
		}
	}
}

func TestPicksAreSeeded(t *testing.T) {
	run := func(seed int64) []Choice {
		p := params(evolvev1.Strategy_STRATEGY_TDSCALING)
		p.Seed, p.CodeShare = seed, 0.3
		st, err := New(p, clusters())
		if err != nil {
			t.Fatal(err)
		}
		div := diversity.New()
		var out []Choice
		for i := range int64(50) {
			c := st.Pick(i, div)
			st.Issued(c)
			out = append(out, c)
		}
		return out
	}
	a, b, c := run(1), run(1), run(2)
	same := func(x, y []Choice) bool { return fmt.Sprint(x) == fmt.Sprint(y) }
	if !same(a, b) {
		t.Fatal("same seed, different picks")
	}
	if same(a, c) {
		t.Fatal("different seeds, same picks")
	}
	codes := 0
	for _, x := range a {
		if x.CodeStep {
			codes++
		}
	}
	if codes == 0 || codes == len(a) {
		t.Fatalf("code share 0.3 gave %d code steps of %d", codes, len(a))
	}
}

// TestSignatureWeightsStayCurrent checks the weights a pick keeps per
// signature and per shape against weighing them afresh, over a run where
// caps bind and lift as the dataset grows.
func TestSignatureWeightsStayCurrent(t *testing.T) {
	p := params(evolvev1.Strategy_STRATEGY_TDSCALING)
	p.MaxSignatureShare = 0.15
	st := newTDScaling(p, clusters())
	div := diversity.New()
	r := rand.New(rand.NewPCG(1, 2))
	capped, lifted := 0, 0
	for i := range 600 {
		calls := 1 + min(r.IntN(12), r.IntN(12)) // a few signatures common, most rare
		var prims []prim
		for _, i := range r.Perm(len(steerable))[:r.IntN(4)] {
			prims = append(prims, steerable[i])
		}
		slices.Sort(prims)
		c := Choice{ClusterID: "a1", Domain: "a", Primitives: prims, Complexity: 1 + r.IntN(3), CodeStep: r.IntN(2) == 0}
		accept(t, div, fmt.Sprint("r", i), "a", calls)
		st.Issued(c)
		st.Observed(c, diversity.Accepted, strings.Repeat("[u].", calls)+"ans", float64(calls), div)
		before := slices.Clone(st.sigs.w)
		code := r.IntN(2) == 0
		got := st.ShapeWeights(div, code)
		for id, name := range st.sigs.names {
			if want := st.SignatureWeight(div, name); st.sigs.w[id] != want {
				t.Fatalf("after %d records: %s weighs %v, afresh %v", i+1, name, st.sigs.w[id], want)
			}
			if id < len(before) && before[id] > 0 && st.sigs.w[id] == 0 {
				capped++
			}
			if id < len(before) && before[id] == 0 && st.sigs.w[id] > 0 {
				lifted++
			}
		}
		for key, w := range got {
			if want := afresh(st, div, st.shapes[key]); w != want {
				t.Fatalf("after %d records: shape %s weighs %v, afresh %v", i+1, key, w, want)
			}
		}
	}
	if capped == 0 || lifted == 0 {
		t.Fatalf("caps bound %d times and lifted %d times; the run should see both", capped, lifted)
	}
}

// afresh weighs a shape from the counts alone, as a pick did before weights
// were kept between picks.
func afresh(st *tdscaling, div *diversity.State, sh *shape) float64 {
	v := math.Pow(st.p.Alpha, -st.p.Beta)
	if sh.accepted > 0 {
		v = 0
		for _, e := range sh.sigs {
			v += float64(e.n) / float64(sh.accepted) * st.SignatureWeight(div, st.sigs.names[e.id])
		}
	}
	v *= st.acceptance(sh)
	if len(sh.prims) > 0 {
		best := 0.0
		for _, p := range steerable {
			best = max(best, math.Pow(float64(div.Primitives[p.String()]+st.pendPrim[p.String()])+st.p.Alpha, -st.p.Beta))
		}
		f := 0.0
		for _, p := range sh.prims {
			f += math.Pow(float64(div.Primitives[p.String()]+st.pendPrim[p.String()])+st.p.Alpha, -st.p.Beta) / best
		}
		v *= f / float64(len(sh.prims))
	}
	return v
}

func TestNewChoosesByKind(t *testing.T) {
	for kind, want := range map[evolvev1.Strategy]string{
		evolvev1.Strategy_STRATEGY_TDSCALING: "*strategy.tdscaling",
		evolvev1.Strategy_STRATEGY_UNIFORM:   "*strategy.uniform",
	} {
		st, err := New(params(kind), clusters())
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%T", st); got != want {
			t.Errorf("%v: %s, want %s", kind, got, want)
		}
		if st.Level() != DefaultBaseComplexity {
			t.Errorf("%v: level %d, want the base complexity", kind, st.Level())
		}
	}
	if _, err := New(params(evolvev1.Strategy_STRATEGY_UNIFORM), nil); err == nil {
		t.Error("a strategy over no clusters")
	}
}
