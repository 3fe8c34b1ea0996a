package executor

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/jail"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/runtimes"
)

// hostIDBase is far from the service default so tests can find their own leftovers.
const hostIDBase = 300000

var (
	sharedOnce sync.Once
	sharedExec *Executor
	sharedErr  error
)

// newExecutor returns an executor over a real jail, shared by the package's
// tests (the jail is per-process state: cgroup parents and a root mount point).
func newExecutor(t *testing.T) *Executor {
	t.Helper()
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tds-sandbox-test-")
		if err != nil {
			sharedErr = err
			return
		}
		j, err := jail.New(jail.Config{HostIDBase: hostIDBase, StateDir: dir})
		if err != nil {
			sharedErr = err
			return
		}
		rts, err := runtimes.Discover(context.Background())
		if err != nil {
			sharedErr = err
			return
		}
		sharedExec = New(Config{Slots: 2, MaxQueue: 4, Isolation: j.Isolation()}, rts, j, nil)
	})
	if sharedErr != nil {
		t.Fatalf("sandbox unavailable: %v", sharedErr)
	}
	return sharedExec
}

func python(code string) *sandboxv1.ExecuteRequest {
	return &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: code}
}

func execute(t *testing.T, r *sandboxv1.ExecuteRequest) *sandboxv1.ExecuteResponse {
	t.Helper()
	resp, err := newExecutor(t).Execute(context.Background(), r)
	if err != nil {
		t.Fatalf("Execute: %v", err)
	}
	if resp.GetStatus() == sandboxv1.Status_STATUS_SANDBOX_ERROR {
		t.Fatalf("sandbox error: %s", resp.GetSandboxError())
	}
	return resp
}

// sandboxProcesses lists host processes running as a uid of the test's range.
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
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "Uid:" {
				if uid, _ := strconv.Atoi(f[1]); uid >= hostIDBase && uid < hostIDBase+65536 {
					out = append(out, e.Name())
				}
			}
		}
	}
	return out
}
