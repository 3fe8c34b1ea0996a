// Package evalmetrics scores a clustering against ground-truth labels:
// B-cubed precision and recall (the headline: unlike NMI they are not
// inflated by thousands of small clusters), the adjusted Rand index and
// normalised mutual information. Unclustered items count as singletons.
package evalmetrics

import "math"

// Scores compare a predicted partition with the truth.
type Scores struct {
	BCubedPrecision float64
	BCubedRecall    float64
	BCubedF1        float64
	ARI             float64
	NMI             float64
}

// Compare scores predicted cluster ids against true labels, item by item.
// A negative predicted id means "in no cluster": a singleton.
func Compare(pred []int, truth []string) Scores {
	n := len(pred)
	if n == 0 {
		return Scores{}
	}
	next := -1
	p := make([]int, n)
	for i, c := range pred {
		if c < 0 {
			p[i] = next
			next--
		} else {
			p[i] = c
		}
	}
	tid := map[string]int{}
	t := make([]int, n)
	for i, l := range truth {
		id, ok := tid[l]
		if !ok {
			id = len(tid)
			tid[l] = id
		}
		t[i] = id
	}
	type cell struct{ p, t int }
	joint := map[cell]int{}
	pc := map[int]int{}
	tc := map[int]int{}
	for i := range n {
		joint[cell{p[i], t[i]}]++
		pc[p[i]]++
		tc[t[i]]++
	}
	var s Scores
	// B-cubed: for item i, precision = |C(i) ∩ T(i)| / |C(i)|, recall = ... / |T(i)|;
	// summed per cell, each cell's items share the same values.
	for c, nij := range joint {
		s.BCubedPrecision += float64(nij) * float64(nij) / float64(pc[c.p])
		s.BCubedRecall += float64(nij) * float64(nij) / float64(tc[c.t])
	}
	s.BCubedPrecision /= float64(n)
	s.BCubedRecall /= float64(n)
	if s.BCubedPrecision+s.BCubedRecall > 0 {
		s.BCubedF1 = 2 * s.BCubedPrecision * s.BCubedRecall / (s.BCubedPrecision + s.BCubedRecall)
	}
	// ARI.
	comb := func(x int) float64 { return float64(x) * float64(x-1) / 2 }
	var sumJ, sumP, sumT float64
	for _, v := range joint {
		sumJ += comb(v)
	}
	for _, v := range pc {
		sumP += comb(v)
	}
	for _, v := range tc {
		sumT += comb(v)
	}
	expected := sumP * sumT / comb(n)
	if den := (sumP+sumT)/2 - expected; den != 0 {
		s.ARI = (sumJ - expected) / den
	} else {
		s.ARI = 1
	}
	// NMI with the arithmetic mean of the entropies.
	fn := float64(n)
	var hp, ht, mi float64
	for _, v := range pc {
		q := float64(v) / fn
		hp -= q * math.Log(q)
	}
	for _, v := range tc {
		q := float64(v) / fn
		ht -= q * math.Log(q)
	}
	for c, v := range joint {
		q := float64(v) / fn
		mi += q * math.Log(q/(float64(pc[c.p])/fn*float64(tc[c.t])/fn))
	}
	if hp+ht > 0 {
		s.NMI = 2 * mi / (hp + ht)
	} else {
		s.NMI = 1
	}
	return s
}
