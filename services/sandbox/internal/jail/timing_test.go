package jail

import (
	"context"
	"os"
	"os/exec"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
	"testing"
	"time"
)

func TestTiming(t *testing.T) {
	if os.Getenv("TDS_TIMING") == "" {
		t.Skip()
	}
	dir, _ := os.MkdirTemp("", "jt")
	defer os.RemoveAll(dir)
	j, err := New(Config{StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	p, _ := j.NewPool("/usr/bin/python3")
	defer p.Close()
	lim := Limits{Wall: 5 * time.Second, CPU: 2 * time.Second, MemoryBytes: 256 << 20, Pids: 64, OutputBytes: 1 << 20, FileSize: 16 << 20, OpenFiles: 256, WorkBytes: 64 << 20, TmpBytes: 16 << 20}
	med := func(name string, f func()) {
		var ds []time.Duration
		for i := 0; i < 40; i++ {
			s := time.Now()
			f()
			ds = append(ds, time.Since(s))
		}
		var sum time.Duration
		for _, d := range ds[10:] {
			sum += d
		}
		t.Logf("%-30s mean %v", name, sum/30)
	}
	med("bare true", func() { exec.Command("/usr/bin/true").Run() })
	med("bare python", func() { exec.Command("/usr/bin/python3", "-I", "-c", "pass").Run() })
	med("cgroup new+remove", func() {
		cg, _ := j.cgroups.NewRun("t", cgroupLimits())
		cg.Remove()
	})
	med("jail true", func() { j.Run(context.Background(), Spec{Argv: []string{"/usr/bin/true"}, Limits: lim}) })
	med("jail python", func() {
		j.Run(context.Background(), Spec{Argv: []string{"/usr/bin/python3", "-I", "-c", "pass"}, Limits: lim})
	})
	med("pool exec true", func() { p.Exec(context.Background(), Spec{Argv: []string{"/usr/bin/true"}, Limits: lim}) })
	med("pool exec python", func() {
		p.Exec(context.Background(), Spec{Argv: []string{"/usr/bin/python3", "-I", "-c", "pass"}, Limits: lim})
	})
	med("warm python", func() {
		p.Run(context.Background(), Spec{Argv: []string{"/usr/bin/python3", "-I", "-c", "pass"}, Limits: lim})
	})
}

func cgroupLimits() cgroup.Limits { return cgroup.Limits{MemoryBytes: 1 << 28, Pids: 64} }
