// Package seedrand makes the random streams that keep the pipeline
// deterministic by seed: each consumer (a role, a planner, the evolve
// strategy) draws from its own stream named by the seed and parts, so
// changing one never shifts another's output.
package seedrand

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"strconv"
)

// New returns a random stream determined by seed and the parts (a role, a
// cluster id, a call id...): the same inputs give the same stream on every
// machine and Go version (PCG).
func New(seed int64, parts ...string) *rand.Rand {
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
