package diversity

import (
	"fmt"
	"math"
	"testing"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// rec builds an accepted-looking record: one user message of distinct words
// and one assistant call per tool with the given arguments.
func rec(id, domain, words string, calls ...[2]string) *trajectory.Record {
	msgs := []trajectory.Message{{Role: "user", Content: words}}
	for i, c := range calls {
		cid := fmt.Sprint("c", i)
		msgs = append(msgs,
			trajectory.Message{Role: "assistant", ToolCalls: []trajectory.ToolCall{{ID: cid, Function: trajectory.FunctionCall{Name: c[0], Arguments: c[1]}}}},
			trajectory.Message{Role: "tool", ToolCallID: cid, Content: `{"ok":true}`})
	}
	msgs = append(msgs, trajectory.Message{Role: "assistant", Content: "done"})
	return &trajectory.Record{ID: id, Domain: domain, Messages: msgs}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestObserveAndSnapshot(t *testing.T) {
	s := New()
	records := []*trajectory.Record{
		rec("r1", "a", "alpha beta gamma delta", [2]string{"get", `{"x":"one"}`}),             // CAC 1.25, [u].ans
		rec("r2", "a", "epsilon zeta eta theta", [2]string{"get", `{"x":"one","y":"two"}`}),   // 1.5
		rec("r3", "b", "iota kappa lambda mu", [2]string{"get", `{"x":"1","y":"2","z":"3"}`}), // 1.75
		rec("r4", "c", "nu xi omicron pi", [2]string{"python", `{"code":"print(1)"}`}),        // 3.25, [x].ans
	}
	for _, r := range records {
		if d, _ := s.Observe(r, true, []string{"SEQUENTIAL_CHAIN"}); d != Accepted {
			t.Fatalf("%s: decision %v", r.ID, d)
		}
	}
	if records[3].ReasoningMode != "[x].ans" || !near(records[3].CAC, 3.25) {
		t.Fatalf("record not re-measured: %q %v", records[3].ReasoningMode, records[3].CAC)
	}
	if d, _ := s.Observe(rec("r5", "a", "rho sigma tau upsilon"), false, nil); d != RejectedUnverified {
		t.Fatalf("unverified rollout: %v", d)
	}
	if d, dup := s.Observe(rec("r6", "b", "alpha beta gamma delta", [2]string{"get", `{"x":"other"}`}), true, nil); d != RejectedDuplicate || dup != "r1" {
		t.Fatalf("near-duplicate: %v of %q", d, dup)
	}

	snap := s.Snapshot()
	want := Snapshot{
		Accepted: 4, Rejected: 2, NearDuplicates: 1,
		HDom:    1.5, // a:2 b:1 c:1
		HMode:   -(0.75*math.Log2(0.75) + 0.25*math.Log2(0.25)),
		CACMean: (1.25 + 1.5 + 1.75 + 3.25) / 4, CACP50: 1.5, CACP90: 3.25,
		DistinctDomains: 3, DistinctSignatures: 2,
	}
	if snap.Accepted != want.Accepted || snap.Rejected != want.Rejected || snap.NearDuplicates != want.NearDuplicates ||
		!near(snap.HDom, want.HDom) || !near(snap.HMode, want.HMode) || !near(snap.CACMean, want.CACMean) ||
		!near(snap.CACP50, want.CACP50) || !near(snap.CACP90, want.CACP90) ||
		snap.DistinctDomains != want.DistinctDomains || snap.DistinctSignatures != want.DistinctSignatures {
		t.Fatalf("snapshot %+v\nwant     %+v", snap, want)
	}
	if s.Primitives["SEQUENTIAL_CHAIN"] != 4 {
		t.Fatalf("primitive counts %v", s.Primitives)
	}
	hist := s.Histogram(1)
	wantCounts := []int{0, 3, 0, 1}
	if len(hist) != len(wantCounts) {
		t.Fatalf("histogram %v", hist)
	}
	for i, b := range hist {
		if b.Count != wantCounts[i] || b.Lower != float64(i) {
			t.Fatalf("histogram %v, want counts %v", hist, wantCounts)
		}
	}
}

func TestSteeringFavoursTheUnderRepresented(t *testing.T) {
	st := Steering{Alpha: 1, Beta: 1}
	keys := []string{"a", "b", "c"}
	counts := map[string]int{"a": 10, "b": 1}
	w := st.Weights(keys, counts)
	if !(w["c"] > w["b"] && w["b"] > w["a"]) || !near(w["a"]+w["b"]+w["c"], 1) {
		t.Fatalf("weights %v", w)
	}
	// (10+1)^-1 : (1+1)^-1 : (0+1)^-1, normalised.
	z := 1.0/11 + 0.5 + 1
	if !near(w["a"], (1.0/11)/z) || !near(w["c"], 1/z) {
		t.Fatalf("weights %v", w)
	}
	// More of a raises b's and c's share of the probability.
	counts["a"] = 20
	w2 := st.Weights(keys, counts)
	if !(w2["b"] > w["b"] && w2["c"] > w["c"] && w2["a"] < w["a"]) {
		t.Fatalf("before %v after %v", w, w2)
	}
	// A capped key stops being fed.
	capped := Steering{Alpha: 1, Beta: 1, MaxShare: 0.5}.Weights(keys, counts)
	if capped["a"] != 0 || !near(capped["b"]+capped["c"], 1) {
		t.Fatalf("capped weights %v", capped)
	}
}

func TestPick(t *testing.T) {
	w := map[string]float64{"b": 0.8, "a": 0.2}
	for u, want := range map[float64]string{0: "a", 0.19: "a", 0.2: "b", 0.999: "b"} {
		if got := Pick(w, u); got != want {
			t.Errorf("Pick(%v) = %q, want %q", u, got, want)
		}
	}
	// Unnormalised weights: the same draws as their normalised form.
	for u, want := range map[float64]string{0.19: "a", 0.2: "b"} {
		if got := Pick(map[string]float64{"a": 2, "b": 8}, u); got != want {
			t.Errorf("Pick(a:2 b:8, %v) = %q, want %q", u, got, want)
		}
	}
	if got := Pick(map[string]float64{"a": 0, "b": 0}, 0.5); got != "" {
		t.Errorf("all-zero weights picked %q", got)
	}
	for u, want := range map[float64]int{0: 1, 0.49: 1, 0.5: 2, 0.999: 2} {
		if got := PickIndex([]float64{0, 1, 1}, u); got != want {
			t.Errorf("PickIndex(0 1 1, %v) = %d, want %d", u, got, want)
		}
	}
	if got := PickIndex([]float64{0, 0}, 0.3); got != -1 {
		t.Errorf("all-zero weights picked index %d", got)
	}
}

// TestRequestLevel checks the request counts: a follow-up splits a record,
// a clarification does not, and the entropy pools every record's requests.
func TestRequestLevel(t *testing.T) {
	s := New()
	for _, o := range []Observation{
		{RecordID: "r1", Domain: "a", Passed: true, Shingles: []uint64{11, 12, 13}, Signature: "[u].ans"},
		{RecordID: "r2", Domain: "a", Passed: true, Shingles: []uint64{21, 22, 23}, Signature: "[u].ans.u.[d].ans"},
		{RecordID: "r3", Domain: "a", Passed: true, Shingles: []uint64{31, 32, 33}, Signature: "ask.u.[u].ans"},
		{RecordID: "r4", Domain: "a", Passed: true, Shingles: []uint64{41, 42, 43}, Signature: "[u].ans.u.[u].ans.u.ans"},
	} {
		if d, _ := s.Apply(o); d != Accepted {
			t.Fatalf("%s: %v", o.RecordID, d)
		}
	}
	// Requests: [u].ans ×4, [d].ans, ask.u.[u].ans, ans — 7 in 4 records.
	want := map[string]int{"[u].ans": 4, "[d].ans": 1, "ask.u.[u].ans": 1, "ans": 1}
	if fmt.Sprint(s.Requests) != fmt.Sprint(want) {
		t.Fatalf("request counts %v, want %v", s.Requests, want)
	}
	if fmt.Sprint(s.RequestsPerRecord) != fmt.Sprint(map[int]int{1: 2, 2: 1, 3: 1}) {
		t.Fatalf("requests per record %v", s.RequestsPerRecord)
	}
	snap := s.Snapshot()
	p := func(n float64) float64 { return -n / 7 * math.Log2(n/7) }
	if !near(snap.HRequest, p(4)+3*p(1)) || !near(snap.RequestsPerRecord, 7.0/4) || snap.DistinctRequests != 4 {
		t.Fatalf("snapshot %+v", snap)
	}
}
