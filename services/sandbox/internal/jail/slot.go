package jail

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"sync"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
)

// A slot is a long-lived pair of cgroups holding one fork server. The server
// is moved in once, when it starts; every run it forks is born inside, so no
// run pays a cgroup migration (a synchronize_rcu: milliseconds each on this
// kind of kernel). Limits are set per run; peak memory and OOM kills are
// measured against the slot's idle baseline (the fork server and the
// sandbox it keeps prepared).
//
// A slot costs nothing until a run needs it: its cgroups and fork server
// start with its first run (a job that never runs code starts none), and a
// start that fails leaves the slot as it was, for the next run to try again.
type slot struct {
	id     int
	python string
	j      *Jail
	// mu guards the start and the stop of the slot's cgroups and server.
	mu     sync.Mutex
	closed bool
	cg     *cgroup.Run
	base   cgroup.Usage
	zygote *zygote
	// limits last set, and the OOM-kill count after the last run: only the
	// run holding the slot touches them.
	limits cgroup.Limits
	ooms   int64
}

// ready returns the slot's fork server, creating the slot's cgroups and
// starting the server in them on first use. The caller holds the slot.
func (s *slot) ready() (*zygote, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	if s.zygote != nil {
		return s.zygote, nil
	}
	cg, err := s.j.cgroups.NewRun("slot-"+strconv.Itoa(s.id), cgroup.Limits{MemoryBytes: -1, Pids: -1})
	if err != nil {
		return nil, fmt.Errorf("sandbox: slot %d: %w", s.id, err)
	}
	z := &zygote{python: s.python, j: s.j, cg: cg}
	if err := z.start(); err != nil {
		// Nothing of a failed start stays: the next run starts afresh.
		_ = cg.Remove()
		return nil, err
	}
	// Without limits until a run sets them.
	s.cg, s.zygote, s.base, s.limits = cg, z, cg.Usage(), cgroup.Limits{MemoryBytes: -1, Pids: -1}
	return z, nil
}

// started reports the slot's fork server, nil before its first run.
func (s *slot) started() *zygote {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.zygote
}

// close stops the fork server and removes the cgroups, if the slot ever
// started them; a run that comes after finds the slot closed.
func (s *slot) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.zygote != nil {
		s.zygote.stop()
	}
	if s.cg != nil {
		_ = s.cg.Remove()
	}
}

// idleSlots hands out the slots not running anything, the most recently
// used first: runs keep going to the fork servers already started, and a
// slot starts only when every started one is busy, so a job starts as many
// servers as it runs programs at once.
type idleSlots struct {
	free chan struct{} // one token per idle slot
	mu   sync.Mutex
	idle []*slot // a stack: the slot on top was the last released
}

func newIdleSlots(slots []*slot) *idleSlots {
	q := &idleSlots{free: make(chan struct{}, len(slots))}
	// Slot 0 on top, then 1, ...: the first runs take the lowest ids.
	for i := len(slots) - 1; i >= 0; i-- {
		q.idle = append(q.idle, slots[i])
		q.free <- struct{}{}
	}
	return q
}

// take waits for an idle slot no longer than ctx allows.
func (q *idleSlots) take(ctx context.Context) (*slot, error) {
	select {
	case <-q.free:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	s := q.idle[len(q.idle)-1]
	q.idle = q.idle[:len(q.idle)-1]
	return s, nil
}

// put returns a slot after its run.
func (q *idleSlots) put(s *slot) {
	q.mu.Lock()
	q.idle = append(q.idle, s)
	q.mu.Unlock()
	q.free <- struct{}{}
}

// acquire takes a free slot, waiting no longer than ctx allows.
func (j *Jail) acquire(ctx context.Context) (*slot, error) {
	if j.idle == nil {
		return nil, errNoWarm
	}
	return j.idle.take(ctx)
}

// slotPlacement puts a run in a slot.
type slotPlacement struct {
	s         *slot
	oomBefore int64
}

func (j *Jail) placeInSlot(s *slot, l Limits) (*slotPlacement, error) {
	// The baseline (fork server, prepared sandbox, and a margin for the
	// threads the server's Go init may add) stays inside the limits on top of
	// the run's own.
	want := cgroup.Limits{MemoryBytes: l.MemoryBytes + s.base.MemoryBytes + 8<<20, Pids: l.Pids + s.base.Tasks + 8}
	if want != s.limits {
		if err := s.cg.SetLimits(want); err != nil {
			return nil, fmt.Errorf("sandbox: slot %d limits: %w", s.id, err)
		}
		s.limits = want
	}
	s.cg.ResetPeak()
	return &slotPlacement{s: s, oomBefore: s.ooms}, nil
}

func (p *slotPlacement) stats() cgroup.Stats {
	st := p.s.cg.Stats()
	p.s.ooms = st.OOMKills
	return cgroup.Stats{PeakMemoryBytes: max(st.PeakMemoryBytes-p.s.base.MemoryBytes, 0), OOMKills: st.OOMKills - p.oomBefore}
}

// freshPlacement gives a run cgroups of its own, joined by migration: runs
// that start an init of their own, without the fork server.
type freshPlacement struct {
	cg *cgroup.Run
}

func (j *Jail) placeFresh(l Limits) (*freshPlacement, error) {
	cg, err := j.cgroups.NewRun("run-"+strconv.FormatUint(runSeq.Add(1), 10), cgroup.Limits{MemoryBytes: l.MemoryBytes, Pids: l.Pids})
	if err != nil {
		return nil, err
	}
	return &freshPlacement{cg: cg}, nil
}

// start starts the init, then moves it into the run's cgroups; it waits for
// its configuration before doing anything, so nothing runs outside them.
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

var (
	errNoWarm = errors.New("sandbox: no fork server")
	errClosed = errors.New("sandbox: shut down")
)
