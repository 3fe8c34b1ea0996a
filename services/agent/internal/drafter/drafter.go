// Package drafter gets a task's blueprint from the cluster and blueprint
// services over gRPC: GetCluster, then DraftBlueprint with the cluster
// inline (so the blueprint service needs no second fetch).
package drafter

import (
	"context"
	"fmt"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// GRPC drafts through the services' clients.
type GRPC struct {
	Clusters   clusterv1.ClusterServiceClient
	Blueprints blueprintv1.BlueprintServiceClient
}

var _ worker.Drafter = GRPC{}

// Draft implements worker.Drafter. A missing cluster or an unrealisable
// target is a *worker.DraftError (final); anything else is retried.
func (g GRPC) Draft(ctx context.Context, task *eventsv1.RolloutTask) (*blueprintv1.Blueprint, []*toolv1.Tool, error) {
	t := task.GetTask()
	cr, err := g.Clusters.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: t.GetClusterId()})
	if err != nil {
		if status.Code(err) == codes.NotFound {
			return nil, nil, &worker.DraftError{Err: fmt.Errorf("cluster %q: %s", t.GetClusterId(), status.Convert(err).Message())}
		}
		return nil, nil, fmt.Errorf("cluster service: GetCluster(%q): %w", t.GetClusterId(), err)
	}
	req := &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cr.GetCluster()},
		Target:     t.GetTarget(), Seed: t.GetSeed(), JobId: t.GetJobId(), Planner: task.GetRoles().GetPlanner(),
	}
	dr, err := g.Blueprints.DraftBlueprint(ctx, req)
	if err != nil {
		switch status.Code(err) {
		case codes.FailedPrecondition, codes.InvalidArgument, codes.NotFound:
			return nil, nil, &worker.DraftError{Err: fmt.Errorf("cluster %q: %s", t.GetClusterId(), status.Convert(err).Message())}
		}
		return nil, nil, fmt.Errorf("blueprint service: DraftBlueprint: %w", err)
	}
	return dr.GetBlueprint(), cr.GetCluster().GetTools(), nil
}
