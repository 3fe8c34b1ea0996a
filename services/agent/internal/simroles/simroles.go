// Package simroles is the sim provider's conversational roles: a user
// simulator, an assistant and a judge that realise a blueprint
// programmatically, deterministically by seed (each role draws from its own
// stream, seedrand.New(seed, role, ...), so changing one role never shifts
// another). The assistant follows the plan faithfully, so the trajectory's
// structure is the blueprint's: a parallel group is one turn with several
// calls, a withheld value is a question and the user's answer, a planned
// failure is an error result and the correcting call, an iteration is one
// call per list element, a later intent is a follow-up request, a code step
// is a real program run in the sandbox. The words are composed, not
// written by a model: the user asks in its persona's register (terse,
// chatty, formal, non-native), the assistant's reasoning says why a tool
// and where each value comes from, answers state results in sentences and
// everyday requests no tool serves are answered from a bank (package
// wording). Many phrasings per speech act keep the data varied, but
// natural-language quality still needs a model.
package simroles

import (
	"fmt"
	"math/rand/v2"

	"github.com/tdscaling/tdscaling/platform/seedrand"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// rnd is a role's random stream for the current turn.
func rnd(s *rollout.State, role string, parts ...string) *rand.Rand {
	return seedrand.New(s.Seed, append([]string{role, s.Plan.Key, fmt.Sprint(len(s.Messages))}, parts...)...)
}

func pick(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }
