package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// The tokens of the two callers of the security tests.
const (
	secTokenA = "tokA-3f9c1e"
	secTokenB = "tokB-77d2a0"
)

// upProcess is `tds up` as a process of its own (the test binary acting as
// tds), so that its memory and threads are its own to measure.
type upProcess struct {
	cmd       *exec.Cmd
	dataDir   string
	endpoints Endpoints
	stdout    *syncBuffer
	stderr    *syncBuffer
	done      chan struct{}
}

// startUpProcess starts `tds up --auth.tokens tokA,tokB` on free ports,
// the test binary acting as tds, and waits until it has printed its endpoints.
func startUpProcess(t *testing.T, extra ...string) *upProcess {
	t.Helper()
	return startUpBinary(t, os.Args[0], extra...)
}

// plainTDS builds tds without the race detector when this test binary has
// it, for tests that measure the process's memory; otherwise the test
// binary is tds already.
func plainTDS(t *testing.T) string {
	t.Helper()
	if !raceEnabled {
		return os.Args[0]
	}
	bin := filepath.Join(t.TempDir(), "tds")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build tds: %v\n%s", err, out)
	}
	return bin
}

// startUpBinary is startUpProcess with the binary bin (the test binary, or
// a tds built by plainTDS).
func startUpBinary(t *testing.T, bin string, extra ...string) *upProcess {
	t.Helper()
	p := &upProcess{dataDir: t.TempDir(), stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	args := append([]string{"up", "--base-port=0", "--data-dir=" + p.dataDir, "--metrics.listen=",
		"--auth.tokens=" + secTokenA + "," + secTokenB}, extra...)
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = append(os.Environ(), "TDS_TEST_RUN_MAIN=1")
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout = w
	p.cmd.Stderr = p.stderr
	err = p.cmd.Start()
	w.Close()
	if err != nil {
		out.Close()
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	lines := make(chan string)
	go func() {
		defer out.Close()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.stdout.Write([]byte(sc.Text() + "\n"))
			lines <- sc.Text()
		}
		close(lines)
	}()
	p.endpoints = Endpoints{}
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("tds up exited before serving:\n%s", p.stderr.String())
			}
			f := strings.Fields(line)
			switch {
			case len(f) >= 2 && f[0] == "gateway" && strings.HasPrefix(f[1], "http://"):
				p.endpoints["gateway http"] = f[1]
			case len(f) >= 2 && (wantServices[f[0]] != "" || f[0] == "nats"):
				p.endpoints[f[0]] = f[1]
			}
			if len(f) > 0 && f[0] == "nats" { // the last endpoint printed
				go func() {
					for range lines { // keep the pipe drained
					}
				}()
				return p
			}
		case <-timeout:
			t.Fatalf("tds up printed no endpoints after 60s:\n%s", p.stderr.String())
		}
	}
}

// TestSecurityNATSRefusesAnonymousClients: with API tokens, the embedded
// NATS server (which carries every job's spec, events and records) refuses
// a client without credentials or with wrong ones; the services' own
// credentials sit in the data directory, readable by the owner only, and
// appear in no output.
func TestSecurityNATSRefusesAnonymousClients(t *testing.T) {
	p := startUpProcess(t)
	url := p.endpoints["nats"]
	if !strings.HasPrefix(url, "nats://127.0.0.1:") {
		t.Fatalf("nats endpoint %q: want loopback", url)
	}
	for name, opts := range map[string][]nats.Option{
		"anonymous":      nil,
		"wrong password": {nats.UserInfo(natsUser, "guess")},
		"api token":      {nats.Token(secTokenA)},
	} {
		nc, err := nats.Connect(url, append(opts, nats.MaxReconnects(0), nats.Timeout(5*time.Second))...)
		if err == nil {
			nc.Close()
			t.Fatalf("%s NATS client connected to a server behind tokens", name)
		}
		if !errors.Is(err, nats.ErrAuthorization) && !strings.Contains(strings.ToLower(err.Error()), "authorization") {
			t.Fatalf("%s NATS client: %v, want an authorization violation", name, err)
		}
	}

	path := filepath.Join(p.dataDir, natsAuthFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var creds natsCredentials
	if err := json.Unmarshal(data, &creds); err != nil || creds.Password == "" {
		t.Fatalf("%s: %v %q", path, err, data)
	}
	nc, err := nats.Connect(url, nats.UserInfo(creds.User, creds.Password), nats.MaxReconnects(0))
	if err != nil {
		t.Fatalf("the data directory's credentials: %v", err)
	}
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.AccountInfo(); err != nil {
		t.Fatalf("JetStream with the credentials: %v", err)
	}
	nc.Close()

	_ = p.cmd.Process.Signal(syscall.SIGINT)
	<-p.done
	for what, out := range map[string]string{"stdout": p.stdout.String(), "stderr": p.stderr.String()} {
		if strings.Contains(out, creds.Password) {
			t.Fatalf("the NATS password appears on %s", what)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s after tds up stopped: %v, want it removed", path, err)
	}
}

// procMemory reads a process's resident set (VmRSS) and its peak since the
// last reset (VmHWM), in bytes.
func procMemory(t *testing.T, pid int) (rss, peak int64) {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb << 10
		case "VmHWM:":
			peak = kb << 10
		}
	}
	return rss, peak
}

// resetPeak restarts a process's VmHWM from its current resident set.
func resetPeak(t *testing.T, pid int) {
	t.Helper()
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		t.Fatalf("reset the peak resident set: %v", err)
	}
}

// bigJSON is a CreateJob body of n bytes, a request id of n-19 letters,
// produced as it is read so that it costs the sender no memory: valid JSON,
// which a server that decodes before it checks must hold whole.
type bigJSON struct {
	n, off int64
}

const bigJSONHead, bigJSONTail = `{"request_id":"`, `"}`

func (b *bigJSON) Read(p []byte) (int, error) {
	if b.off >= b.n {
		return 0, io.EOF
	}
	i := 0
	for ; i < len(p) && b.off < b.n; i, b.off = i+1, b.off+1 {
		switch {
		case b.off < int64(len(bigJSONHead)):
			p[i] = bigJSONHead[b.off]
		case b.off >= b.n-int64(len(bigJSONTail)):
			p[i] = bigJSONTail[b.off-(b.n-int64(len(bigJSONTail)))]
		default:
			p[i] = 'a'
		}
	}
	return i, nil
}

// postBody sends a JSON body of n bytes to url (declared in Content-Length, or chunked)
// and returns the status and message of the answer.
func postBody(url, auth string, n int64, chunked bool) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, url, io.NopCloser(&bigJSON{n: n}))
	if err != nil {
		return 0, "", err
	}
	req.ContentLength = n
	if chunked {
		req.ContentLength = -1
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var st struct {
		Message string `json:"message"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	_ = json.Unmarshal(body, &st)
	return resp.StatusCode, st.Message, nil
}

// TestSecurityAuthBeforeBody: 200 MB request bodies — without a token over
// HTTP and gRPC, and with one over HTTP, three at a time — are answered
// 401 / Unauthenticated and 413 / ResourceExhausted stating the limit,
// while the gateway process's resident set never grows by 20 MB.
func TestSecurityAuthBeforeBody(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 200 MB requests to a tds up process")
	}
	p := startUpBinary(t, plainTDS(t))
	pid := p.cmd.Process.Pid
	createURL := p.endpoints["gateway http"] + jobv1.JobService_CreateJob_FullMethodName
	const body = 200 << 20
	const allowed = 20 << 20

	// Warm up the path a refusal takes, so that its first-use costs (the
	// HTTP server's buffers, the first connection) do not count.
	if code, _, err := postBody(createURL, "", 1<<10, false); err != nil || code != http.StatusUnauthorized {
		t.Fatalf("warm-up: %d %v", code, err)
	}
	before, _ := procMemory(t, pid)
	resetPeak(t, pid)

	type attempt struct {
		name    string
		auth    string
		chunked bool
		want    int
		wantMsg string
	}
	attempts := []attempt{
		{"no token", "", false, http.StatusUnauthorized, "bearer token"},
		{"no token, chunked", "", true, http.StatusUnauthorized, "bearer token"},
		{"wrong token", "tokC", false, http.StatusUnauthorized, "unknown bearer token"},
		{"token, too large", secTokenA, false, http.StatusRequestEntityTooLarge, "limit of 1048576 bytes"},
		{"token, too large, chunked", secTokenB, true, http.StatusRequestEntityTooLarge, "limit of 1048576 bytes"},
	}
	for _, a := range attempts {
		errs := make(chan error, 3)
		for range 3 {
			go func() {
				code, msg, err := postBody(createURL, a.auth, body, a.chunked)
				switch {
				case err != nil:
					errs <- fmt.Errorf("%s: %v", a.name, err)
				case code != a.want || !strings.Contains(msg, a.wantMsg):
					errs <- fmt.Errorf("%s: %d %q, want %d and %q", a.name, code, msg, a.want, a.wantMsg)
				default:
					errs <- nil
				}
			}()
		}
		for range 3 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
	}

	// gRPC: the stream is refused from its headers, before the message.
	conn := dial(t, p.endpoints["gateway"], "")
	client := jobv1.NewJobServiceClient(conn)
	big := &jobv1.CreateJobRequest{RequestId: strings.Repeat("r", body)}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := client.CreateJob(ctx, big, grpc.MaxCallSendMsgSize(body+1024)); status.Code(err) != codes.Unauthenticated {
		t.Errorf("gRPC 200 MB without a token: %v, want Unauthenticated", err)
	}
	authed := dial(t, p.endpoints["gateway"], secTokenA)
	_, err := jobv1.NewJobServiceClient(authed).CreateJob(ctx, big, grpc.MaxCallSendMsgSize(body+1024))
	if status.Code(err) != codes.ResourceExhausted || !strings.Contains(err.Error(), "4194304") {
		t.Errorf("gRPC 200 MB with a token: %v, want ResourceExhausted stating the 4194304-byte limit", err)
	}

	after, peak := procMemory(t, pid)
	t.Logf("gateway process: resident %d MB before, %d MB after, peak %d MB", before>>20, after>>20, peak>>20)
	if peak-before > allowed || after-before > allowed {
		t.Fatalf("the gateway's resident set grew by %d MB (peak %d MB) over 200 MB requests; want under %d MB",
			(after-before)>>20, (peak-before)>>20, allowed>>20)
	}
}

// TestSecurityIDsAndLabelsAreValidated: job ids with spaces, NATS wildcards
// or path steps, and 20,000 labels, are answered InvalidArgument naming the
// field (400 over HTTP), not Internal from the store.
func TestSecurityIDsAndLabelsAreValidated(t *testing.T) {
	p := startUpProcess(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := jobv1.NewJobServiceClient(dial(t, p.endpoints["gateway"], secTokenA))
	requireField := func(what string, err error, field string) {
		t.Helper()
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("%s: %v, want InvalidArgument", what, err)
			return
		}
		for _, v := range apierr.Violations(err) {
			if strings.HasPrefix(v.Field, field) {
				return
			}
		}
		t.Errorf("%s: violations %v, want one of %q", what, apierr.Violations(err), field)
	}
	for _, id := range []string{"a b", "*", ">", "../../etc/passwd", "job.x.y"} {
		_, err := client.GetJob(ctx, &jobv1.GetJobRequest{JobId: id})
		requireField("GetJob "+id, err, "job_id")
		_, err = client.CancelJob(ctx, &jobv1.CancelJobRequest{JobId: id})
		requireField("CancelJob "+id, err, "job_id")
		w, err := client.WatchJob(ctx, &jobv1.WatchJobRequest{JobId: id})
		if err == nil {
			_, err = w.Recv()
		}
		requireField("WatchJob "+id, err, "job_id")
		x, err := client.ExportDataset(ctx, &jobv1.ExportDatasetRequest{JobId: id})
		if err == nil {
			_, err = x.Recv()
		}
		requireField("ExportDataset "+id, err, "job_id")
	}
	labels := map[string]string{}
	for i := range 20_000 {
		labels[fmt.Sprintf("label-%05d", i)] = "x"
	}
	_, err := client.CreateJob(ctx, &jobv1.CreateJobRequest{Spec: &jobv1.JobSpec{
		Corpus: &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: "/nonexistent.jsonl"}}, TargetRecords: 1, Labels: labels,
	}})
	requireField("CreateJob with 20,000 labels", err, "spec.labels")

	// The HTTP/JSON API answers the same 400.
	req, _ := http.NewRequest(http.MethodPost, p.endpoints["gateway http"]+jobv1.JobService_GetJob_FullMethodName,
		strings.NewReader(`{"job_id": "../../etc/passwd"}`))
	req.Header.Set("Authorization", "Bearer "+secTokenB)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "job_id") {
		t.Errorf("HTTP GetJob ../../etc/passwd: %d %s, want 400 naming job_id", resp.StatusCode, body)
	}
}
