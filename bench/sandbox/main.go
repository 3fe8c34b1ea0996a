// Command sandbox measures the sandbox side by side with bare Python in one
// run on one machine: latency (p50/p99) and runs per second at concurrency 1
// and 2 of `/usr/bin/python3 -I -c <code>` run bare and in three sandbox
// modes: cold with an init process of its own per run; cold in a sandbox the
// fork server prepared ahead (a fresh interpreter); warm (a fresh sandbox
// forked from a warm interpreter).
//
//	go run ./bench/sandbox -n 300
//
// Needs root, like the sandbox service.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

const python = "/usr/bin/python3"

type runner struct {
	name string
	run  func(ctx context.Context) error
}

func main() {
	n := flag.Int("n", 300, "runs per configuration and concurrency")
	code := flag.String("code", "pass", "Python program every run executes")
	rounds := flag.Int("rounds", 3, "interleaved rounds (each configuration runs n/rounds per round)")
	flag.Parse()
	if err := run(*n, *rounds, *code); err != nil {
		fmt.Fprintln(os.Stderr, "bench/sandbox:", err)
		os.Exit(1)
	}
}

func run(n, rounds int, code string) error {
	ctx := context.Background()
	type mode struct {
		name string
		opts sandbox.Options
	}
	modes := []mode{
		{"sandbox cold, own init", sandbox.Options{HostIDBase: 400000}},
		{"sandbox cold, prepared", sandbox.Options{HostIDBase: 470000, ForkServer: true}},
		{"sandbox warm", sandbox.Options{HostIDBase: 540000, ForkServer: true, Warm: true}},
	}
	type executor interface {
		Execute(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error)
	}
	execs := make([]executor, len(modes))
	var isolation string
	for i, m := range modes {
		dir, err := os.MkdirTemp("", "tds-bench-sandbox-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		m.opts.Slots, m.opts.MaxQueue, m.opts.StateDir = 4, 64, dir
		e, iso, closeFn, err := sandbox.Open(ctx, m.opts, app.Env{})
		if err != nil {
			return err
		}
		defer closeFn()
		execs[i], isolation = e, iso
	}

	req := &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: code}
	viaSandbox := func(execute func(context.Context, *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error)) func(context.Context) error {
		return func(ctx context.Context) error {
			resp, err := execute(ctx, req)
			if err != nil {
				return err
			}
			if resp.GetStatus() != sandboxv1.Status_STATUS_OK {
				return fmt.Errorf("status %v: %s %s", resp.GetStatus(), resp.GetSandboxError(), resp.GetStderr())
			}
			return nil
		}
	}
	runners := []runner{
		{"bare python3 -I -c", func(ctx context.Context) error {
			return exec.CommandContext(ctx, python, "-I", "-c", code).Run()
		}},
	}
	for i, m := range modes {
		runners = append(runners, runner{m.name, viaSandbox(execs[i].Execute)})
	}

	fmt.Printf("machine: %d CPUs; program: python3 -I -c %q; %d runs per cell in %d interleaved rounds\n", cpus(), code, n, rounds)
	fmt.Printf("sandbox isolation: %s\n\n", isolation)
	for _, r := range runners { // warm-up: page cache, pool, cgroup parents
		for range 10 {
			if err := r.run(ctx); err != nil {
				return fmt.Errorf("%s: %w", r.name, err)
			}
		}
	}
	type cell struct {
		lat     []time.Duration
		elapsed time.Duration
		runs    int
	}
	results := map[string]map[int]*cell{}
	for _, r := range runners {
		results[r.name] = map[int]*cell{1: {}, 2: {}}
	}
	per := max(n/rounds, 1)
	for round := range rounds {
		for _, conc := range []int{1, 2} {
			order := append([]runner(nil), runners...)
			if round%2 == 1 { // alternate the order so drift hits every configuration alike
				slices.Reverse(order)
			}
			for _, r := range order {
				lat, elapsed, err := measure(ctx, r.run, per, conc)
				if err != nil {
					return fmt.Errorf("%s: %w", r.name, err)
				}
				c := results[r.name][conc]
				c.lat = append(c.lat, lat...)
				c.elapsed += elapsed
				c.runs += per
			}
		}
	}
	base := map[int]*cell{1: results[runners[0].name][1], 2: results[runners[0].name][2]}
	fmt.Printf("%-24s %5s %9s %9s %9s %10s %12s\n", "configuration", "conc", "p50 ms", "p99 ms", "runs/s", "p50 ×bare", "runs/s ×bare")
	for _, conc := range []int{1, 2} {
		for _, r := range runners {
			c := results[r.name][conc]
			p50, p99 := pct(c.lat, 50), pct(c.lat, 99)
			rps := float64(c.runs) / c.elapsed.Seconds()
			b := base[conc]
			bp50 := pct(b.lat, 50)
			brps := float64(b.runs) / b.elapsed.Seconds()
			fmt.Printf("%-24s %5d %9.2f %9.2f %9.1f %10.2f %12.2f\n", r.name, conc, ms(p50), ms(p99), rps, float64(p50)/float64(bp50), rps/brps)
		}
	}
	return nil
}

// measure runs f n times with conc workers and returns every latency and the wall time.
func measure(ctx context.Context, f func(context.Context) error, n, conc int) ([]time.Duration, time.Duration, error) {
	lat := make([]time.Duration, n)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for i := range next {
				t0 := time.Now()
				err := f(ctx)
				lat[i] = time.Since(t0)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return lat, time.Since(start), firstErr
}

func pct(d []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func cpus() int {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "processor\t:")
}
