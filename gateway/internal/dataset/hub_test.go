package dataset

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"go.yaml.in/yaml/v3"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// finalized writes a finished dataset of n records and the given rejected
// rollouts into a new directory.
func finalized(t *testing.T, n int, rejected []*agentv1.RolloutResult) string {
	t.Helper()
	dir := t.TempDir()
	parts := filepath.Join(dir, PartsDir)
	_ = os.MkdirAll(parts, 0o755)
	acc, _ := OpenPart(filepath.Join(parts, PartAccepted), KeyField("id"))
	for i := range n {
		row, _ := trajectory.MarshalProto(record(fmt.Sprintf("r%d", i)))
		if _, err := acc.Add(context.Background(), fmt.Sprintf("r%d", i), row); err != nil {
			t.Fatal(err)
		}
	}
	_ = acc.Close()
	var lines []byte
	for _, res := range rejected {
		b, _ := json.Marshal(RejectedRow(res))
		lines = append(append(lines, b...), '\n')
	}
	if err := os.WriteFile(filepath.Join(parts, PartRejected), lines, 0o644); err != nil {
		t.Fatal(err)
	}
	job := &jobv1.Job{Id: "job-1", CorpusLicenses: []string{"MIT"}, Spec: &jobv1.JobSpec{Name: "weather", TargetRecords: int64(n)}}
	report := &evolvev1.Report{JobId: "job-1", Final: &evolvev1.Snapshot{Accepted: int64(n), Rejected: int64(len(rejected))}}
	if _, err := Finalize(dir, acc.Path(), filepath.Join(parts, PartRejected), job, report, nil); err != nil {
		t.Fatal(err)
	}
	return dir
}

func rejections() []*agentv1.RolloutResult {
	return []*agentv1.RolloutResult{
		{TaskId: "job-1-t3", JobId: "job-1", Record: record("x3"), Rejections: []*trajectoryv1.Rejection{{Reason: trajectoryv1.RejectReason_REJECT_REASON_OUTCOME, Detail: "the answer names no city"}}},
		{TaskId: "job-1-t4", JobId: "job-1", Rejections: []*trajectoryv1.Rejection{{Reason: trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT_DRAFT, Detail: "no plan"}}},
	}
}

// cardConfigs reads the data files of each config of a card's metadata block.
func cardConfigs(t *testing.T, path string) map[string]string {
	t.Helper()
	card, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _, _ := strings.Cut(strings.TrimPrefix(string(card), "---\n"), "\n---\n")
	var md hfMetadata
	if err := yaml.Unmarshal([]byte(block), &md); err != nil {
		t.Fatalf("metadata block: %v\n%s", err, block)
	}
	out := map[string]string{}
	for _, c := range md.Configs {
		out[c.ConfigName] = c.DataFiles[0].Path
	}
	return out
}

// The datasets library reads every config of a directory with its default
// config's builder: the rejected rows are Parquet beside Parquet records.
func TestRejectedConfigIsParquetLikeTheRecords(t *testing.T) {
	dir := finalized(t, 3, rejections())
	if got := cardConfigs(t, filepath.Join(dir, FileCard)); got["default"] != FileParquet || got["rejected"] != FileRejectedParquet {
		t.Fatalf("configs %v, want both Parquet", got)
	}
	rows, err := parquet.ReadFile[rejectedParquetRow](filepath.Join(dir, FileRejectedParquet))
	if err != nil || len(rows) != 2 {
		t.Fatalf("rejected.parquet: %d rows, %v", len(rows), err)
	}
	if rows[0].Reasons[0].Reason != "REJECT_REASON_OUTCOME" || rows[0].RecordID != "x3" || len(rows[0].Messages) != 6 || rows[0].Messages[2].ToolCalls[1].Function.Arguments != `{"q":"Lyon"}` {
		t.Errorf("first rejected row %+v", rows[0])
	}
	if rows[1].RecordID != "" || len(rows[1].Messages) != 0 || rows[1].Reasons[0].Detail != "no plan" {
		t.Errorf("rejected row without a record %+v", rows[1])
	}
}

func TestHubLayout(t *testing.T) {
	src := finalized(t, 4, rejections())
	dst := filepath.Join(t.TempDir(), "hub")
	files, err := HubLayout(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{HubTrain, HubRejected, FileShareGPT, FileReport, FileCard}
	if strings.Join(files, ",") != strings.Join(want, ",") {
		t.Fatalf("wrote %v, want %v", files, want)
	}
	for _, f := range want {
		fi, err := os.Stat(filepath.Join(dst, f))
		if err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: %v %v", f, fi, err)
		}
	}
	if got := cardConfigs(t, filepath.Join(dst, FileCard)); got["default"] != "data/train-*" || got["rejected"] != "rejected/train-*" {
		t.Errorf("hub configs %v", got)
	}
	ids, err := ReadParquetIDs(filepath.Join(dst, HubTrain))
	if err != nil || len(ids) != 4 {
		t.Errorf("train shard ids %v, %v", ids, err)
	}
	card, _ := os.ReadFile(filepath.Join(dst, FileCard))
	if c := string(card); !strings.Contains(c, "`"+HubTrain+"`") || strings.Contains(c, "`"+FileTrajectories+"`") || !strings.Contains(c, "license: mit") || !strings.Contains(c, "# weather") {
		t.Errorf("hub card:\n%s", c)
	}

	// Nothing is overwritten, and a directory without a finished dataset
	// is no source.
	if _, err := HubLayout(src, dst); err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "README.md") {
		t.Errorf("second layout into the same directory: %v", err)
	}
	if _, err := HubLayout(t.TempDir(), filepath.Join(t.TempDir(), "hub")); err == nil || !strings.Contains(err.Error(), "no finished dataset") {
		t.Errorf("layout of an empty directory: %v", err)
	}

	// Without rejections there is no rejected config.
	dst2 := filepath.Join(t.TempDir(), "hub")
	if _, err := HubLayout(finalized(t, 2, nil), dst2); err != nil {
		t.Fatal(err)
	}
	if got := cardConfigs(t, filepath.Join(dst2, FileCard)); len(got) != 1 || got["default"] != "data/train-*" {
		t.Errorf("configs without rejections %v", got)
	}
	if _, err := os.Stat(filepath.Join(dst2, "rejected")); err == nil {
		t.Errorf("a rejected directory without rejections")
	}
}
