package cgroup

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestCloseSweepsStaleCgroups: the cgroups a killed sandbox left (a parent
// named for its pid, with an empty run below it) go when another sandbox
// exits, not only when one starts; a live process's stay.
func TestCloseSweepsStaleCgroups(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to create cgroups")
	}
	m, err := New(fmt.Sprintf("tds-sandbox-%d-sweep", os.Getpid()))
	if err != nil {
		t.Skipf("no usable cgroups: %v", err)
	}
	parents := map[string]bool{}
	for _, h := range []hierarchy{m.memory, m.pids} {
		parents[filepath.Dir(h.root)] = true
	}
	var stale, live []string
	for parent := range parents {
		// Left after New's own sweep: as if a sandbox died while this one ran.
		s := filepath.Join(parent, fmt.Sprintf("tds-sandbox-%d-1", deadPID(t)))
		if err := os.MkdirAll(filepath.Join(s, "run-7"), 0o755); err != nil {
			t.Fatal(err)
		}
		stale = append(stale, s)
		l := filepath.Join(parent, fmt.Sprintf("tds-sandbox-%d-1", os.Getppid()))
		if err := os.Mkdir(l, 0o755); err != nil {
			t.Fatal(err)
		}
		live = append(live, l)
	}
	t.Cleanup(func() {
		for _, d := range append(stale, live...) {
			removeTree(d)
		}
	})
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	for _, d := range stale {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s survived the exit of another sandbox: %v", d, err)
		}
	}
	for _, d := range live {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s of a live process was removed: %v", d, err)
		}
	}
}
