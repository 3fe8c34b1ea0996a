package jail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
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
	place, err := j.placeFresh(l)
	if err != nil {
		return nil, err
	}
	defer func() { _ = place.cg.Remove() }()

	cfg := j.initConfig(spec)
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
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	defer outR.Close()
	defer outW.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: pipe: %w", err)
	}
	defer errR.Close()
	defer errW.Close()

	cmd := j.initCommand(cfgR, statW)
	cmd.Stdin = bytes.NewReader(spec.Stdin)
	cmd.Stdout, cmd.Stderr = outW, errW
	start := time.Now()
	if err := place.start(cmd); err != nil {
		return nil, fmt.Errorf("sandbox: start init: %w", err)
	}
	outW.Close()
	errW.Close()
	statW.Close()
	cfgR.Close()

	// The init reads its configuration before building anything; it is
	// already in the run's cgroups.
	setupErr := json.NewEncoder(cfgW).Encode(&cfg)
	cfgW.Close()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	kill := func() { _ = cmd.Process.Kill() } // the init is PID 1: the namespace dies with it
	if setupErr != nil {
		kill()
	}
	o := j.collect(ctx, l, outR, errR, statR, kill, func() { <-waited })
	o.wall = time.Since(start)
	if setupErr != nil {
		return nil, fmt.Errorf("sandbox: configure run: %w", setupErr)
	}
	return o.result(l, place.cg.Stats())
}

// initConfig is what the init (or a warm run) needs to know of spec.
func (j *Jail) initConfig(spec Spec) initConfig {
	l := spec.Limits
	return initConfig{
		Argv: spec.Argv, Env: spec.Env, Files: spec.Files, Fetch: spec.Fetch,
		FetchMax: l.FileSize, FetchTotal: MaxFetchBytes, CPUSecs: uint64((l.CPU + time.Second - 1) / time.Second),
		FileSize: l.FileSize, OpenFiles: l.OpenFiles, WorkBytes: l.WorkBytes, TmpBytes: l.TmpBytes,
		RootDir: j.rootDir,
	}
}

// outcome is what a run left: output, status, and why it was stopped.
type outcome struct {
	stdout, stderr  *cappedBuffer
	status          initStatus
	statusErr       error
	wallTimedOut    bool
	killedForOutput bool
	cancelled       bool
	wall            time.Duration
}

// collect drains a run's output (capped: the first byte past the cap stops
// the run) and its status until the run is over, killing it at the wall
// limit or when ctx ends. exited waits for the run's processes to be gone.
func (j *Jail) collect(ctx context.Context, l Limits, outR, errR, statR *os.File, kill func(), exited func()) *outcome {
	o := &outcome{stdout: &cappedBuffer{max: l.OutputBytes}, stderr: &cappedBuffer{max: l.OutputBytes}}
	var killedForOutput atomic.Bool
	var killOnce sync.Once
	stop := func() { killOnce.Do(kill) }
	o.stdout.onOverflow = func() { killedForOutput.Store(true); stop() }
	o.stderr.onOverflow = o.stdout.onOverflow
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = io.Copy(o.stdout, outR) })
	wg.Go(func() { _, _ = io.Copy(o.stderr, errR) })
	var statusData []byte
	wg.Go(func() {
		statusData, o.statusErr = io.ReadAll(io.LimitReader(statR, maxStatusBytes))
	})
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		exited()
		close(finished)
	}()
	timer := time.NewTimer(l.Wall)
	defer timer.Stop()
	select {
	case <-finished:
	case <-timer.C:
		o.wallTimedOut = true
		stop()
		<-finished
	case <-ctx.Done():
		o.cancelled = true
		stop()
		<-finished
	}
	o.killedForOutput = killedForOutput.Load()
	// Decoded once the run is over: the fetched files in it are the
	// service's work, not time of the program's.
	if o.statusErr == nil {
		o.statusErr = json.Unmarshal(statusData, &o.status)
	}
	return o
}

// result turns an outcome and the cgroup's account into a Result.
func (o *outcome) result(l Limits, stats cgroup.Stats) (*Result, error) {
	res := &Result{
		Stdout: o.stdout.buf.Bytes(), Stderr: o.stderr.buf.Bytes(),
		StdoutTruncated: o.stdout.overflow, StderrTruncated: o.stderr.overflow,
		WallTimedOut: o.wallTimedOut, Wall: o.wall, PeakMemoryBytes: stats.PeakMemoryBytes,
	}
	if o.statusErr != nil {
		if o.wallTimedOut || o.killedForOutput || o.cancelled {
			res.Signal = syscall.SIGKILL
			return res, nil
		}
		if stats.OOMKills > 0 {
			// The run's init was the OOM victim: the run ran out of memory.
			res.OutOfMemory, res.Signal = true, syscall.SIGKILL
			return res, nil
		}
		return nil, fmt.Errorf("sandbox: run ended without a status: %w", o.statusErr)
	}
	if o.status.Error != "" {
		return nil, fmt.Errorf("sandbox: run setup failed at %s: %s", o.status.Stage, o.status.Error)
	}
	res.ExitCode = o.status.ExitCode
	res.Signal = syscall.Signal(o.status.Signal)
	res.CPU = time.Duration(o.status.CPUMicros) * time.Microsecond
	res.Files = o.status.Files
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
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: j.cfg.HostIDBase, Size: j.cfg.HostIDCount}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: j.cfg.HostIDBase, Size: j.cfg.HostIDCount}},
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
