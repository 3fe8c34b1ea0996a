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
	comp, groups := components(g, membership)
	m := merger{g: g, comp: comp, groups: groups, alive: make([]bool, len(groups)), minSize: minSize, maxSize: maxSize}
	for i := range m.alive {
		m.alive[i] = true
	}
	// Merge small groups into their strongest neighbour, smallest first.
	for round := 0; round < 4; round++ {
		if !m.mergeRound() {
			break
		}
	}
	var out [][]int32
	for i, members := range m.groups {
		if m.alive[i] && len(members) >= minSize && (maxSize <= 0 || len(members) <= maxSize) {
			slices.Sort(members)
			out = append(out, members)
		}
	}
	return out
}

// components splits each community into its connected components (over
// positive edges): comp is each node's component and groups their members,
// numbered in order of their lowest node.
func components(g Graph, membership []int32) (comp []int32, groups [][]int32) {
	n := len(g.Adj)
	comp = make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
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
	return comp, groups
}

// merger merges groups below minSize into neighbouring groups.
type merger struct {
	g       Graph
	comp    []int32   // each node's group
	groups  [][]int32 // each group's members
	alive   []bool    // false once a group merged into another
	minSize int
	maxSize int
}

// mergeRound merges each group still below minSize, smallest first, into
// its strongest neighbour the union fits; it reports whether any merged.
func (m *merger) mergeRound() bool {
	changed := false
	order := make([]int, 0, len(m.groups))
	for i, members := range m.groups {
		if m.alive[i] && len(members) < m.minSize {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(m.groups[a]) - len(m.groups[b]) })
	for _, gi := range order {
		if !m.alive[gi] || len(m.groups[gi]) >= m.minSize {
			continue
		}
		best := m.strongestNeighbour(gi)
		if best < 0 {
			continue
		}
		for _, v := range m.groups[gi] {
			m.comp[v] = best
		}
		m.groups[best] = append(m.groups[best], m.groups[gi]...)
		m.groups[gi] = nil
		m.alive[gi] = false
		changed = true
	}
	return changed
}

// strongestNeighbour is the group most strongly tied to group gi whose union
// with it fits maxSize (the lowest-numbered on a tie), -1 when none does.
func (m *merger) strongestNeighbour(gi int) int32 {
	tie := map[int32]float32{}
	for _, v := range m.groups[gi] {
		for _, a := range m.g.Adj[v] {
			if d := m.comp[a.To]; d != int32(gi) {
				tie[d] += a.W
			}
		}
	}
	best, bestW := int32(-1), float32(0)
	for d, w := range tie {
		if m.maxSize > 0 && len(m.groups[d])+len(m.groups[gi]) > m.maxSize {
			continue
		}
		if w > bestW || (w == bestW && d < best) {
			best, bestW = d, w
		}
	}
	return best
}
