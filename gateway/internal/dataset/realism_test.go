package dataset

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/realism"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// writePlaceholderPart writes nine accepted records into the parts folder,
// every third of which asks with a placeholder, and returns the part's path.
func writePlaceholderPart(t *testing.T, parts string) string {
	t.Helper()
	acc, err := OpenPart(filepath.Join(parts, "accepted.jsonl"), KeyField("id"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		rec := record(fmt.Sprintf("r%d", i))
		if i%3 == 0 {
			rec.Messages[2].ToolCalls[1].Function.Arguments = `{"q":"city_482"}`
		}
		row, err := trajectory.MarshalProto(rec)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Add(context.Background(), rec.GetId(), row); err != nil {
			t.Fatal(err)
		}
	}
	if err := acc.Close(); err != nil {
		t.Fatal(err)
	}
	return acc.Path()
}

// realismFromScratch computes the realism of the written
// trajectories.jsonl anew, and checks it counts the placeholders: every
// record passes "Paris" and a second city; three pass a placeholder.
func realismFromScratch(t *testing.T, dir string) *evolvev1.RealismReport {
	t.Helper()
	fresh := realism.New()
	if err := ReadRecords(filepath.Join(dir, FileTrajectories), func(r trajectory.Record) error { fresh.Add(r); return nil }); err != nil {
		t.Fatal(err)
	}
	want := fresh.Report().Proto()
	if p := want.GetPlaceholderArguments(); p.GetNumerator() != 3 || p.GetDenominator() != 18 || p.GetExample().GetValue() != "city_482" || p.GetMeets() {
		t.Fatalf("placeholder arguments from scratch: %v", p)
	}
	if g := want.GetGenericOutputs(); g.GetNumerator() != 18 || g.GetDenominator() != 18 {
		t.Fatalf("generic outputs from scratch: %v", g)
	}
	return want
}

// checkReportJSONRealism: report.json holds the evolve report with the
// realism want, under the proto's names.
func checkReportJSONRealism(t *testing.T, dir string, want *evolvev1.RealismReport) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, FileReport))
	if err != nil {
		t.Fatal(err)
	}
	var written evolvev1.Report
	if err := protojson.Unmarshal(raw, &written); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(written.GetRealism(), want) {
		t.Fatalf("report.json realism %v\nwant %v", written.GetRealism(), want)
	}
	if written.GetJobId() != "job-1" || written.GetFinal().GetAccepted() != 9 {
		t.Fatalf("report.json lost the evolve report: %v", &written)
	}
	if !strings.Contains(string(raw), `"placeholder_arguments"`) {
		t.Fatalf("report.json keys are not the proto names:\n%s", raw)
	}
}

// checkCardRealism: the card's realism table says the same.
func checkCardRealism(t *testing.T, dir string) {
	t.Helper()
	card, err := os.ReadFile(filepath.Join(dir, FileCard))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"## Realism",
		"| placeholder-shaped argument values | 16.7 % | 3 / 18 | ≤ 2 % (missed) | \"city_482\" — get_city.q (word_number) (×3, record `r0`) |",
		"| outputs with only generic keys | 100.0 % | 18 / 18 | ≤ 10 % (missed) |",
		"| records with a dependent call | 0.0 % | 0 / 9 | ≥ 40 % (missed) |",
	} {
		if !strings.Contains(string(card), line) {
			t.Errorf("card lacks %q:\n%s", line, card)
		}
	}
}

// TestFinalizeWritesRealism finalises records of which every third asks
// with a placeholder, and reads the realism back from report.json and the
// card; both must equal a computation from scratch over the written
// trajectories.jsonl.
func TestFinalizeWritesRealism(t *testing.T) {
	dir := t.TempDir()
	parts := filepath.Join(dir, PartsDir)
	if err := os.MkdirAll(parts, 0o755); err != nil {
		t.Fatal(err)
	}
	accepted := writePlaceholderPart(t, parts)
	job := &jobv1.Job{Id: "job-1", Spec: &jobv1.JobSpec{TargetRecords: 9}}
	report := &evolvev1.Report{JobId: "job-1", Final: &evolvev1.Snapshot{Accepted: 9}}
	sum, err := Finalize(dir, accepted, filepath.Join(parts, "rejected.jsonl"), job, report, nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.GetRealism() != nil {
		t.Fatal("Finalize changed the caller's report")
	}

	want := realismFromScratch(t, dir)
	if !proto.Equal(sum.Realism.Proto(), want) {
		t.Fatalf("summary realism %v\nwant %v", sum.Realism.Proto(), want)
	}
	checkReportJSONRealism(t, dir, want)
	checkCardRealism(t, dir)
}
