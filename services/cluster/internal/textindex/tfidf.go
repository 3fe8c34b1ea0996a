package textindex

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Vec is a sparse, L2-normalised TF-IDF vector, terms ascending.
type Vec struct {
	Terms   []int32
	Weights []float32
}

// Dot is the cosine of two normalised vectors.
func Dot(a, b Vec) float32 {
	var s float32
	i, j := 0, 0
	for i < len(a.Terms) && j < len(b.Terms) {
		switch {
		case a.Terms[i] == b.Terms[j]:
			s += a.Weights[i] * b.Weights[j]
			i++
			j++
		case a.Terms[i] < b.Terms[j]:
			i++
		default:
			j++
		}
	}
	return s
}

// Vocabulary assigns term ids and counts document frequencies.
type Vocabulary struct {
	ids map[string]int32
	df  []int32
	n   int
}

// NewVocabulary returns an empty vocabulary.
func NewVocabulary() *Vocabulary { return &Vocabulary{ids: map[string]int32{}} }

// Bag is one document's term counts.
type Bag struct {
	Terms  []int32
	Counts []float32
}

// Add counts one document's words (a word may repeat to weigh more) and
// returns its bag.
func (v *Vocabulary) Add(words []string, weights []float32) Bag {
	v.n++
	local := make(map[int32]float32, len(words))
	for i, w := range words {
		id, ok := v.ids[w]
		if !ok {
			id = int32(len(v.df))
			v.ids[w] = id
			v.df = append(v.df, 0)
		}
		wt := float32(1)
		if weights != nil {
			wt = weights[i]
		}
		if _, seen := local[id]; !seen {
			v.df[id]++
		}
		local[id] += wt
	}
	b := Bag{Terms: make([]int32, 0, len(local)), Counts: make([]float32, 0, len(local))}
	for id := range local {
		b.Terms = append(b.Terms, id)
	}
	slices.Sort(b.Terms)
	for _, id := range b.Terms {
		b.Counts = append(b.Counts, local[id])
	}
	return b
}

// ID returns a word's term id, or -1.
func (v *Vocabulary) ID(w string) int32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	return -1
}

// IDF is the smoothed inverse document frequency of a term id.
func (v *Vocabulary) IDF(id int32) float32 {
	if id < 0 || int(id) >= len(v.df) {
		return float32(math.Log(float64(v.n + 1)))
	}
	return float32(math.Log(float64(v.n+1)/float64(v.df[id]+1)) + 1)
}

// WordIDF is IDF by word; unknown words count as rare.
func (v *Vocabulary) WordIDF(w string) float32 { return v.IDF(v.ID(w)) }

// Len is the number of documents added.
func (v *Vocabulary) Len() int { return v.n }

// Vectorize weighs a bag by sublinear TF times IDF and normalises it.
func (v *Vocabulary) Vectorize(b Bag) Vec {
	vec := Vec{Terms: b.Terms, Weights: make([]float32, len(b.Terms))}
	var norm float64
	for i, id := range b.Terms {
		w := (1 + float32(math.Log(float64(b.Counts[i])+1e-9))) * v.IDF(id)
		if b.Counts[i] < 1 {
			w = b.Counts[i] * v.IDF(id)
		}
		vec.Weights[i] = w
		norm += float64(w) * float64(w)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range vec.Weights {
			vec.Weights[i] *= inv
		}
	}
	return vec
}

// Neighbor is a similar document.
type Neighbor struct {
	Doc int32
	Sim float32
}

// KNNOptions bound the neighbour search.
type KNNOptions struct {
	// K neighbours per document.
	K int
	// MinSim drops weaker neighbours.
	MinSim float32
	// TopTerms of each document are used as queries.
	TopTerms int
	// MaxPosting keeps only the heaviest entries of each term's posting list:
	// very common terms then cost little and say little.
	MaxPosting int
}

// KNN finds each document's K most similar documents within its group
// (groups partition the documents; nil means one group of all). The search
// is approximate: a document is found through the query's TopTerms heaviest
// terms, among the MaxPosting heaviest documents of each.
func KNN(vecs []Vec, groups [][]int32, opt KNNOptions) [][]Neighbor {
	if opt.K <= 0 {
		opt.K = 10
	}
	if opt.TopTerms <= 0 {
		opt.TopTerms = 16
	}
	if opt.MaxPosting <= 0 {
		opt.MaxPosting = 160
	}
	if groups == nil {
		all := make([]int32, len(vecs))
		for i := range all {
			all[i] = int32(i)
		}
		groups = [][]int32{all}
	}
	out := make([][]Neighbor, len(vecs))
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		knnGroup(vecs, g, opt, out)
	}
	return out
}

type posting struct {
	doc int32
	w   float32
}

// knnGroup finds each document's neighbours within its group, in parallel
// batches; out[d] is written by the one worker handling d.
func knnGroup(vecs []Vec, group []int32, opt KNNOptions, out [][]Neighbor) {
	post := groupPostings(vecs, group, opt.MaxPosting)
	workers := runtime.GOMAXPROCS(0)
	if len(group) < 256 {
		workers = 1
	}
	var wg sync.WaitGroup
	next := make(chan []int32, workers*2)
	for range workers {
		wg.Go(func() {
			s := knnSearch{vecs: vecs, post: post, opt: opt, acc: make([]float32, len(vecs))}
			for batch := range next {
				for _, d := range batch {
					out[d] = s.neighbours(d)
				}
			}
		})
	}
	const batchSize = 256
	for i := 0; i < len(group); i += batchSize {
		next <- group[i:min(i+batchSize, len(group))]
	}
	close(next)
	wg.Wait()
}

// groupPostings is the inverted index over a group's documents, each term's
// list cut to its maxPosting heaviest entries.
func groupPostings(vecs []Vec, group []int32, maxPosting int) map[int32][]posting {
	post := map[int32][]posting{}
	for _, d := range group {
		v := vecs[d]
		for i, t := range v.Terms {
			post[t] = append(post[t], posting{d, v.Weights[i]})
		}
	}
	for t, p := range post {
		if len(p) > maxPosting {
			sort.Slice(p, func(i, j int) bool { return p[i].w > p[j].w })
			post[t] = p[:maxPosting]
		}
	}
	return post
}

// termWeight is one term of a document and its weight.
type termWeight struct {
	t int32
	w float32
}

// knnSearch finds documents' neighbours in one group; one per worker, its
// buffers reused from document to document.
type knnSearch struct {
	vecs    []Vec
	post    map[int32][]posting
	opt     KNNOptions
	acc     []float32 // accumulated score per document, zero between queries
	touched []int32
	top     []termWeight
	cand    []Neighbor
}

// neighbours are document d's K nearest documents at MinSim or more.
func (s *knnSearch) neighbours(d int32) []Neighbor {
	v := s.vecs[d]
	s.accumulate(d, s.topTerms(v))
	cand := s.candidates()
	// Rescore the best candidates exactly: the accumulated
	// score saw only the query's top terms.
	sortNeighbors(cand)
	if len(cand) > s.opt.K*3 {
		cand = cand[:s.opt.K*3]
	}
	for i := range cand {
		cand[i].Sim = Dot(v, s.vecs[cand[i].Doc])
	}
	sortNeighbors(cand)
	var res []Neighbor
	for _, c := range cand {
		if len(res) == s.opt.K || c.Sim < s.opt.MinSim {
			break
		}
		res = append(res, c)
	}
	return res
}

// topTerms are v's TopTerms heaviest terms.
func (s *knnSearch) topTerms(v Vec) []termWeight {
	top := s.top[:0]
	for i, t := range v.Terms {
		top = append(top, termWeight{t, v.Weights[i]})
	}
	if len(top) > s.opt.TopTerms {
		sort.Slice(top, func(i, j int) bool { return top[i].w > top[j].w })
		top = top[:s.opt.TopTerms]
	}
	s.top = top
	return top
}

// accumulate adds to acc the score, over the query's top terms, of every
// other document sharing one with document d, and lists them in touched.
func (s *knnSearch) accumulate(d int32, top []termWeight) {
	s.touched = s.touched[:0]
	for _, q := range top {
		for _, p := range s.post[q.t] {
			if p.doc != d {
				if s.acc[p.doc] == 0 {
					s.touched = append(s.touched, p.doc)
				}
				s.acc[p.doc] += q.w * p.w
			}
		}
	}
}

// candidates are the touched documents scoring at least half MinSim; it
// clears acc for the next query.
func (s *knnSearch) candidates() []Neighbor {
	cand := s.cand[:0]
	for _, e := range s.touched {
		if sc := s.acc[e]; sc >= s.opt.MinSim*0.5 {
			cand = append(cand, Neighbor{e, sc})
		}
		s.acc[e] = 0
	}
	s.cand = cand
	return cand
}

// sortNeighbors orders by similarity, best first, then by document.
func sortNeighbors(cand []Neighbor) {
	sort.Slice(cand, func(i, j int) bool {
		return cand[i].Sim > cand[j].Sim || (cand[i].Sim == cand[j].Sim && cand[i].Doc < cand[j].Doc)
	})
}
