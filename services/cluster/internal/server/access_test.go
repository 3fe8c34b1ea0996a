package server_test

import (
	"context"
	"net"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/services/cluster/internal/server"
	"github.com/tdscaling/tdscaling/services/cluster/internal/store"
)

// serveAuth runs a cluster server (directory store) that accepts the user
// tokens alice and bob and the peer token svc.
func serveAuth(t *testing.T) clusterv1.ClusterServiceClient {
	t.Helper()
	dir, err := store.NewDir(t.TempDir())
	requireNoError(t, err)
	srv := grpcserver.New(grpcserver.Config{Tokens: []string{"alice", "bob", "svc"}})
	s := server.New(store.New(dir), nil, nil)
	s.TrustPeers([]string{"svc"})
	clusterv1.RegisterClusterServiceServer(srv.GRPC(), s)
	lis := bufconn.Listen(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpc.NewClient("passthrough:///cluster",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	requireNoError(t, err)
	t.Cleanup(func() {
		conn.Close()
		cancel()
		<-done
	})
	return clusterv1.NewClusterServiceClient(conn)
}

func as(token string, kv ...string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), append([]string{"authorization", "Bearer " + token}, kv...)...)
}

func importAs(t *testing.T, c clusterv1.ClusterServiceClient, ctx context.Context, h *clusterv1.ImportHeader) (*toolv1.Corpus, error) {
	t.Helper()
	stream, err := c.ImportTools(ctx)
	requireNoError(t, err)
	requireNoError(t, stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Header{Header: h}}))
	_ = stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Chunk{Chunk: handwritten(t)}})
	resp, err := stream.CloseAndRecv()
	return resp.GetCorpus(), err
}

func visibleIDs(t *testing.T, c clusterv1.ClusterServiceClient, ctx context.Context) map[string]bool {
	t.Helper()
	resp, err := c.ListCorpora(ctx, &clusterv1.ListCorporaRequest{})
	requireNoError(t, err)
	ids := map[string]bool{}
	for _, cp := range resp.GetCorpora() {
		ids[cp.GetId()] = true
	}
	return ids
}

func TestCorporaBelongToTheirImporter(t *testing.T) {
	c := serveAuth(t)
	alice, bob, svc := as("alice"), as("bob"), as("svc")
	a, err := importAs(t, c, alice, &clusterv1.ImportHeader{CorpusName: "alice's"})
	requireNoError(t, err)
	require(t, "owner", a.GetOwner(), string(grpcserver.PrincipalOf("alice")))
	// The gateway, holding a peer token, imports for bob.
	b, err := importAs(t, c, as("svc", grpcserver.OwnerMetadata, string(grpcserver.PrincipalOf("bob"))), &clusterv1.ImportHeader{CorpusName: "bob's"})
	requireNoError(t, err)
	require(t, "owner named by a peer", b.GetOwner(), string(grpcserver.PrincipalOf("bob")))

	// Bob neither lists, builds, nor adds to alice's corpus; it does not exist for him.
	require(t, "bob sees alice's", visibleIDs(t, c, bob)[a.GetId()], false)
	require(t, "bob sees his own", visibleIDs(t, c, bob)[b.GetId()], true)
	_, err = c.BuildClusters(bob, &clusterv1.BuildClustersRequest{CorpusId: a.GetId()})
	require(t, "bob builds alice's", status.Code(err), codes.NotFound)
	_, err = importAs(t, c, bob, &clusterv1.ImportHeader{CorpusId: a.GetId()})
	require(t, "bob adds to alice's", status.Code(err), codes.NotFound)
	// A non-peer cannot claim to act for someone else.
	forged := as("bob", grpcserver.OwnerMetadata, string(grpcserver.PrincipalOf("alice")))
	require(t, "bob acting as alice", visibleIDs(t, c, forged)[a.GetId()], false)

	// Clusters follow their corpus.
	build, err := c.BuildClusters(alice, &clusterv1.BuildClustersRequest{CorpusId: a.GetId()})
	requireNoError(t, err)
	list, err := c.ListClusters(alice, &clusterv1.ListClustersRequest{CorpusId: a.GetId(), PageSize: 1})
	requireNoError(t, err)
	clusterID := list.GetClusters()[0].GetId()
	_, err = c.GetCluster(bob, &clusterv1.GetClusterRequest{ClusterId: clusterID})
	require(t, "bob reads alice's cluster", status.Code(err), codes.NotFound)
	_, err = c.ListClusters(bob, &clusterv1.ListClustersRequest{ClusteringId: build.GetClusteringId()})
	require(t, "bob lists alice's clustering", status.Code(err), codes.NotFound)
	_, err = c.SelectClusters(bob, &clusterv1.SelectClustersRequest{ClusteringId: build.GetClusteringId(), K: 1})
	require(t, "bob selects from alice's clustering", status.Code(err), codes.NotFound)
	// The services running jobs read every cluster.
	_, err = c.GetCluster(svc, &clusterv1.GetClusterRequest{ClusterId: clusterID})
	requireNoError(t, err)
	require(t, "a peer lists every corpus", len(visibleIDs(t, c, svc)), 2)

	// Sharing: only the owner (or a peer) may; then bob uses it but cannot add to it.
	_, err = c.SetCorpusShared(bob, &clusterv1.SetCorpusSharedRequest{CorpusId: a.GetId(), Shared: true})
	require(t, "bob shares alice's", status.Code(err), codes.NotFound)
	sh, err := c.SetCorpusShared(alice, &clusterv1.SetCorpusSharedRequest{CorpusId: a.GetId(), Shared: true})
	requireNoError(t, err)
	require(t, "shared", sh.GetCorpus().GetShared(), true)
	require(t, "bob sees the shared corpus", visibleIDs(t, c, bob)[a.GetId()], true)
	_, err = c.GetCluster(bob, &clusterv1.GetClusterRequest{ClusterId: clusterID})
	requireNoError(t, err)
	_, err = importAs(t, c, bob, &clusterv1.ImportHeader{CorpusId: a.GetId()})
	require(t, "bob adds to a shared corpus", status.Code(err), codes.PermissionDenied)
	_, err = c.SetCorpusShared(bob, &clusterv1.SetCorpusSharedRequest{CorpusId: a.GetId(), Shared: false})
	require(t, "bob unshares alice's", status.Code(err), codes.PermissionDenied)
	_, err = c.SetCorpusShared(svc, &clusterv1.SetCorpusSharedRequest{CorpusId: a.GetId(), Shared: false})
	requireNoError(t, err)
	require(t, "bob after an operator unshared it", visibleIDs(t, c, bob)[a.GetId()], false)
}
