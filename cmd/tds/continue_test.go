package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// recordIDs are the ids of a dataset's trajectories.jsonl, in order; a
// duplicate fails the test.
func recordIDs(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "trajectories.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r struct{ ID string }
		if err := json.Unmarshal(line, &r); err != nil || slices.Contains(ids, r.ID) {
			t.Fatalf("bad or duplicate row %q", line)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// stopOnAttempts runs tds synth with args and an attempts budget it cannot
// reach its target in: the job stops, partial, and keeps the records it has.
func stopOnAttempts(t *testing.T, args []string, out string) (*jobv1.Job, []string) {
	t.Helper()
	code, stdout, stderr := runTDS(t, append(args, "--max-attempts", "5")...)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stopped)\n%s", code, stderr)
	}
	first := lastJobJSON(t, stdout)
	if first.GetState() != jobv1.JobState_JOB_STATE_STOPPED || first.GetStop().GetKind() != evolvev1.StopKind_STOP_KIND_MAX_ATTEMPTS || !first.GetPartial() {
		t.Fatalf("first run: %v %v partial %v", first.GetState(), first.GetStop(), first.GetPartial())
	}
	kept := recordIDs(t, out)
	if len(kept) == 0 || len(kept) >= 12 {
		t.Fatalf("first run kept %d records", len(kept))
	}
	return first, kept
}

// checkRerunsRefused: the same command says the budget it stopped on is
// still spent; another target or another corpus (even with the same tools)
// is another dataset; none of them changes the dataset.
func checkRerunsRefused(t *testing.T, args []string, out string, kept []string) {
	t.Helper()
	code, _, stderr := runTDS(t, append(args, "--max-attempts", "5")...)
	if code != 1 || !strings.Contains(stderr, "--max-attempts 5 is spent already") {
		t.Fatalf("re-run with the spent budget: exit %d\n%s", code, stderr)
	}
	other := slices.Clone(args)
	other[4] = "13"
	code, _, stderr = runTDS(t, other...)
	if code != 2 || !strings.Contains(stderr, "made with -n 12") {
		t.Fatalf("re-run with -n 13: exit %d\n%s", code, stderr)
	}
	tools, err := os.ReadFile(exampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	moved := slices.Clone(args)
	moved[2] = writeFile(t, "tools.jsonl", string(tools))
	code, _, stderr = runTDS(t, moved...)
	if code != 2 || !strings.Contains(stderr, "made with --corpus") {
		t.Fatalf("re-run with another corpus: exit %d\n%s", code, stderr)
	}
	if got := recordIDs(t, out); !slices.Equal(got, kept) {
		t.Fatalf("a refused run changed the dataset: %v, was %v", got, kept)
	}
}

// checkFinishedDataset: the continued dataset's card no longer reads as
// partial and its parts are gone.
func checkFinishedDataset(t *testing.T, out string) {
	t.Helper()
	card, _ := os.ReadFile(filepath.Join(out, "README.md"))
	if strings.Contains(string(card), "Partial dataset") || !strings.Contains(string(card), "12 multi-turn") {
		t.Errorf("the card of the finished dataset still reads as partial")
	}
	if _, err := os.Stat(filepath.Join(out, ".parts")); !os.IsNotExist(err) {
		t.Errorf("the parts are left: %v", err)
	}
}

// TestSynthContinuesAStoppedJob stops a job on its attempts budget, then
// runs into the same --out again: with the budget still spent it says so
// and changes nothing; with other -n it refuses; with the budget lifted it
// continues the same job to its target, keeping the records it had.
func TestSynthContinuesAStoppedJob(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ds")
	args := []string{"synth", "--corpus", exampleCorpus, "-n", "12", "--out", out, "--json"}
	first, kept := stopOnAttempts(t, args, out)
	checkRerunsRefused(t, args, out, kept)

	code, stdout, stderr := runTDS(t, args...)
	if code != 0 {
		t.Fatalf("continued run: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "continuing job "+first.GetId()) {
		t.Errorf("stderr does not say the job continues:\n%s", stderr)
	}
	job := lastJobJSON(t, stdout)
	if job.GetId() != first.GetId() || job.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED || job.GetPartial() || job.GetResumes() != 1 {
		t.Fatalf("continued job %s: %v partial %v resumes %d", job.GetId(), job.GetState(), job.GetPartial(), job.GetResumes())
	}
	ids := recordIDs(t, out)
	if len(ids) != 12 || !slices.Equal(ids[:len(kept)], kept) {
		t.Fatalf("continued dataset: %d records %v, want 12 starting with %v", len(ids), ids, kept)
	}
	checkFinishedDataset(t, out)
}

// TestSynthContinuesAfterTheBreakerOnceTheModelIsFixed: a planner that
// answers badly trips the breaker; the user fixes the model (here: back to
// the built-in provider) and runs again into the same --out: the job
// continues to its target and its usage still counts the bad planner's
// calls, every one the server served.
func TestSynthContinuesAfterTheBreakerOnceTheModelIsFixed(t *testing.T) {
	fake := badModel(t)
	out := filepath.Join(t.TempDir(), "ds")
	args := []string{"synth", "--corpus", exampleCorpus, "-n", "6", "--out", out, "--json"}
	code, stdout, stderr := runTDS(t, append(args,
		"--blueprint.llm.planner.provider=openai", "--blueprint.llm.planner.base_url="+fake.URL, "--blueprint.llm.planner.model=bad")...)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stopped)\n%s", code, stderr)
	}
	if k := lastJobJSON(t, stdout).GetStop().GetKind(); k != evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE && k != evolvev1.StopKind_STOP_KIND_BREAKER_REJECTION_RATE {
		t.Fatalf("stop %v, want the breaker", k)
	}
	calls, _, _ := fake.Served()

	code, stdout, stderr = runTDS(t, args...)
	if code != 0 {
		t.Fatalf("continued run: exit %d\n%s", code, stderr)
	}
	job := lastJobJSON(t, stdout)
	if job.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED || len(recordIDs(t, out)) != 6 {
		t.Fatalf("continued job %v with %d records", job.GetState(), len(recordIDs(t, out)))
	}
	if got := job.GetProgress().GetUsage().GetByRole()["planner"].GetLlmCalls(); got != calls {
		t.Errorf("the continued job counts %d planner calls, the server served %d", got, calls)
	}
	if again, _, _ := fake.Served(); again != calls {
		t.Errorf("the fixed run still called the bad model (%d calls, %d before)", again, calls)
	}
}
