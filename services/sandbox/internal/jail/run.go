package jail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
)

var runSeq atomic.Uint64

// Run executes spec in a fresh sandbox. ctx cancellation kills the run like
// the wall limit does. The error is non-nil only when the sandbox failed.
func (j *Jail) Run(ctx context.Context, spec Spec) (*Result, error) {
	l := spec.Limits
	runID := strconv.FormatUint(runSeq.Add(1), 10)
	cg, err := j.cgroups.NewRun("run-"+runID, cgroup.Limits{MemoryBytes: l.MemoryBytes, Pids: l.Pids})
	if err != nil {
		return nil, err
	}
	defer cg.Remove()

	cfg := initConfig{
		Argv: spec.Argv, Env: spec.Env, Files: spec.Files, Fetch: spec.Fetch,
		FetchMax: l.FileSize, CPUSecs: uint64((l.CPU + time.Second - 1) / time.Second),
		FileSize: l.FileSize, OpenFiles: l.OpenFiles, WorkBytes: l.WorkBytes, TmpBytes: l.TmpBytes,
		RootDir: j.rootDir,
	}
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	defer cfgR.Close()
	defer cfgW.Close()
	statR, statW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	defer statR.Close()
	defer statW.Close()

	cmd := j.initCommand(cfgR, statW)
	cmd.Stdin = bytes.NewReader(spec.Stdin)
	stdout := &cappedBuffer{max: l.OutputBytes}
	stderr := &cappedBuffer{max: l.OutputBytes}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	cmd.Stdout, cmd.Stderr = outW, errW

	start := time.Now()
	if err := cmd.Start(); err != nil {
		outR.Close()
		outW.Close()
		errR.Close()
		errW.Close()
		return nil, fmt.Errorf("sandbox: start init: %w", err)
	}
	outW.Close()
	errW.Close()
	statW.Close()
	cfgR.Close()

	var killOnce sync.Once
	var killedForOutput atomic.Bool
	kill := func() { killOnce.Do(func() { _ = cmd.Process.Kill() }) }
	stdout.onOverflow = func() { killedForOutput.Store(true); kill() }
	stderr.onOverflow = stdout.onOverflow

	var drained sync.WaitGroup
	drained.Go(func() { _, _ = io.Copy(stdout, outR); outR.Close() })
	drained.Go(func() { _, _ = io.Copy(stderr, errR); errR.Close() })
	var status initStatus
	var statusErr error
	drained.Go(func() { statusErr = json.NewDecoder(statR).Decode(&status) })

	// The init waits for its configuration before building anything: by then
	// it must be inside the run's cgroups.
	setupErr := cg.Add(cmd.Process.Pid)
	if setupErr == nil {
		setupErr = json.NewEncoder(cfgW).Encode(&cfg)
	}
	cfgW.Close()
	if setupErr != nil {
		kill()
	}

	wallTimer := time.NewTimer(l.Wall)
	defer wallTimer.Stop()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var wallTimedOut bool
	var waitErr error
	select {
	case waitErr = <-waited:
	case <-wallTimer.C:
		wallTimedOut = true
		kill()
		waitErr = <-waited
	case <-ctx.Done():
		kill()
		waitErr = <-waited
	}
	wall := time.Since(start)
	drained.Wait()
	stats := cg.Stats()

	if setupErr != nil {
		return nil, fmt.Errorf("sandbox: set up run: %w", setupErr)
	}
	res := &Result{
		Stdout: stdout.buf.Bytes(), Stderr: stderr.buf.Bytes(),
		StdoutTruncated: stdout.overflow, StderrTruncated: stderr.overflow,
		WallTimedOut: wallTimedOut, Wall: wall, PeakMemoryBytes: stats.PeakMemoryBytes,
	}
	killed := wallTimedOut || killedForOutput.Load() || ctx.Err() != nil
	if statusErr != nil {
		if killed {
			res.Signal = syscall.SIGKILL
			return res, nil
		}
		if stats.OOMKills > 0 {
			// The init itself was the OOM victim: the run ran out of memory.
			res.OutOfMemory, res.Signal = true, syscall.SIGKILL
			return res, nil
		}
		return nil, fmt.Errorf("sandbox: init ended without a status (%v): %w", waitErr, statusErr)
	}
	if status.Error != "" {
		return nil, fmt.Errorf("sandbox: init failed at %s: %s", status.Stage, status.Error)
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

// initCommand is the init of a run, in new namespaces with a mapped range
// of host ids; extra are its files 3, 4 (and 6, ...); file 5 is this binary.
func (j *Jail) initCommand(cfg, status *os.File, extra ...*os.File) *exec.Cmd {
	return &exec.Cmd{
		Path:       "/proc/self/fd/5",
		Args:       []string{initArg0},
		Env:        []string{"GOMAXPROCS=1", "GOGC=off"},
		ExtraFiles: append([]*os.File{cfg, status, j.exe}, extra...),
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID | syscall.CLONE_NEWNS |
				syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: j.cfg.HostIDBase, Size: 65536}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: j.cfg.HostIDBase, Size: 65536}},
			// Without Credential the child would keep host root across the
			// namespace switch; with it, it is uid 0 of its own namespace only.
			Credential: &syscall.Credential{Uid: 0, Gid: 0, NoSetGroups: true},
			Pdeathsig:  syscall.SIGKILL,
		},
	}
}

// cappedBuffer keeps the first max bytes and reports the first byte past them.
type cappedBuffer struct {
	buf        bytes.Buffer
	max        int64
	overflow   bool
	onOverflow func()
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if c.overflow {
		return len(p), nil
	}
	room := c.max - int64(c.buf.Len())
	if int64(len(p)) > room {
		c.buf.Write(p[:max(room, 0)])
		c.overflow = true
		if c.onOverflow != nil {
			c.onOverflow()
		}
		return len(p), nil
	}
	return c.buf.Write(p)
}
