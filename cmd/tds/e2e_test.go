package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// TestNATSServerProcess is not a test: the e2e test runs the test binary with
// TDS_E2E_NATS set to make it a NATS JetStream server process.
func TestNATSServerProcess(t *testing.T) {
	spec := os.Getenv("TDS_E2E_NATS") // "<port>:<store dir>"
	if spec == "" {
		t.Skip("helper process of TestEndToEndProcesses")
	}
	i := 0
	for spec[i] != ':' {
		i++
	}
	port, _ := strconv.Atoi(spec[:i])
	ns, err := natsserver.Start(natsserver.Config{Port: port, StoreDir: spec[i+1:]})
	if err != nil {
		t.Fatal(err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	ns.Shutdown()
	ns.WaitForShutdown()
}

type proc struct {
	t    *testing.T
	name string
	bin  string
	args []string
	env  []string
	cmd  *exec.Cmd
	log  *os.File
}

func (p *proc) start() {
	p.t.Helper()
	p.cmd = exec.Command(p.bin, p.args...)
	p.cmd.Env = append(os.Environ(), p.env...)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		p.t.Fatalf("start %s: %v", p.name, err)
	}
}

func (p *proc) stop(sig syscall.Signal) {
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(sig)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
	p.cmd = nil
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitListening(t *testing.T, addr string, p *proc) {
	t.Helper()
	eventually.Check(t, 60*time.Second, 50*time.Millisecond, func() error {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			logData, _ := os.ReadFile(p.log.Name())
			return fmt.Errorf("%s does not listen on %s; its log:\n%s", p.name, addr, logData)
		}
		return c.Close()
	})
}

// TestEndToEndProcesses runs a job through every service as its own process
// with a NATS server process: an agent worker is SIGKILLed mid-job and
// restarted, the NATS server is restarted once, and the finished dataset
// must hold exactly N verified records with unique ids that match the report.
func TestEndToEndProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every service as a process")
	}
	const n = 1500
	root, _ := filepath.Abs("../..")
	bin := binaries(t)
	work := t.TempDir()
	// The sandbox's state dir must sit under world-searchable directories.
	sandboxState, err := os.MkdirTemp("/tmp", "tds-e2e-sandbox-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(sandboxState, 0o755)
	t.Cleanup(func() { _ = os.RemoveAll(sandboxState) })
	logs := filepath.Join(work, "logs")
	_ = os.MkdirAll(logs, 0o755)
	newProc := func(name, binary string, env []string, args ...string) *proc {
		f, err := os.Create(filepath.Join(logs, name+".log"))
		if err != nil {
			t.Fatal(err)
		}
		p := &proc{t: t, name: name, bin: binary, args: args, env: env, log: f}
		t.Cleanup(func() { p.stop(syscall.SIGTERM); _ = f.Close() })
		return p
	}
	defer func() {
		if t.Failed() {
			for _, name := range []string{"gateway", "evolve", "agent", "cluster", "nats"} {
				data, _ := os.ReadFile(filepath.Join(logs, name+".log"))
				if len(data) > 4000 {
					data = data[len(data)-4000:]
				}
				t.Logf("--- %s log (tail)\n%s", name, data)
			}
		}
	}()

	natsAddr := freeAddr(t)
	_, natsPort, _ := net.SplitHostPort(natsAddr)
	self, _ := os.Executable()
	nats := newProc("nats", self, []string{"TDS_E2E_NATS=" + natsPort + ":" + filepath.Join(work, "nats")}, "-test.run=^TestNATSServerProcess$")
	nats.start()
	waitListening(t, natsAddr, nats)
	natsURL := "nats://" + natsAddr

	addr := map[string]string{}
	for _, s := range []string{"gateway", "cluster", "blueprint", "agent", "evolve", "sandbox"} {
		addr[s] = freeAddr(t)
	}
	common := func(s string) []string {
		return []string{"--grpc.listen", addr[s], "--nats.url", natsURL, "--metrics.listen", "", "--log.level", "warn"}
	}
	svc := map[string]*proc{
		"cluster": newProc("cluster", bin+"/cluster", nil, append(common("cluster"), "--data_dir", filepath.Join(work, "cluster"))...),
		"sandbox": newProc("sandbox", bin+"/sandbox", nil, append(common("sandbox"), "--host_id_base", "580000",
			"--state_dir", sandboxState)...),
		"blueprint": newProc("blueprint", bin+"/blueprint", nil, append(common("blueprint"), "--cluster.addr", addr["cluster"])...),
		"evolve":    newProc("evolve", bin+"/evolve", nil, append(common("evolve"), "--cluster.addr", addr["cluster"])...),
		"agent": newProc("agent", bin+"/agent", nil, append(common("agent"), "--cluster.addr", addr["cluster"],
			"--blueprint.addr", addr["blueprint"], "--sandbox.addr", addr["sandbox"], "--worker.concurrency", "4")...),
		"gateway": newProc("gateway", bin+"/gateway", nil, append(common("gateway"), "--cluster.addr", addr["cluster"],
			"--evolve.addr", addr["evolve"], "--http.listen", "", "--data_dir", filepath.Join(work, "gateway"),
			"--corpus.roots", filepath.Join(root, "examples/corpora"), "--export.roots", work)...),
	}
	for _, name := range []string{"cluster", "sandbox", "blueprint", "evolve", "agent", "gateway"} {
		svc[name].start()
		waitListening(t, addr[name], svc[name])
	}

	conn, err := grpcclient.Dial(addr["gateway"], grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := jobv1.NewJobServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	deadline, _ := ctx.Deadline()
	out := filepath.Join(work, "dataset")
	created, err := c.CreateJob(ctx, &jobv1.CreateJobRequest{RequestId: "e2e", Spec: &jobv1.JobSpec{
		Name:          "e2e",
		Corpus:        &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: filepath.Join(root, "examples/corpora/bfcl-multiturn.jsonl")}},
		TargetRecords: n, Seed: 7, OutputDir: out,
		Strategy: &evolvev1.StrategySpec{Strategy: evolvev1.Strategy_STRATEGY_TDSCALING},
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := created.GetJob().GetId()

	// written polls the job, riding out a restarting NATS server.
	written := func() (*jobv1.Job, int64) {
		var job *jobv1.Job
		eventually.Check(t, time.Until(deadline), 100*time.Millisecond, func() error {
			got, err := c.GetJob(ctx, &jobv1.GetJobRequest{JobId: id})
			job = got.GetJob()
			return err
		})
		return job, job.GetProgress().GetWritten()
	}
	waitFor := func(min int64) {
		eventually.Check(t, time.Until(deadline), 20*time.Millisecond, func() error {
			job, w := written()
			if isTerminal(job.GetState()) {
				t.Fatalf("job ended (%s) before %d records were written: the faults came too late", job.GetState(), min)
			}
			if w < min {
				return fmt.Errorf("%d of %d records written", w, min)
			}
			return nil
		})
	}

	waitFor(n / 10)
	svc["agent"].stop(syscall.SIGKILL)
	time.Sleep(500 * time.Millisecond) // an outage, not a wait: the job runs on without a worker
	svc["agent"].start()
	waitListening(t, addr["agent"], svc["agent"])
	_, atKill := written()
	t.Logf("agent worker killed and restarted with %d records written", atKill)

	waitFor(atKill + n/10)
	nats.stop(syscall.SIGTERM)
	time.Sleep(500 * time.Millisecond) // an outage, not a wait: every client rides it out
	nats.start()
	waitListening(t, natsAddr, nats)
	_, atRestart := written()
	t.Logf("NATS server restarted with %d records written", atRestart)

	var job *jobv1.Job
	eventually.Check(t, time.Until(deadline), 200*time.Millisecond, func() error {
		job, _ = written()
		if !isTerminal(job.GetState()) {
			return fmt.Errorf("job still %s", job.GetState())
		}
		return nil
	})
	if job.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
		t.Fatalf("job %s: %s", job.GetState(), job.GetReason())
	}
	checkDataset(t, out, n)
}

// checkDataset asserts the finished dataset has exactly n verified records
// with unique ids, and that report.json describes those records.
func checkDataset(t *testing.T, dir string, n int) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "trajectories.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids := map[string]bool{}
	domains, modes := map[string]int{}, map[string]int{}
	var cacSum float64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r trajectory.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad row: %v", err)
		}
		if ids[r.ID] {
			t.Fatalf("duplicate record %s", r.ID)
		}
		ids[r.ID] = true
		var v struct{ Passed bool }
		if err := json.Unmarshal(r.Verdict, &v); err != nil || !v.Passed {
			t.Fatalf("record %s is not verified: %s", r.ID, r.Verdict)
		}
		m := trajectory.Measure(r.Messages)
		if m.Signature != r.ReasoningMode || math.Abs(m.CAC-r.CAC) > 1e-9 {
			t.Fatalf("record %s: stored signature/CAC %q/%g, re-measured %q/%g", r.ID, r.ReasoningMode, r.CAC, m.Signature, m.CAC)
		}
		domains[r.Domain]++
		modes[r.ReasoningMode]++
		cacSum += r.CAC
	}
	if len(ids) != n {
		t.Fatalf("%d records, want exactly %d", len(ids), n)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep evolvev1.Report
	if err := protojson.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	fin := rep.GetFinal()
	if fin.GetAccepted() != int64(n) {
		t.Fatalf("report counts %d accepted, the dataset holds %d", fin.GetAccepted(), n)
	}
	near := func(name string, got, want float64) {
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("report %s = %.9f, the records give %.9f", name, got, want)
		}
	}
	near("h_dom", fin.GetHDom(), trajectory.Entropy(domains))
	near("h_mode", fin.GetHMode(), trajectory.Entropy(modes))
	near("cac_mean", fin.GetCacMean(), cacSum/float64(n))
	if int(fin.GetDistinctDomains()) != len(domains) || int(fin.GetDistinctSignatures()) != len(modes) {
		t.Errorf("report distinct domains/signatures %d/%d, records %d/%d", fin.GetDistinctDomains(), fin.GetDistinctSignatures(), len(domains), len(modes))
	}
	for _, c := range rep.GetDomains() {
		if int64(domains[c.GetKey()]) != c.GetCount() {
			t.Errorf("report domain %s = %d, records %d", c.GetKey(), c.GetCount(), domains[c.GetKey()])
		}
	}
	for _, name := range []string{"trajectories.parquet", "sharegpt.jsonl", "rejected.jsonl", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".parts")); !os.IsNotExist(err) {
		t.Errorf(".parts left behind: %v", err)
	}
}
