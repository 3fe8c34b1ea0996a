package jobstate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
)

// distinct is a passed result of task t that shares no word with any other
// task's, so none is a near-duplicate.
func distinct(job string, t *evolvev1.Task) *agentv1.RolloutResult {
	var words []string
	for _, w := range []string{"find", "order", "then", "track", "parcel", "for", "customer", "today"} {
		words = append(words, w+"-"+t.GetId())
	}
	res := handResult(t, "shop", strings.Join(words, " "), call("c1", "find", fmt.Sprintf(`{"user":%q}`, t.GetId())))
	res.JobId = job
	return res
}

// TestIssueFollowsTheFleet: a job keeps its window (8) in flight until the
// agent workers say they run more rollouts at once (40); then it keeps that
// many and an eighth more at once, before any result, and issues nothing
// while it holds more than the workers run.
func TestIssueFollowsTheFleet(t *testing.T) {
	ctx := context.Background()
	j := startJob(t, NewManager(NewMemory()), "w1", nil, 1000)
	var queue []*evolvev1.Task
	for _, c := range []struct{ results, fleet, inFlight int }{
		{0, 0, 8},
		{0, 40, 45}, // no result needed
		{8, 40, 45},
		{16, 10, 29}, // the workers run fewer (10 and an eighth): nothing new
		{20, 10, 12},
		{0, 200, 225},
	} {
		for _, task := range queue[:c.results] {
			if _, err := j.Observe(ctx, distinct(j.ID(), task)); err != nil {
				t.Fatal(err)
			}
		}
		queue = queue[c.results:]
		tasks, err := j.Issue(ctx, c.fleet)
		if err != nil {
			t.Fatal(err)
		}
		queue = append(queue, tasks...)
		if j.InFlight() != c.inFlight {
			t.Fatalf("%d more results, fleet %d: %d in flight, want %d", c.results, c.fleet, j.InFlight(), c.inFlight)
		}
	}
}

// TestIssueNarrowsNearTheTarget: however many rollouts the workers run, a
// job whose rollouts all pass issues no more than keeps the records it
// misses and a quarter more in flight: a rollout running when the target
// is reached is wasted. It still reaches its target.
func TestIssueNarrowsNearTheTarget(t *testing.T) {
	ctx := context.Background()
	const target = 40
	j := startJob(t, NewManager(NewMemory()), "w2", nil, target)
	var queue []*evolvev1.Task
	for j.Stopped() == "" {
		more, err := j.Issue(ctx, 200)
		if err != nil {
			t.Fatal(err)
		}
		queue = append(queue, more...)
		missing := target - int(j.Snapshot().GetAccepted())
		if limit := (missing*5 + 3) / 4; len(more) > 0 && j.InFlight() > limit {
			t.Fatalf("%d records missing: issued up to %d tasks in flight, want at most %d", missing, j.InFlight(), limit)
		}
		if len(queue) == 0 {
			t.Fatalf("nothing in flight with %d records missing", missing)
		}
		if _, err := j.Observe(ctx, distinct(j.ID(), queue[0])); err != nil {
			t.Fatal(err)
		}
		queue = queue[1:]
	}
	if s := j.Snapshot(); s.GetAccepted() != target || s.GetRejected() != 0 || j.Stopped() != ReasonTarget {
		t.Fatalf("stopped %q with %d accepted, %d rejected", j.Stopped(), s.GetAccepted(), s.GetRejected())
	}
}
