package depgraph

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tdscaling/tdscaling/services/cluster/internal/textindex"
)

// Evidence bits, one per signal (the proto's EdgeEvidence).
const (
	EvidenceName uint8 = 1 << iota
	EvidenceType
	EvidenceTitle
	EvidenceText
	EvidenceLLM
)

// Edge says that output field FromField of tool From can feed input
// parameter ToParam of tool To.
type Edge struct {
	From, To  int32
	FromField string
	ToParam   string
	Score     float32
	Evidence  uint8
}

// Node is what the graph needs of a tool besides its fields.
type Node struct {
	Service int32 // dense service id; -1 when unknown or blind
	Domain  int32 // dense domain id; -1 when unknown or blind
}

// Options tune edge finding.
type Options struct {
	// MinScore drops weaker edges (default 0.5).
	MinScore float32
	// Blind ignores services and domains: candidates come only from rare
	// keys and textual neighbours.
	Blind bool
	// MaxPerParam keeps the best producers of each input parameter (default 3).
	MaxPerParam int
	// MaxOut keeps a tool's best outgoing edges (default 24).
	MaxOut int
	// CapAll: a key shared by at most this many parameters is matched across
	// the whole corpus (default 40); commoner keys only within a service or
	// between textual neighbours.
	CapAll int
	// CapService bounds the same-service range of a key (default 400).
	CapService int
}

func (o *Options) defaults() {
	if o.MinScore == 0 {
		o.MinScore = 0.5
	}
	if o.MaxPerParam == 0 {
		o.MaxPerParam = 3
	}
	if o.MaxOut == 0 {
		o.MaxOut = 24
	}
	if o.CapAll == 0 {
		o.CapAll = 40
	}
	if o.CapService == 0 {
		o.CapService = 400
	}
}

type keyRef struct {
	h     uint64
	field uint16
	kind  uint8
}

type consumer struct {
	svc   int32
	tool  int32
	param uint16
	kind  uint8
}

// Graph finds the dependency edges among tools. nodes, fields and neighbors
// are indexed alike; neighbors are each tool's textual neighbours. It takes
// the fields' keys (they move into its own index to save memory).
func Graph(nodes []Node, fields []ToolFields, neighbors [][]textindex.Neighbor, weights TextWeights, opt Options) []Edge {
	opt.defaults()
	n := len(nodes)
	if opt.Blind {
		blind := make([]Node, n)
		for i := range blind {
			blind[i] = Node{-1, -1}
		}
		nodes = blind
	}
	outKeys := make([][]keyRef, n)
	inKeys := make([][]keyRef, n)
	postings := map[uint64][]consumer{}
	for t := range n {
		// The keys move into sorted per-tool lists; the fields keep the rest.
		for fi := range fields[t].Outputs {
			f := &fields[t].Outputs[fi]
			for _, k := range f.keys {
				outKeys[t] = append(outKeys[t], keyRef{k.h, uint16(fi), k.kind})
			}
			f.keys = qualifiedOnly(f.keys)
		}
		for pi := range fields[t].Inputs {
			p := &fields[t].Inputs[pi]
			for _, k := range p.keys {
				inKeys[t] = append(inKeys[t], keyRef{k.h, uint16(pi), k.kind})
				postings[k.h] = append(postings[k.h], consumer{nodes[t].Service, int32(t), uint16(pi), k.kind})
			}
			p.keys = qualifiedOnly(p.keys)
		}
		slices.SortFunc(outKeys[t], cmpKeyRef)
		slices.SortFunc(inKeys[t], cmpKeyRef)
	}
	for h, p := range postings {
		if len(p) > opt.CapAll {
			slices.SortFunc(p, func(a, b consumer) int {
				if a.svc != b.svc {
					return int(a.svc - b.svc)
				}
				return int(a.tool - b.tool)
			})
			postings[h] = p
		}
	}
	// Textual neighbourhoods, made symmetric.
	nbr := make([][]int32, n)
	for a, ns := range neighbors {
		for _, nb := range ns {
			nbr[a] = append(nbr[a], nb.Doc)
			nbr[nb.Doc] = append(nbr[nb.Doc], int32(a))
		}
	}
	for a := range nbr {
		slices.Sort(nbr[a])
		nbr[a] = slices.Compact(nbr[a])
	}

	sc := scorer{weights: weights, fields: fields, nodes: nodes, opt: opt}
	workers := runtime.GOMAXPROCS(0)
	results := make([][]Edge, workers)
	var wg sync.WaitGroup
	next := make(chan [2]int, workers*2)
	for w := range workers {
		wg.Go(func() {
			best := map[uint64]Edge{}
			var mine []Edge
			for r := range next {
				for a := r[0]; a < r[1]; a++ {
					clear(best)
					sc.producer(int32(a), outKeys, inKeys, postings, nbr, best)
					// Keep only the producer's strongest candidates: prune
					// keeps at most MaxOut of them anyway, and a common
					// field can match thousands of parameters.
					mine = mine[:0]
					for _, e := range best {
						mine = append(mine, e)
					}
					if len(mine) > opt.MaxOut {
						slices.SortFunc(mine, byScore)
						mine = mine[:opt.MaxOut]
					}
					results[w] = append(results[w], mine...)
				}
			}
		})
	}
	for i := 0; i < n; i += 512 {
		next <- [2]int{i, min(i+512, n)}
	}
	close(next)
	wg.Wait()
	var edges []Edge
	for _, r := range results {
		edges = append(edges, r...)
	}
	return prune(edges, opt)
}

func cmpKeyRef(a, b keyRef) int {
	switch {
	case a.h < b.h:
		return -1
	case a.h > b.h:
		return 1
	}
	return int(a.field) - int(b.field)
}

type scorer struct {
	weights TextWeights
	fields  []ToolFields
	nodes   []Node
	opt     Options
}

// producer finds the best edge from tool a into every (consumer, parameter).
func (s *scorer) producer(a int32, outKeys, inKeys [][]keyRef, postings map[uint64][]consumer, nbr [][]int32, best map[uint64]Edge) {
	ok := outKeys[a]
	if len(ok) == 0 {
		return
	}
	p := producerScan{scorer: s, a: a, na: s.nodes[a], best: best}
	for i := 0; i < len(ok); i++ {
		k := ok[i]
		if i > 0 && k.h == ok[i-1].h && k.field == ok[i-1].field {
			continue
		}
		for _, c := range p.candidates(postings[k.h]) {
			p.consider(k, c)
		}
	}
	// Textual neighbours: merge key lists.
	for _, b := range nbr[a] {
		p.neighbour(ok, b, inKeys[b])
	}
}

// producerScan gathers the best edges from one producer a.
type producerScan struct {
	*scorer
	a    int32
	na   Node
	best map[uint64]Edge // by consumer and parameter
}

// candidates are the consumers of a key's posting list worth scoring: all
// of a short list, those of the producer's own service in a longer one
// (when that part is short), none of a key too common to tell anything.
func (p *producerScan) candidates(post []consumer) []consumer {
	switch {
	case len(post) <= p.opt.CapAll:
		return post
	case !p.opt.Blind && p.na.Service >= 0:
		lo := sort.Search(len(post), func(j int) bool { return post[j].svc >= p.na.Service })
		hi := sort.Search(len(post), func(j int) bool { return post[j].svc > p.na.Service })
		if hi-lo <= p.opt.CapService {
			return post[lo:hi]
		}
	}
	return nil
}

// neighbour considers every pair of the producer's output keys ok and
// textual neighbour b's input keys ik that share a key.
func (p *producerScan) neighbour(ok []keyRef, b int32, ik []keyRef) {
	i, j := 0, 0
	for i < len(ok) && j < len(ik) {
		switch {
		case ok[i].h < ik[j].h:
			i++
		case ok[i].h > ik[j].h:
			j++
		default:
			// All pairs with this key.
			h := ok[i].h
			j0 := j
			for ; i < len(ok) && ok[i].h == h; i++ {
				for j = j0; j < len(ik) && ik[j].h == h; j++ {
					p.consider(ok[i], consumer{p.nodes[b].Service, b, ik[j].field, ik[j].kind})
				}
			}
		}
	}
}

// consider scores the edge from the producer's key k into consumer c and
// keeps it when it beats the best so far into c's parameter.
func (p *producerScan) consider(k keyRef, c consumer) {
	if c.tool == p.a {
		return
	}
	nb := p.nodes[c.tool]
	if !p.opt.Blind && p.na.Service != nb.Service && (p.na.Domain < 0 || p.na.Domain != nb.Domain) {
		return // across services only within one domain
	}
	e, good := p.score(p.a, c.tool, k, c.kind, c.param)
	if !good {
		return
	}
	id := uint64(c.tool)<<16 | uint64(c.param)
	if prev, seen := p.best[id]; !seen || e.Score > prev.Score {
		p.best[id] = e
	}
}

// score rates output field k.field of a feeding parameter param of b.
func (s *scorer) score(a, b int32, k keyRef, consumerKind uint8, param uint16) (Edge, bool) {
	out := &s.fields[a].Outputs[k.field]
	in := &s.fields[b].Inputs[param]
	kind := max(k.kind, consumerKind)
	name := nameWeight(kind)
	if kind == kindGeneric && otherEntities(out, in) {
		return Edge{}, false // a connection's id is no schema's id
	}
	if s.closedApart(a, b, out, in, kind) {
		return Edge{}, false
	}
	typ := typeCompat(out.typ, in.typ, out.title != 0 && out.title == in.title)
	if out.typ == typeArray && in.typ == typeArray && out.item != in.item && out.item != typeUnknown && in.item != typeUnknown &&
		(out.item == typeObject || in.item == typeObject) {
		typ = 0 // a list of names does not fill a list of records
	}
	if typ == 0 {
		return Edge{}, false
	}
	var title float32
	if out.title != 0 && out.title == in.title {
		title = 1
	}
	text := s.textSim(out.text, in.text)
	score := 0.5*name + 0.2*typ + 0.1*title + 0.2*text
	if kind == kindGeneric && text < 0.2 && title == 0 {
		score -= 0.1 // "id" to "id" with nothing else in common says little
	}
	if s.fields[a].OutputInferred {
		score *= 0.85
	}
	if score < s.opt.MinScore {
		return Edge{}, false
	}
	ev := uint8(0)
	if kind != kindTitle {
		ev |= EvidenceName
	}
	if typ >= 0.9 {
		ev |= EvidenceType
	}
	if title > 0 || kind == kindTitle {
		ev |= EvidenceTitle
	}
	if text >= 0.3 {
		ev |= EvidenceText
	}
	return Edge{From: a, To: b, FromField: out.Path, ToParam: in.Path, Score: min(score, 1), Evidence: ev}, true
}

// closedApart reports whether a field's closed set of values rules out the
// edge: two closed sets with no value in common (a cluster's State of
// ACTIVE or DELETED never fills an order's state of open or shipped), or,
// for a bare generic name ("state", "status", "type") across services, one
// side closed and the other open — a cluster's lifecycle state is no
// phone-number search's US state, though both are called "state". The same
// schema type (title) on both sides keeps the edge.
func (s *scorer) closedApart(a, b int32, out, in *Field, kind uint8) bool {
	if out.enum == 0 && in.enum == 0 || out.title != 0 && out.title == in.title {
		return false
	}
	if out.enum != 0 && in.enum != 0 {
		return !overlap(s.fields[a].outEnums[out.enum-1], s.fields[b].inEnums[in.enum-1])
	}
	na, nb := s.nodes[a], s.nodes[b]
	return kind == kindGeneric && (na.Service < 0 || na.Service != nb.Service)
}

// overlap reports whether two sorted sets share a value.
func overlap(x, y []uint32) bool {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			return true
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return false
}

func typeCompat(out, in uint8, sameTitle bool) float32 {
	switch {
	case out == in:
		return 1
	case out == typeUnknown || in == typeUnknown:
		return 0.7
	case (out == typeString && in == typeNumber) || (out == typeNumber && in == typeString):
		return 0.6
	case in == typeArray && out != typeObject:
		return 0.8 // a list parameter takes one value
	case out == typeArray && in == typeObject && sameTitle:
		return 0.7
	case out == typeObject || in == typeObject || out == typeBoolean || in == typeBoolean:
		return 0
	}
	return 0.5
}

// textSim is the IDF-weighted cosine of two word sketches.
func (s *scorer) textSim(a, b []uint32) float32 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	idf := func(h uint32) float32 {
		if w, ok := s.weights[h]; ok {
			return w
		}
		return 1
	}
	var dot, na, nb float32
	for _, x := range a {
		w := idf(x)
		na += w * w
	}
	for _, x := range b {
		w := idf(x)
		nb += w * w
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			w := idf(a[i])
			dot += w * w
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return dot / float32(math.Sqrt(float64(na))*math.Sqrt(float64(nb)))
}

// prune keeps each parameter's best producers and each tool's best outgoing edges.
func prune(edges []Edge, opt Options) []Edge {
	slices.SortFunc(edges, byScore)
	perParam := map[uint64]int{}
	perOut := map[int32]int{}
	type pair struct{ from, to int32 }
	perPair := map[pair]int{}
	kept := edges[:0]
	for _, e := range edges {
		pk := uint64(e.To)<<32 | uint64(hashKey(e.ToParam)&0xffffffff)
		if perParam[pk] >= opt.MaxPerParam || perOut[e.From] >= opt.MaxOut || perPair[pair{e.From, e.To}] >= 3 {
			continue
		}
		perParam[pk]++
		perOut[e.From]++
		perPair[pair{e.From, e.To}]++
		kept = append(kept, e)
	}
	return slices.Clip(kept)
}

// byScore orders edges by falling score, then deterministically.
func byScore(x, y Edge) int {
	if x.Score != y.Score {
		if x.Score > y.Score {
			return -1
		}
		return 1
	}
	if x.From != y.From {
		return int(x.From - y.From)
	}
	if x.To != y.To {
		return int(x.To - y.To)
	}
	if c := strings.Compare(x.ToParam, y.ToParam); c != 0 {
		return c
	}
	return strings.Compare(x.FromField, y.FromField)
}

// nameWeight is how much a name match of kind says.
func nameWeight(kind uint8) float32 {
	switch kind {
	case kindExact:
		return 1
	case kindQualified:
		return 0.85
	case kindTitle:
		return 0.8
	}
	return 0.45
}

// qualifiedOnly keeps a field's entity-qualified keys, which otherEntities
// reads while scoring (a bare id's few); the rest live in the per-tool lists.
func qualifiedOnly(keys []fieldKey) []fieldKey {
	q := keys[:0]
	for _, k := range keys {
		if k.kind == kindQualified {
			q = append(q, k)
		}
	}
	if len(q) == 0 {
		return nil
	}
	return q
}

// otherEntities reports whether two bare id-like fields are known to
// identify different things: each is owned by a known entity ("id" of a
// connection's lookup is connection_id, the "id" parameter of a schema's
// deletion schema_id) and their qualified keys share none. A bare "id"
// whose entity is only a guess from a tool's name (GetInstanceInfo's "id"
// is an instance's, not an info's) may still be a link.
func otherEntities(out, in *Field) bool {
	if !out.owned || !in.owned {
		return false
	}
	known := false
	for _, a := range out.keys {
		if a.kind != kindQualified {
			continue
		}
		for _, b := range in.keys {
			if b.kind != kindQualified {
				continue
			}
			if a.h == b.h {
				return false
			}
			known = true
		}
	}
	return known
}
