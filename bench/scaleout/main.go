// Command scaleout measures how a job's throughput grows with agent worker
// processes on the clustered engine: three nats-server processes (R3 streams
// and buckets), one process of each other service, and 1, 2 and 4 agent
// worker processes, every model role answered by a fake OpenAI-compatible
// server (bench/playalong) after --latency. Each worker runs at most
// --concurrency rollouts and as many model calls per endpoint at once, so a
// worker process is a fixed slice of model capacity and the ideal is linear.
//
// For every worker count it starts everything fresh, runs one job of --n
// records (no code step) and reports, over the window from the job's first
// written record to its last: records/s, the ratio to one worker and to
// linear, and the CPU time (user + system, from /proc) the orchestration
// spent per record: every TDScaling process, and the NATS servers apart. The
// model server is not counted.
//
//	go run ./bench/scaleout [--n 400] [--workers 1,2,4] [--latency 200ms] [--concurrency 8]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/grpcclient"
)

type options struct {
	n           int
	workers     []int
	latency     time.Duration
	concurrency int
	corpus      string
	work        string
	timeout     time.Duration
}

func main() {
	var o options
	var workers string
	flag.IntVar(&o.n, "n", 400, "records per job")
	flag.StringVar(&workers, "workers", "1,2,4", "agent worker process counts, one job each")
	flag.DurationVar(&o.latency, "latency", 200*time.Millisecond, "time the fake model takes per call")
	flag.IntVar(&o.concurrency, "concurrency", 8, "rollouts, and model calls per endpoint, one worker process runs at once")
	flag.StringVar(&o.corpus, "corpus", "examples/corpora/bfcl-multiturn.jsonl", "corpus of the jobs")
	flag.StringVar(&o.work, "work", "", "directory for binaries, state and logs (default: a new temporary one, removed after)")
	flag.DurationVar(&o.timeout, "timeout", 15*time.Minute, "longest one job may take")
	flag.Parse()
	for _, w := range strings.Split(workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "scaleout: --workers: want positive counts, got %q\n", w)
			os.Exit(2)
		}
		o.workers = append(o.workers, n)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "scaleout:", err)
		os.Exit(1)
	}
}

type result struct {
	workers              int
	records              int64
	window               time.Duration
	wall                 time.Duration
	cpuServices, cpuNATS time.Duration
	calls                int64
}

func run(o options) error {
	if o.work == "" {
		dir, err := os.MkdirTemp("", "tds-bench-scaleout-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.work = dir
	}
	corpus, err := filepath.Abs(o.corpus)
	if err != nil {
		return err
	}
	o.corpus = corpus
	bin := filepath.Join(o.work, "bin")
	fmt.Printf("scaleout: building into %s\n", bin)
	build := exec.Command("go", "build", "-o", bin+"/",
		"./gateway/cmd/gateway", "./services/cluster/cmd/cluster", "./services/blueprint/cmd/blueprint",
		"./services/agent/cmd/agent", "./services/evolve/cmd/evolve", "./bench/playalong",
		"github.com/nats-io/nats-server/v2")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}
	var results []result
	for _, w := range o.workers {
		r, err := runOnce(o, bin, w)
		if err != nil {
			return fmt.Errorf("%d workers: %w", w, err)
		}
		results = append(results, r)
		fmt.Printf("scaleout: %d worker(s): %d records in %s (%.2f records/s), %d model calls\n",
			w, r.records, r.window.Round(time.Millisecond), rate(r), r.calls)
	}
	fmt.Printf("\n%d records per job, model latency %s, %d rollouts and model calls per endpoint per worker, %d CPUs\n\n",
		o.n, o.latency, o.concurrency, cpus())
	fmt.Println("| agent workers | records/s | × 1 worker | of linear | model calls/s | CPU ms/record: services | CPU ms/record: NATS (3 servers) | wall (s) |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	base := rate(results[0]) / float64(results[0].workers)
	for _, r := range results {
		fmt.Printf("| %d | %.2f | %.2f | %.0f %% | %.1f | %.2f | %.2f | %.1f |\n", r.workers, rate(r), rate(r)/rate(results[0]),
			100*rate(r)/(base*float64(r.workers)), float64(r.calls)/r.wall.Seconds(),
			perRecord(r.cpuServices, r.records), perRecord(r.cpuNATS, r.records), r.wall.Seconds())
	}
	return nil
}

func rate(r result) float64 { return float64(r.records) / r.window.Seconds() }

func perRecord(d time.Duration, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Microseconds()) / 1000 / float64(n)
}

func cpus() int {
	n := 0
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "processor") {
			n++
		}
	}
	return n
}

// proc is one child process.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *os.File
	nats bool
}

func (p *proc) stop() {
	if p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
	_ = p.log.Close()
}

// cpu reads the process's user + system time from /proc.
func (p *proc) cpu() time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// Fields after the command (which may hold spaces) start after ')'.
	s := string(raw)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const clockTicks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / clockTicks
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitListening(addr string, p *proc) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			_ = c.Close()
			return nil
		}
		if p.cmd.ProcessState != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s does not listen on %s (log %s)", p.name, addr, p.log.Name())
}

func runOnce(o options, bin string, workers int) (result, error) {
	r := result{workers: workers}
	dir := filepath.Join(o.work, fmt.Sprintf("run-%d", workers))
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return r, err
	}
	var procs []*proc
	defer func() {
		for i := len(procs) - 1; i >= 0; i-- {
			procs[i].stop()
		}
	}()
	var start starter = func(name string, natsServer bool, binary string, args ...string) (*proc, error) {
		f, err := os.Create(filepath.Join(dir, "logs", name+".log"))
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(binary, args...)
		cmd.Stdout, cmd.Stderr = f, f
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		p := &proc{name: name, cmd: cmd, log: f, nats: natsServer}
		procs = append(procs, p)
		return p, nil
	}

	// The model.
	modelAddr, err := freeAddr()
	if err != nil {
		return r, err
	}
	model, err := start("playalong", false, filepath.Join(bin, "playalong"), "--listen", modelAddr, "--latency", o.latency.String())
	if err != nil {
		return r, err
	}
	if err := waitListening(modelAddr, model); err != nil {
		return r, err
	}
	procs = procs[:0] // the model is stopped apart and its CPU not counted
	defer model.stop()

	natsURL, err := startNATS(dir, bin, start)
	if err != nil {
		return r, err
	}
	if err := waitJetStream(natsURL); err != nil {
		return r, err
	}
	addr, err := startServices(o, dir, bin, workers, "http://"+modelAddr+"/v1", natsURL, start)
	if err != nil {
		return r, err
	}

	conn, err := grpcclient.Dial(addr["gateway"], grpcclient.Config{})
	if err != nil {
		return r, err
	}
	defer conn.Close()
	jobs := jobv1.NewJobServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	share := 0.0
	runStart := time.Now()
	created, err := jobs.CreateJob(ctx, &jobv1.CreateJobRequest{RequestId: fmt.Sprintf("scaleout-%d", workers), Spec: &jobv1.JobSpec{
		Name:          fmt.Sprintf("scaleout-%d", workers),
		Corpus:        &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: o.corpus}},
		TargetRecords: int64(o.n), Seed: 1, OutputDir: filepath.Join(dir, "dataset"), CodeToolShare: &share,
		// A window wide enough for the most workers, the same for every run.
		Strategy: &evolvev1.StrategySpec{Strategy: evolvev1.Strategy_STRATEGY_TDSCALING, Window: int32(4 * 4 * o.concurrency)},
	}}, grpc.WaitForReady(true))
	if err != nil {
		return r, fmt.Errorf("create job: %w", err)
	}
	id := created.GetJob().GetId()

	// The window: from the first written record to the end.
	var first time.Time
	var firstWritten int64
	var cpu0Services, cpu0NATS time.Duration
	for {
		got, err := jobs.GetJob(ctx, &jobv1.GetJobRequest{JobId: id})
		if err != nil {
			return r, fmt.Errorf("get job: %w", err)
		}
		j := got.GetJob()
		w := j.GetProgress().GetWritten()
		if first.IsZero() && w > 0 {
			first, firstWritten = time.Now(), w
			cpu0Services, cpu0NATS = cpuOf(procs)
		}
		if done(j.GetState()) {
			if j.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
				return r, fmt.Errorf("job %s: %s", j.GetState(), j.GetReason())
			}
			r.records = j.GetProgress().GetWritten() - firstWritten
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.window = time.Since(first)
	r.wall = time.Since(runStart)
	cpuServices, cpuNATS := cpuOf(procs)
	r.cpuServices, r.cpuNATS = cpuServices-cpu0Services, cpuNATS-cpu0NATS
	r.calls = modelCalls(model)
	return r, nil
}

func cpuOf(procs []*proc) (services, natsServers time.Duration) {
	for _, p := range procs {
		if p.nats {
			natsServers += p.cpu()
		} else {
			services += p.cpu()
		}
	}
	return services, natsServers
}

func done(s jobv1.JobState) bool {
	switch s {
	case jobv1.JobState_JOB_STATE_SUCCEEDED, jobv1.JobState_JOB_STATE_FAILED, jobv1.JobState_JOB_STATE_CANCELLED, jobv1.JobState_JOB_STATE_STOPPED:
		return true
	}
	return false
}

// modelCalls stops the model server and reads the calls it answered from
// its totals line.
func modelCalls(p *proc) int64 {
	_ = p.cmd.Process.Signal(os.Interrupt)
	_ = p.cmd.Wait()
	raw, err := os.ReadFile(p.log.Name())
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "playalong-totals requests="); ok {
			n, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return n
		}
	}
	return 0
}

func waitJetStream(url string) error {
	nc, err := nats.Connect(url, nats.MaxReconnects(-1))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := js.AccountInfo(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.Join(errors.New("JetStream did not answer on the cluster"), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// starter starts a child process, logging to the run's directory.
type starter func(name string, natsServer bool, binary string, args ...string) (*proc, error)

// startNATS starts three nats-servers clustered on loopback and returns
// their client URLs.
func startNATS(dir, bin string, start starter) (string, error) {
	// Three NATS servers, clustered.
	var clients, routes, urls []string
	for range 3 {
		c, err := freeAddr()
		if err != nil {
			return "", err
		}
		rt, err := freeAddr()
		if err != nil {
			return "", err
		}
		clients, routes, urls = append(clients, c), append(routes, rt), append(urls, "nats://"+c)
	}
	for i := range 3 {
		var rs []string
		for j, rt := range routes {
			if j != i {
				rs = append(rs, strconv.Quote("nats-route://"+rt))
			}
		}
		conf := filepath.Join(dir, fmt.Sprintf("nats-%d.conf", i))
		text := fmt.Sprintf("server_name: nats-%d\nlisten: %q\njetstream { store_dir: %q }\ncluster { name: bench, listen: %q, routes: [%s] }\n",
			i, clients[i], filepath.Join(dir, fmt.Sprintf("nats-%d", i)), routes[i], strings.Join(rs, ", "))
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			return "", err
		}
		p, err := start(fmt.Sprintf("nats-%d", i), true, filepath.Join(bin, "nats-server"), "--config", conf)
		if err != nil {
			return "", err
		}
		if err := waitListening(clients[i], p); err != nil {
			return "", err
		}
	}
	return strings.Join(urls, ","), nil
}

// startServices starts one cluster, blueprint, evolve and gateway process
// and the agent workers, and returns the addresses of the first four.
func startServices(o options, dir, bin string, workers int, base, natsURL string, start starter) (map[string]string, error) {
	var err error
	// The services: one of each, and the workers.
	endpoint := func(c int) string {
		return fmt.Sprintf(`{provider: openai, base_url: %q, model: playalong, max_concurrency: %d, min_concurrency: %d}`, base, c, c)
	}
	agentConf := filepath.Join(dir, "agent.yaml")
	ep := endpoint(o.concurrency)
	if err := os.WriteFile(agentConf, []byte(fmt.Sprintf("rollout: {judge: true}\nllm:\n  user_simulator: %s\n  assistant: %s\n  tool_simulator: %s\n  judge: %s\n", ep, ep, ep, ep)), 0o644); err != nil {
		return nil, err
	}
	blueprintConf := filepath.Join(dir, "blueprint.yaml")
	// The planner serves every worker: it is given room for all of them.
	if err := os.WriteFile(blueprintConf, []byte(fmt.Sprintf("llm: {planner: %s}\n", endpoint(256))), 0o644); err != nil {
		return nil, err
	}
	addr := map[string]string{}
	for _, s := range []string{"cluster", "blueprint", "evolve", "gateway"} {
		if addr[s], err = freeAddr(); err != nil {
			return nil, err
		}
	}
	common := func(s, listen string) []string {
		return []string{"--grpc.listen", listen, "--nats.url", natsURL, "--nats.replicas", "3", "--metrics.listen", "", "--log.level", "warn"}
	}
	type svc struct {
		name, binary, listen string
		args                 []string
	}
	svcs := []svc{
		{"cluster", "cluster", addr["cluster"], []string{"--data_dir", filepath.Join(dir, "cluster")}},
		{"blueprint", "blueprint", addr["blueprint"], []string{"--config", blueprintConf, "--cluster.addr", addr["cluster"]}},
		{"evolve", "evolve", addr["evolve"], []string{"--cluster.addr", addr["cluster"]}},
		{"gateway", "gateway", addr["gateway"], []string{"--cluster.addr", addr["cluster"], "--evolve.addr", addr["evolve"],
			"--http.listen", "", "--data_dir", filepath.Join(dir, "gateway"), "--corpus.roots", filepath.Dir(o.corpus), "--export.roots", dir}},
	}
	for i := range workers {
		listen, err := freeAddr()
		if err != nil {
			return nil, err
		}
		svcs = append(svcs, svc{fmt.Sprintf("agent-%d", i), "agent", listen, []string{"--config", agentConf,
			"--cluster.addr", addr["cluster"], "--blueprint.addr", addr["blueprint"],
			"--worker.concurrency", strconv.Itoa(o.concurrency), "--worker.max_concurrency", strconv.Itoa(o.concurrency)}})
	}
	started := map[string]*proc{}
	for _, s := range svcs {
		p, err := start(s.name, false, filepath.Join(bin, s.binary), append(common(s.name, s.listen), s.args...)...)
		if err != nil {
			return nil, err
		}
		started[s.name] = p
	}
	for _, s := range svcs {
		if err := waitListening(s.listen, started[s.name]); err != nil {
			return nil, err
		}
	}

	return addr, nil
}
