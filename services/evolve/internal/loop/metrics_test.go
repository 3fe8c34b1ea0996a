package loop

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// checkRecordMetrics checks tds.evolve.records after a job flow with one
// restart of evolve: every result is counted once, by the process that
// observed it first, except at most one whose observation the restart cut
// short (stored, but its handler stopped before it returned; the results
// handler observes one result at a time). Both kinds of rejection the test
// worker produces are counted under their reason.
func checkRecordMetrics(t *testing.T, reader *sdkmetric.ManualReader, target, rejected int) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if sum, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == "tds.evolve.records" {
				for _, p := range sum.DataPoints {
					got[p.Attributes.Encoded(attribute.DefaultEncoder())] += p.Value
				}
			}
		}
	}
	const (
		accepted   = "tds.evolve.decision=accepted"
		unverified = "tds.evolve.decision=rejected_unverified,tds.evolve.reject_reason=schema"
		duplicate  = "tds.evolve.decision=rejected_duplicate,tds.evolve.reject_reason=near_duplicate"
		dropped    = "tds.evolve.decision=dropped"
	)
	rej := got[unverified] + got[duplicate]
	if got[accepted] > int64(target) || rej > int64(rejected) || got[accepted]+rej < int64(target+rejected-1) {
		t.Errorf("counted %d accepted and %d rejected, want %d and %d, at most one fewer in all (all %v)", got[accepted], rej, target, rejected, got)
	}
	if got[unverified] == 0 || got[duplicate] == 0 {
		t.Errorf("want both kinds of rejection counted, got %v", got)
	}
	for k := range got {
		if k != accepted && k != unverified && k != duplicate && k != dropped {
			t.Errorf("unexpected series %q = %d", k, got[k])
		}
	}
}
