package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSynthPipeline measures the orchestration overhead that
// docs/design.md#targets bounds: CPU per accepted trajectory through every service of the
// embedded suite (embedded NATS, the gateway, evolve, the agent workers, the
// blueprint and cluster services over gRPC), every role played by the sim
// provider, no code step. Each iteration runs two jobs from scratch, of
// -synth.base and of -synth.base + -synth.n records; the difference in the
// process's CPU time (user + system) over -synth.n is the CPU per record, free
// of the start-up, import and clustering both pay.
//
//	go test ./cmd/tds -run '^$' -bench SynthPipeline -benchtime 1x [-synth.n 3000] [-synth.corpus FILE]
func BenchmarkSynthPipeline(b *testing.B) {
	if os.Getuid() != 0 {
		b.Skip("the embedded sandbox service needs root")
	}
	var cpuPerRecord, wallPerRecord float64
	for b.Loop() {
		cpuSmall, wallSmall := synthCPU(b, *synthBase)
		cpuBig, wallBig := synthCPU(b, *synthBase+*synthN)
		cpuPerRecord += float64(cpuBig-cpuSmall) / float64(*synthN)
		wallPerRecord += float64(wallBig-wallSmall) / float64(*synthN)
	}
	b.ReportMetric(cpuPerRecord/float64(b.N)/float64(time.Microsecond), "cpu-µs/record")
	b.ReportMetric(wallPerRecord/float64(b.N)/float64(time.Microsecond), "wall-µs/record")
	b.ReportMetric(0, "ns/op")
}

var (
	synthN      = flag.Int("synth.n", 3000, "records whose CPU BenchmarkSynthPipeline measures")
	synthBase   = flag.Int("synth.base", 300, "records of the baseline job whose CPU is subtracted")
	synthCorpus = flag.String("synth.corpus", exampleCorpus, "corpus BenchmarkSynthPipeline runs on")
)

// synthCPU runs one embedded synth job of n records and returns the
// process's CPU time and the wall time it took.
func synthCPU(b *testing.B, n int) (cpu, wall time.Duration) {
	b.Helper()
	out := filepath.Join(b.TempDir(), "out")
	args := []string{"synth", "--corpus", *synthCorpus, "-n", strconv.Itoa(n), "--out", out,
		"--code-share", "0", "--sandbox.host_id_base", "620000"}
	before, start := processCPU(b), time.Now()
	if code := run(b.Context(), args, io.Discard, io.Discard); code != 0 {
		b.Fatalf("tds synth -n %d exited %d", n, code)
	}
	return processCPU(b) - before, time.Since(start)
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
