package dedup

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

func set(items ...string) map[string]struct{} {
	s := map[string]struct{}{}
	for _, i := range items {
		s[i] = struct{}{}
	}
	return s
}

func hs(msgs []trajectory.Message) []uint64 { return Hash(Shingles(msgs)) }

func nearly(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// kept0 is the first kept set, or sh itself when none is kept yet.
func kept0(kept []map[string]struct{}, sh map[string]struct{}) map[string]struct{} {
	if len(kept) == 0 {
		return sh
	}
	return kept[0]
}

func TestJaccard(t *testing.T) {
	cases := []struct {
		a, b map[string]struct{}
		want float64
	}{
		{set("a", "b", "c"), set("a", "b", "c"), 1},
		{set("a", "b"), set("b", "c"), 1.0 / 3},
		{set("a"), set("b"), 0},
		{set(), set(), 1},
		{set("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), set("a", "b", "c", "d", "e", "f", "g", "h", "i", "k"), 9.0 / 11},
	}
	for _, c := range cases {
		if got := Jaccard(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := JaccardHashes(Hash(c.a), Hash(c.b)); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("JaccardHashes(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func record(userText string, tools ...string) []trajectory.Message {
	msgs := []trajectory.Message{{Role: "user", Content: userText}}
	for i, name := range tools {
		msgs = append(msgs, trajectory.Message{Role: "assistant", ToolCalls: []trajectory.ToolCall{
			{ID: fmt.Sprint("c", i), Function: trajectory.FunctionCall{Name: name, Arguments: "{}"}}}})
	}
	return msgs
}

func TestShingles(t *testing.T) {
	got := Shingles(record("Find THE user, then orders.", "get_user", "list_orders"))
	want := set("tools:get_user,list_orders", "call:get_user>list_orders",
		"w:find the user", "w:the user then", "w:user then orders")
	if len(got) != len(want) || Jaccard(got, want) != 1 {
		t.Fatalf("shingles %v, want %v", got, want)
	}
}

func TestIndexKeepsTheFirst(t *testing.T) {
	words := make([]string, 100)
	for i := range words {
		words[i] = fmt.Sprint("word", i)
	}
	words[50] = "last"
	long := strings.Join(words, " ")
	ix := New()
	if d := ix.Add("r1", hs(record(long, "get_user", "list_orders"))); d != "" {
		t.Fatalf("first record flagged as duplicate of %s", d)
	}
	if d := ix.Add("r2", hs(record(long, "get_user", "list_orders"))); d != "r1" {
		t.Fatalf("identical record: duplicate of %q, want r1", d)
	}
	// One word changed among many 3-grams: Jaccard still ≥ 0.9.
	near := Shingles(record(strings.Replace(long, "last", "this", 1), "get_user", "list_orders"))
	if j := Jaccard(near, Shingles(record(long, "get_user", "list_orders"))); j < Threshold {
		t.Fatalf("test record not near enough: Jaccard %v", j)
	}
	if d := ix.Add("r3", Hash(near)); d != "r1" {
		t.Fatalf("near-duplicate: duplicate of %q, want r1", d)
	}
	if d := ix.Add("r4", hs(record("book a flight to Oslo for two adults on Friday", "search_flights", "book"))); d != "" {
		t.Fatalf("different record flagged as duplicate of %s", d)
	}
	if ix.Len() != 2 {
		t.Fatalf("index holds %d records, want 2 (r1, r4)", ix.Len())
	}
}

// TestIndexAgreesWithBruteForce generates families of similar records and
// checks the index rejects exactly the records an exhaustive pairwise
// comparison against the kept ones rejects.
func TestIndexAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega")
	tools := strings.Fields("get_user list_orders get_order refund search book cancel pay")
	var base [][]string
	for range 20 {
		words := make([]string, 60)
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		base = append(base, words)
	}
	ix := New()
	var kept []map[string]struct{}
	for i := range 400 {
		words := append([]string(nil), base[rng.IntN(len(base))]...)
		for range rng.IntN(6) { // a few edits: some stay near-duplicates, some not
			words[rng.IntN(len(words))] = vocab[rng.IntN(len(vocab))]
		}
		seq := []string{tools[rng.IntN(len(tools))], tools[rng.IntN(len(tools))]}
		sh := Shingles(record(strings.Join(words, " "), seq...))
		wantDup := false
		for _, k := range kept {
			if Jaccard(sh, k) >= Threshold {
				wantDup = true
				break
			}
		}
		gotDup := ix.Add(fmt.Sprint("r", i), Hash(sh)) != ""
		if !nearly(JaccardHashes(Hash(sh), Hash(kept0(kept, sh))), Jaccard(sh, kept0(kept, sh))) {
			t.Fatalf("record %d: Jaccard over hashes differs from Jaccard over shingles", i)
		}
		if gotDup != wantDup {
			t.Fatalf("record %d: index says duplicate=%v, brute force says %v", i, gotDup, wantDup)
		}
		if !wantDup {
			kept = append(kept, sh)
		}
	}
	if len(kept) == 400 || len(kept) < 20 {
		t.Fatalf("the generator made %d distinct records of 400: the test exercises nothing", len(kept))
	}
}

func BenchmarkAdd(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := make([][]uint64, 1000)
	for i := range recs {
		words := make([]string, 40)
		for j := range words {
			words[j] = fmt.Sprint("w", rng.IntN(5000))
		}
		recs[i] = Hash(Shingles(record(strings.Join(words, " "), "a", "b", "c")))
	}
	b.ResetTimer()
	ix := New()
	for i := 0; i < b.N; i++ {
		ix.Add(fmt.Sprint(i), recs[i%len(recs)])
	}
}
