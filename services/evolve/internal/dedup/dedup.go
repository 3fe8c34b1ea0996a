// Package dedup finds near-duplicate trajectories (docs/metrics.md): two
// records are near-duplicates when the Jaccard similarity of their shingle
// sets (the tool-name sequence plus word 3-grams of the user messages) is at
// least 0.9; the first one seen is kept. MinHash signatures with LSH banding
// find candidates in constant time per record; candidates are confirmed with
// the exact Jaccard similarity, so the index never rejects a record wrongly.
package dedup

import (
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// Threshold is the Jaccard similarity at which two records are near-duplicates.
const Threshold = 0.9

const (
	numHashes = 128
	bands     = 32 // 32 bands × 4 rows: a pair at Jaccard 0.9 is a candidate with probability > 0.9999
	rows      = numHashes / bands
)

// Shingles returns a record's shingle set: the sequence of called tool names
// (as one shingle and as consecutive pairs) and the word 3-grams of the user
// messages.
func Shingles(msgs []trajectory.Message) map[string]struct{} {
	set := map[string]struct{}{}
	var names []string
	var words []string
	for _, m := range msgs {
		switch m.Role {
		case "assistant":
			for _, c := range m.ToolCalls {
				names = append(names, c.Function.Name)
			}
		case "user":
			words = append(words, strings.FieldsFunc(strings.ToLower(m.Content), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			})...)
		}
	}
	set["tools:"+strings.Join(names, ",")] = struct{}{}
	for i := 0; i+1 < len(names); i++ {
		set["call:"+names[i]+">"+names[i+1]] = struct{}{}
	}
	for i := 0; i+2 < len(words); i++ {
		set["w:"+words[i]+" "+words[i+1]+" "+words[i+2]] = struct{}{}
	}
	if len(words) > 0 && len(words) < 3 {
		set["w:"+strings.Join(words, " ")] = struct{}{}
	}
	return set
}

// Jaccard is |a ∩ b| / |a ∪ b|.
func Jaccard(a, b map[string]struct{}) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for k := range a {
		if _, ok := b[k]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Hash turns a shingle set into the sorted, distinct 64-bit FNV-1a hashes of
// its shingles: the form the index keeps and the evolve service persists
// (a few bytes per shingle whatever its length). Two distinct shingles of one
// pair of records collide with probability about n²/2⁶⁴, so Jaccard over the
// hashes is Jaccard over the shingles.
func Hash(shingles map[string]struct{}) []uint64 {
	out := make([]uint64, 0, len(shingles))
	for s := range shingles {
		out = append(out, hash64(s))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// JaccardHashes is Jaccard over two sorted, distinct hash sets (as Hash returns).
func JaccardHashes(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Index holds the accepted records' shingle hashes and LSH buckets.
type Index struct {
	shingles map[string][]uint64 // record id → sorted shingle hashes
	buckets  [bands]map[uint64][]string
}

// New returns an empty index.
func New() *Index {
	ix := &Index{shingles: map[string][]uint64{}}
	for i := range ix.buckets {
		ix.buckets[i] = map[uint64][]string{}
	}
	return ix
}

// Len is the number of records in the index.
func (ix *Index) Len() int { return len(ix.shingles) }

// Add checks a record, given its shingle hashes (Hash), against the index: if
// an earlier record is a near-duplicate it returns that record's id and does
// not add this one; otherwise it adds the record and returns "". Candidates
// in the buckets are visited in insertion order, so the answer is the same
// on every replay of the same additions.
func (ix *Index) Add(id string, shingles []uint64) (duplicateOf string) {
	sig := minhash(shingles)
	keys := bandKeys(sig)
	seen := map[string]bool{}
	for b, key := range keys {
		for _, other := range ix.buckets[b][key] {
			if seen[other] {
				continue
			}
			seen[other] = true
			if JaccardHashes(shingles, ix.shingles[other]) >= Threshold {
				return other
			}
		}
	}
	ix.shingles[id] = shingles
	for b, key := range keys {
		ix.buckets[b][key] = append(ix.buckets[b][key], id)
	}
	return ""
}

// minhash computes the signature with numHashes hash functions derived from
// each shingle's 64-bit FNV hash (h_i = h1 + i·h2, the Kirsch–Mitzenmacher trick).
func minhash(shingles []uint64) [numHashes]uint64 {
	var sig [numHashes]uint64
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	for _, h1 := range shingles {
		h2 := h1>>33 | h1<<31 | 1
		for i := range sig {
			if v := h1 + uint64(i)*h2; v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

func bandKeys(sig [numHashes]uint64) [bands]uint64 {
	var keys [bands]uint64
	for b := range keys {
		h := fnv.New64a()
		for r := range rows {
			v := sig[b*rows+r]
			var buf [8]byte
			for k := range buf {
				buf[k] = byte(v >> (8 * k))
			}
			h.Write(buf[:])
		}
		keys[b] = h.Sum64()
	}
	return keys
}
