package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/dirlock"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
)

// secureSuite is a real tds up with two tokens, an import root and an
// export root, as an operator who shares it would run it.
type secureSuite struct {
	up      *upRun
	imports string // the import root
	exports string // the export root
	outside string // a directory beside them, with a root-only file
	jobs    jobv1.JobServiceClient
	cluster clusterv1.ClusterServiceClient
}

func startSecureSuite(t *testing.T, extra ...string) *secureSuite {
	t.Helper()
	base := t.TempDir()
	s := &secureSuite{imports: filepath.Join(base, "imports"), exports: filepath.Join(base, "exports"), outside: filepath.Join(base, "private")}
	for _, d := range []string{s.imports, s.exports, filepath.Join(s.imports, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(s.outside, 0o700); err != nil {
		t.Fatal(err)
	}
	corpus, err := os.ReadFile(exampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	// A valid corpus, readable only by its owner, outside every root: its
	// content must never come back.
	if err := os.WriteFile(filepath.Join(s.outside, "secret.jsonl"), corpus, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.imports, "tools.jsonl"), corpus, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(s.outside, "secret.jsonl"), filepath.Join(s.imports, "escape.jsonl")); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(filepath.Join(s.imports, "fifo.jsonl"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.up = startUp(t, append([]string{"--auth.tokens=tokA,tokB", "--sandbox.host_id_base=600000",
		"--corpus.roots=" + s.imports, "--export.roots=" + s.exports, "--gateway.corpus.max_bytes=1000000"}, extra...)...)
	conn, err := grpcclient.Dial(s.up.endpoints["gateway"], grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s.jobs = jobv1.NewJobServiceClient(conn)
	cconn, err := grpcclient.Dial(s.up.endpoints["cluster"], grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cconn.Close() })
	s.cluster = clusterv1.NewClusterServiceClient(cconn)
	return s
}

func asToken(tok string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+tok)
}

func (s *secureSuite) create(ctx context.Context, spec *jobv1.JobSpec) (*jobv1.Job, error) {
	if spec.TargetRecords == 0 {
		spec.TargetRecords = 5
	}
	resp, err := s.jobs.CreateJob(ctx, &jobv1.CreateJobRequest{Spec: spec})
	return resp.GetJob(), err
}

func byPath(p string) *jobv1.CorpusRef {
	return &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: p}}
}

func byID(id string) *jobv1.CorpusRef {
	return &jobv1.CorpusRef{Source: &jobv1.CorpusRef_CorpusId{CorpusId: id}}
}

// answer is what a refusal tells the caller.
func answer(err error) string {
	st := status.Convert(err)
	return fmt.Sprintf("%s %s %s", st.Code(), apierr.Reason(err), st.Message())
}

func TestSecurityCorpusPathsAreCapabilities(t *testing.T) {
	s := startSecureSuite(t)
	ctx := asToken("tokA")

	refused := map[string]string{
		"root-only file":     filepath.Join(s.outside, "secret.jsonl"),
		"/etc/shadow":        "/etc/shadow",
		"traversal":          filepath.Join(s.imports, "sub", "..", "..", "private", "secret.jsonl"),
		"deep traversal":     s.imports + "/../../../../../../etc/passwd",
		"symlink escape":     filepath.Join(s.imports, "escape.jsonl"),
		"missing":            filepath.Join(s.imports, "missing.jsonl"),
		"missing outside":    filepath.Join(s.outside, "missing.jsonl"),
		"directory":          filepath.Join(s.imports, "sub"),
		"root itself":        s.imports,
		"directory outside":  s.outside,
		"proc":               "/proc/self/environ",
		"device":             "/dev/zero",
		"fifo":               filepath.Join(s.imports, "fifo.jsonl"),
		"extra path outside": "",
	}
	var first string
	for name, p := range refused {
		spec := &jobv1.JobSpec{Corpus: byPath(p)}
		if name == "extra path outside" {
			spec.Corpus = byPath(filepath.Join(s.imports, "tools.jsonl"))
			spec.Corpus.ExtraPaths = []string{filepath.Join(s.outside, "secret.jsonl")}
		}
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := s.create(cctx, spec)
		cancel()
		if status.Code(err) != codes.PermissionDenied {
			t.Errorf("%s: %v, want PermissionDenied", name, err)
			continue
		}
		// Identical for every path but the field's name: nothing tells
		// existing from missing, a file from a directory, readable from not.
		got := strings.Replace(answer(err), "spec.corpus.extra_paths[0]", "spec.corpus.path", 1)
		if strings.Contains(got, p) && p != "" {
			t.Errorf("%s: the answer names the path: %s", name, got)
		}
		if first == "" {
			first = got
		} else if got != first {
			t.Errorf("%s answered differently:\n%s\nwant\n%s", name, got, first)
		}
	}
	// Nothing the refused paths hold was imported: tokA has no corpus yet.
	list, err := s.jobs.ListCorpora(ctx, &jobv1.ListCorporaRequest{})
	if err != nil || len(list.GetCorpora()) != 0 {
		t.Fatalf("corpora after refusals: %v %v", list.GetCorpora(), err)
	}
	// A relative path is refused before any lookup.
	if _, err := s.create(ctx, &jobv1.JobSpec{Corpus: byPath("tools.jsonl")}); status.Code(err) != codes.InvalidArgument {
		t.Errorf("relative path: %v, want InvalidArgument", err)
	}
	// A file beneath the import root is read.
	job, err := s.create(ctx, &jobv1.JobSpec{Corpus: byPath(filepath.Join(s.imports, "tools.jsonl"))})
	if err != nil {
		t.Fatalf("a corpus beneath the import root: %v", err)
	}
	_, _ = s.jobs.CancelJob(ctx, &jobv1.CancelJobRequest{JobId: job.GetId()})
}

// TestSecurityFIFOPinsNoThread sends FIFO paths at once: each is refused at
// once, and no goroutine is left inside an open.
func TestSecurityFIFOPinsNoThread(t *testing.T) {
	s := startSecureSuite(t)
	ctx, cancel := context.WithTimeout(asToken("tokA"), time.Minute)
	defer cancel()
	fifo := filepath.Join(s.imports, "fifo.jsonl")
	threadsBefore := threads(t)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = s.create(ctx, &jobv1.JobSpec{Corpus: byPath(fifo)}) })
	}
	wg.Wait()
	for i, err := range errs {
		if status.Code(err) != codes.PermissionDenied {
			t.Fatalf("request %d: %v, want PermissionDenied", i, err)
		}
	}
	buf := make([]byte, 1<<22)
	stacks := string(buf[:runtime.Stack(buf, true)])
	if strings.Contains(stacks, "fscap.(*Roots).OpenRegular") {
		t.Fatalf("a goroutine is still opening a corpus:\n%s", stacks)
	}
	// A thread blocked in open(2) on a FIFO would stay forever, one per request.
	if after := threads(t); after >= threadsBefore+n {
		t.Fatalf("threads grew from %d to %d over %d FIFO requests", threadsBefore, after, n)
	}
}

func threads(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Fatal("no Threads line in /proc/self/status")
	return 0
}

// checkOutsideExportRootsRefused: an output directory outside the export
// roots gets one answer, whether it exists or not, and is not created; a
// relative one would resolve in the server's working directory, not the
// caller's: refused, saying clients resolve it where they run.
func checkOutsideExportRootsRefused(t *testing.T, s *secureSuite, ctx context.Context, corpus *jobv1.CorpusRef) {
	t.Helper()
	var first string
	for _, dir := range []string{"/etc", "/etc/tds-probe", s.outside, filepath.Join(s.outside, "new"), s.exports + "/../private/x", "/proc/self"} {
		_, err := s.create(ctx, &jobv1.JobSpec{Corpus: corpus, OutputDir: dir})
		if status.Code(err) != codes.PermissionDenied {
			t.Errorf("output_dir %s: %v, want PermissionDenied", dir, err)
			continue
		}
		if first == "" {
			first = answer(err)
		} else if answer(err) != first {
			t.Errorf("output_dir %s answered differently: %s", dir, answer(err))
		}
	}
	for _, dir := range []string{"/etc/tds-probe", filepath.Join(s.outside, "new"), filepath.Join(s.outside, "x")} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s was created", dir)
		}
	}
	if _, err := s.create(ctx, &jobv1.JobSpec{Corpus: corpus, OutputDir: "out/mine"}); status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "absolute") {
		t.Errorf("relative output_dir: %v, want InvalidArgument asking for an absolute path", err)
	}
}

// foreignFiles are the files of someone's own in a directory under the
// export root.
var foreignFiles = map[string]string{"README.md": "my notes", "report.json": `{"mine": true}`, ".parts/unrelated.txt": "keep me"}

// checkForeignDirectoryRefused: an existing directory with someone's files
// is refused, naming them, and nothing in it is touched. It returns the
// directory.
func checkForeignDirectoryRefused(t *testing.T, s *secureSuite, ctx context.Context, corpus *jobv1.CorpusRef) string {
	t.Helper()
	foreign := filepath.Join(s.exports, "mine")
	if err := os.MkdirAll(filepath.Join(foreign, ".parts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range foreignFiles {
		if err := os.WriteFile(filepath.Join(foreign, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.create(ctx, &jobv1.JobSpec{Corpus: corpus, OutputDir: foreign})
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "README.md") || !strings.Contains(err.Error(), "report.json") {
		t.Fatalf("foreign directory: %v, want FailedPrecondition naming README.md and report.json", err)
	}
	for name, content := range foreignFiles {
		p := filepath.Join(foreign, name)
		b, err := os.ReadFile(p)
		fi, serr := os.Stat(p)
		if err != nil || serr != nil || string(b) != content || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s was touched: %q %v", name, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(foreign, dirlock.FileName)); err == nil {
		t.Error("a refused directory was left with a lock file")
	}
	return foreign
}

// checkBusyDirectoryRefused: a directory another process writes is refused
// with its pid, for CreateJob and tds synth alike.
func checkBusyDirectoryRefused(t *testing.T, s *secureSuite, ctx context.Context, corpus *jobv1.CorpusRef) {
	t.Helper()
	busy := filepath.Join(s.exports, "busy")
	if err := os.Mkdir(busy, 0o755); err != nil {
		t.Fatal(err)
	}
	pid := holdLock(t, busy)
	_, err := s.create(ctx, &jobv1.JobSpec{Corpus: corpus, OutputDir: busy})
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "process "+strconv.Itoa(pid)) {
		t.Fatalf("busy directory: %v, want FailedPrecondition naming process %d", err, pid)
	}
	code, _, stderr := runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "3", "--out", busy)
	if code != 2 || !strings.Contains(stderr, "process "+strconv.Itoa(pid)) {
		t.Fatalf("tds synth on a busy --out: exit %d, want 2 naming process %d:\n%s", code, pid, stderr)
	}
	if _, err := os.Stat(filepath.Join(busy, ".tds", "nats")); err == nil {
		t.Error("tds synth started its suite in a directory another process holds")
	}
}

// checkSynthKeepsForeignFiles: tds synth never overwrites a README.md of
// the user's either.
func checkSynthKeepsForeignFiles(t *testing.T, foreign string) {
	t.Helper()
	code, _, stderr := runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "3", "--out", foreign)
	if code != 2 || !strings.Contains(stderr, "README.md") {
		t.Fatalf("tds synth over foreign files: exit %d, want 2 naming README.md:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "README.md")); string(b) != "my notes" {
		t.Error("tds synth touched the user's README.md")
	}
}

// checkJobWritesBeneathExportRoot: a directory beneath the export root is
// the job's, and its files, and an export's, are 0644.
func checkJobWritesBeneathExportRoot(t *testing.T, s *secureSuite, ctx context.Context, corpus *jobv1.CorpusRef) {
	t.Helper()
	out := filepath.Join(s.exports, "ds")
	job, err := s.create(ctx, &jobv1.JobSpec{Corpus: corpus, OutputDir: out, TargetRecords: 3})
	if err != nil {
		t.Fatalf("output_dir beneath the export root: %v", err)
	}
	last, err := watchJob(ctx, s.jobs, job.GetId(), func(*jobv1.WatchJobResponse) {})
	if err != nil || last.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
		t.Fatalf("job: %v %v", last.GetState(), err)
	}
	for _, name := range []string{"trajectories.jsonl", "README.md", "report.json"} {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: %v %v, want mode 0644", name, fi.Mode(), err)
		}
	}
	exported := filepath.Join(t.TempDir(), "x.jsonl")
	if code, _, stderr := runTDS(t, "export", "--job", job.GetId(), "--out", exported, "--server", s.up.endpoints["gateway"], "--token", "tokA"); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if fi, err := os.Stat(exported); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("exported file: %v %v, want mode 0644", fi.Mode(), err)
	}
}

func TestSecurityOutputDirectories(t *testing.T) {
	s := startSecureSuite(t)
	ctx := asToken("tokA")
	corpus := byPath(filepath.Join(s.imports, "tools.jsonl"))

	checkOutsideExportRootsRefused(t, s, ctx, corpus)
	foreign := checkForeignDirectoryRefused(t, s, ctx, corpus)
	checkBusyDirectoryRefused(t, s, ctx, corpus)
	checkSynthKeepsForeignFiles(t, foreign)
	checkJobWritesBeneathExportRoot(t, s, ctx, corpus)
}

// holdLock locks dir from another process (this test binary) until the test
// ends, and returns its pid.
func holdLock(t *testing.T, dir string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TDS_TEST_HOLD_LOCK="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	line := make([]byte, 64)
	n, _ := stdout.Read(line)
	if strings.TrimSpace(string(line[:n])) != "locked" {
		t.Fatalf("lock holder: %q", line[:n])
	}
	return cmd.Process.Pid
}

// holdLockMain is the lock holder's side of holdLock.
func holdLockMain(dir string) {
	if _, err := dirlock.Acquire(dir); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

func upload(t *testing.T, c jobv1.JobServiceClient, ctx context.Context, shared bool) *jobv1.UploadCorpusResponse {
	t.Helper()
	resp, err := uploadFile(ctx, c, exampleCorpus, &jobv1.UploadHeader{Name: "bfcl.jsonl", Shared: shared})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	return resp
}

// checkPrivateCorpusHidden: tokA does not see tokB's private corpus b,
// through the gateway or the cluster service, and cannot use it: the
// answer is the one for a corpus that does not exist.
func checkPrivateCorpusHidden(t *testing.T, s *secureSuite, b *toolv1.Corpus) {
	t.Helper()
	tokA := asToken("tokA")
	if list, err := s.jobs.ListCorpora(tokA, &jobv1.ListCorporaRequest{}); err != nil || len(list.GetCorpora()) != 0 {
		t.Fatalf("tokA lists %v (%v)", list.GetCorpora(), err)
	}
	if list, err := s.cluster.ListCorpora(tokA, &clusterv1.ListCorporaRequest{}); err != nil || len(list.GetCorpora()) != 0 {
		t.Fatalf("tokA lists on the cluster service %v (%v)", list.GetCorpora(), err)
	}
	_, err := s.create(tokA, &jobv1.JobSpec{Corpus: byID(b.GetId())})
	_, errMissing := s.create(tokA, &jobv1.JobSpec{Corpus: byID("c000000000000")})
	if status.Code(err) != codes.NotFound || apierr.Reason(err) != apierr.Reason(errMissing) {
		t.Fatalf("tokA on tokB's corpus: %v, want as for a missing one: %v", err, errMissing)
	}
	if _, err := s.cluster.BuildClusters(tokA, &clusterv1.BuildClustersRequest{CorpusId: b.GetId()}); status.Code(err) != codes.NotFound {
		t.Fatalf("tokA builds clusters of tokB's corpus: %v", err)
	}
}

// checkOwnersClustersStayTheirs: tokB's job on its corpus b runs, and its
// clusters stay tokB's.
func checkOwnersClustersStayTheirs(t *testing.T, s *secureSuite, b *toolv1.Corpus) {
	t.Helper()
	tokA, tokB := asToken("tokA"), asToken("tokB")
	job, err := s.create(tokB, &jobv1.JobSpec{Corpus: byID(b.GetId())})
	if err != nil {
		t.Fatalf("tokB on its own corpus: %v", err)
	}
	clusters, err := s.cluster.ListClusters(tokB, &clusterv1.ListClustersRequest{ClusteringId: job.GetClusteringId(), PageSize: 1})
	if err != nil || len(clusters.GetClusters()) == 0 {
		t.Fatalf("tokB lists its clusters: %v", err)
	}
	if _, err := s.cluster.GetCluster(tokA, &clusterv1.GetClusterRequest{ClusterId: clusters.GetClusters()[0].GetId()}); status.Code(err) != codes.NotFound {
		t.Fatalf("tokA reads tokB's cluster: %v", err)
	}
	_, _ = s.jobs.CancelJob(tokB, &jobv1.CancelJobRequest{JobId: job.GetId()})
}

// checkSharedCorpus: a shared corpus is visible to and usable by every
// token, and stays its owner's.
func checkSharedCorpus(t *testing.T, s *secureSuite) {
	t.Helper()
	tokA := asToken("tokA")
	shared := upload(t, s.jobs, asToken("tokB"), true).GetCorpus()
	list, err := s.jobs.ListCorpora(tokA, &jobv1.ListCorporaRequest{})
	if err != nil || len(list.GetCorpora()) != 1 || list.GetCorpora()[0].GetId() != shared.GetId() || !list.GetCorpora()[0].GetShared() {
		t.Fatalf("tokA lists %v (%v), want the shared corpus only", list.GetCorpora(), err)
	}
	jobA, err := s.create(tokA, &jobv1.JobSpec{Corpus: byID(shared.GetId())})
	if err != nil {
		t.Fatalf("tokA on a shared corpus: %v", err)
	}
	_, _ = s.jobs.CancelJob(tokA, &jobv1.CancelJobRequest{JobId: jobA.GetId()})
	if _, err := uploadFile(tokA, s.jobs, exampleCorpus, &jobv1.UploadHeader{CorpusId: shared.GetId()}); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("tokA adds to tokB's shared corpus: %v", err)
	}
}

// checkOperatorShares: an operator shares tokB's private corpus b from the
// command line; tokA cannot, and the operator's token is the cluster
// service's only: the gateway refuses it.
func checkOperatorShares(t *testing.T, s *secureSuite, b *toolv1.Corpus) {
	t.Helper()
	srv, cluster := s.up.endpoints["gateway"], s.up.endpoints["cluster"]
	if code, _, stderr := runTDS(t, "corpora", "share", b.GetId(), "--cluster", cluster, "--token", "tokA"); code != 2 {
		t.Fatalf("tokA shares tokB's corpus: exit %d %s", code, stderr)
	}
	if code, _, stderr := runTDS(t, "corpora", "share", b.GetId(), "--cluster", cluster, "--token", "operator"); code != 0 {
		t.Fatalf("the operator shares tokB's corpus: exit %d %s", code, stderr)
	}
	code, list, stderr := runTDS(t, "corpora", "list", "--server", srv, "--token", "tokA")
	if code != 0 || !strings.Contains(list, b.GetId()) || !strings.Contains(list, "shared") {
		t.Fatalf("tokA's corpora after the operator shared one: exit %d\n%s%s", code, list, stderr)
	}
	if _, err := s.jobs.ListCorpora(asToken("operator"), &jobv1.ListCorporaRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("the operator's token on the gateway: %v", err)
	}
}

func TestSecurityCorporaBelongToTheirToken(t *testing.T) {
	s := startSecureSuite(t, "--cluster.auth.peer_tokens=operator")

	b := upload(t, s.jobs, asToken("tokB"), false).GetCorpus()
	if b.GetToolCount() == 0 {
		t.Fatalf("uploaded corpus: %v", b)
	}
	checkPrivateCorpusHidden(t, s, b)
	checkOwnersClustersStayTheirs(t, s, b)
	checkSharedCorpus(t, s)
	checkOperatorShares(t, s, b)
	// Uploading from the command line gives the token's corpus.
	code, id, stderr := runTDS(t, "corpora", "upload", exampleCorpus, "--server", s.up.endpoints["gateway"], "--token", "tokA")
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(id), "c") {
		t.Fatalf("tds corpora upload: exit %d %q %s", code, id, stderr)
	}
	if _, err := s.create(asToken("tokB"), &jobv1.JobSpec{Corpus: byID(strings.TrimSpace(id))}); status.Code(err) != codes.NotFound {
		t.Fatalf("tokB on tokA's upload: %v", err)
	}
}

func TestSecurityUploadIsBoundedAndAuthenticated(t *testing.T) {
	s := startSecureSuite(t)
	// Over the limit (1 MB here): ResourceExhausted naming it, and no corpus.
	big := filepath.Join(t.TempDir(), "big.jsonl")
	line := []byte(`{"name":"x","description":"` + strings.Repeat("y", 1000) + `","input_schema":{"type":"object"}}` + "\n")
	if err := os.WriteFile(big, bytes.Repeat(line, 1500), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := uploadFile(asToken("tokA"), s.jobs, big, &jobv1.UploadHeader{Name: "big.jsonl"})
	if status.Code(err) != codes.ResourceExhausted || !strings.Contains(err.Error(), "1000000") {
		t.Fatalf("upload over the limit: %v", err)
	}
	if list, err := s.cluster.ListCorpora(asToken("tokA"), &clusterv1.ListCorporaRequest{}); err != nil || len(list.GetCorpora()) != 0 {
		t.Fatalf("an upload over the limit left %v (%v)", list.GetCorpora(), err)
	}

	// The HTTP route: a raw body, the caller's token.
	url := s.up.endpoints["gateway http"] + "/v1/corpora?name=bfcl.jsonl"
	body, err := os.ReadFile(exampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url, "application/jsonl", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("HTTP upload without a token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer tokA")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Corpus struct {
			ID        string `json:"id"`
			ToolCount string `json:"tool_count"`
		} `json:"corpus"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK || got.Corpus.ID == "" {
		t.Fatalf("HTTP upload: %d %+v %v", resp.StatusCode, got, err)
	}
	if list, err := s.jobs.ListCorpora(asToken("tokB"), &jobv1.ListCorporaRequest{}); err != nil || len(list.GetCorpora()) != 0 {
		t.Fatalf("tokB sees tokA's HTTP upload: %v (%v)", list.GetCorpora(), err)
	}
}
