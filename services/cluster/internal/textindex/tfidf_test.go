package textindex

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
)

func corpusVecs(n int, seed uint64) []Vec {
	rng := rand.New(rand.NewPCG(seed, 1))
	v := NewVocabulary()
	bags := make([]Bag, n)
	for i := range bags {
		topic := rng.IntN(20)
		var words []string
		for range 8 {
			words = append(words, fmt.Sprintf("t%dw%d", topic, rng.IntN(6)))
		}
		for range 4 {
			words = append(words, fmt.Sprintf("common%d", rng.IntN(30)))
		}
		bags[i] = v.Add(words, nil)
	}
	vecs := make([]Vec, n)
	for i := range bags {
		vecs[i] = v.Vectorize(bags[i])
	}
	return vecs
}

// The pruned index must find (nearly) the exact nearest neighbours.
func TestKNNMatchesBruteForce(t *testing.T) {
	vecs := corpusVecs(600, 3)
	got := KNN(vecs, nil, KNNOptions{K: 5})
	hits, total := 0, 0
	for d := range vecs {
		type ds struct {
			e int32
			s float32
		}
		var all []ds
		for e := range vecs {
			if e != d {
				all = append(all, ds{int32(e), Dot(vecs[d], vecs[e])})
			}
		}
		sort.Slice(all, func(i, j int) bool { return all[i].s > all[j].s })
		kth := all[4].s
		for _, nb := range got[d] {
			total++
			if nb.Sim >= kth-1e-6 {
				hits++
			}
		}
	}
	if recall := float64(hits) / float64(total); recall < 0.95 {
		t.Fatalf("only %.2f of the neighbours are among the exact top 5", recall)
	}
}

func TestKNNStaysInGroups(t *testing.T) {
	vecs := corpusVecs(200, 4)
	var a, b []int32
	for i := range vecs {
		if i%2 == 0 {
			a = append(a, int32(i))
		} else {
			b = append(b, int32(i))
		}
	}
	got := KNN(vecs, [][]int32{a, b}, KNNOptions{K: 5})
	for d, ns := range got {
		for _, nb := range ns {
			if int(nb.Doc)%2 != d%2 {
				t.Fatalf("doc %d got neighbour %d from the other group", d, nb.Doc)
			}
		}
	}
}

func BenchmarkKNN(b *testing.B) {
	vecs := corpusVecs(20000, 5)
	b.ResetTimer()
	for range b.N {
		KNN(vecs, nil, KNNOptions{K: 10})
	}
}
