package jail

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The uid range of this package's sandboxes, apart from every other test's,
// so that counting its processes counts no one else's.
const (
	poolHostIDBase  = 340000
	poolHostIDCount = 4096
)

// newTestJail returns a jail of n slots with a pool for the host's Python,
// closed when the test ends.
func newTestJail(t *testing.T, slots int) (*Jail, *Pool) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("the sandbox needs root")
	}
	python, err := filepath.EvalSymlinks("/usr/bin/python3")
	if err != nil {
		t.Skipf("no Python under /usr: %v", err)
	}
	// The run's init is an unprivileged host uid: its root's parents must be
	// searchable by others, which t.TempDir's are not.
	dir, err := os.MkdirTemp("", "tds-jail-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	j, err := New(Config{HostIDBase: poolHostIDBase, HostIDCount: poolHostIDCount, StateDir: dir, Slots: slots,
		CgroupName: fmt.Sprintf("tds-sandbox-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))})
	if err != nil {
		t.Fatalf("jail: %v", err)
	}
	t.Cleanup(func() { _ = j.Close() })
	p, err := j.NewPool(python)
	if err != nil {
		t.Fatalf("pool: %v", err)
	}
	return j, p
}

func pySpec(code string) Spec {
	return Spec{
		Argv: []string{"/usr/bin/python3", "-I", "-c", code}, Env: []string{"PATH=/usr/bin:/bin"},
		Limits: Limits{Wall: time.Minute, CPU: time.Minute, MemoryBytes: 128 << 20, Pids: 16, OutputBytes: 1 << 16,
			FileSize: 1 << 20, OpenFiles: 64, WorkBytes: 1 << 20, TmpBytes: 1 << 20},
	}
}

// proc is one host process of the test's uid range.
type proc struct {
	pid, ppid, uid int
	argv           []string
	cgroups        string
	userNS         string
}

// rangeProcesses lists the live host processes whose uid is in the test's
// range, read from /proc.
func rangeProcesses(t *testing.T) []proc {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil || bytes.Contains(status, []byte("\nState:\tZ")) {
			continue
		}
		p := proc{pid: pid, uid: -1}
		for _, line := range strings.Split(string(status), "\n") {
			f := strings.Fields(line)
			switch {
			case len(f) > 1 && f[0] == "Uid:":
				p.uid, _ = strconv.Atoi(f[1])
			case len(f) > 1 && f[0] == "PPid:":
				p.ppid, _ = strconv.Atoi(f[1])
			}
		}
		if p.uid < poolHostIDBase || p.uid >= poolHostIDBase+poolHostIDCount {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		p.argv = strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
		cg, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cgroup"))
		p.cgroups = string(cg)
		p.userNS, _ = os.Readlink(filepath.Join("/proc", e.Name(), "ns", "user"))
		out = append(out, p)
	}
	return out
}

// forkServers lists the running fork servers: the Python interpreters
// running the server's program whose parent is a sandbox init this process
// started. (The sandboxes a server prepares are forks of it, with the server
// as their parent.)
func forkServers(t *testing.T) []proc {
	t.Helper()
	ps := rangeProcesses(t)
	inits := map[int]bool{}
	for _, p := range ps {
		if p.ppid == os.Getpid() && len(p.argv) > 0 && p.argv[0] == initArg0 {
			inits[p.pid] = true
		}
	}
	var out []proc
	for _, p := range ps {
		if inits[p.ppid] && len(p.argv) >= 4 && p.argv[2] == "-c" && p.argv[3] == zygoteSource {
			out = append(out, p)
		}
	}
	return out
}

// slotCgroups lists the slot cgroup directories of j on the host, found by
// the jail's unique parent name in every hierarchy.
func slotCgroups(t *testing.T, j *Jail) []string {
	t.Helper()
	var out []string
	pattern := "/sys/fs/cgroup"
	for range 6 {
		pattern = filepath.Join(pattern, "*")
		m, err := filepath.Glob(filepath.Join(pattern, j.cfg.CgroupName, "slot-*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m {
			if name := filepath.Base(d); !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}

// inSlot reports whether a process sits in slot i's cgroups.
func inSlot(p proc, i int) bool {
	return strings.Contains(p.cgroups, "/slot-"+strconv.Itoa(i)+"\n")
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestForkServersStartOnFirstUse(t *testing.T) {
	j, p := newTestJail(t, 3)
	self, _ := os.Readlink("/proc/self/ns/user")
	if s := forkServers(t); len(s) != 0 {
		t.Fatalf("%d fork servers before any run", len(s))
	}
	if cg := slotCgroups(t, j); len(cg) != 0 {
		t.Fatalf("slot cgroups before any run: %v", cg)
	}

	res, err := p.Run(context.Background(), pySpec("print(6*7)"))
	if err != nil || strings.TrimSpace(string(res.Stdout)) != "42" {
		t.Fatalf("first run: %v %+v", err, res)
	}
	servers := forkServers(t)
	if len(servers) != 1 {
		t.Fatalf("after one run: %d fork servers, want 1", len(servers))
	}
	first := servers[0]
	// The server started late is as confined as ever: root of a user
	// namespace of its own, mapped to the range's first id, in its slot's
	// cgroups.
	if first.uid != poolHostIDBase || first.userNS == self || !inSlot(first, 0) {
		t.Fatalf("fork server uid %d, user ns %s (host %s), cgroups %q", first.uid, first.userNS, self, first.cgroups)
	}
	if cg := slotCgroups(t, j); !slices.Equal(cg, []string{"slot-0"}) {
		t.Fatalf("slot cgroups after one run: %v", cg)
	}

	// Runs one after another keep to the server already started.
	for range 3 {
		if res, err := p.Exec(context.Background(), pySpec("print('again')")); err != nil || res.ExitCode != 0 {
			t.Fatalf("later run: %v %+v", err, res)
		}
	}
	if s := forkServers(t); len(s) != 1 || s[0].pid != first.pid {
		t.Fatalf("after runs in sequence: fork servers %v, want only %d", s, first.pid)
	}

	if err := j.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if left := rangeProcesses(t); len(left) != 0 {
		t.Fatalf("processes left after close: %+v", left)
	}
	if cg := slotCgroups(t, j); len(cg) != 0 {
		t.Fatalf("slot cgroups left after close: %v", cg)
	}
}

// TestConcurrentFirstRunsStartOneServerEach holds three long runs at once on
// four cold slots: three servers start, one per slot taken, and the fourth
// slot stays cold.
func TestConcurrentFirstRunsStartOneServerEach(t *testing.T) {
	j, p := newTestJail(t, 4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const runs = 3
	var wg sync.WaitGroup
	errs := make(chan error, runs)
	for range runs {
		wg.Go(func() {
			res, err := p.Run(ctx, pySpec("import time; print('up', flush=True); time.sleep(300)"))
			if err == nil && !res.WallTimedOut && res.Signal == 0 {
				err = fmt.Errorf("the run was not stopped: %+v", res)
			}
			errs <- err
		})
	}
	// All three programs are running (each as the sandbox's user) when the
	// count is taken.
	waitFor(t, "three running programs", func() bool {
		n := 0
		for _, q := range rangeProcesses(t) {
			if q.uid == poolHostIDBase+sandboxUID {
				n++
			}
		}
		return n == runs
	})
	servers := forkServers(t)
	if len(servers) != runs {
		t.Fatalf("%d fork servers for %d concurrent first runs", len(servers), runs)
	}
	for i := range runs {
		n := 0
		for _, s := range servers {
			if inSlot(s, i) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("slot %d holds %d fork servers", i, n)
		}
	}
	if cg := slotCgroups(t, j); !slices.Equal(cg, []string{"slot-0", "slot-1", "slot-2"}) {
		t.Errorf("slot cgroups: %v", cg)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("run: %v", err)
		}
	}
	_ = j.Close()
	if left := rangeProcesses(t); len(left) != 0 {
		t.Fatalf("processes left after close: %+v", left)
	}
}

// TestSlotStartsOnce races two starts of the same cold slot.
func TestSlotStartsOnce(t *testing.T) {
	j, _ := newTestJail(t, 1)
	s := j.slots[0]
	var wg sync.WaitGroup
	got := make([]*zygote, 2)
	for i := range got {
		wg.Go(func() {
			z, err := s.ready()
			if err != nil {
				t.Errorf("start: %v", err)
			}
			got[i] = z
		})
	}
	wg.Wait()
	if got[0] == nil || got[0] != got[1] {
		t.Fatalf("two starts gave %p and %p", got[0], got[1])
	}
	if n := len(forkServers(t)); n != 1 {
		t.Fatalf("%d fork servers after two racing starts", n)
	}
}

// TestFailedStartIsRetried: a server that cannot start fails the run that
// needed it, leaves nothing behind, and the next run tries again.
func TestFailedStartIsRetried(t *testing.T) {
	j, p := newTestJail(t, 1)
	real := j.slots[0].python
	j.slots[0].python = "/usr/bin/no-such-python"
	_, err := p.Run(context.Background(), pySpec("print(1)"))
	if err == nil || !strings.Contains(err.Error(), "did not start") {
		t.Fatalf("run on a server that cannot start: %v", err)
	}
	t.Logf("the run's error: %v", err)
	if left := rangeProcesses(t); len(left) != 0 {
		t.Fatalf("processes left by the failed start: %+v", left)
	}
	if cg := slotCgroups(t, j); len(cg) != 0 {
		t.Fatalf("cgroups left by the failed start: %v", cg)
	}
	j.slots[0].python = real
	res, err := p.Run(context.Background(), pySpec("print(1)"))
	if err != nil || strings.TrimSpace(string(res.Stdout)) != "1" {
		t.Fatalf("run after the cause was fixed: %v %+v", err, res)
	}
	if n := len(forkServers(t)); n != 1 {
		t.Fatalf("%d fork servers after the retry", n)
	}
}

// TestClosedPoolStartsNothing: a run that comes after shutdown is refused
// and starts no server.
func TestClosedPoolStartsNothing(t *testing.T) {
	j, p := newTestJail(t, 2)
	_ = j.Close()
	if _, err := p.Run(context.Background(), pySpec("print(1)")); err == nil {
		t.Fatal("a run after close succeeded")
	}
	if left := rangeProcesses(t); len(left) != 0 {
		t.Fatalf("processes after close: %+v", left)
	}
}

// TestStartStartsEverySlot: a pool started ahead has a server in every
// slot, and runs after it start none.
func TestStartStartsEverySlot(t *testing.T) {
	j, p := newTestJail(t, 2)
	if err := p.Start(); err != nil {
		t.Fatalf("start: %v", err)
	}
	before := forkServers(t)
	if len(before) != 2 || inSlot(before[0], 0) == inSlot(before[1], 0) || inSlot(before[0], 1) == inSlot(before[1], 1) {
		t.Fatalf("after Start: fork servers %+v, want one in each of 2 slots", before)
	}
	if cg := slotCgroups(t, j); !slices.Equal(cg, []string{"slot-0", "slot-1"}) {
		t.Fatalf("slot cgroups after Start: %v", cg)
	}
	if res, err := p.Run(context.Background(), pySpec("print(1)")); err != nil || res.ExitCode != 0 {
		t.Fatalf("run: %v %+v", err, res)
	}
	after := forkServers(t)
	pids := func(ps []proc) []int {
		var out []int
		for _, q := range ps {
			out = append(out, q.pid)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(pids(before), pids(after)) {
		t.Fatalf("a run after Start changed the servers: %v, then %v", pids(before), pids(after))
	}
}
