// Package maxcover picks clusters by greedy maximum coverage: each step takes
// the cluster that covers the most tools not yet covered (optionally weighted
// by the cluster's quality). Greedy is the classic (1 - 1/e) approximation;
// gains only shrink as coverage grows, so stale gains in a max-heap are
// upper bounds and lazy re-evaluation (CELF) gives the same picks, faster.
package maxcover

import "container/heap"

// Set is a candidate: its items and its weight (1 when unweighted).
type Set struct {
	Items  []int32
	Weight float64
}

// Step is one greedy pick.
type Step struct {
	Set          int
	NewlyCovered int
	Cumulative   int
	Gain         float64
}

// Greedy picks up to k sets (k <= 0: until nothing new is covered).
// covered holds items already covered; it is updated.
func Greedy(sets []Set, k int, covered map[int32]bool) []Step {
	if covered == nil {
		covered = map[int32]bool{}
	}
	h := &gainHeap{}
	for i, s := range sets {
		g := gain(s, covered)
		if g > 0 {
			*h = append(*h, entry{set: i, gain: g})
		}
	}
	heap.Init(h)
	var steps []Step
	total := len(covered)
	for h.Len() > 0 && (k <= 0 || len(steps) < k) {
		top := heap.Pop(h).(entry)
		g := gain(sets[top.set], covered)
		if g <= 0 {
			continue
		}
		if h.Len() > 0 && g < (*h)[0].gain-1e-12 {
			top.gain = g // stale: push back with its true gain
			heap.Push(h, top)
			continue
		}
		newly := 0
		for _, it := range sets[top.set].Items {
			if !covered[it] {
				covered[it] = true
				newly++
			}
		}
		total += newly
		steps = append(steps, Step{Set: top.set, NewlyCovered: newly, Cumulative: total, Gain: g})
	}
	return steps
}

func gain(s Set, covered map[int32]bool) float64 {
	n := 0
	for _, it := range s.Items {
		if !covered[it] {
			n++
		}
	}
	w := s.Weight
	if w == 0 {
		w = 1
	}
	return float64(n) * w
}

type entry struct {
	set  int
	gain float64
}

type gainHeap []entry

func (h gainHeap) Len() int { return len(h) }
func (h gainHeap) Less(i, j int) bool {
	if h[i].gain != h[j].gain {
		return h[i].gain > h[j].gain
	}
	return h[i].set < h[j].set
}
func (h gainHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *gainHeap) Push(x any)   { *h = append(*h, x.(entry)) }
func (h *gainHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
