package jail

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/seccomp"
)

//go:embed zygote.py
var zygoteSource string

// Pool is a warm Python pool: a fork server per slot, itself sandboxed,
// that keeps an initialised interpreter and forks every run from it into
// fresh namespaces, tmpfs and seccomp, inside the slot's cgroups. No run ever
// sees another: each is a fresh fork of an interpreter that never ran user
// code. A run skips the interpreter's start-up, most of a short program's cost.
// A slot's server starts with the slot's first run.
type Pool struct {
	j *Jail
}

type zygote struct {
	cmd    *exec.Cmd
	ctl    *net.UnixConn
	exited chan struct{}
	stderr *cappedBuffer
	python string
	own    []int
	// cg is the slot's cgroups, which the server is moved into.
	cg *cgroup.Run
	mu sync.Mutex
	// stopped is set for good when the slot closes: no restart after it.
	stopped bool
	j       *Jail
}

// NewPool gives each of the jail's slots a fork server for the interpreter
// at python (an absolute path under /usr). Nothing starts yet: a slot's
// cgroups and server start with the first run that needs the slot.
func (j *Jail) NewPool(python string) (*Pool, error) {
	if j.idle != nil {
		return nil, errors.New("sandbox: the jail already has a pool")
	}
	for i := range j.cfg.Slots {
		j.slots = append(j.slots, &slot{id: i, python: python, j: j})
	}
	j.idle = newIdleSlots(j.slots)
	return &Pool{j: j}, nil
}

// Start starts every slot's fork server now rather than on the slot's first
// run, one after another, and fails on the first that does not start.
func (p *Pool) Start() error {
	for _, s := range p.j.slots {
		if _, err := s.ready(); err != nil {
			return err
		}
	}
	return nil
}

// Close stops the fork servers and removes the slots' cgroups (the jail's
// Close does too).
func (p *Pool) Close() {
	for _, s := range p.j.slots {
		s.close()
	}
}

// Owns reports whether pid belongs to a fork server: the server, its init,
// or the sandbox it keeps prepared (not a run).
func (p *Pool) Owns(pid int) bool {
	for _, s := range p.j.slots {
		z := s.started()
		if z == nil {
			continue
		}
		if slices.Contains(z.pids(), pid) {
			return true
		}
		for _, c := range z.children() {
			if c == pid || slices.Contains(childrenOf(c), pid) {
				return true
			}
		}
	}
	return false
}

func (z *zygote) pids() []int {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.own
}

// children lists the host pids of the fork server's children: each holds
// one sandbox, prepared or running.
func (z *zygote) children() []int {
	own := z.pids()
	if len(own) < 2 {
		return nil
	}
	return childrenOf(own[1])
}

// childrenOf lists the children of a host process.
func childrenOf(pid int) []int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return nil
	}
	var out []int
	for _, f := range strings.Fields(string(data)) {
		if c, err := strconv.Atoi(f); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// killRun kills the init (and so the whole pid namespace) of the run whose
// sandbox the fork server made in its child nsPid (a pid of its namespace).
func (z *zygote) killRun(nsPid int) bool {
	for _, pid := range z.children() {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			// NSpid: host-pid server-ns-pid
			if len(f) >= 3 && f[0] == "NSpid:" && f[2] == strconv.Itoa(nsPid) {
				for _, initPid := range childrenOf(pid) {
					_ = syscall.Kill(initPid, syscall.SIGKILL)
				}
				return true
			}
		}
	}
	return false
}

// stop stops the server for good.
func (z *zygote) stop() {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.stopped = true
	z.stopLocked()
}

func (z *zygote) stopLocked() {
	if z.cmd == nil {
		return
	}
	_ = z.cmd.Process.Kill()
	// Its init was PID 1 of the server's namespace: everything in it dies, and
	// the output pipes close. Should something linger, kill by cgroup.
	select {
	case <-z.exited:
	case <-time.After(5 * time.Second):
		for _, pid := range z.cg.Procs() {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		select {
		case <-z.exited:
		case <-time.After(5 * time.Second):
		}
	}
	z.ctl.Close()
	z.cmd, z.own = nil, nil
}

// start launches the fork server (z.mu held or not yet shared).
func (z *zygote) start() error {
	j := z.j
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("sandbox: socketpair: %w", err)
	}
	hostEnd, zygoteEnd := os.NewFile(uintptr(fds[0]), "ctl"), os.NewFile(uintptr(fds[1]), "ctl-zygote")
	defer zygoteEnd.Close()
	fc, err := net.FileConn(hostEnd)
	hostEnd.Close()
	if err != nil {
		return fmt.Errorf("sandbox: control socket: %w", err)
	}
	ctl := fc.(*net.UnixConn)
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		ctl.Close()
		return err
	}
	defer cfgR.Close()
	defer cfgW.Close()
	statR, statW, err := os.Pipe()
	if err != nil {
		ctl.Close()
		return err
	}
	defer statR.Close()
	cmd := j.initCommand(cfgR, statW, zygoteEnd)
	z.stderr = &cappedBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = io.Discard, z.stderr
	// The server moves into its slot once, before it forks anything; its
	// runs are born there.
	err = cmd.Start()
	if err == nil {
		if err = z.cg.Add(cmd.Process.Pid); err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	// The server holds its own copies now: a server that dies before it is
	// ready closes the last of them, and the wait below ends at once.
	statW.Close()
	zygoteEnd.Close()
	if err != nil {
		ctl.Close()
		return fmt.Errorf("sandbox: start fork server: %w", err)
	}
	z.cmd, z.ctl, z.exited = cmd, ctl, make(chan struct{})
	exited := z.exited
	go func() { _ = cmd.Wait(); close(exited) }()
	cfg := initConfig{
		Argv: []string{z.python, "-I", "-c", zygoteSource}, Env: []string{"PATH=/usr/bin:/bin", "LANG=C.UTF-8"},
		OpenFiles: 4096, WorkBytes: 1 << 20, TmpBytes: 1 << 20, RootDir: j.rootDir, Privileged: true,
	}
	if err := json.NewEncoder(cfgW).Encode(&cfg); err != nil {
		z.stopLocked()
		return fmt.Errorf("sandbox: configure warm pool: %w", err)
	}
	cfgW.Close()
	boot, _ := json.Marshal(map[string]string{"filter": base64.StdEncoding.EncodeToString(seccomp.Bytes(j.filter))})
	if _, err := ctl.Write(boot); err != nil {
		z.stopLocked()
		return fmt.Errorf("sandbox: warm pool did not start: %w (%s)", err, z.stderr.buf.String())
	}
	_ = ctl.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 16)
	n, err := ctl.Read(buf)
	_ = ctl.SetReadDeadline(time.Time{})
	if err != nil || string(buf[:n]) != "ready" {
		var st initStatus
		_ = json.NewDecoder(statR).Decode(&st)
		z.stopLocked()
		return fmt.Errorf("sandbox: warm pool did not start: %v %s %s %s", err, st.Stage, st.Error, z.stderr.buf.String())
	}
	// The init and the interpreter it started are the fork server's own processes.
	z.own = []int{cmd.Process.Pid}
	if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", cmd.Process.Pid, cmd.Process.Pid)); err == nil {
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil {
				z.own = append(z.own, pid)
				// The OOM killer must pick the run, never the fork server.
				_ = os.WriteFile(fmt.Sprintf("/proc/%d/oom_score_adj", pid), []byte("-1000"), 0)
			}
		}
	}
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/oom_score_adj", cmd.Process.Pid), []byte("-1000"), 0)
	return nil
}

// send hands a run's files to the fork server, restarting it once if it
// died, and returns the pid of the run's init in the server's namespace.
func (z *zygote) send(files []*os.File) (int, error) {
	rights := make([]int, len(files))
	for i, f := range files {
		rights[i] = int(f.Fd())
	}
	oob := syscall.UnixRights(rights...)
	z.mu.Lock()
	defer z.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if z.cmd == nil {
			if z.stopped {
				return 0, errClosed
			}
			if err := z.start(); err != nil {
				return 0, err
			}
		}
		_, _, err := z.ctl.WriteMsgUnix([]byte("run"), oob, nil)
		if err == nil {
			buf := make([]byte, 32)
			var n int
			if n, err = z.ctl.Read(buf); err == nil {
				pid, perr := strconv.Atoi(string(buf[:n]))
				if perr == nil && pid > 0 {
					return pid, nil
				}
				err = fmt.Errorf("fork server answered %q", buf[:n])
			}
		}
		z.stopLocked()
		if attempt == 1 {
			return 0, fmt.Errorf("sandbox: warm pool: %w", err)
		}
	}
}

// Run executes a Python -c spec as a fork of a warm interpreter.
func (p *Pool) Run(ctx context.Context, spec Spec) (*Result, error) { return p.run(ctx, spec, true) }

// Exec executes spec's program afresh (a cold interpreter) in a sandbox the
// fork server builds: the sandbox costs a fork and a few mounts instead of a
// new init process.
func (p *Pool) Exec(ctx context.Context, spec Spec) (*Result, error) { return p.run(ctx, spec, false) }

// Execer is the pool as a runner of cold runs.
func (p *Pool) Execer() interface {
	Run(context.Context, Spec) (*Result, error)
} {
	return execer{p}
}

type execer struct{ p *Pool }

func (e execer) Run(ctx context.Context, spec Spec) (*Result, error) { return e.p.Exec(ctx, spec) }

func (p *Pool) run(ctx context.Context, spec Spec, inProcess bool) (*Result, error) {
	j := p.j
	l := spec.Limits
	s, err := j.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer j.idle.put(s)
	z, err := s.ready()
	if err != nil {
		return nil, err
	}
	place, err := j.placeInSlot(s, l)
	if err != nil {
		return nil, err
	}
	var closers []*os.File
	defer func() {
		for _, f := range closers {
			f.Close()
		}
	}()
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		if err == nil {
			closers = append(closers, r, w)
		}
		return
	}
	cfgR, cfgW, err1 := pipe()
	inR, inW, err2 := pipe()
	outR, outW, err3 := pipe()
	errR, errW, err4 := pipe()
	statR, statW, err5 := pipe()
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	start := time.Now()
	// The configuration and stdin go into their pipes while the fork server
	// dispatches (a closed read end ends the writers if the run never reads).
	cfg := j.initConfig(spec)
	cfg.InProcess = inProcess
	go func() {
		_ = json.NewEncoder(cfgW).Encode(&cfg)
		cfgW.Close()
	}()
	go func() {
		_, _ = io.Copy(inW, bytes.NewReader(spec.Stdin))
		inW.Close()
	}()
	childEnds := []*os.File{cfgR, inR, outW, errW, statW}
	initPid, err := z.send(childEnds)
	for _, f := range childEnds {
		f.Close()
	}
	if err != nil {
		return nil, err
	}

	// The run may still be on its way into its cgroups when it must die:
	// keep killing until its pipes are closed.
	done := make(chan struct{})
	kill := func() {
		go func() {
			for {
				// The run's init is PID 1 of its namespace: all of it dies with it.
				z.killRun(initPid)
				select {
				case <-done:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
	}
	o := j.collect(ctx, l, outR, errR, statR, kill, func() {})
	close(done)
	o.wall = time.Since(start)
	return o.result(l, place.stats())
}
