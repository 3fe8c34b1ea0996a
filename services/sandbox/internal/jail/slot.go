package jail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
)

// A slot is a long-lived pair of cgroups with an OS thread of this process
// inside them. Runs are started from that thread, so they are born in the
// slot's cgroups: moving a process between cgroups costs a synchronize_rcu
// (milliseconds) on every run, and a birth in place costs nothing. Limits
// are set per run; peak memory and OOM kills are measured against the
// slot's idle baseline (the thread, and the warm fork server if any).
type slot struct {
	id     int
	cg     *cgroup.Run
	work   chan func()
	stop   chan struct{}
	done   chan struct{} // closed when the thread has gone
	base   cgroup.Usage
	zygote *zygote
	// limits last set, and the OOM-kill count after the last run.
	limits cgroup.Limits
	ooms   int64
}

// newSlot creates slot i and its thread.
func (j *Jail) newSlot(i int) (*slot, error) {
	cg, err := j.cgroups.NewRun("slot-"+strconv.Itoa(i), cgroup.Limits{MemoryBytes: -1, Pids: -1})
	if err != nil {
		return nil, err
	}
	s := &slot{id: i, cg: cg, work: make(chan func()), stop: make(chan struct{}), done: make(chan struct{})}
	ready := make(chan error, 1)
	go s.loop(ready)
	if err := <-ready; err != nil {
		cg.Remove()
		return nil, err
	}
	s.base = cg.Usage()
	return s, nil
}

// loop owns the slot's thread. It never unlocks it, so the thread ends with
// the goroutine, and runs started from it get their parent-death signal.
func (s *slot) loop(ready chan<- error) {
	defer close(s.done)
	runtime.LockOSThread()
	if err := s.cg.AddThread(syscall.Gettid()); err != nil {
		ready <- err
		return
	}
	ready <- nil
	for {
		select {
		case f := <-s.work:
			f()
		case <-s.stop:
			return
		}
	}
}

// start starts cmd from the slot's thread.
func (s *slot) start(cmd *exec.Cmd) error {
	errc := make(chan error, 1)
	s.work <- func() { errc <- cmd.Start() }
	return <-errc
}

// close stops the fork server and the thread and removes the cgroups.
func (s *slot) close() {
	if s.zygote != nil {
		s.zygote.stop()
	}
	close(s.stop)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
	}
	// The thread leaves the cgroups when it ends, a moment after its goroutine.
	self := os.Getpid()
	for range 200 {
		if !slices.Contains(s.cg.Procs(), self) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.killRuns()
	_ = s.cg.Remove()
}

// own is the set of processes in the slot that are not runs.
func (s *slot) own() []int {
	out := []int{os.Getpid()}
	if s.zygote != nil {
		out = append(out, s.zygote.pids()...)
	}
	return out
}

// killRuns kills every process in the slot but its own.
func (s *slot) killRuns() {
	own := s.own()
	for _, pid := range s.cg.Procs() {
		if !slices.Contains(own, pid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// slotPlacement puts a run in a slot.
type slotPlacement struct {
	s         *slot
	oomBefore int64
}

func (j *Jail) acquire(ctx context.Context) (*slot, error) {
	select {
	case s := <-j.free:
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (j *Jail) placeInSlot(s *slot, l Limits) (*slotPlacement, error) {
	// The baseline (thread, fork server, prepared sandbox) stays inside the
	// limits on top of the run's own.
	want := cgroup.Limits{MemoryBytes: l.MemoryBytes + s.base.MemoryBytes + 8<<20, Pids: l.Pids + s.base.Tasks}
	if want != s.limits {
		if err := s.cg.SetLimits(want); err != nil {
			return nil, fmt.Errorf("sandbox: slot %d limits: %w", s.id, err)
		}
		s.limits = want
	}
	s.cg.ResetPeak()
	return &slotPlacement{s: s, oomBefore: s.ooms}, nil
}

func (p *slotPlacement) start(cmd *exec.Cmd) error        { return p.s.start(cmd) }
func (p *slotPlacement) cgroupFiles() ([]*os.File, error) { return nil, nil }

// kill is a no-op here: a slot holds the fork server and its prepared
// sandbox beside the run, and the run dies with its init (see killRun).
func (p *slotPlacement) kill() {}

// finish leaves nothing to clean: the run's processes died with its pid
// namespace when its init exited.
func (p *slotPlacement) finish()         {}
func (p *slotPlacement) zygote() *zygote { return p.s.zygote }

func (p *slotPlacement) stats() cgroup.Stats {
	st := p.s.cg.Stats()
	p.s.ooms = st.OOMKills
	return cgroup.Stats{PeakMemoryBytes: max(st.PeakMemoryBytes-p.s.base.MemoryBytes, 0), OOMKills: st.OOMKills - p.oomBefore}
}

// freshPlacement gives a run cgroups of its own, joined by migration: the
// way on hierarchies that cannot take a single thread.
type freshPlacement struct {
	cg *cgroup.Run
	z  *zygote
}

func (j *Jail) placeFresh(l Limits) (*freshPlacement, error) {
	cg, err := j.cgroups.NewRun("run-"+strconv.FormatUint(runSeq.Add(1), 10), cgroup.Limits{MemoryBytes: l.MemoryBytes, Pids: l.Pids})
	if err != nil {
		return nil, err
	}
	return &freshPlacement{cg: cg, z: j.sharedZygote}, nil
}

func (p *freshPlacement) start(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	if err := p.cg.Add(cmd.Process.Pid); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return err
	}
	return nil
}
func (p *freshPlacement) cgroupFiles() ([]*os.File, error) { return p.cg.OpenProcs() }
func (p *freshPlacement) stats() cgroup.Stats              { return p.cg.Stats() }
func (p *freshPlacement) finish()                          { _ = p.cg.Remove() }
func (p *freshPlacement) zygote() *zygote                  { return p.z }
func (p *freshPlacement) kill() {
	for _, pid := range p.cg.Procs() {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// placement is where a run's processes live and how they are counted.
type placement interface {
	// start starts the init so that it is in the run's cgroups.
	start(cmd *exec.Cmd) error
	// cgroupFiles are cgroup.procs files a fork server's child joins by
	// writing "0" (nil when its forks are born in place).
	cgroupFiles() ([]*os.File, error)
	zygote() *zygote
	kill()
	stats() cgroup.Stats
	finish()
}

// place finds where a run goes: a free slot, or cgroups of its own.
func (j *Jail) place(ctx context.Context, l Limits) (placement, func(), error) {
	if j.free == nil {
		p, err := j.placeFresh(l)
		if err != nil {
			return nil, nil, err
		}
		return p, p.finish, nil
	}
	s, err := j.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := j.placeInSlot(s, l)
	if err != nil {
		j.free <- s
		return nil, nil, err
	}
	return p, func() { p.finish(); j.free <- s }, nil
}

var errNoWarm = errors.New("sandbox: no warm pool")
