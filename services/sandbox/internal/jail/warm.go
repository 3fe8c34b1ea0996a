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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/seccomp"
)

//go:embed zygote.py
var zygoteSource string

// Pool is a warm Python pool: a fork server, itself sandboxed, that keeps an
// initialised interpreter and forks every run from it into fresh namespaces,
// tmpfs, cgroups and seccomp. No run ever sees another: each is a fresh fork
// of an interpreter that never ran user code. A run skips the interpreter's
// start-up, which is most of a short program's cost.
type Pool struct {
	j      *Jail
	python string

	mu sync.Mutex
	z  *zygote
}

type zygote struct {
	cmd    *exec.Cmd
	ctl    *net.UnixConn
	cg     *cgroup.Run
	exited chan struct{}
	stderr *cappedBuffer
}

// NewPool starts a fork server for the Python interpreter at python (an
// absolute path under /usr).
func (j *Jail) NewPool(python string) (*Pool, error) {
	p := &Pool{j: j, python: python}
	z, err := p.start()
	if err != nil {
		return nil, err
	}
	p.z = z
	return p, nil
}

// Close stops the fork server.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.z != nil {
		p.z.stop()
		p.z = nil
	}
}

func (z *zygote) stop() {
	_ = z.cmd.Process.Kill()
	<-z.exited
	z.ctl.Close()
	_ = z.cg.Remove()
}

func (p *Pool) start() (*zygote, error) {
	cg, err := p.j.cgroups.NewRun("zygote-"+strconv.FormatUint(runSeq.Add(1), 10), cgroup.Limits{MemoryBytes: 512 << 20, Pids: 4096})
	if err != nil {
		return nil, err
	}
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		cg.Remove()
		return nil, fmt.Errorf("sandbox: socketpair: %w", err)
	}
	hostEnd, zygoteEnd := os.NewFile(uintptr(fds[0]), "ctl"), os.NewFile(uintptr(fds[1]), "ctl-zygote")
	defer zygoteEnd.Close()
	fc, err := net.FileConn(hostEnd)
	hostEnd.Close()
	if err != nil {
		cg.Remove()
		return nil, fmt.Errorf("sandbox: control socket: %w", err)
	}
	ctl := fc.(*net.UnixConn)
	fail := func(err error) (*zygote, error) {
		ctl.Close()
		cg.Remove()
		return nil, err
	}

	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	defer cfgR.Close()
	defer cfgW.Close()
	statR, statW, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	defer statR.Close()
	cmd := p.j.initCommand(cfgR, statW, zygoteEnd)
	stderr := &cappedBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = io.Discard, stderr
	if err := cmd.Start(); err != nil {
		statW.Close()
		return fail(fmt.Errorf("sandbox: start warm pool: %w", err))
	}
	statW.Close()
	z := &zygote{cmd: cmd, ctl: ctl, cg: cg, exited: make(chan struct{}), stderr: stderr}
	go func() { _ = cmd.Wait(); close(z.exited) }()
	if err := cg.Add(cmd.Process.Pid); err != nil {
		z.stop()
		return nil, err
	}
	cfg := initConfig{
		Argv: []string{p.python, "-I", "-c", zygoteSource}, Env: []string{"PATH=/usr/bin:/bin", "LANG=C.UTF-8"},
		OpenFiles: 4096, WorkBytes: 1 << 20, TmpBytes: 1 << 20, RootDir: p.j.rootDir, Privileged: true,
	}
	if err := json.NewEncoder(cfgW).Encode(&cfg); err != nil {
		z.stop()
		return nil, fmt.Errorf("sandbox: configure warm pool: %w", err)
	}
	cfgW.Close()
	boot, _ := json.Marshal(map[string]string{"filter": base64.StdEncoding.EncodeToString(seccomp.Bytes(p.j.filter))})
	if _, err := ctl.Write(boot); err != nil {
		z.stop()
		return nil, fmt.Errorf("sandbox: warm pool did not start: %w (%s)", err, z.stderr.buf.String())
	}
	_ = ctl.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 16)
	n, err := ctl.Read(buf)
	_ = ctl.SetReadDeadline(time.Time{})
	if err != nil || string(buf[:n]) != "ready" {
		var st initStatus
		_ = json.NewDecoder(statR).Decode(&st)
		z.stop()
		return nil, fmt.Errorf("sandbox: warm pool did not start: %v %s %s %s", err, st.Stage, st.Error, z.stderr.buf.String())
	}
	return z, nil
}

// send hands a run's files to the fork server, restarting it once if it died.
func (p *Pool) send(files []*os.File) error {
	rights := make([]int, len(files))
	for i, f := range files {
		rights[i] = int(f.Fd())
	}
	oob := syscall.UnixRights(rights...)
	p.mu.Lock()
	defer p.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if p.z == nil {
			z, err := p.start()
			if err != nil {
				return err
			}
			p.z = z
		}
		_, _, err := p.z.ctl.WriteMsgUnix([]byte("run"), oob, nil)
		if err == nil {
			return nil
		}
		p.z.stop()
		p.z = nil
		if attempt == 1 {
			return fmt.Errorf("sandbox: warm pool: %w", err)
		}
	}
}

// Run executes a Python -c spec as a fork of the warm interpreter.
func (p *Pool) Run(ctx context.Context, spec Spec) (*Result, error) {
	l := spec.Limits
	cg, err := p.j.cgroups.NewRun("run-"+strconv.FormatUint(runSeq.Add(1), 10), cgroup.Limits{MemoryBytes: l.MemoryBytes, Pids: l.Pids})
	if err != nil {
		return nil, err
	}
	defer cg.Remove()
	procs, err := cg.OpenProcs()
	if err != nil {
		return nil, err
	}
	var closers []*os.File
	defer func() {
		for _, f := range closers {
			f.Close()
		}
	}()
	closers = append(closers, procs...)
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
	if err := p.send(append([]*os.File{cfgR, inR, outW, errW, statW}, procs...)); err != nil {
		return nil, err
	}
	for _, f := range append([]*os.File{cfgR, inR, outW, errW, statW}, procs...) {
		f.Close()
	}

	cfg := initConfig{
		Argv: spec.Argv, Env: spec.Env, Files: spec.Files, Fetch: spec.Fetch,
		FetchMax: l.FileSize, CPUSecs: uint64((l.CPU + time.Second - 1) / time.Second),
		FileSize: l.FileSize, OpenFiles: l.OpenFiles, WorkBytes: l.WorkBytes, TmpBytes: l.TmpBytes,
	}
	go func() {
		_ = json.NewEncoder(cfgW).Encode(&cfg)
		cfgW.Close()
	}()
	go func() {
		_, _ = io.Copy(inW, bytes.NewReader(spec.Stdin))
		inW.Close()
	}()

	done := make(chan struct{})
	var killing atomic.Bool
	kill := func() {
		if !killing.CompareAndSwap(false, true) {
			return
		}
		// The run may still be on its way into its cgroup: keep killing
		// whatever is there until the run is over.
		go func() {
			for {
				for _, pid := range cg.Procs() {
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
				select {
				case <-done:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
	}
	var killedForOutput atomic.Bool
	stdout := &cappedBuffer{max: l.OutputBytes}
	stderr := &cappedBuffer{max: l.OutputBytes}
	stdout.onOverflow = func() { killedForOutput.Store(true); kill() }
	stderr.onOverflow = stdout.onOverflow
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = io.Copy(stdout, outR) })
	wg.Go(func() { _, _ = io.Copy(stderr, errR) })
	var status initStatus
	var statusErr error
	wg.Go(func() {
		data, err := io.ReadAll(statR)
		if err == nil {
			err = json.Unmarshal(data, &status)
		}
		statusErr = err
	})
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()

	timer := time.NewTimer(l.Wall)
	defer timer.Stop()
	var wallTimedOut bool
	select {
	case <-finished:
	case <-timer.C:
		wallTimedOut = true
		kill()
		<-finished
	case <-ctx.Done():
		kill()
		<-finished
	}
	close(done)
	wall := time.Since(start)
	stats := cg.Stats()

	res := &Result{
		Stdout: stdout.buf.Bytes(), Stderr: stderr.buf.Bytes(),
		StdoutTruncated: stdout.overflow, StderrTruncated: stderr.overflow,
		WallTimedOut: wallTimedOut, Wall: wall, PeakMemoryBytes: stats.PeakMemoryBytes,
	}
	if statusErr != nil {
		if wallTimedOut || killedForOutput.Load() || ctx.Err() != nil || killing.Load() {
			res.Signal = syscall.SIGKILL
			return res, nil
		}
		if stats.OOMKills > 0 {
			res.OutOfMemory, res.Signal = true, syscall.SIGKILL
			return res, nil
		}
		return nil, fmt.Errorf("sandbox: warm run ended without a status: %v", statusErr)
	}
	if status.Error != "" {
		return nil, fmt.Errorf("sandbox: warm run failed at %s: %s", status.Stage, status.Error)
	}
	res.ExitCode = status.ExitCode
	res.Signal = syscall.Signal(status.Signal)
	res.CPU = time.Duration(status.CPUMicros) * time.Microsecond
	res.Files = status.Files
	if res.Signal == syscall.SIGXCPU || (res.Signal == syscall.SIGKILL && l.CPU > 0 && res.CPU >= l.CPU) {
		res.CPUTimedOut = true
	}
	if stats.OOMKills > 0 && (res.Signal != 0 || res.ExitCode != 0) {
		res.OutOfMemory = true
	}
	return res, nil
}

// Owns reports whether pid is the fork server or its init (not a run).
func (p *Pool) Owns(pid int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.z == nil {
		return false
	}
	initPid := p.z.cmd.Process.Pid
	if pid == initPid {
		return true
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The fields after the ")" that ends the command name: state, ppid, ...
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	return len(fields) > 1 && fields[1] == strconv.Itoa(initPid)
}
