package evalmetrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

func TestPerfectAndKnownValues(t *testing.T) {
	truth := []string{"a", "a", "a", "b", "b", "c"}
	s := Compare([]int{0, 0, 0, 1, 1, 2}, truth)
	near(t, "precision", s.BCubedPrecision, 1)
	near(t, "recall", s.BCubedRecall, 1)
	near(t, "ARI", s.ARI, 1)
	near(t, "NMI", s.NMI, 1)

	// Everything in one cluster: recall 1, precision = Σ|T|²/n² = (9+4+1)/36.
	s = Compare([]int{0, 0, 0, 0, 0, 0}, truth)
	near(t, "precision", s.BCubedPrecision, 14.0/36)
	near(t, "recall", s.BCubedRecall, 1)
	near(t, "NMI", s.NMI, 0)

	// Unclustered items are singletons: precision 1, recall Σ 1/|T(i)| / n.
	s = Compare([]int{-1, -1, -1, -1, -1, -1}, truth)
	near(t, "precision", s.BCubedPrecision, 1)
	near(t, "recall", s.BCubedRecall, (3*(1.0/3)+2*(1.0/2)+1)/6)
}

// The warning, reproduced: many random small clusters get a high NMI
// but a B-cubed precision near 1/5 (each item only agrees with itself).
func TestRandomSmallClustersInflateNMINotBCubed(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	truth := make([]string, n)
	for i := range truth {
		truth[i] = string(rune('A'+rng.IntN(400)%26)) + string(rune('a'+rng.IntN(20)))
	}
	pred := make([]int, n)
	for i, j := range rng.Perm(n) {
		pred[j] = i / 5
	}
	s := Compare(pred, truth)
	if s.NMI < 0.5 || s.BCubedPrecision > 0.25 || math.Abs(s.ARI) > 0.01 {
		t.Fatalf("random clusters of 5: NMI %.3f, B³ precision %.3f, ARI %.3f", s.NMI, s.BCubedPrecision, s.ARI)
	}
}
