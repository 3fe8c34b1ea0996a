// Package backoff computes the waits between retries of the model client
// and the redeliveries of the event bus.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Jittered returns the wait before retry n (0 for the first): a random time
// in [d/2, d] with d = min(ceiling, base·2^n). The jitter ("equal jitter")
// spreads out callers that failed together, and the half that is not random
// keeps any of them from retrying at once. A base or ceiling that is not
// positive gives no wait.
func Jittered(base, ceiling time.Duration, n int) time.Duration {
	if base <= 0 || ceiling <= 0 {
		return 0
	}
	d := ceiling
	if n < 62 && base <= ceiling>>n {
		d = base << n
	}
	return d/2 + rand.N(d/2+1)
}
