package maxcover

import (
	"math/rand/v2"
	"testing"
)

func TestGreedyPicksLargestNewCoverage(t *testing.T) {
	sets := []Set{
		{Items: []int32{1, 2, 3, 4}},
		{Items: []int32{3, 4, 5}},
		{Items: []int32{5, 6}},
		{Items: []int32{1, 2}},
	}
	steps := Greedy(sets, 0, nil)
	var got []int
	for _, s := range steps {
		got = append(got, s.Set)
	}
	want := []int{0, 2}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("picks %v, want %v", got, want)
	}
	if steps[1].Cumulative != 6 || steps[1].NewlyCovered != 2 {
		t.Fatalf("steps %+v", steps)
	}
}

func TestWeightsAndAlreadyCovered(t *testing.T) {
	sets := []Set{
		{Items: []int32{1, 2, 3}, Weight: 0.1},
		{Items: []int32{4, 5}, Weight: 1},
	}
	steps := Greedy(sets, 1, map[int32]bool{})
	if steps[0].Set != 1 {
		t.Fatalf("weighted pick = %d, want 1", steps[0].Set)
	}
	steps = Greedy(sets, 0, map[int32]bool{4: true, 5: true})
	if len(steps) != 1 || steps[0].Set != 0 || steps[0].Cumulative != 5 {
		t.Fatalf("steps %+v", steps)
	}
}

// Lazy evaluation must pick exactly what the plain greedy picks.
func TestLazyEqualsPlainGreedy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var sets []Set
	for range 300 {
		var s Set
		for range 1 + rng.IntN(12) {
			s.Items = append(s.Items, int32(rng.IntN(500)))
		}
		s.Weight = 0.2 + rng.Float64()
		sets = append(sets, s)
	}
	lazy := Greedy(sets, 40, nil)
	covered := map[int32]bool{}
	used := map[int]bool{}
	for i, step := range lazy {
		best, bestG := -1, 0.0
		for j, s := range sets {
			if g := gain(s, covered); !used[j] && g > bestG+1e-12 {
				best, bestG = j, g
			}
		}
		if best != step.Set {
			t.Fatalf("step %d: lazy picked %d (gain %.3f), plain %d (gain %.3f)", i, step.Set, step.Gain, best, bestG)
		}
		used[best] = true
		for _, it := range sets[best].Items {
			covered[it] = true
		}
	}
}
