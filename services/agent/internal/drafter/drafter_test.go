package drafter_test

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	eventsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/events/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/drafter"
	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// services stands in for the cluster and blueprint services (they live in
// modules of their own): one stored cluster, one stored blueprint.
type services struct {
	clusterv1.UnimplementedClusterServiceServer
	blueprintv1.UnimplementedBlueprintServiceServer
	cluster    *clusterv1.Cluster
	blueprint  *blueprintv1.Blueprint
	getCluster atomic.Int32
}

func (s *services) GetCluster(_ context.Context, req *clusterv1.GetClusterRequest) (*clusterv1.GetClusterResponse, error) {
	s.getCluster.Add(1)
	if req.GetClusterId() != s.cluster.GetId() {
		return nil, status.Errorf(codes.NotFound, "no cluster %q", req.GetClusterId())
	}
	return &clusterv1.GetClusterResponse{Cluster: s.cluster}, nil
}

func (s *services) DraftBlueprint(_ context.Context, req *blueprintv1.DraftBlueprintRequest) (*blueprintv1.DraftBlueprintResponse, error) {
	if req.GetCluster().GetId() != s.cluster.GetId() {
		return nil, status.Error(codes.InvalidArgument, "cluster: required")
	}
	return &blueprintv1.DraftBlueprintResponse{Blueprint: s.blueprint}, nil
}

func TestDraftFetchesEachClusterOnce(t *testing.T) {
	svc := &services{cluster: agenttest.Cluster(t), blueprint: agenttest.Blueprint(t, "chain")}
	srv := grpc.NewServer()
	clusterv1.RegisterClusterServiceServer(srv, svc)
	blueprintv1.RegisterBlueprintServiceServer(srv, svc)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(l.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	d := drafter.New(clusterv1.NewClusterServiceClient(conn), blueprintv1.NewBlueprintServiceClient(conn))

	task := func(cluster string) *eventsv1.RolloutTask {
		return &eventsv1.RolloutTask{Task: &evolvev1.Task{Id: "t", JobId: "j", ClusterId: cluster, Target: &blueprintv1.Target{}}}
	}
	for range 3 {
		bp, tools, _, err := d.Draft(t.Context(), task(svc.cluster.GetId()))
		if err != nil || bp.GetId() != svc.blueprint.GetId() || len(tools) != len(svc.cluster.GetTools()) {
			t.Fatalf("draft: %v (blueprint %q, %d tools)", err, bp.GetId(), len(tools))
		}
	}
	if n := svc.getCluster.Load(); n != 1 {
		t.Fatalf("three drafts on one cluster fetched it %d times, want 1", n)
	}
	// A cluster the service does not have is final for the task.
	var de *worker.DraftError
	if _, _, _, err := d.Draft(t.Context(), task("nope")); !errors.As(err, &de) {
		t.Fatalf("unknown cluster: %v, want a DraftError", err)
	}
}
