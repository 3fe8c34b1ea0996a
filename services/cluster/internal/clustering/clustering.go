// Package clustering builds business clusters from a corpus: TF-IDF
// neighbours and dependency edges make one weighted tool graph, size-capped
// Louvain finds its communities, and each community becomes a cluster with
// its internal edges, a domain and statistics.
package clustering

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tdscaling/tdscaling/services/cluster/internal/community"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/depgraph"
	"github.com/tdscaling/tdscaling/services/cluster/internal/taxonomy"
	"github.com/tdscaling/tdscaling/services/cluster/internal/textindex"
)

// Options tune clustering. Zero values take the defaults.
type Options struct {
	MinSize int // default 3
	MaxSize int // default 12
	// Blind ignores service and domain while clustering.
	Blind        bool
	MinEdgeScore float64 // default 0.5
	// Resolution of the constant Potts model: the mean tie a tool needs to
	// a cluster's members to join it (default 0.3).
	Resolution float64
	Seed       int64
	// Neighbors per tool in the text-similarity graph (default 10).
	Neighbors int
	// DepWeight scales dependency edges against text similarity (default 1.5).
	DepWeight float64
	// Confirm, when set, is asked about each candidate edge inside a cluster
	// (an LLM); edges it rejects are dropped.
	Confirm func(ctx context.Context, from, to *corpus.Tool, e depgraph.Edge) (bool, error)
	// Progress, when set, hears about each stage.
	Progress func(stage string)
	// Salt is mixed into the run id (the service uses the corpus id), so
	// equal corpora in different corpora get different ids.
	Salt string
}

func (o *Options) defaults() {
	if o.MinSize <= 0 {
		o.MinSize = 3
	}
	if o.MaxSize <= 0 {
		o.MaxSize = 12
	}
	if o.MinEdgeScore <= 0 {
		o.MinEdgeScore = 0.5
	}
	if o.Resolution <= 0 {
		o.Resolution = 0.3
	}
	if o.Neighbors <= 0 {
		o.Neighbors = 10
	}
	if o.DepWeight <= 0 {
		o.DepWeight = 1.5
	}
}

// Validate reports the first option a caller must fix, naming it.
func (o Options) Validate() (field, problem string) {
	switch {
	case o.MinSize < 0:
		return "min_size", "must not be negative"
	case o.MaxSize < 0:
		return "max_size", "must not be negative"
	case o.MinSize > 0 && o.MaxSize > 0 && o.MinSize > o.MaxSize:
		return "min_size", fmt.Sprintf("%d is larger than max_size %d", o.MinSize, o.MaxSize)
	case o.MaxSize > 1000:
		return "max_size", "at most 1000"
	case o.MinEdgeScore < 0 || o.MinEdgeScore > 1:
		return "min_edge_score", "want a score in [0, 1]"
	case o.Resolution < 0 || o.Resolution > 100:
		return "resolution", "want 0 (default) or a positive value up to 100"
	}
	return "", ""
}

// DomainSource says where a cluster's domain came from.
type DomainSource int

// Domain sources.
const (
	DomainFromCorpus DomainSource = iota + 1
	DomainFromTaxonomy
)

// Stats describe a cluster.
type Stats struct {
	ToolCount           int
	EdgeCount           int
	ServiceCount        int
	MeanEdgeScore       float64
	DependencyConnected bool
	LongestChain        int
	Quality             float64
	InferredOutputs     int
}

// Cluster is a business cluster; Tools index the corpus given to Build.
type Cluster struct {
	ID           string
	Name         string
	Domain       string
	DomainSource DomainSource
	Tools        []int32
	Edges        []depgraph.Edge
	Services     []string
	Stats        Stats
}

// Result is one clustering run.
type Result struct {
	ID       string
	Clusters []Cluster
	// Edges is the number of dependency edges in the whole graph.
	Edges int
	// Inferred holds the output schemas inferred for tools that declare none.
	Inferred map[int32]json.RawMessage
}

// Weights of a tool's words in its text: the words of its name, of its
// description, and the names and schema titles of its fields. Field names
// weigh much: the tools of one API share their vocabulary of fields and
// types more reliably than their prose.
const nameWeight, descWeight, fieldWeight = 3, 1, 3

// Build clusters the tools.
func Build(ctx context.Context, tools []*corpus.Tool, opt Options) (*Result, error) {
	opt.defaults()
	progress := func(s string) {
		if opt.Progress != nil {
			opt.Progress(s)
		}
	}
	n := len(tools)
	res := &Result{ID: runID(tools, opt), Inferred: map[int32]json.RawMessage{}}
	if n == 0 {
		return res, nil
	}

	progress(fmt.Sprintf("parsing the schemas of %d tools", n))
	fields := make([]depgraph.ToolFields, n)
	docWords := make([][]string, n)
	inferred := make([]json.RawMessage, n)
	parallel(n, func(i int) {
		t := tools[i]
		var words []string
		out := t.OutputSchema
		if !t.HasOutput() {
			out = depgraph.InferOutput(t.Name, t.Description, t.OutputHint(), t.InputSchema)
			inferred[i] = out
		}
		fields[i] = depgraph.Extract(t.Name, t.InputSchema, out, &words)
		fields[i].OutputInferred = inferred[i] != nil
		docWords[i] = words
	})
	for i, s := range inferred {
		if s != nil {
			res.Inferred[int32(i)] = s
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	progress("weighing words (TF-IDF)")
	vocab := textindex.NewVocabulary()
	bags := make([]textindex.Bag, n)
	var words []string
	var weights []float32
	for i, t := range tools {
		words, weights = words[:0], weights[:0]
		for _, w := range textindex.SplitIdentifier(t.Name) {
			words, weights = append(words, w), append(weights, nameWeight)
		}
		before := len(words)
		words = textindex.AppendWords(words, clip(t.Description, 600), true)
		for range len(words) - before {
			weights = append(weights, descWeight)
		}
		for _, w := range docWords[i] {
			words, weights = append(words, w), append(weights, fieldWeight)
		}
		bags[i] = vocab.Add(words, weights)
		docWords[i] = nil
	}
	vecs := make([]textindex.Vec, n)
	parallel(n, func(i int) { vecs[i] = vocab.Vectorize(bags[i]) })
	bags = nil

	progress("finding textual neighbours")
	services, svcNames := denseIDs(tools, func(t *corpus.Tool) string { return t.Service })
	domains, _ := denseIDs(tools, func(t *corpus.Tool) string { return t.Domain })
	var groups [][]int32
	if !opt.Blind {
		byService := map[int32][]int32{}
		for i, s := range services {
			byService[s] = append(byService[s], int32(i))
		}
		for _, s := range slices.Sorted(maps.Keys(byService)) {
			groups = append(groups, byService[s])
		}
	}
	nbrs := textindex.KNN(vecs, groups, textindex.KNNOptions{K: opt.Neighbors, MinSim: 0.08})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	progress("finding dependency edges")
	nodes := make([]depgraph.Node, n)
	for i := range nodes {
		nodes[i] = depgraph.Node{Service: services[i], Domain: domains[i]}
	}
	edges := depgraph.Graph(nodes, fields, nbrs, depgraph.NewTextWeights(fields), depgraph.Options{
		MinScore: float32(opt.MinEdgeScore), Blind: opt.Blind,
	})
	fields = nil
	res.Edges = len(edges)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	progress(fmt.Sprintf("detecting communities (%d dependency edges)", len(edges)))
	g := weightedGraph(vecs, nbrs, edges, float32(opt.DepWeight))
	nbrs = nil
	membership := community.Louvain(g, community.Options{Resolution: opt.Resolution, MaxSize: opt.MaxSize, Seed: uint64(opt.Seed), CPM: true})
	groupsOut := community.Finalize(g, membership, opt.MinSize, opt.MaxSize)
	groupsOut = splitByDependencies(g, groupsOut, edges, opt.MinSize)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	progress(fmt.Sprintf("describing %d clusters", len(groupsOut)))
	res.Clusters = describe(ctx, tools, groupsOut, edges, inferred, svcNames, services, opt)
	// Order clusters by their first tool, so ids are stable for a corpus.
	for i := range res.Clusters {
		res.Clusters[i].ID = fmt.Sprintf("%s-%05d", res.ID, i+1)
	}
	return res, nil
}

// runID names a run by its corpus and options, so the same build gets the same id.
func runID(tools []*corpus.Tool, opt Options) string {
	h := sha256.New()
	h.Write([]byte(opt.Salt))
	for _, t := range tools {
		h.Write([]byte(t.ID))
	}
	fmt.Fprintf(h, "%d/%d/%v/%g/%g/%d/%d/%g", opt.MinSize, opt.MaxSize, opt.Blind, opt.MinEdgeScore, opt.Resolution, opt.Seed, opt.Neighbors, opt.DepWeight)
	return "k" + hex.EncodeToString(h.Sum(nil)[:5])
}

// weightedGraph combines text similarity and dependency scores. A dependency
// edge counts fully between tools that also read alike and half between
// tools that do not: in a mixed pool a field name like "event" or
// "timestamp" also matches across unrelated APIs, and on its own it should
// not outweigh what the tools' texts say.
func weightedGraph(vecs []textindex.Vec, nbrs [][]textindex.Neighbor, edges []depgraph.Edge, depWeight float32) community.Graph {
	n := len(vecs)
	type pairW struct {
		a, b       int32
		text, deps float32
	}
	var ps []pairW
	for a, ns := range nbrs {
		for _, nb := range ns {
			x, y := int32(a), nb.Doc
			if x > y {
				x, y = y, x
			}
			ps = append(ps, pairW{x, y, nb.Sim, 0})
		}
	}
	for _, e := range edges {
		x, y := e.From, e.To
		if x > y {
			x, y = y, x
		}
		ps = append(ps, pairW{x, y, 0, e.Score})
	}
	slices.SortFunc(ps, func(p, q pairW) int {
		if p.a != q.a {
			return int(p.a - q.a)
		}
		return int(p.b - q.b)
	})
	g := community.Graph{Adj: make([][]community.Arc, n)}
	for i := 0; i < len(ps); {
		j := i
		var text, deps float32
		for ; j < len(ps) && ps[j].a == ps[i].a && ps[j].b == ps[i].b; j++ {
			text = max(text, ps[j].text)
			deps = max(deps, ps[j].deps)
		}
		w := text
		if deps > 0 {
			sim := textindex.Dot(vecs[ps[i].a], vecs[ps[i].b])
			w += depWeight * deps * (0.5 + min(sim, 0.5))
		}
		if w > 0 {
			g.Adj[ps[i].a] = append(g.Adj[ps[i].a], community.Arc{To: ps[i].b, W: w})
			g.Adj[ps[i].b] = append(g.Adj[ps[i].b], community.Arc{To: ps[i].a, W: w})
		}
		i = j
	}
	return g
}

// splitByDependencies makes clusters dependency-connected where their tools
// allow it: a cluster whose dependency edges form two or more separate
// components of at least minSize tools becomes one cluster per component,
// and its remaining tools join the component they are most tied to.
func splitByDependencies(g community.Graph, groups [][]int32, edges []depgraph.Edge, minSize int) [][]int32 {
	where := map[int32]int{}
	for gi, grp := range groups {
		for _, t := range grp {
			where[t] = gi
		}
	}
	inner := make([][]depgraph.Edge, len(groups))
	for _, e := range edges {
		if ga, ok := where[e.From]; ok {
			if gb, ok := where[e.To]; ok && ga == gb {
				inner[ga] = append(inner[ga], e)
			}
		}
	}
	var out [][]int32
	for gi, grp := range groups {
		comp := map[int32]int32{}
		var find func(int32) int32
		find = func(x int32) int32 {
			p, ok := comp[x]
			if !ok || p == x {
				return x
			}
			r := find(p)
			comp[x] = r
			return r
		}
		for _, e := range inner[gi] {
			ra, rb := find(e.From), find(e.To)
			if ra != rb {
				comp[ra] = rb
			}
		}
		members := map[int32][]int32{}
		for _, t := range grp {
			r := find(t)
			members[r] = append(members[r], t)
		}
		var big [][]int32
		bigOf := map[int32]int{}
		for _, t := range grp { // in tool order, for determinism
			r := find(t)
			if _, seen := bigOf[r]; !seen && len(members[r]) >= minSize {
				bigOf[r] = len(big)
				big = append(big, members[r])
			}
		}
		if len(big) < 2 {
			out = append(out, grp)
			continue
		}
		for _, t := range grp {
			if _, ok := bigOf[find(t)]; ok {
				continue
			}
			tie := make([]float32, len(big))
			for _, a := range g.Adj[t] {
				if bi, ok := bigOf[find(a.To)]; ok && where[a.To] == gi {
					tie[bi] += a.W
				}
			}
			best := 0
			for bi := range tie {
				if tie[bi] > tie[best] {
					best = bi
				}
			}
			big[best] = append(big[best], t)
		}
		for _, b := range big {
			slices.Sort(b)
			out = append(out, b)
		}
	}
	return out
}

func describe(ctx context.Context, tools []*corpus.Tool, groups [][]int32, edges []depgraph.Edge, inferred []json.RawMessage, svcNames []string, services []int32, opt Options) []Cluster {
	where := make(map[int32]int, len(tools))
	for ci, g := range groups {
		for _, t := range g {
			where[t] = ci
		}
	}
	internal := make([][]depgraph.Edge, len(groups))
	for _, e := range edges {
		ca, okA := where[e.From]
		cb, okB := where[e.To]
		if okA && okB && ca == cb {
			internal[ca] = append(internal[ca], e)
		}
	}
	out := make([]Cluster, len(groups))
	for ci, g := range groups {
		c := Cluster{Tools: g, Edges: internal[ci]}
		if opt.Confirm != nil {
			kept := c.Edges[:0]
			for _, e := range c.Edges {
				ok, err := opt.Confirm(ctx, tools[e.From], tools[e.To], e)
				if err != nil || ok {
					if ok {
						e.Evidence |= depgraph.EvidenceLLM
					}
					kept = append(kept, e) // an unreachable confirmer keeps the candidate
				}
			}
			c.Edges = kept
		}
		sort.Slice(c.Edges, func(i, j int) bool {
			if c.Edges[i].Score != c.Edges[j].Score {
				return c.Edges[i].Score > c.Edges[j].Score
			}
			return c.Edges[i].From < c.Edges[j].From || (c.Edges[i].From == c.Edges[j].From && c.Edges[i].To < c.Edges[j].To)
		})
		svcCount := map[string]int{}
		domCount := map[string]int{}
		nounCount := map[string]int{}
		var words []string
		for _, t := range g {
			svcCount[svcNames[services[t]]]++
			if d := tools[t].Domain; d != "" {
				domCount[d]++
			}
			if nn := depgraph.ToolNoun(tools[t].Name); nn != "" {
				nounCount[nn]++
			}
			if inferred[t] != nil {
				c.Stats.InferredOutputs++
			}
		}
		for s := range svcCount {
			if s != "" {
				c.Services = append(c.Services, s)
			}
		}
		sort.Strings(c.Services)
		if d := majority(domCount); d != "" {
			c.Domain, c.DomainSource = d, DomainFromCorpus
		} else {
			for _, t := range g {
				words = textindex.AppendWords(words, tools[t].Name+" "+clip(tools[t].Description, 300), true)
			}
			c.Domain, c.DomainSource = taxonomy.Classify(words), DomainFromTaxonomy
		}
		name := majority(nounCount)
		if s := majority(svcCount); s != "" {
			name = s + ": " + name
		}
		c.Name = strings.TrimSuffix(name, ": ")
		c.Stats = stats(c, g, c.Stats.InferredOutputs)
		out[ci] = c
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Tools[0] < out[j].Tools[0] })
	return out
}

func stats(c Cluster, g []int32, inferred int) Stats {
	st := Stats{ToolCount: len(g), EdgeCount: len(c.Edges), ServiceCount: max(len(c.Services), 1), InferredOutputs: inferred}
	idx := map[int32]int{}
	for i, t := range g {
		idx[t] = i
	}
	parent := make([]int, len(g))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	adj := make([][]int, len(g))
	touched := make([]bool, len(g))
	var sum float64
	for _, e := range c.Edges {
		a, b := idx[e.From], idx[e.To]
		sum += float64(e.Score)
		parent[find(a)] = find(b)
		adj[a] = append(adj[a], b)
		touched[a], touched[b] = true, true
	}
	roots := map[int]bool{}
	for i := range g {
		roots[find(i)] = true
	}
	st.DependencyConnected = len(roots) == 1
	if len(c.Edges) > 0 {
		st.MeanEdgeScore = sum / float64(len(c.Edges))
	}
	st.LongestChain = longestChain(adj)
	nTouched := 0
	for _, t := range touched {
		if t {
			nTouched++
		}
	}
	chain := min(1, float64(st.LongestChain-1)/2)
	st.Quality = 0.4*float64(nTouched)/float64(len(g)) + 0.3*st.MeanEdgeScore + 0.3*chain
	return st
}

// longestChain is the longest simple directed path, in calls (1 when there
// are no edges), searched with a step budget since clusters are small.
func longestChain(adj [][]int) int {
	best := 1
	budget := 200000
	onPath := make([]bool, len(adj))
	var dfs func(v, depth int)
	dfs = func(v, depth int) {
		if depth > best {
			best = depth
		}
		if budget <= 0 {
			return
		}
		budget--
		onPath[v] = true
		for _, w := range adj[v] {
			if !onPath[w] {
				dfs(w, depth+1)
			}
		}
		onPath[v] = false
	}
	for v := range adj {
		if len(adj[v]) > 0 {
			dfs(v, 1)
		}
	}
	return best
}

func majority(counts map[string]int) string {
	best, bestN := "", 0
	for k, n := range counts {
		if k != "" && (n > bestN || (n == bestN && k < best)) {
			best, bestN = k, n
		}
	}
	return best
}

func denseIDs(tools []*corpus.Tool, key func(*corpus.Tool) string) ([]int32, []string) {
	ids := make([]int32, len(tools))
	m := map[string]int32{}
	var names []string
	for i, t := range tools {
		k := key(t)
		if k == "" {
			ids[i] = -1
			continue
		}
		id, ok := m[k]
		if !ok {
			id = int32(len(names))
			m[k] = id
			names = append(names, k)
		}
		ids[i] = id
	}
	// -1 indexes as "" below.
	names = append(names, "")
	for i := range ids {
		if ids[i] < 0 {
			ids[i] = int32(len(names) - 1)
		}
	}
	return ids, names
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// parallel runs f(0..n-1) on every core.
func parallel(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (n + workers*8 - 1) / (workers * 8)
	if chunk < 1 {
		chunk = 1
	}
	next := make(chan int, workers*8+1)
	for i := 0; i < n; i += chunk {
		next <- i
	}
	close(next)
	for range workers {
		wg.Go(func() {
			for start := range next {
				for i := start; i < min(start+chunk, n); i++ {
					f(i)
				}
			}
		})
	}
	wg.Wait()
}
