// Package community finds communities in a weighted undirected graph with
// the Louvain method, under a cap on community size: a node only moves into
// a community that stays within MaxSize tools, so the result needs no later
// splitting. Finalize then splits disconnected communities (the flaw Leiden
// fixes), merges ones smaller than the minimum into their best-connected
// neighbour, and leaves the rest unassigned.
package community

import (
	"math/rand/v2"
	"slices"
)

// Graph is an undirected weighted graph in adjacency lists; every edge
// appears in both endpoints' lists.
type Graph struct {
	Adj [][]Arc
}

// Arc is one direction of an edge.
type Arc struct {
	To int32
	W  float32
}

// Options tune Louvain.
type Options struct {
	// Resolution γ of modularity; larger gives smaller communities (default 1).
	Resolution float64
	// MaxSize caps a community's node count (0: no cap).
	MaxSize int
	Seed    uint64
	// MaxLevels bounds aggregation rounds (default 10).
	MaxLevels int
	// CPM optimises the constant Potts model instead of modularity: a node
	// joins a community when its ties to it exceed Resolution per member.
	// Unlike modularity it has no resolution limit, so on a graph of 100,000
	// tools it still finds small, dense groups instead of filling every
	// community up to MaxSize.
	CPM bool
}

// csr is one level's graph.
type csr struct {
	off  []int32
	to   []int32
	w    []float64
	self []float64 // weight of the node's own loop (internal weight after aggregation)
	size []int32
}

func (g *csr) n() int { return len(g.size) }

// Louvain returns each node's community id (dense, from 0).
func Louvain(g Graph, opt Options) []int32 {
	if opt.Resolution == 0 {
		opt.Resolution = 1
	}
	if opt.MaxLevels == 0 {
		opt.MaxLevels = 10
	}
	n := len(g.Adj)
	lvl := &csr{off: make([]int32, n+1), self: make([]float64, n), size: make([]int32, n)}
	for i, arcs := range g.Adj {
		lvl.size[i] = 1
		for _, a := range arcs {
			if int(a.To) == i {
				lvl.self[i] += float64(a.W)
				continue
			}
			lvl.to = append(lvl.to, a.To)
			lvl.w = append(lvl.w, float64(a.W))
		}
		lvl.off[i+1] = int32(len(lvl.to))
	}
	membership := make([]int32, n)
	for i := range membership {
		membership[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	for range opt.MaxLevels {
		comm, moved := localMoving(lvl, opt, rng)
		if !moved {
			break
		}
		count := renumber(comm)
		for i := range membership {
			membership[i] = comm[membership[i]]
		}
		lvl = aggregate(lvl, comm, count)
	}
	renumber(membership)
	return membership
}

func localMoving(g *csr, opt Options, rng *rand.Rand) ([]int32, bool) {
	n := g.n()
	k := make([]float64, n)
	var m2 float64
	for i := range n {
		k[i] = 2 * g.self[i]
		for e := g.off[i]; e < g.off[i+1]; e++ {
			k[i] += g.w[e]
		}
		m2 += k[i]
	}
	comm := make([]int32, n)
	tot := make([]float64, n)
	csize := make([]int32, n)
	for i := range n {
		comm[i] = int32(i)
		tot[i] = k[i]
		csize[i] = g.size[i]
	}
	if m2 == 0 {
		return comm, false
	}
	order := rng.Perm(n)
	neighW := make([]float64, n)
	var touched []int32
	movedAny := false
	gamma := opt.Resolution
	for pass := 0; pass < 20; pass++ {
		moves := 0
		for _, ii := range order {
			i := int32(ii)
			ci := comm[i]
			touched = touched[:0]
			for e := g.off[i]; e < g.off[i+1]; e++ {
				c := comm[g.to[e]]
				if neighW[c] == 0 {
					touched = append(touched, c)
				}
				neighW[c] += g.w[e]
			}
			tot[ci] -= k[i]
			csize[ci] -= g.size[i]
			penalty := func(c int32) float64 {
				if opt.CPM {
					return gamma * float64(csize[c]) * float64(g.size[i])
				}
				return gamma * tot[c] * k[i] / m2
			}
			best := ci
			bestGain := neighW[ci] - penalty(ci)
			for _, c := range touched {
				if c == ci {
					continue
				}
				if opt.MaxSize > 0 && int(csize[c]+g.size[i]) > opt.MaxSize {
					continue
				}
				gain := neighW[c] - penalty(c)
				if gain > bestGain+1e-12 {
					best, bestGain = c, gain
				}
			}
			for _, c := range touched {
				neighW[c] = 0
			}
			tot[best] += k[i]
			csize[best] += g.size[i]
			if best != ci {
				comm[i] = best
				moves++
			}
		}
		if moves == 0 {
			break
		}
		movedAny = true
	}
	return comm, movedAny
}

// renumber makes community ids dense in first-seen order and returns the count.
func renumber(comm []int32) int {
	ids := map[int32]int32{}
	for i, c := range comm {
		id, ok := ids[c]
		if !ok {
			id = int32(len(ids))
			ids[c] = id
		}
		comm[i] = id
	}
	return len(ids)
}

func aggregate(g *csr, comm []int32, count int) *csr {
	next := &csr{off: make([]int32, count+1), self: make([]float64, count), size: make([]int32, count)}
	members := make([][]int32, count)
	for i, c := range comm {
		members[c] = append(members[c], int32(i))
		next.size[c] += g.size[i]
		next.self[c] += g.self[i]
	}
	acc := make([]float64, count)
	var touched []int32
	for c := range count {
		touched = touched[:0]
		for _, i := range members[c] {
			for e := g.off[i]; e < g.off[i+1]; e++ {
				d := comm[g.to[e]]
				if d == int32(c) {
					next.self[c] += g.w[e] / 2 // each internal edge is seen from both ends
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				acc[d] += g.w[e]
			}
		}
		slices.Sort(touched)
		for _, d := range touched {
			next.to = append(next.to, d)
			next.w = append(next.w, acc[d])
			acc[d] = 0
		}
		next.off[c+1] = int32(len(next.to))
	}
	return next
}

// Finalize turns a membership into clusters of minSize..maxSize nodes:
// disconnected communities are split into their components, communities
// below minSize merge into the neighbouring community they are most strongly
// tied to when the union fits, and what still falls short is left out.
func Finalize(g Graph, membership []int32, minSize, maxSize int) [][]int32 {
	n := len(g.Adj)
	// Split into connected components within each community.
	comp := make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
	var groups [][]int32
	var stack []int32
	for s := range n {
		if comp[s] >= 0 {
			continue
		}
		id := int32(len(groups))
		var members []int32
		comp[s] = id
		stack = append(stack[:0], int32(s))
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			members = append(members, v)
			for _, a := range g.Adj[v] {
				if comp[a.To] < 0 && membership[a.To] == membership[s] && a.W > 0 {
					comp[a.To] = id
					stack = append(stack, a.To)
				}
			}
		}
		groups = append(groups, members)
	}
	// Merge small groups into their strongest neighbour, smallest first.
	alive := make([]bool, len(groups))
	for i := range alive {
		alive[i] = true
	}
	for round := 0; round < 4; round++ {
		changed := false
		order := make([]int, 0, len(groups))
		for i, m := range groups {
			if alive[i] && len(m) < minSize {
				order = append(order, i)
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return len(groups[a]) - len(groups[b]) })
		for _, gi := range order {
			if !alive[gi] || len(groups[gi]) >= minSize {
				continue
			}
			tie := map[int32]float32{}
			for _, v := range groups[gi] {
				for _, a := range g.Adj[v] {
					if d := comp[a.To]; d != int32(gi) {
						tie[d] += a.W
					}
				}
			}
			best, bestW := int32(-1), float32(0)
			for d, w := range tie {
				if maxSize > 0 && len(groups[d])+len(groups[gi]) > maxSize {
					continue
				}
				if w > bestW || (w == bestW && d < best) {
					best, bestW = d, w
				}
			}
			if best < 0 {
				continue
			}
			for _, v := range groups[gi] {
				comp[v] = best
			}
			groups[best] = append(groups[best], groups[gi]...)
			groups[gi] = nil
			alive[gi] = false
			changed = true
		}
		if !changed {
			break
		}
	}
	var out [][]int32
	for i, m := range groups {
		if alive[i] && len(m) >= minSize && (maxSize <= 0 || len(m) <= maxSize) {
			slices.Sort(m)
			out = append(out, m)
		}
	}
	return out
}
