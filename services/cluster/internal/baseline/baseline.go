// Package baseline is the simple clustering the benchmark compares against:
// TF-IDF vectors of each tool's name and description, split by bisecting
// spherical k-means (Steinbach, Karypis & Kumar 2000) until every cluster
// holds at most MaxSize tools. It uses no schemas and no dependency edges.
package baseline

import (
	"math"
	"math/rand/v2"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/textindex"
)

// BisectingKMeans returns each tool's cluster index.
func BisectingKMeans(tools []*corpus.Tool, maxSize int, seed uint64) []int {
	n := len(tools)
	vocab := textindex.NewVocabulary()
	bags := make([]textindex.Bag, n)
	for i, t := range tools {
		words := textindex.SplitIdentifier(t.Name)
		words = textindex.AppendWords(words, t.Description, true)
		bags[i] = vocab.Add(words, nil)
	}
	vecs := make([]textindex.Vec, n)
	for i := range bags {
		vecs[i] = vocab.Vectorize(bags[i])
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	km := &kmeans{vecs: vecs, rng: rng}
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	out := make([]int, n)
	next := 0
	stack := [][]int32{all}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(c) <= maxSize {
			for _, d := range c {
				out[d] = next
			}
			next++
			continue
		}
		a, b := km.split(c)
		stack = append(stack, a, b)
	}
	return out
}

type kmeans struct {
	vecs []textindex.Vec
	rng  *rand.Rand
	// Dense centroids, reset through the terms they touched.
	cent    [2][]float32
	touched [2][]int32
}

func (k *kmeans) split(c []int32) ([]int32, []int32) {
	if k.cent[0] == nil {
		size := int32(0)
		for _, v := range k.vecs {
			for _, t := range v.Terms {
				size = max(size, t+1)
			}
		}
		k.cent[0], k.cent[1] = make([]float32, size), make([]float32, size)
	}
	// Seeds: a random member, and the member least like it.
	first := c[k.rng.IntN(len(c))]
	second, worst := c[0], float32(2)
	for _, d := range c {
		if s := textindex.Dot(k.vecs[first], k.vecs[d]); s < worst && d != first {
			second, worst = d, s
		}
	}
	k.setCentroid(0, []int32{first})
	k.setCentroid(1, []int32{second})
	assign := make([]bool, len(c))
	for iter := 0; iter < 6; iter++ {
		changed := false
		for i, d := range c {
			v := k.vecs[d]
			var s0, s1 float32
			for j, t := range v.Terms {
				s0 += v.Weights[j] * k.cent[0][t]
				s1 += v.Weights[j] * k.cent[1][t]
			}
			if side := s1 > s0; side != assign[i] {
				assign[i], changed = side, true
			}
		}
		if !changed && iter > 0 {
			break
		}
		var m0, m1 []int32
		for i, d := range c {
			if assign[i] {
				m1 = append(m1, d)
			} else {
				m0 = append(m0, d)
			}
		}
		if len(m0) == 0 || len(m1) == 0 {
			break
		}
		k.setCentroid(0, m0)
		k.setCentroid(1, m1)
	}
	var a, b []int32
	for i, d := range c {
		if assign[i] {
			b = append(b, d)
		} else {
			a = append(a, d)
		}
	}
	if len(a) == 0 || len(b) == 0 { // identical documents: halve
		h := len(c) / 2
		return c[:h:h], c[h:]
	}
	return a, b
}

// setCentroid makes centroid i the normalised mean of members.
func (k *kmeans) setCentroid(i int, members []int32) {
	cent := k.cent[i]
	for _, t := range k.touched[i] {
		cent[t] = 0
	}
	k.touched[i] = k.touched[i][:0]
	for _, d := range members {
		v := k.vecs[d]
		for j, t := range v.Terms {
			if cent[t] == 0 {
				k.touched[i] = append(k.touched[i], t)
			}
			cent[t] += v.Weights[j]
		}
	}
	var norm float32
	for _, t := range k.touched[i] {
		norm += cent[t] * cent[t]
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(float64(norm)))
		for _, t := range k.touched[i] {
			cent[t] *= inv
		}
	}
}
