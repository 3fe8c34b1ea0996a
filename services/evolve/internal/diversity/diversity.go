// Package diversity is a job's diversity state (docs/metrics.md): what has
// been accepted, by domain, reasoning-mode signature and primitive, the CAC
// distribution and the near-duplicate index, and the steering weights that
// favour what the dataset still lacks. Signatures and CAC are re-measured
// from each record's messages, never taken from the record's own fields.
package diversity

import (
	"math"
	"slices"
	"sort"

	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/evolve/internal/dedup"
)

// Decision is what Observe did with a rollout.
type Decision int

const (
	Accepted Decision = iota + 1
	RejectedUnverified
	RejectedDuplicate
)

// State is one job's diversity state.
type State struct {
	Domains    map[string]int
	Signatures map[string]int
	Primitives map[string]int
	// Requests counts the request signatures of the accepted records
	// (trajectory.RequestsOf), RequestsPerRecord the records by how many
	// requests they hold.
	Requests          map[string]int
	RequestsPerRecord map[int]int
	requests          int64
	cac               []float64 // sorted
	accepted          int64
	rejected          int64
	duplicates        int64
	dedup             *dedup.Index
}

// New returns an empty state.
func New() *State {
	return &State{
		Domains: map[string]int{}, Signatures: map[string]int{}, Primitives: map[string]int{},
		Requests: map[string]int{}, RequestsPerRecord: map[int]int{}, dedup: dedup.New(),
	}
}

// Observation is what the state needs of one rollout, measured once from
// the record (Measure) so that it can be stored and replayed: replaying a
// job's observations in order through Apply rebuilds its state exactly.
type Observation struct {
	RecordID   string   `json:"id"`
	Domain     string   `json:"domain,omitempty"`
	Passed     bool     `json:"passed,omitempty"`
	Signature  string   `json:"sig,omitempty"`
	CAC        float64  `json:"cac,omitempty"`
	Primitives []string `json:"prims,omitempty"`
	// Shingles are the record's shingle hashes (dedup.Hash).
	Shingles []uint64 `json:"sh,omitempty"`
}

// Measure turns a rollout into an observation: the signature and CAC are
// re-measured from the messages. Shingles are computed for verified
// rollouts only, since unverified ones never reach the near-duplicate index.
func Measure(rec *trajectory.Record, passed bool, primitives []string) Observation {
	m := trajectory.Measure(rec.Messages)
	o := Observation{RecordID: rec.ID, Domain: rec.Domain, Passed: passed, Signature: m.Signature, CAC: m.CAC, Primitives: primitives}
	if passed {
		o.Shingles = dedup.Hash(dedup.Shingles(rec.Messages))
	}
	return o
}

// Observe takes one rollout: unverified ones and near-duplicates of accepted
// records are rejected (duplicateOf names the record kept); others are
// accepted and counted. The record's reasoning mode and CAC are set from its
// messages.
func (s *State) Observe(rec *trajectory.Record, passed bool, primitives []string) (d Decision, duplicateOf string) {
	o := Measure(rec, passed, primitives)
	rec.ReasoningMode, rec.CAC = o.Signature, o.CAC
	return s.Apply(o)
}

// Apply takes one measured rollout (see Observe).
func (s *State) Apply(o Observation) (d Decision, duplicateOf string) {
	if !o.Passed {
		s.rejected++
		return RejectedUnverified, ""
	}
	if dup := s.dedup.Add(o.RecordID, o.Shingles); dup != "" {
		s.rejected++
		s.duplicates++
		return RejectedDuplicate, dup
	}
	s.accepted++
	s.Domains[o.Domain]++
	s.Signatures[o.Signature]++
	reqs := trajectory.RequestsOf(o.Signature)
	for _, r := range reqs {
		s.Requests[r]++
	}
	s.requests += int64(len(reqs))
	s.RequestsPerRecord[len(reqs)]++
	for _, p := range o.Primitives {
		s.Primitives[p]++
	}
	i, _ := slices.BinarySearch(s.cac, o.CAC)
	s.cac = slices.Insert(s.cac, i, o.CAC)
	return Accepted, ""
}

// Accepted is the number of accepted records.
func (s *State) Accepted() int64 { return s.accepted }

// Snapshot is the state's summary at one moment.
type Snapshot struct {
	Accepted, Rejected, NearDuplicates  int64
	HDom, HMode                         float64
	CACMean, CACP50, CACP90             float64
	DistinctDomains, DistinctSignatures int
	// HRequest is the entropy of the request signatures, RequestsPerRecord
	// the mean number of requests per accepted record.
	HRequest          float64
	RequestsPerRecord float64
	DistinctRequests  int
}

// Snapshot summarises the state.
func (s *State) Snapshot() Snapshot {
	snap := Snapshot{
		Accepted: s.accepted, Rejected: s.rejected, NearDuplicates: s.duplicates,
		HDom: trajectory.Entropy(s.Domains), HMode: trajectory.Entropy(s.Signatures),
		DistinctDomains: len(s.Domains), DistinctSignatures: len(s.Signatures),
		HRequest: trajectory.Entropy(s.Requests), DistinctRequests: len(s.Requests),
	}
	if s.accepted > 0 {
		snap.RequestsPerRecord = float64(s.requests) / float64(s.accepted)
	}
	if n := len(s.cac); n > 0 {
		sum := 0.0
		for _, c := range s.cac {
			sum += c
		}
		snap.CACMean = sum / float64(n)
		snap.CACP50 = percentile(s.cac, 0.5)
		snap.CACP90 = percentile(s.cac, 0.9)
	}
	return snap
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []float64, q float64) float64 {
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// Bucket is one CAC histogram bucket, [Lower, Upper).
type Bucket struct {
	Lower, Upper float64
	Count        int
}

// Histogram buckets the accepted CAC values by width.
func (s *State) Histogram(width float64) []Bucket {
	if len(s.cac) == 0 || width <= 0 {
		return nil
	}
	n := int(s.cac[len(s.cac)-1]/width) + 1
	out := make([]Bucket, n)
	for i := range out {
		out[i] = Bucket{Lower: float64(i) * width, Upper: float64(i+1) * width}
	}
	for _, c := range s.cac {
		out[int(c/width)].Count++
	}
	return out
}

// Steering turns counts into sampling weights that favour the
// under-represented: weight ∝ (count + Alpha)^−Beta, and zero for a key
// whose share of accepted records exceeds MaxShare (when set).
type Steering struct {
	Alpha, Beta float64
	MaxShare    float64
}

// Weights returns normalised weights over keys given their counts.
func (st Steering) Weights(keys []string, counts map[string]int) map[string]float64 {
	total := 0
	for _, c := range counts {
		total += c
	}
	w := make(map[string]float64, len(keys))
	sum := 0.0
	for _, k := range keys {
		c := counts[k]
		if st.MaxShare > 0 && total > 0 && float64(c)/float64(total) > st.MaxShare {
			w[k] = 0
			continue
		}
		w[k] = math.Pow(float64(c)+st.Alpha, -st.Beta)
		sum += w[k]
	}
	if sum == 0 {
		return w
	}
	for k := range w {
		w[k] /= sum
	}
	return w
}

// Pick draws a key with probability proportional to its weight (the
// weights need not be normalised), given u in [0, 1); keys are taken in
// sorted order so a seeded u reproduces a pick.
func Pick(weights map[string]float64, u float64) string {
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ws := make([]float64, len(keys))
	for i, k := range keys {
		ws[i] = weights[k]
	}
	if i := PickIndex(ws, u); i >= 0 {
		return keys[i]
	}
	return ""
}

// PickIndex draws an index with probability proportional to its weight,
// given u in [0, 1); -1 when no weight is positive. The sums run in slice
// order, so the same weights and u give the same index on every run.
func PickIndex(weights []float64, u float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	u *= total
	acc := 0.0
	for i, w := range weights {
		acc += w
		if u < acc {
			return i
		}
	}
	for i := len(weights) - 1; i >= 0; i-- { // rounding: the last index with weight
		if weights[i] > 0 {
			return i
		}
	}
	return -1
}
