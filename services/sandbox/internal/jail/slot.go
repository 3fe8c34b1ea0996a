package jail

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"

	"github.com/tdscaling/tdscaling/services/sandbox/internal/cgroup"
)

// A slot is a long-lived pair of cgroups holding one fork server. The server
// is moved in once, when it starts; every run it forks is born inside, so no
// run pays a cgroup migration (a synchronize_rcu: milliseconds each on this
// kind of kernel). Limits are set per run; peak memory and OOM kills are
// measured against the slot's idle baseline (the fork server and the
// sandbox it keeps prepared).
type slot struct {
	id     int
	cg     *cgroup.Run
	base   cgroup.Usage
	zygote *zygote
	// limits last set, and the OOM-kill count after the last run.
	limits cgroup.Limits
	ooms   int64
}

// newSlot creates slot i's cgroups, without limits until a run sets them.
func (j *Jail) newSlot(i int) (*slot, error) {
	cg, err := j.cgroups.NewRun("slot-"+strconv.Itoa(i), cgroup.Limits{MemoryBytes: -1, Pids: -1})
	if err != nil {
		return nil, err
	}
	return &slot{id: i, cg: cg}, nil
}

// close stops the fork server and removes the cgroups.
func (s *slot) close() {
	if s.zygote != nil {
		s.zygote.stop()
	}
	_ = s.cg.Remove()
}

// acquire takes a free slot, waiting no longer than ctx allows.
func (j *Jail) acquire(ctx context.Context) (*slot, error) {
	if j.free == nil {
		return nil, errNoWarm
	}
	select {
	case s := <-j.free:
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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

var errNoWarm = errors.New("sandbox: no fork server")
