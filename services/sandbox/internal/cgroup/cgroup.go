// Package cgroup limits the memory and process count of one sandbox run with
// Linux control groups, on v1, v2 or a hybrid of both (each controller is
// taken from whichever hierarchy carries it).
package cgroup

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Controller is one cgroup controller this package uses.
type Controller string

const (
	Memory Controller = "memory"
	Pids   Controller = "pids"
)

// hierarchy is where one controller lives.
type hierarchy struct {
	v2   bool
	root string // the service's own parent directory for runs
}

// Manager creates per-run cgroups under a parent of its own.
type Manager struct {
	memory, pids hierarchy
}

// Describe says which hierarchy carries each controller, e.g.
// "memory=v1 pids=v1".
func (m *Manager) Describe() string {
	v := func(h hierarchy) string {
		if h.v2 {
			return "v2"
		}
		return "v1"
	}
	return fmt.Sprintf("memory=%s pids=%s", v(m.memory), v(m.pids))
}

// New finds the memory and pids controllers and creates the parent directory
// name (e.g. "tds-sandbox-1234") below this process's own cgroup in each. It
// fails, naming what is missing, when a controller cannot be used: the sandbox
// never runs without its limits.
func New(name string) (*Manager, error) {
	mounts, err := cgroupMounts()
	if err != nil {
		return nil, err
	}
	own, err := ownCgroups()
	if err != nil {
		return nil, err
	}
	m := &Manager{}
	for _, c := range []struct {
		ctl Controller
		h   *hierarchy
	}{{Memory, &m.memory}, {Pids, &m.pids}} {
		h, err := locate(c.ctl, mounts, own, name)
		if err != nil {
			m.Close()
			return nil, err
		}
		*c.h = h
	}
	return m, nil
}

func locate(ctl Controller, mounts map[string]string, own map[string]string, name string) (hierarchy, error) {
	if mnt, ok := mounts[string(ctl)]; ok {
		sweepStale(filepath.Join(mnt, own[string(ctl)]))
		root := filepath.Join(mnt, own[string(ctl)], name)
		if err := os.MkdirAll(root, 0o755); err != nil {
			return hierarchy{}, fmt.Errorf("cgroup v1 %s: %w", ctl, err)
		}
		return hierarchy{root: root}, nil
	}
	mnt, ok := mounts[""]
	if !ok {
		return hierarchy{}, fmt.Errorf("cgroup: no hierarchy carries the %s controller", ctl)
	}
	avail, err := os.ReadFile(filepath.Join(mnt, own[""], "cgroup.controllers"))
	if err != nil || !strings.Contains(" "+string(avail)+" ", " "+string(ctl)+" ") {
		return hierarchy{}, fmt.Errorf("cgroup: the %s controller is not available in the v2 hierarchy at %s", ctl, filepath.Join(mnt, own[""]))
	}
	// v2: a process may only sit in leaves; our own cgroup holds this process,
	// so the run parent is a sibling-free child with the controller delegated.
	parent := filepath.Join(mnt, own[""])
	sweepStale(parent)
	root := filepath.Join(parent, name)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return hierarchy{}, fmt.Errorf("cgroup v2 %s: %w", ctl, err)
	}
	if err := os.WriteFile(filepath.Join(parent, "cgroup.subtree_control"), []byte("+"+string(ctl)), 0); err != nil {
		return hierarchy{}, fmt.Errorf("cgroup v2: enable %s in %s: %w (a v2 parent with processes of its own cannot delegate; run the sandbox in a cgroup of its own)", ctl, parent, err)
	}
	if err := os.WriteFile(filepath.Join(root, "cgroup.subtree_control"), []byte("+"+string(ctl)), 0); err != nil {
		return hierarchy{}, fmt.Errorf("cgroup v2: enable %s in %s: %w", ctl, root, err)
	}
	return hierarchy{v2: true, root: root}, nil
}

// Close removes the parent directories (they must be empty of runs), and
// sweeps what sandboxes no longer alive left beside them: a sandbox killed
// with SIGKILL cannot clean up after itself, and its empty cgroups should not
// wait for the next start to go.
func (m *Manager) Close() error {
	var errs []error
	seen := map[string]bool{}
	for _, h := range []hierarchy{m.memory, m.pids} {
		if h.root == "" || seen[h.root] {
			continue
		}
		seen[h.root] = true
		if err := rmdirRetry(h.root); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		sweepStale(filepath.Dir(h.root))
	}
	return errors.Join(errs...)
}

// Limits of one run.
type Limits struct {
	MemoryBytes int64
	Pids        int64
}

// Run is the cgroup of one run.
type Run struct {
	memory, pids string
	memV2        bool
}

// NewRun creates the run's cgroups with limits applied.
func (m *Manager) NewRun(id string, l Limits) (*Run, error) {
	r := &Run{memory: filepath.Join(m.memory.root, id), pids: filepath.Join(m.pids.root, id), memV2: m.memory.v2}
	if r.pids == r.memory {
		r.pids = r.memory // one v2 directory serves both
	}
	for _, d := range r.dirs() {
		if err := os.Mkdir(d, 0o755); err != nil {
			r.Remove()
			return nil, fmt.Errorf("cgroup: create %s: %w", d, err)
		}
	}
	var err error
	if m.memory.v2 {
		err = errors.Join(write(r.memory, "memory.max", l.MemoryBytes), write(r.memory, "memory.swap.max", 0))
	} else {
		err = write(r.memory, "memory.limit_in_bytes", l.MemoryBytes)
		if _, statErr := os.Stat(filepath.Join(r.memory, "memory.memsw.limit_in_bytes")); statErr == nil {
			err = errors.Join(err, write(r.memory, "memory.memsw.limit_in_bytes", l.MemoryBytes))
		}
	}
	if err == nil {
		err = write(r.pids, "pids.max", l.Pids)
	}
	if err != nil {
		r.Remove()
		return nil, fmt.Errorf("cgroup: set limits: %w", err)
	}
	return r, nil
}

func (r *Run) dirs() []string {
	if r.pids == r.memory {
		return []string{r.memory}
	}
	return []string{r.memory, r.pids}
}

// Add moves a process (and the children it forks later) into the run.
func (r *Run) Add(pid int) error {
	for _, d := range r.dirs() {
		if err := os.WriteFile(filepath.Join(d, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
			return fmt.Errorf("cgroup: add %d to %s: %w", pid, d, err)
		}
	}
	return nil
}

// Stats are what the run's cgroups recorded.
type Stats struct {
	PeakMemoryBytes int64
	OOMKills        int64
}

// Stats reads the peak memory and the OOM kill count.
func (r *Run) Stats() Stats {
	var s Stats
	if r.memV2 {
		s.PeakMemoryBytes = readInt(filepath.Join(r.memory, "memory.peak"))
		s.OOMKills = readKey(filepath.Join(r.memory, "memory.events"), "oom_kill")
	} else {
		s.PeakMemoryBytes = readInt(filepath.Join(r.memory, "memory.max_usage_in_bytes"))
		s.OOMKills = readKey(filepath.Join(r.memory, "memory.oom_control"), "oom_kill")
		if s.OOMKills == 0 && readInt(filepath.Join(r.memory, "memory.failcnt")) > 0 &&
			readKey(filepath.Join(r.memory, "memory.oom_control"), "under_oom") > 0 {
			s.OOMKills = 1
		}
	}
	return s
}

// Procs lists the host pids still in the run.
func (r *Run) Procs() []int {
	var pids []int
	for _, d := range r.dirs() {
		data, err := os.ReadFile(filepath.Join(d, "cgroup.procs"))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			if p, err := strconv.Atoi(f); err == nil {
				pids = append(pids, p)
			}
		}
	}
	return pids
}

// Remove kills whatever is left in the run (never this process, a thread
// of which may be on its way out) and removes its cgroups.
func (r *Run) Remove() error {
	var errs []error
	self := os.Getpid()
	for _, d := range r.dirs() {
		// Killed processes leave the cgroup once the kernel has torn them
		// down, which under load can take a while: wait up to ~5 s.
		for i := 0; i < 500; i++ {
			pids := r.Procs()
			if len(pids) == 0 {
				break
			}
			for _, p := range pids {
				if p != self {
					_ = syscall.Kill(p, syscall.SIGKILL)
				}
			}
			time.Sleep(time.Duration(min(i+1, 10)) * time.Millisecond)
		}
		if err := rmdirRetry(d); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// rmdirRetry removes a cgroup directory; the kernel refuses (EBUSY) until the
// last process in it has been fully released, a few milliseconds after exit.
func rmdirRetry(dir string) error {
	var err error
	for i := range 200 {
		if err = syscall.Rmdir(dir); err == nil || errors.Is(err, syscall.ENOENT) {
			if errors.Is(err, syscall.ENOENT) {
				return os.ErrNotExist
			}
			return nil
		}
		if !errors.Is(err, syscall.EBUSY) {
			break
		}
		time.Sleep(time.Duration(min(i+1, 10)) * time.Millisecond)
	}
	return fmt.Errorf("cgroup: remove %s: %w", dir, err)
}

func write(dir, file string, v int64) error {
	val := strconv.FormatInt(v, 10)
	if v <= 0 {
		val = "max"
		if file == "memory.limit_in_bytes" || file == "memory.memsw.limit_in_bytes" {
			val = "-1"
		}
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(val), 0); err != nil {
		return fmt.Errorf("write %s=%s: %w", filepath.Join(dir, file), val, err)
	}
	return nil
}

func readInt(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return v
}

func readKey(path, key string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// cgroupMounts maps each v1 controller to its mount point, and "" to the v2
// mount point.
func cgroupMounts() (map[string]string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("cgroup: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// id parent major:minor root mountpoint options optional... - fstype source superoptions
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		preF, postF := strings.Fields(pre), strings.Fields(post)
		if len(preF) < 5 || len(postF) < 3 {
			continue
		}
		switch postF[0] {
		case "cgroup2":
			if _, ok := out[""]; !ok {
				out[""] = preF[4]
			}
		case "cgroup":
			for _, opt := range strings.Split(postF[2], ",") {
				if opt == string(Memory) || opt == string(Pids) {
					out[opt] = preF[4]
				}
			}
		}
	}
	return out, sc.Err()
}

// ownCgroups maps each v1 controller, and "" for v2, to this process's cgroup path.
func ownCgroups() (map[string]string, error) {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil, fmt.Errorf("cgroup: %w", err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out[""] = parts[2]
			continue
		}
		for _, ctl := range strings.Split(parts[1], ",") {
			out[ctl] = parts[2]
		}
	}
	return out, nil
}

// SetLimits changes the run's limits in place.
func (r *Run) SetLimits(l Limits) error {
	if r.memV2 {
		return errors.Join(write(r.memory, "memory.max", l.MemoryBytes), write(r.pids, "pids.max", l.Pids))
	}
	memsw := filepath.Join(r.memory, "memory.memsw.limit_in_bytes")
	_, statErr := os.Stat(memsw)
	hasMemsw := statErr == nil
	// memsw must stay >= the memory limit: raise it first when growing, after when shrinking.
	err := write(r.memory, "memory.limit_in_bytes", l.MemoryBytes)
	if hasMemsw {
		if err != nil {
			err = errors.Join(write(r.memory, "memory.memsw.limit_in_bytes", l.MemoryBytes), write(r.memory, "memory.limit_in_bytes", l.MemoryBytes))
		} else {
			err = write(r.memory, "memory.memsw.limit_in_bytes", l.MemoryBytes)
		}
	}
	return errors.Join(err, write(r.pids, "pids.max", l.Pids))
}

// Usage is what the run's cgroups hold now.
type Usage struct {
	MemoryBytes int64
	Tasks       int64
}

// Usage reads current memory and task counts.
func (r *Run) Usage() Usage {
	if r.memV2 {
		return Usage{MemoryBytes: readInt(filepath.Join(r.memory, "memory.current")), Tasks: readInt(filepath.Join(r.pids, "pids.current"))}
	}
	return Usage{MemoryBytes: readInt(filepath.Join(r.memory, "memory.usage_in_bytes")), Tasks: readInt(filepath.Join(r.pids, "pids.current"))}
}

// ResetPeak restarts peak-memory tracking (v1 only; v2 keeps a lifetime peak).
func (r *Run) ResetPeak() {
	if !r.memV2 {
		_ = os.WriteFile(filepath.Join(r.memory, "memory.max_usage_in_bytes"), []byte("0"), 0)
	}
}

// sweepStale removes the cgroups that sandboxes of processes no longer alive
// left under dir ("tds-sandbox-<pid>-..."), after a crash or a kill -9.
func sweepStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), "tds-sandbox-")
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() {
			continue
		}
		if _, err := os.Stat(filepath.Join("/proc", pidText)); err == nil {
			continue // its owner is alive
		}
		removeTree(filepath.Join(dir, e.Name()))
	}
}

// removeTree kills what is left in a cgroup tree and removes it, leaves first.
func removeTree(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			removeTree(filepath.Join(dir, e.Name()))
		}
	}
	_ = (&Run{memory: dir, pids: dir}).Remove()
}
