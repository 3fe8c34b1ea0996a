// Command modelpath measures the model path — throughput, model calls,
// CPU per call and memory — of `tds synth` side by side with distilabel, on
// the same fake OpenAI-compatible server (bench/playalong) at several
// latencies and under faults, in one run on one machine.
//
// For every scenario and repeat it starts a fresh playalong server (latency,
// a ceiling of calls served at once, load-independent 429s and 500s), runs
// one system against it as a child process, and reads the server's totals:
//
//   - tds: `tds synth` with every role (planner, user simulator, assistant,
//     tool simulator, judge) at the server, max_concurrency = the ceiling;
//   - distilabel: a pinned distilabel in a venv (setup-distilabel makes it), a
//     pipeline whose task makes, per record and in sequence, as many calls as
//     tds took per record in the same scenario, each with the conversation
//     so far — distilabel's way of writing a multi-turn rollout (turn by
//     turn for the whole batch, as its Magpie task), the batch the size of
//     the ceiling (distilabel_pipeline.py).
//
// Records/s and calls/s are over the process's whole wall time (start-up
// included); CPU is the process tree's user + system time (getrusage of the
// child, which includes its reaped children); peak RSS is the largest sum
// of the tree's resident sets seen (sampled every 100 ms); "ceiling use" is
// the server's mean calls served at once over the ceiling.
//
// With --cpuprofile DIR every tds run writes a CPU profile of the suite
// process there (TDS_CPU_PROFILE): go tool pprof DIR/tds-0s-1.pprof.
//
//	go run ./bench/modelpath [--n 200] [--scenarios 0s,200ms,2s,faults] [--repeats 1] [--ceiling 64] [--cpuprofile DIR]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	n          int
	scenarios  []string
	systems    []string
	repeats    int
	ceiling    int
	faultLat   time.Duration
	calls      int
	venv       string
	corpus     string
	work       string
	runTimeout time.Duration
	cpuProfile string
}

func main() {
	var o options
	var scen, systems string
	flag.IntVar(&o.n, "n", 200, "records per run")
	flag.StringVar(&scen, "scenarios", "0s,200ms,2s,faults", "comma-separated: a latency (0s, 200ms, 2s) or faults (20% 429 with Retry-After: 1 and 5% 500, at --fault-latency)")
	flag.StringVar(&systems, "systems", "tds,distilabel", "comma-separated: tds, distilabel")
	flag.IntVar(&o.repeats, "repeats", 1, "runs of each scenario and system")
	flag.IntVar(&o.ceiling, "ceiling", 64, "calls the server serves at once (more wait in its queue); tds max_concurrency and distilabel's batch")
	flag.DurationVar(&o.faultLat, "fault-latency", 0, "latency of the faults scenario")
	flag.IntVar(&o.calls, "calls", 0, "distilabel calls per record; 0 takes what tds took in the same scenario")
	flag.StringVar(&o.venv, "venv", ".tds/bench/distilabel", "the distilabel venv (made by bench/modelpath/setup-distilabel when missing)")
	flag.StringVar(&o.corpus, "corpus", "examples/corpora/bfcl-multiturn.jsonl", "corpus of the tds runs")
	flag.StringVar(&o.work, "work", "", "scratch directory (default a new temporary one)")
	flag.DurationVar(&o.runTimeout, "run-timeout", 15*time.Minute, "longest one run may take")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "directory to write a CPU profile of every tds run to (tds-<scenario>-<run>.pprof, for go tool pprof)")
	flag.Parse()
	o.scenarios = split(scen)
	o.systems = split(systems)
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "modelpath:", err)
		os.Exit(1)
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// result is one run's measurements.
type result struct {
	scenario, system string
	records          int
	wall             time.Duration
	cpu              time.Duration
	peakRSS          int64 // bytes
	requests         int64
	refused          int64 // 429s and 500s
	busy             float64
	note             string
}

func (r result) calls() int64 { return r.requests - r.refused }

func run(o options) error {
	if o.work == "" {
		dir, err := os.MkdirTemp("", "modelpath-")
		if err != nil {
			return err
		}
		o.work = dir
	}
	if o.cpuProfile != "" {
		if err := os.MkdirAll(o.cpuProfile, 0o755); err != nil {
			return err
		}
	}
	bin := filepath.Join(o.work, "bin")
	fmt.Printf("modelpath: building tds and playalong into %s\n", bin)
	for _, b := range [][2]string{{"tds", "./cmd/tds"}, {"playalong", "./bench/playalong"}} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, b[0]), b[1])
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s (run from the repository root): %w", b[1], err)
		}
	}
	if contains(o.systems, "distilabel") {
		if _, err := os.Stat(filepath.Join(o.venv, "bin", "python")); err != nil {
			fmt.Printf("modelpath: making the distilabel venv %s\n", o.venv)
			cmd := exec.Command("bench/modelpath/setup-distilabel", o.venv)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("setup-distilabel: %w", err)
			}
		}
	}
	var all []result
	for _, sc := range o.scenarios {
		tdsCalls := 0.0
		for rep := range o.repeats {
			for _, sys := range o.systems {
				r, err := runOne(o, bin, sc, sys, rep, tdsCalls)
				if err != nil {
					return fmt.Errorf("%s %s: %w", sc, sys, err)
				}
				if sys == "tds" && r.records > 0 {
					tdsCalls = float64(r.calls()) / float64(r.records)
				}
				printResult(r, o.ceiling)
				all = append(all, r)
			}
		}
	}
	summary(all, o)
	return nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// scenarioFlags are the playalong flags of a scenario.
func scenarioFlags(sc string, o options) ([]string, error) {
	flags := []string{"--slots", strconv.Itoa(o.ceiling)}
	if sc == "faults" {
		return append(flags, "--latency", o.faultLat.String(), "--rate-429", "0.2", "--retry-after", "1", "--rate-500", "0.05"), nil
	}
	d, err := time.ParseDuration(sc)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: want a latency or faults", sc)
	}
	return append(flags, "--latency", d.String()), nil
}

func runOne(o options, bin, sc, sys string, rep int, tdsCalls float64) (result, error) {
	r := result{scenario: sc, system: sys}
	flags, err := scenarioFlags(sc, o)
	if err != nil {
		return r, err
	}
	port, err := freePort()
	if err != nil {
		return r, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	srv := exec.Command(filepath.Join(bin, "playalong"), append([]string{"--listen", addr}, flags...)...)
	out, err := srv.StdoutPipe()
	if err != nil {
		return r, err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return r, err
	}
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if err := waitFor(lines, "playalong: serving", 60*time.Second); err != nil {
		_ = srv.Process.Kill()
		return r, err
	}
	base := "http://" + addr + "/v1"
	dir := filepath.Join(o.work, fmt.Sprintf("%s-%s-%d", sys, sc, rep))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}
	var cmd *exec.Cmd
	switch sys {
	case "tds":
		cfg := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(cfg, []byte(tdsConfig(base, o.ceiling)), 0o644); err != nil {
			return r, err
		}
		cmd = exec.Command(filepath.Join(bin, "tds"), "synth", "--config", cfg, "--corpus", o.corpus,
			"-n", strconv.Itoa(o.n), "--code-share", "0", "--out", filepath.Join(dir, "out"))
		if o.cpuProfile != "" {
			prof, err := filepath.Abs(filepath.Join(o.cpuProfile, fmt.Sprintf("tds-%s-%d.pprof", sc, rep+1)))
			if err != nil {
				return r, err
			}
			cmd.Env = append(os.Environ(), "TDS_CPU_PROFILE="+prof)
		}
	case "distilabel":
		calls := o.calls
		if calls == 0 {
			calls = int(math.Round(tdsCalls))
		}
		if calls == 0 {
			calls = 11
		}
		r.note = fmt.Sprintf("%d calls/record", calls)
		cmd = exec.Command(filepath.Join(o.venv, "bin", "python"), "bench/modelpath/distilabel_pipeline.py",
			"--base-url", base, "--records", strconv.Itoa(o.n), "--calls", strconv.Itoa(calls), "--batch", strconv.Itoa(o.ceiling))
		cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir)
	default:
		return r, fmt.Errorf("unknown system %q", sys)
	}
	logf, err := os.Create(filepath.Join(dir, "log.txt"))
	if err != nil {
		return r, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a cut-off run is killed whole
	ctx, cancel := context.WithTimeout(context.Background(), o.runTimeout)
	defer cancel()
	fmt.Printf("modelpath: %s %s run %d (log %s)\n", sc, sys, rep+1, logf.Name())
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	peak := make(chan int64, 1)
	stopSampling := make(chan struct{})
	go func() { peak <- samplePeakRSS(cmd.Process.Pid, stopSampling) }()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var runErr error
	select {
	case runErr = <-done:
	case <-ctx.Done():
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Process.Kill()
		runErr = <-done
		r.note = strings.TrimSpace(r.note + " cut off at " + o.runTimeout.String())
	}
	r.wall = time.Since(start)
	close(stopSampling)
	r.peakRSS = <-peak
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.peakRSS = max(r.peakRSS, ru.Maxrss*1024)
	}
	_ = srv.Process.Signal(os.Interrupt)
	totals, terr := readTotals(lines, 60*time.Second)
	_ = srv.Wait()
	if terr != nil {
		return r, terr
	}
	r.requests, r.refused, r.busy = totals.requests, totals.refused, totals.busy
	switch sys {
	case "tds":
		r.records = countLines(filepath.Join(dir, "out", "trajectories.jsonl"))
	case "distilabel":
		r.records = distilabelRecords(logf.Name())
	}
	if runErr != nil && r.note == "" {
		r.note = "exit: " + runErr.Error()
	}
	return r, nil
}

func tdsConfig(base string, ceiling int) string {
	ep := fmt.Sprintf(`{provider: openai, base_url: %q, model: playalong, max_concurrency: %d}`, base, ceiling)
	return fmt.Sprintf(`blueprint: {llm: {planner: %s}}
agent:
  rollout: {judge: true}
  llm:
    user_simulator: %s
    assistant: %s
    tool_simulator: %s
    judge: %s
`, ep, ep, ep, ep, ep)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitFor(lines <-chan string, prefix string, d time.Duration) error {
	t := time.After(d)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return errors.New("playalong exited before serving")
			}
			if strings.HasPrefix(l, prefix) {
				return nil
			}
		case <-t:
			return fmt.Errorf("no %q within %s", prefix, d)
		}
	}
}

type totals struct {
	requests, refused int64
	busy              float64
}

var totalsLine = regexp.MustCompile(`^playalong-totals requests=(\d+) refused429=(\d+) failed500=(\d+) busy=([\d.]+)`)

func readTotals(lines <-chan string, d time.Duration) (totals, error) {
	t := time.After(d)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return totals{}, errors.New("playalong exited without its totals")
			}
			if m := totalsLine.FindStringSubmatch(l); m != nil {
				req, _ := strconv.ParseInt(m[1], 10, 64)
				a, _ := strconv.ParseInt(m[2], 10, 64)
				b, _ := strconv.ParseInt(m[3], 10, 64)
				busy, _ := strconv.ParseFloat(m[4], 64)
				return totals{requests: req, refused: a + b, busy: busy}, nil
			}
		case <-t:
			return totals{}, errors.New("no totals from playalong")
		}
	}
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		n++
	}
	return n
}

func distilabelRecords(log string) int {
	raw, err := os.ReadFile(log)
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(l, "distilabel-totals "); ok {
			var t struct {
				Complete int `json:"complete"`
			}
			if json.Unmarshal([]byte(rest), &t) == nil {
				return t.Complete
			}
		}
	}
	return 0
}

// samplePeakRSS returns the largest total resident set of pid and its
// descendants seen until stop is closed.
func samplePeakRSS(pid int, stop <-chan struct{}) int64 {
	var peak int64
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	page := int64(os.Getpagesize())
	for {
		peak = max(peak, treeRSS(pid)*page)
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

// treeRSS sums the resident pages of pid and its descendants (from /proc).
func treeRSS(root int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	parent := map[int]int{}
	rss := map[int]int64{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command (which may hold spaces) start after ")".
		s := string(raw)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 22 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		pages, _ := strconv.ParseInt(f[21], 10, 64)
		parent[pid], rss[pid] = ppid, pages
	}
	var total int64
	for pid, pages := range rss {
		for p := pid; p > 1; p = parent[p] {
			if p == root {
				total += pages
				break
			}
		}
	}
	return total
}

func printResult(r result, ceiling int) {
	fmt.Printf("  %-8s %-10s %4d records %7.1fs  %6.2f rec/s  %7.1f calls/s  %6.2f ms CPU/call  peak RSS %5.0f MB  ceiling use %3.0f%%  (%d requests, %d refused) %s\n",
		r.scenario, r.system, r.records, r.wall.Seconds(), float64(r.records)/r.wall.Seconds(), float64(r.calls())/r.wall.Seconds(),
		cpuPerCall(r), float64(r.peakRSS)/(1<<20), 100*r.busy/(float64(ceiling)*r.wall.Seconds()), r.requests, r.refused, r.note)
}

func cpuPerCall(r result) float64 {
	if r.calls() == 0 {
		return 0
	}
	return float64(r.cpu.Microseconds()) / 1000 / float64(r.calls())
}

// summary prints, per scenario and system, the median and the range over
// the repeats.
func summary(all []result, o options) {
	fmt.Printf("\nmodelpath: %d records a run, ceiling %d calls at once, %d repeat(s); median [min–max]\n", o.n, o.ceiling, o.repeats)
	fmt.Printf("%-8s %-10s %-22s %-22s %-22s %-20s %-16s\n", "scenario", "system", "records/s", "calls/s", "CPU ms/call", "peak RSS MB", "ceiling use %")
	for _, sc := range o.scenarios {
		for _, sys := range o.systems {
			var rs []result
			for _, r := range all {
				if r.scenario == sc && r.system == sys {
					rs = append(rs, r)
				}
			}
			if len(rs) == 0 {
				continue
			}
			f := func(g func(result) float64) string {
				v := make([]float64, len(rs))
				for i, r := range rs {
					v[i] = g(r)
				}
				sort.Float64s(v)
				med := (v[(len(v)-1)/2] + v[len(v)/2]) / 2
				return fmt.Sprintf("%.2f [%.2f–%.2f]", med, v[0], v[len(v)-1])
			}
			fmt.Printf("%-8s %-10s %-22s %-22s %-22s %-20s %-16s\n", sc, sys,
				f(func(r result) float64 { return float64(r.records) / r.wall.Seconds() }),
				f(func(r result) float64 { return float64(r.calls()) / r.wall.Seconds() }),
				f(cpuPerCall),
				f(func(r result) float64 { return float64(r.peakRSS) / (1 << 20) }),
				f(func(r result) float64 { return 100 * r.busy / (float64(o.ceiling) * r.wall.Seconds()) }))
		}
	}
}
