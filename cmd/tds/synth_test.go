package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tdscaling/tdscaling/platform/eventually"
)

const exampleCorpus = "../../examples/corpora/bfcl-multiturn.jsonl"

func TestSynthBadInputIsOneLineExitTwoAndLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	empty := filepath.Join(tmp, "empty.jsonl")
	_ = os.WriteFile(empty, nil, 0o644)
	junk := filepath.Join(tmp, "junk.txt")
	_ = os.WriteFile(junk, []byte("these are not tools\n"), 0o644)
	file := filepath.Join(tmp, "a-file")
	_ = os.WriteFile(file, []byte("x"), 0o644)
	out := filepath.Join(tmp, "out")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unreadable corpus", []string{"--corpus", filepath.Join(tmp, "missing.json"), "-n", "5", "--out", out}, "--corpus"},
		{"empty corpus", []string{"--corpus", empty, "-n", "5", "--out", out}, "is empty"},
		{"no tools in corpus", []string{"--corpus", junk, "-n", "5", "--out", out, "--sandbox.host_id_base", "600000"}, "convert it to one of them"},
		{"n zero", []string{"--corpus", exampleCorpus, "-n", "0", "--out", out}, "-n must be at least 1"},
		{"unknown strategy", []string{"--corpus", exampleCorpus, "-n", "5", "--strategy", "greedy", "--out", out}, "--strategy"},
		{"negative request cap", []string{"--corpus", exampleCorpus, "-n", "5", "--max-requests", "-1", "--out", out}, "--max-requests"},
		{"out is a file", []string{"--corpus", exampleCorpus, "-n", "5", "--out", file}, "--out"},
		{"mistyped flag", []string{"--corpus", exampleCorpus, "-n", "5", "--output", out}, "did you mean --out?"},
		{"negative budget", []string{"--corpus", exampleCorpus, "-n", "5", "--out", out, "--max-tokens", "-1"}, "--max-tokens"},
		{"breaker rate over one", []string{"--corpus", exampleCorpus, "-n", "5", "--out", out, "--breaker-rate", "1.5"}, "--breaker-rate"},
		{"unwritable out", []string{"--corpus", exampleCorpus, "-n", "5", "--out", "/proc/self/nope/out"}, "not writable"},
		{"unreachable model server", []string{"--corpus", exampleCorpus, "-n", "5", "--out", out,
			"--agent.llm.assistant.provider", "openai", "--agent.llm.assistant.base_url", "http://127.0.0.1:1/v1",
			"--agent.llm.assistant.model", "m"}, "set by agent.llm.assistant.base_url (from flag"},
		{"unreachable planner server", []string{"--corpus", exampleCorpus, "-n", "5", "--out", out,
			"--blueprint.llm.planner.provider", "openai", "--blueprint.llm.planner.base_url", "http://127.0.0.1:1/v1",
			"--blueprint.llm.planner.model", "m"}, `cannot reach the model server "http://127.0.0.1:1/v1" set by blueprint.llm.planner.base_url`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runTDS(t, append([]string{"synth"}, c.args...)...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "tds synth: ") || !strings.Contains(lines[0], c.want) {
				t.Fatalf("want one line naming %q, got:\n%s", c.want, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("%s was left behind", out)
			}
		})
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte("\n"))
}

// TestSynthEmbedded runs the README's first command (smaller), and again:
// the re-run finds the finished job instead of making another.
func TestSynthEmbedded(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ds")
	args := []string{"synth", "--corpus", exampleCorpus, "-n", "60", "--out", out, "--seed", "3"}
	code, stdout, stderr := runTDS(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "60 records in") || !strings.Contains(stdout, "H_dom") || !strings.Contains(stdout, "suite state: "+filepath.Join(out, ".tds")) {
		t.Fatalf("summary:\n%s", stdout)
	}
	if n := countLines(t, filepath.Join(out, "trajectories.jsonl")); n != 60 {
		t.Fatalf("%d records", n)
	}
	// Not a terminal: progress lines, the last one the job's end, no bar.
	if !strings.Contains(stderr, "succeeded 60/60") || strings.Contains(stderr, "\r") {
		t.Errorf("progress without a terminal:\n%q", stderr)
	}
	for _, f := range []string{"trajectories.parquet", "sharegpt.jsonl", "rejected.jsonl", "report.json", "README.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatal(err)
		}
	}
	first, _ := os.ReadFile(filepath.Join(out, "trajectories.jsonl"))
	code, stdout2, stderr := runTDS(t, args...)
	if code != 0 || !strings.Contains(stdout2, "60 records") {
		t.Fatalf("re-run: exit %d\n%s\n%s", code, stdout2, stderr)
	}
	again, _ := os.ReadFile(filepath.Join(out, "trajectories.jsonl"))
	if !bytes.Equal(first, again) {
		t.Fatal("the re-run changed the dataset")
	}
	// The same directory with other settings is refused while that job is unfinished,
	// and a finished dataset is never overwritten.
	code, _, stderr = runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "61", "--out", out)
	if code != 2 || !strings.Contains(stderr, "already holds a dataset") {
		t.Fatalf("other settings into a finished dataset: exit %d\n%s", code, stderr)
	}
}

// serverJob is a job tds synth ran on a tds up with the token s3cret.
type serverJob struct {
	srv  string // the gateway's gRPC address
	http string // the gateway's HTTP address
	id   string
	out  string // its dataset directory
}

// synthOnServer runs tds synth on the server srv: refused without a token,
// done with one; the job is then listed as succeeded and has 30 records.
func synthOnServer(t *testing.T, srv, out string) string {
	t.Helper()
	code, _, stderr := runTDS(t, "synth", "--server", srv, "--corpus", exampleCorpus, "-n", "30", "--out", out)
	if code != 2 || !strings.Contains(stderr, "--token") {
		t.Fatalf("without a token: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runTDS(t, "synth", "--server", srv, "--token", "s3cret", "--corpus", exampleCorpus, "-n", "30", "--out", out, "--strategy", "uniform")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	id := regexp.MustCompile(`job-[0-9a-z]+`).FindString(stderr + stdout)
	code, list, stderr := runTDS(t, "jobs", "list", "--server", srv, "--token", "s3cret")
	if code != 0 || !strings.Contains(list, "succeeded") {
		t.Fatalf("jobs list: %d\n%s%s", code, list, stderr)
	}
	if id == "" {
		id = regexp.MustCompile(`job-[0-9a-z]+`).FindString(list)
	}
	code, get, _ := runTDS(t, "jobs", "get", id, "--server", srv, "--token", "s3cret")
	if code != 0 || !strings.Contains(get, "30 written") {
		t.Fatalf("jobs get: %d\n%s", code, get)
	}
	return id
}

// checkExportIsTheDataset: tds export of the job gives the dataset's
// Parquet file byte for byte.
func checkExportIsTheDataset(t *testing.T, j serverJob) {
	t.Helper()
	pq := filepath.Join(t.TempDir(), "x.parquet")
	if code, _, stderr := runTDS(t, "export", "--job", j.id, "--format", "parquet", "--out", pq, "--server", j.srv, "--token", "s3cret"); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	want, _ := os.ReadFile(filepath.Join(j.out, "trajectories.parquet"))
	got, _ := os.ReadFile(pq)
	if len(want) == 0 || !bytes.Equal(want, got) {
		t.Fatalf("exported parquet differs (%d vs %d bytes)", len(got), len(want))
	}
}

// fetchFile downloads a file of the job's dataset over HTTP with the bearer
// token ("": none).
func fetchFile(t *testing.T, j serverJob, name, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, j.http+"/v1/jobs/"+j.id+"/files/"+name, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// checkFilesDownload: each file downloads over HTTP as a plain file, with
// the API's auth; a file no dataset has is not found.
func checkFilesDownload(t *testing.T, j serverJob) {
	t.Helper()
	for _, name := range []string{"trajectories.parquet", "trajectories.jsonl", "README.md"} {
		resp, body := fetchFile(t, j, name, "s3cret")
		want, _ := os.ReadFile(filepath.Join(j.out, name))
		if resp.StatusCode != http.StatusOK || len(want) == 0 || !bytes.Equal(body, want) || resp.Header.Get("Content-Length") != strconv.Itoa(len(want)) ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), name) {
			t.Fatalf("GET %s: %d, %d bytes of %d, headers %v", name, resp.StatusCode, len(body), len(want), resp.Header)
		}
	}
	if resp, _ := fetchFile(t, j, "trajectories.jsonl", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("download without a token: %d", resp.StatusCode)
	}
	if resp, body := fetchFile(t, j, "secrets.txt", "s3cret"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("download of a file no dataset has: %d %s", resp.StatusCode, body)
	}
}

// checkReports: tds report prints the metrics, the strategy and the
// realism, and --json a JSON document.
func checkReports(t *testing.T, j serverJob) {
	t.Helper()
	code, rep, stderr := runTDS(t, "report", "--job", j.id, "--server", j.srv, "--token", "s3cret")
	if code != 0 || !strings.Contains(rep, "H_dom") || !strings.Contains(rep, "uniform") || !strings.Contains(rep, "realism over 30 records") {
		t.Fatalf("report: %d\n%s%s", code, rep, stderr)
	}
	code, raw, _ := runTDS(t, "report", "--job", j.id, "--json", "--server", j.srv, "--token", "s3cret")
	var doc map[string]any
	if code != 0 || json.Unmarshal([]byte(raw), &doc) != nil {
		t.Fatalf("report --json: %d\n%s", code, raw)
	}
}

// TestSynthOnServerAndJobCommands runs a job on a running suite with auth,
// then lists, inspects, exports and reports it from the CLI.
func TestSynthOnServerAndJobCommands(t *testing.T) {
	exports := t.TempDir()
	r := startUp(t, "--auth.tokens=s3cret", "--sandbox.host_id_base=600000", "--export.roots="+exports)
	j := serverJob{srv: r.endpoints["gateway"], http: r.endpoints["gateway http"], out: filepath.Join(exports, "ds")}
	j.id = synthOnServer(t, j.srv, j.out)
	checkExportIsTheDataset(t, j)
	checkFilesDownload(t, j)
	checkReports(t, j)
	if code, _, stderr := runTDS(t, "jobs", "cancel", j.id, "--server", j.srv, "--token", "s3cret"); code != 2 || !strings.Contains(stderr, "already succeeded") {
		t.Fatalf("cancel a finished job: %d %s", code, stderr)
	}
	if code, _, stderr := runTDS(t, "jobs", "resume", j.id, "--server", j.srv, "--token", "s3cret"); code != 2 || !strings.Contains(stderr, "succeeded: it holds its") {
		t.Fatalf("resume a succeeded job: %d %s", code, stderr)
	}
	if code, _, stderr := runTDS(t, "jobs", "get", j.id, "--server", j.srv, "--token", "wrong"); code != 2 {
		t.Fatalf("wrong token: %d %s", code, stderr)
	}
}

func TestExpandListFlag(t *testing.T) {
	got := strings.Join(expandListFlag([]string{"--corpus", "a", "b", "-n", "5", "-corpus", "c", "--out", "d", "e"}, "corpus"), " ")
	if want := "--corpus a --corpus b -n 5 -corpus c --out d e"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestSynthStopAndResume stops tds synth mid-job (as Ctrl-C does) and runs the
// same command again: the job resumes and the dataset has exactly n unique records.
func TestSynthStopAndResume(t *testing.T) {
	const n = 1500
	out := filepath.Join(t.TempDir(), "ds")
	args := []string{"synth", "--corpus", exampleCorpus, "-n", strconv.Itoa(n), "--out", out, "--seed", "5"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var stderr syncBuffer
	go func() { done <- run(ctx, args, io.Discard, &stderr) }()
	// Stop once the job is well under way: a hundred records written (a
	// bound, not the expected time: seconds alone, minutes on a loaded
	// machine under the race detector).
	eventually.Check(t, 6*time.Minute, 20*time.Millisecond, func() error {
		if rows := partRows(out); rows < 100 {
			return fmt.Errorf("%d of 100 records written before the stop; its output:\n%s", rows, stderr.String())
		}
		return nil
	})
	cancel()
	if code := <-done; code != 130 {
		t.Fatalf("stopped run exited %d:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "run the same command again to resume") {
		t.Fatalf("stderr:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "trajectories.jsonl")); !os.IsNotExist(err) {
		t.Fatal("a stopped job wrote final files")
	}
	code, stdout, errOut := runTDS(t, args...)
	if code != 0 {
		t.Fatalf("resumed run exited %d:\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "resuming job") {
		t.Errorf("the re-run did not resume:\n%s", errOut)
	}
	data, err := os.ReadFile(filepath.Join(out, "trajectories.jsonl"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	ids := map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var r struct{ ID string }
		if err := json.Unmarshal(line, &r); err != nil || ids[r.ID] {
			t.Fatalf("bad or duplicate row %q", line)
		}
		ids[r.ID] = true
	}
	if len(ids) != n {
		t.Fatalf("%d records, want %d", len(ids), n)
	}
}
