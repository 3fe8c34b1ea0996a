// Package drafter gets a task's blueprint from the cluster and blueprint
// services over gRPC: GetCluster, then DraftBlueprint with the cluster
// inline (so the blueprint service needs no second fetch). A cluster id names
// fixed content, so the clusters of recent tasks are kept and a job's many
// tasks on one cluster fetch it once.
package drafter

import (
	"context"
	"fmt"
	"time"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/lru"

	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// GRPC drafts through the services' clients.
type GRPC struct {
	clusters   clusterv1.ClusterServiceClient
	blueprints blueprintv1.BlueprintServiceClient
	cache      *lru.Cache[string, *clusterv1.Cluster]
}

// New returns a drafter over the cluster and blueprint services' clients
// that keeps the last 1,024 clusters it fetched.
func New(clusters clusterv1.ClusterServiceClient, blueprints blueprintv1.BlueprintServiceClient) *GRPC {
	return &GRPC{clusters: clusters, blueprints: blueprints, cache: lru.New[string, *clusterv1.Cluster](1024)}
}

var _ worker.Drafter = (*GRPC)(nil)

// Draft implements worker.Drafter. A missing cluster, an unrealisable
// target, a planner model that answers badly or a spent budget is a
// *worker.DraftError (final: asking the same model again costs as much and
// fails the same way); anything else is retried. The planner's usage comes
// back with the blueprint, and with a DraftError when the service sent it.
func (g *GRPC) Draft(ctx context.Context, task *eventsv1.RolloutTask) (*blueprintv1.Blueprint, []*toolv1.Tool, *llmv1.Usage, error) {
	t := task.GetTask()
	cluster, ok := g.cache.Get(t.GetClusterId())
	if !ok {
		cr, err := g.clusters.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: t.GetClusterId()})
		if err != nil {
			if status.Code(err) == codes.NotFound {
				return nil, nil, nil, &worker.DraftError{Err: fmt.Errorf("cluster %q: %s", t.GetClusterId(), status.Convert(err).Message())}
			}
			return nil, nil, nil, fmt.Errorf("cluster service: GetCluster(%q): %w", t.GetClusterId(), err)
		}
		cluster = g.cache.Add(t.GetClusterId(), cr.GetCluster())
	}
	req := &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cluster},
		Target:     t.GetTarget(), Seed: t.GetSeed(), JobId: t.GetJobId(), Planner: task.GetRoles().GetPlanner(),
		DraftId: t.GetId(),
	}
	dr, err := g.draft(ctx, req)
	if err != nil {
		used := usageOf(err)
		switch status.Code(err) {
		case codes.FailedPrecondition, codes.InvalidArgument, codes.NotFound:
			return nil, nil, used, &worker.DraftError{Err: fmt.Errorf("cluster %q: %s", t.GetClusterId(), status.Convert(err).Message()), Usage: used}
		case codes.ResourceExhausted:
			return nil, nil, used, &worker.DraftError{Err: fmt.Errorf("%w: %s", llm.ErrBudgetExhausted, status.Convert(err).Message()), Usage: used}
		}
		if apierr.Reason(err) == errorsv1.ErrorReason_ERROR_REASON_LLM_BAD_RESPONSE {
			return nil, nil, used, &worker.DraftError{Err: fmt.Errorf("cluster %q: %s", t.GetClusterId(), status.Convert(err).Message()), Usage: used}
		}
		return nil, nil, used, fmt.Errorf("blueprint service: DraftBlueprint: %w", err)
	}
	return dr.GetBlueprint(), cluster.GetTools(), dr.GetUsage(), nil
}

// Bounds on the wait for a cancelled draft's answer: a service that ends
// the draft answers at once; one that knows no such draft (it had not
// begun, or it just ended) gets a moment before the call is cut.
const (
	cancelledDraftWait = 30 * time.Second
	unknownDraftWait   = 10 * time.Second
)

// draft calls DraftBlueprint. When ctx ends (the job stopped, the worker
// stops) the call is not cut at once: the service is asked to end the draft
// (CancelDraft), which it does at once, abandoning the planner's call in
// flight, and its answer carries the usage of the calls the draft made, so
// they still count; the call is cut only if that answer does not come.
func (g *GRPC) draft(ctx context.Context, req *blueprintv1.DraftBlueprintRequest) (*blueprintv1.DraftBlueprintResponse, error) {
	call, cut := context.WithCancel(context.WithoutCancel(ctx))
	defer cut()
	answered := make(chan struct{})
	defer close(answered)
	stop := context.AfterFunc(ctx, func() {
		cctx, cancel := context.WithTimeout(call, 5*time.Second)
		resp, err := g.blueprints.CancelDraft(cctx, &blueprintv1.CancelDraftRequest{JobId: req.GetJobId(), DraftId: req.GetDraftId()})
		cancel()
		wait := cancelledDraftWait
		if err != nil || !resp.GetFound() {
			wait = unknownDraftWait
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-answered:
		case <-t.C:
			cut()
		}
	})
	defer stop()
	return g.blueprints.DraftBlueprint(call, req)
}

// usageOf reads the planner usage a failed DraftBlueprint carries.
func usageOf(err error) *llmv1.Usage {
	for _, d := range status.Convert(err).Details() {
		if u, ok := d.(*llmv1.Usage); ok {
			return u
		}
	}
	return nil
}
