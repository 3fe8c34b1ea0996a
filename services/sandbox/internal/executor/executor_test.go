package executor

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/jail"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/runtimes"
)

// hostIDBase is far from the service default so tests can find their own leftovers.
const hostIDBase = 300000

// hostIDCount is smaller than the default range, as in a pod that owns only
// 65536 ids: every test here also shows the sandbox works in one.
const hostIDCount = 4096

var (
	sharedOnce                   sync.Once
	coldExec, forkExec, warmExec *Executor
	pool                         *jail.Pool
	sharedJail                   *jail.Jail
	sharedErr                    error
)

// TestMain closes the shared jail, so no cgroup outlives the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if sharedJail != nil {
		sharedJail.Close()
	}
	os.Exit(code)
}

// newExecutor returns the cold executor (every run a fresh jail and
// interpreter) over a real jail, shared by the package's tests.
func newExecutor(t *testing.T) *Executor {
	t.Helper()
	setup(t)
	return coldExec
}

// newForkExecutor returns the executor whose runs execute afresh in
// sandboxes the fork server prepares.
func newForkExecutor(t *testing.T) *Executor {
	t.Helper()
	setup(t)
	return forkExec
}

// newWarmExecutor returns the executor whose Python runs fork from the warm pool.
func newWarmExecutor(t *testing.T) *Executor {
	t.Helper()
	setup(t)
	return warmExec
}

// setup builds both executors on one jail (the jail is per-process state:
// cgroup parents and a root mount point).
func setup(t *testing.T) {
	t.Helper()
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tds-sandbox-test-")
		if err != nil {
			sharedErr = err
			return
		}
		j, err := jail.New(jail.Config{HostIDBase: hostIDBase, HostIDCount: hostIDCount, StateDir: dir, Slots: 2})
		if err != nil {
			sharedErr = err
			return
		}
		rts, err := runtimes.Discover(context.Background())
		if err != nil {
			sharedErr = err
			return
		}
		sharedJail = j
		pool, err = j.NewPool(rts[sandboxv1.Language_LANGUAGE_PYTHON].Path)
		if err != nil {
			sharedErr = err
			return
		}
		coldExec = New(Config{Slots: 2, MaxQueue: 4, Isolation: j.Isolation()}, rts, j, nil)
		forkExec = New(Config{Slots: 2, MaxQueue: 4, Isolation: j.Isolation()}, rts, pool.Execer(), nil)
		warmExec = New(Config{Slots: 2, MaxQueue: 4, Isolation: j.Isolation()}, rts, pool.Execer(),
			map[sandboxv1.Language]Runner{sandboxv1.Language_LANGUAGE_PYTHON: pool})
	})
	if sharedErr != nil {
		t.Fatalf("sandbox unavailable: %v", sharedErr)
	}
}

func python(code string) *sandboxv1.ExecuteRequest {
	return &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: code}
}

func execute(t *testing.T, e *Executor, r *sandboxv1.ExecuteRequest) *sandboxv1.ExecuteResponse {
	t.Helper()
	resp, err := e.Execute(context.Background(), r)
	if err != nil {
		t.Fatalf("Execute: %v", err)
	}
	if resp.GetStatus() == sandboxv1.Status_STATUS_SANDBOX_ERROR {
		t.Fatalf("sandbox error: %s", resp.GetSandboxError())
	}
	return resp
}

// sandboxProcesses lists host processes of the test's uid range but for the
// fork servers' own (server, init, prepared sandbox); a process of the
// sandbox user (inside uid 1000) is always a leak.
func sandboxProcesses(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil || strings.Contains(string(data), "\nState:\tZ") {
			continue // gone, or a zombie waiting to be reaped: it holds nothing
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "Uid:" {
				pid, _ := strconv.Atoi(e.Name())
				uid, _ := strconv.Atoi(f[1])
				if uid == hostIDBase+1000 || (uid >= hostIDBase && uid < hostIDBase+hostIDCount && !pool.Owns(pid)) {
					out = append(out, e.Name())
				}
			}
		}
	}
	return out
}

// lingeringProcesses waits up to five seconds for the sandbox processes to
// go and returns those still there. A killed process may take a moment to
// exit on a loaded machine, and a fork server being replaced is briefly
// nobody's; a process that escaped its run stays for good.
func lingeringProcesses(t *testing.T) []string {
	t.Helper()
	left := sandboxProcesses(t)
	for deadline := time.Now().Add(5 * time.Second); len(left) > 0 && time.Now().Before(deadline); left = sandboxProcesses(t) {
		time.Sleep(20 * time.Millisecond)
	}
	return left
}
