// Package sim is the deterministic provider "sim": it plays the roles of a
// rollout programmatically from the blueprint, seeded, with no model, so the
// whole pipeline runs on a fresh machine and tests are reproducible. It
// generates structurally correct data (schema-valid values, plans that walk
// the real dependency graph); natural-language quality needs a real model.
//
// Each role gets its own random stream (NewRand(seed, role, ...)), so adding
// or changing one role never shifts another's output. The planner role is
// implemented by the blueprint service (it needs the plan validator) and
// plugs in as a Planner; the conversational roles (user simulator,
// assistant, tool simulator, judge) plug in as Players on the same
// blueprint when the agent service lands.
package sim

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"

	"github.com/tdscaling/tdscaling/platform/llm"
)

// NewRand returns a random stream determined by seed and the parts (a role,
// a cluster id, a call id...): the same inputs give the same stream on every
// machine and Go version (PCG).
func NewRand(seed int64, parts ...string) *rand.Rand {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	h.Write(b[:])
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
}

// PlanRequest is what the planner role is asked to plan.
type PlanRequest struct {
	Cluster *clusterv1.Cluster
	Target  *blueprintv1.Target
	Seed    int64
	JobID   string
}

// Planner is the planner role: it drafts a blueprint from a cluster and a target.
type Planner interface {
	Draft(ctx context.Context, req PlanRequest) (*blueprintv1.Blueprint, error)
}

// Turn is the state of a rollout a conversational role plays on: the plan,
// the tools offered to the assistant and the conversation so far.
type Turn struct {
	Blueprint *blueprintv1.Blueprint
	Tools     []llm.Tool
	Messages  []llm.Message
	Seed      int64
}

// Player plays one conversational role on a blueprint: given the
// conversation so far it returns the role's next message, as a model behind
// the same role would (a user utterance, an assistant turn with tool calls,
// a tool result, a judge's verdict).
type Player interface {
	Play(ctx context.Context, t Turn) (llm.Message, error)
}

// ErrRoleNotImplemented is returned for a role no implementation plays yet.
var ErrRoleNotImplemented = errors.New("sim: role not implemented")

// Provider is the sim provider: one implementation per role.
type Provider struct {
	planner Planner
	players map[llm.Role]Player
}

// NewProvider returns a provider whose planner role is p.
func NewProvider(p Planner) *Provider {
	return &Provider{planner: p, players: map[llm.Role]Player{}}
}

// SetPlayer makes pl play role.
func (p *Provider) SetPlayer(role llm.Role, pl Player) { p.players[role] = pl }

// Draft plays the planner role.
func (p *Provider) Draft(ctx context.Context, req PlanRequest) (*blueprintv1.Blueprint, error) {
	if p.planner == nil {
		return nil, fmt.Errorf("%w: %s", ErrRoleNotImplemented, llm.RolePlanner)
	}
	return p.planner.Draft(ctx, req)
}

// Play plays a conversational role.
func (p *Provider) Play(ctx context.Context, role llm.Role, t Turn) (llm.Message, error) {
	pl, ok := p.players[role]
	if !ok {
		return llm.Message{}, fmt.Errorf("%w: %s", ErrRoleNotImplemented, role)
	}
	return pl.Play(ctx, t)
}
