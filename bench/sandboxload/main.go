// Command sandboxload runs the sandbox service over loopback gRPC under a
// bounded mixed load of ordinary and hostile programs for a fixed time, checks
// every ordinary result, and afterwards checks that no process, mount or
// cgroup was left behind.
//
//	go run ./bench/sandboxload -duration 10m
//
// Needs root, like the sandbox service.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

const hostIDBase = 540000

// program is one kind of request and how to judge its response.
type program struct {
	name  string
	req   *sandboxv1.ExecuteRequest
	check func(*sandboxv1.ExecuteResponse) error
}

func py(code string) *sandboxv1.ExecuteRequest {
	return &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: code}
}

func limited(r *sandboxv1.ExecuteRequest, wall time.Duration, mem int64, pids int32, out int64) *sandboxv1.ExecuteRequest {
	r.Limits = &sandboxv1.Limits{WallTime: durationpb.New(wall), MemoryBytes: mem, Pids: pids, OutputBytes: out}
	return r
}

func stdoutIs(want string) func(*sandboxv1.ExecuteResponse) error {
	return func(r *sandboxv1.ExecuteResponse) error {
		if r.GetStatus() != sandboxv1.Status_STATUS_OK || strings.TrimSpace(string(r.GetStdout())) != want {
			return fmt.Errorf("status %v stdout %q stderr %q, want %q", r.GetStatus(), r.GetStdout(), clip(r.GetStderr()), want)
		}
		return nil
	}
}

func statusIn(want ...sandboxv1.Status) func(*sandboxv1.ExecuteResponse) error {
	return func(r *sandboxv1.ExecuteResponse) error {
		for _, w := range want {
			if r.GetStatus() == w {
				return nil
			}
		}
		return fmt.Errorf("status %v, want one of %v", r.GetStatus(), want)
	}
}

func programs() []program {
	return []program{
		{"python arithmetic", py("print(sum(i * i for i in range(1000)))"), stdoutIs("332833500")},
		{"python json", py("import json; print(json.dumps({'a': [1, 2]}))"), stdoutIs(`{"a": [1, 2]}`)},
		{"python files", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(open('in.txt').read().upper())",
			Files: []*sandboxv1.File{{Path: "in.txt", Content: []byte("hello")}}}, stdoutIs("HELLO")},
		{"python error", py("raise ValueError('boom')"), statusIn(sandboxv1.Status_STATUS_NONZERO_EXIT)},
		{"bash pipeline", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: "seq 1 100 | paste -sd+ | bc 2>/dev/null || echo 5050"}, stdoutIs("5050")},
		{"sqlite", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_SQLITE, Code: "create table t(x); insert into t values (1),(2),(3); select sum(x) from t;"}, stdoutIs("6")},
		{"hostile fork bomb", limited(&sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_BASH, Code: "f(){ f | f & }; f; sleep 1"}, 2*time.Second, 0, 32, 0),
			statusIn(sandboxv1.Status_STATUS_OK, sandboxv1.Status_STATUS_NONZERO_EXIT, sandboxv1.Status_STATUS_WALL_TIMEOUT, sandboxv1.Status_STATUS_SIGNALED)},
		{"hostile memory bomb", limited(py("x = bytearray(1 << 30)"), 5*time.Second, 64<<20, 0, 0), statusIn(sandboxv1.Status_STATUS_OUT_OF_MEMORY)},
		{"hostile sleep forever", limited(py("import time; time.sleep(1e9)"), 300*time.Millisecond, 0, 0, 0), statusIn(sandboxv1.Status_STATUS_WALL_TIMEOUT)},
		{"hostile output flood", limited(py("while True: print('x' * 1000)"), 5*time.Second, 0, 0, 32<<10), statusIn(sandboxv1.Status_STATUS_OUTPUT_TRUNCATED)},
		{"hostile network", py("import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1); print('open')\nexcept OSError: print('blocked')"), stdoutIs("blocked")},
		{"hostile daemon", py("import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(3600)\nprint('left')"), stdoutIs("left")},
		{"hostile disk fill", &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "f = open('/work/x', 'wb')\ntry:\n    while True: f.write(b'x' * (1 << 20))\nexcept OSError: print('full')",
			Limits: &sandboxv1.Limits{FileSizeBytes: 4 << 20}}, stdoutIs("full")},
		{"hostile kill init", py("import os\ntry:\n    os.kill(1, 9); print('killed')\nexcept PermissionError: print('denied')"), stdoutIs("denied")},
	}
}

func main() {
	duration := flag.Duration("duration", 10*time.Minute, "how long to keep the load on")
	workers := flag.Int("workers", 4, "concurrent clients")
	flag.Parse()
	if err := run(*duration, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "sandboxload:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, workers int) error {
	mountsBefore, err := countMounts()
	if err != nil {
		return err
	}
	stateDir, err := os.MkdirTemp("", "tds-sandboxload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stateDir)
	svc := sandbox.New()
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	svc.RegisterFlags(fs)
	if err := fs.Parse([]string{"--slots=4", "--max_queue=64", "--state_dir=" + stateDir, "--host_id_base=" + strconv.Itoa(hostIDBase)}); err != nil {
		return err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	served := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	go func() { served <- svc.Run(ctx, app.Env{Logger: logger, Listener: lis}) }()
	conn, err := grpcclient.Dial(lis.Addr().String(), grpcclient.Config{})
	if err != nil {
		return err
	}
	client := sandboxv1.NewSandboxServiceClient(conn)

	progs := programs()
	type tally struct {
		runs, failures atomic.Int64
		mu             sync.Mutex
		lat            []time.Duration
		firstErr       string
	}
	tallies := make([]*tally, len(progs))
	for i := range tallies {
		tallies[i] = &tally{}
	}
	var total, callErrors atomic.Int64
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for time.Now().Before(deadline) {
				i := rng.IntN(len(progs))
				p := progs[i]
				t0 := time.Now()
				callCtx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				resp, err := client.Execute(callCtx, p.req)
				cancel()
				d := time.Since(t0)
				total.Add(1)
				t := tallies[i]
				t.runs.Add(1)
				if err == nil {
					err = p.check(resp)
				} else {
					callErrors.Add(1)
				}
				t.mu.Lock()
				t.lat = append(t.lat, d)
				if err != nil {
					t.failures.Add(1)
					if t.firstErr == "" {
						t.firstErr = err.Error()
					}
				}
				t.mu.Unlock()
			}
		})
	}
	start := time.Now()
	ticker := time.NewTicker(30 * time.Second)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
loop:
	for {
		select {
		case <-done:
			break loop
		case <-ticker.C:
			fmt.Printf("%6.0fs  %d runs (%.1f/s), %d call errors\n", time.Since(start).Seconds(), total.Load(), float64(total.Load())/time.Since(start).Seconds(), callErrors.Load())
		}
	}
	ticker.Stop()
	conn.Close()
	stop()
	if err := <-served; err != nil {
		return fmt.Errorf("service: %w", err)
	}
	elapsed := time.Since(start)

	fmt.Printf("\n%d runs in %s (%.1f runs/s) by %d workers, %d gRPC errors\n\n", total.Load(), elapsed.Round(time.Second), float64(total.Load())/elapsed.Seconds(), workers, callErrors.Load())
	fmt.Printf("%-24s %7s %9s %9s %9s\n", "program", "runs", "failures", "p50 ms", "p99 ms")
	var failures int64
	for i, p := range progs {
		t := tallies[i]
		sort.Slice(t.lat, func(a, b int) bool { return t.lat[a] < t.lat[b] })
		p50, p99 := pct(t.lat, 50), pct(t.lat, 99)
		fmt.Printf("%-24s %7d %9d %9.1f %9.1f\n", p.name, t.runs.Load(), t.failures.Load(), ms(p50), ms(p99))
		if t.firstErr != "" {
			fmt.Printf("    first failure: %s\n", t.firstErr)
		}
		failures += t.failures.Load()
	}

	// Afterwards: nothing of the sandbox may remain on the host.
	var problems []string
	if failures > 0 {
		problems = append(problems, fmt.Sprintf("%d runs did not behave as expected", failures))
	}
	if left := leftoverProcesses(); len(left) > 0 {
		problems = append(problems, fmt.Sprintf("processes left: %v", left))
	}
	mountsAfter, err := countMounts()
	if err != nil {
		return err
	}
	if mountsAfter != mountsBefore {
		problems = append(problems, fmt.Sprintf("host mounts changed: %d before, %d after", mountsBefore, mountsAfter))
	}
	if left := leftoverCgroups(); len(left) > 0 {
		problems = append(problems, fmt.Sprintf("cgroups left: %v", left))
	}
	fmt.Printf("\nafter the load: %d leftover processes of the sandbox's uid range, host mounts %d → %d, %d leftover cgroups\n",
		len(leftoverProcesses()), mountsBefore, mountsAfter, len(leftoverCgroups()))
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	fmt.Println("OK: every ordinary program answered correctly, every hostile one was contained, nothing left behind")
	return nil
}

func leftoverProcesses() []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil || bytes.Contains(data, []byte("\nState:\tZ")) {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "Uid:" {
				if uid, _ := strconv.Atoi(f[1]); uid >= hostIDBase && uid < hostIDBase+65536 {
					out = append(out, pid)
				}
			}
		}
	}
	return out
}

func leftoverCgroups() []string {
	var out []string
	for _, pattern := range []string{
		"/sys/fs/cgroup/*/tds-sandbox-" + strconv.Itoa(os.Getpid()) + "-*",
		"/sys/fs/cgroup/*/*/tds-sandbox-" + strconv.Itoa(os.Getpid()) + "-*",
		"/sys/fs/cgroup/*/*/*/tds-sandbox-" + strconv.Itoa(os.Getpid()) + "-*",
	} {
		m, _ := filepath.Glob(pattern)
		out = append(out, m...)
	}
	return out
}

func countMounts() (int, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return 0, err
	}
	return bytes.Count(data, []byte("\n")), nil
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, len(d)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func clip(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}
