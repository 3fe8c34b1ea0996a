package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/realism"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// datasetReport measures a dataset from its records alone: the diversity
// metrics of docs/metrics.md (signatures and CAC re-measured from the
// messages with this build's grammar, not read from the records' fields,
// which keep the grammar they were written with) and the realism report.
func datasetReport(path string, asJSON, check bool, stdout, stderr io.Writer) int {
	r, err := measureDataset(path)
	if err != nil {
		fmt.Fprintf(stderr, "tds report: %v\n", err)
		return 1
	}
	if asJSON {
		b, err := protojson.MarshalOptions{Multiline: true, Indent: "  ", EmitUnpopulated: true, UseProtoNames: true}.Marshal(r)
		if err != nil {
			fmt.Fprintf(stderr, "tds report: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, string(b))
	} else {
		printReport(stdout, r)
	}
	return checkRealism(r.GetRealism(), check, stderr)
}

// measureDataset reads a dataset directory's trajectories.jsonl, or the
// JSON Lines file given, in one pass.
func measureDataset(path string) (*evolvev1.Report, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "trajectories.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	measure := realism.New()
	domains, signatures, requests, perRecord := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	nRequests := 0
	var cac []float64
	jobIDs, strategies := map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<28)
	line := 0
	for sc.Scan() {
		line++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var rec trajectory.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: not a trajectory record: %w", path, line, err)
		}
		measure.Add(rec)
		m := trajectory.Measure(rec.Messages)
		domains[rec.Domain]++
		signatures[m.Signature]++
		reqs := trajectory.RequestsOf(m.Signature)
		for _, q := range reqs {
			requests[q]++
		}
		nRequests += len(reqs)
		perRecord[strconv.Itoa(len(reqs))]++
		cac = append(cac, m.CAC)
		jobIDs[rec.JobID] = true
		var p trajectory.Provenance
		if json.Unmarshal(rec.Provenance, &p) == nil && p.Strategy != "" {
			strategies[p.Strategy] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	slices.Sort(cac)
	snap := &evolvev1.Snapshot{
		Accepted: int64(len(cac)), HDom: trajectory.Entropy(domains), HMode: trajectory.Entropy(signatures),
		DistinctDomains: int64(len(domains)), DistinctSignatures: int64(len(signatures)),
		HRequest: trajectory.Entropy(requests), DistinctRequestSignatures: int64(len(requests)),
	}
	if len(cac) > 0 {
		sum := 0.0
		for _, c := range cac {
			sum += c
		}
		snap.CacMean, snap.CacP50, snap.CacP90 = sum/float64(len(cac)), nearestRank(cac, 0.5), nearestRank(cac, 0.9)
		snap.RequestsPerRecord = float64(nRequests) / float64(len(cac))
	}
	ids := slices.Sorted(maps.Keys(jobIDs))
	var spec *evolvev1.StrategySpec
	if len(strategies) == 1 {
		for name := range strategies {
			spec = &evolvev1.StrategySpec{Strategy: evolvev1.Strategy(evolvev1.Strategy_value["STRATEGY_"+strings.ToUpper(name)])}
		}
	}
	return &evolvev1.Report{
		JobId: strings.Join(ids, ","), Strategy: spec, Final: snap, Domains: counts(domains), Signatures: counts(signatures),
		SignatureGrammarVersion: trajectory.GrammarVersion, RequestSignatures: counts(requests), RequestsPerRecord: counts(perRecord),
		Realism: measure.Report().Proto(),
	}, nil
}

// nearestRank is the nearest-rank percentile of sorted values, as the
// evolve service computes it.
func nearestRank(sorted []float64, q float64) float64 {
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// counts is a histogram, most frequent first.
func counts(m map[string]int) []*evolvev1.Count {
	out := make([]*evolvev1.Count, 0, len(m))
	for k, n := range m {
		out = append(out, &evolvev1.Count{Key: k, Count: int64(n)})
	}
	slices.SortFunc(out, func(a, b *evolvev1.Count) int {
		if a.GetCount() != b.GetCount() {
			return int(b.GetCount() - a.GetCount())
		}
		return strings.Compare(a.GetKey(), b.GetKey())
	})
	return out
}

// realismTitles are the words tds report uses for each share, in the
// order of realism.Report.Measures.
var realismTitles = []struct {
	title string
	get   func(*evolvev1.RealismReport) *evolvev1.RealismShare
}{
	{"placeholder args", (*evolvev1.RealismReport).GetPlaceholderArguments},
	{"placeholder outputs", (*evolvev1.RealismReport).GetPlaceholderOutputs},
	{"generic outputs", (*evolvev1.RealismReport).GetGenericOutputs},
	{"example shape", (*evolvev1.RealismReport).GetExampleShape},
	{"format", (*evolvev1.RealismReport).GetFormat},
	{"ungrounded args", (*evolvev1.RealismReport).GetUngroundedArguments},
	{"invented failures", (*evolvev1.RealismReport).GetInventedFailures},
	{"dependent records", (*evolvev1.RealismReport).GetDependentRecords},
	{"first-message 4-gram", (*evolvev1.RealismReport).GetFirstMessageNgram},
	{"answer 4-gram", (*evolvev1.RealismReport).GetAnswerNgram},
	{"reasoning opening", (*evolvev1.RealismReport).GetReasoningOpening},
	{"user trigrams distinct", (*evolvev1.RealismReport).GetUserTrigramDistinct},
}

// printRealism prints each realism share with its numerator and
// denominator, its threshold (✗ when missed) and its top example.
func printRealism(w io.Writer, r *evolvev1.RealismReport) {
	if r == nil {
		return
	}
	fmt.Fprintf(w, "  realism over %d records (platform/realism/README.md):\n", r.GetRecords())
	for _, t := range realismTitles {
		s := t.get(r)
		bound := ""
		switch s.GetBound() {
		case "max":
			bound = fmt.Sprintf("≤ %g %%", 100*s.GetThreshold())
		case "min":
			bound = fmt.Sprintf("≥ %g %%", 100*s.GetThreshold())
		}
		mark := " "
		if bound != "" {
			mark = "✓"
			if !s.GetMeets() {
				mark = "✗"
			}
		}
		line := fmt.Sprintf("    %s %-23s %6.1f %% %8s %-8s", mark, t.title, 100*s.GetShare(),
			fmt.Sprintf("%d/%d", s.GetNumerator(), s.GetDenominator()), bound)
		if e := s.GetExample(); e != nil {
			v := []rune(strings.Join(strings.Fields(e.GetValue()), " "))
			if len(v) > 60 {
				v = append(v[:59], '…')
			}
			line += fmt.Sprintf("  e.g. %q", string(v))
			if d := e.GetDetail(); d != "" {
				dr := []rune(d)
				if len(dr) > 90 {
					dr = append(dr[:89], '…')
				}
				line += " " + string(dr)
			}
			line += fmt.Sprintf(" ×%d in %s", e.GetCount(), e.GetRecordId())
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// checkRealism is the exit code of --check: 1 when a share misses its
// threshold (each named on stderr), 0 otherwise or without --check.
func checkRealism(r *evolvev1.RealismReport, check bool, stderr io.Writer) int {
	if !check {
		return 0
	}
	if r == nil {
		fmt.Fprintln(stderr, "tds report: the report has no realism report to check")
		return 1
	}
	missed := 0
	for _, t := range realismTitles {
		if s := t.get(r); s.GetBound() != "" && !s.GetMeets() {
			fmt.Fprintf(stderr, "tds report: %s is %.1f %%, threshold %s %g %%\n", t.title, 100*s.GetShare(),
				map[string]string{"max": "≤", "min": "≥"}[s.GetBound()], 100*s.GetThreshold())
			missed++
		}
	}
	if missed > 0 {
		return 1
	}
	return 0
}

// realismSummary is one line on the realism of the dataset in dir, read
// from its report.json: how many shares meet their thresholds and which do
// not. "" when the directory holds no realism report.
func realismSummary(dir string) string {
	raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		return ""
	}
	var r evolvev1.Report
	if (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(raw, &r) != nil || r.GetRealism() == nil {
		return ""
	}
	met, bounded := 0, 0
	var missed []string
	for _, t := range realismTitles {
		s := t.get(r.GetRealism())
		if s.GetBound() == "" {
			continue
		}
		bounded++
		if s.GetMeets() {
			met++
		} else {
			missed = append(missed, fmt.Sprintf("%s %.1f %%", t.title, 100*s.GetShare()))
		}
	}
	line := fmt.Sprintf("realism: %d of %d thresholds met", met, bounded)
	if len(missed) > 0 {
		line += " (missed: " + strings.Join(missed, ", ") + ")"
	}
	return line + "; tds report --dataset " + dir
}
