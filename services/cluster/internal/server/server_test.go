package server_test

import (
	"context"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/services/cluster/internal/server"
	"github.com/tdscaling/tdscaling/services/cluster/internal/store"
)

func require[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

func requireNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// serve runs a cluster server over bufconn on a real embedded NATS whose
// JetStream store lives in storeDir; the returned stop shuts both down.
func serve(t *testing.T, storeDir string) (clusterv1.ClusterServiceClient, func()) {
	t.Helper()
	ns, err := natsserver.Start(natsserver.Config{StoreDir: storeDir})
	requireNoError(t, err)
	nc, err := nats.Connect(ns.ClientURL())
	requireNoError(t, err)
	obs, err := store.NewObjects(context.Background(), nc, 1)
	requireNoError(t, err)
	srv := grpcserver.New(grpcserver.Config{})
	clusterv1.RegisterClusterServiceServer(srv.GRPC(), server.New(store.New(obs), nil, nil))
	lis := bufconn.Listen(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpc.NewClient("passthrough:///cluster",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	requireNoError(t, err)
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		conn.Close()
		cancel()
		<-done
		nc.Close()
		ns.Shutdown()
		ns.WaitForShutdown()
	}
	t.Cleanup(stop)
	return clusterv1.NewClusterServiceClient(conn), stop
}

// importDoc streams doc in small chunks to exercise reassembly.
func importDoc(t *testing.T, c clusterv1.ClusterServiceClient, h *clusterv1.ImportHeader, doc []byte) (*clusterv1.ImportToolsResponse, error) {
	t.Helper()
	stream, err := c.ImportTools(context.Background())
	requireNoError(t, err)
	requireNoError(t, stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Header{Header: h}}))
	for len(doc) > 0 {
		n := min(len(doc), 777)
		if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Chunk{Chunk: doc[:n]}}); err != nil {
			break // the server answered early; CloseAndRecv has it
		}
		doc = doc[n:]
	}
	return stream.CloseAndRecv()
}

func handwritten(t *testing.T) []byte {
	doc, err := os.ReadFile("../../testdata/handwritten.jsonl")
	requireNoError(t, err)
	return doc
}

func TestImportBuildListGetSelectAndRestart(t *testing.T) {
	dir := t.TempDir()
	c, stop := serve(t, dir)
	ctx := context.Background()
	doc := append(handwritten(t), []byte("{not json\n")...)
	resp, err := importDoc(t, c, &clusterv1.ImportHeader{CorpusName: "hand", Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL, Source: "handwritten.jsonl"}, doc)
	requireNoError(t, err)
	require(t, "imported", resp.GetImported(), int64(12))
	require(t, "skipped", resp.GetSkipped(), int64(1))
	require(t, "issue location", resp.GetIssues()[0].GetLocation(), "handwritten.jsonl:13")
	corpusID := resp.GetCorpus().GetId()

	// The same document again: all duplicates.
	again, err := importDoc(t, c, &clusterv1.ImportHeader{CorpusId: corpusID, Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL}, handwritten(t))
	requireNoError(t, err)
	require(t, "duplicates", again.GetDuplicates(), int64(12))
	require(t, "tool count", again.GetCorpus().GetToolCount(), int64(12))

	built, err := c.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID})
	requireNoError(t, err)
	require(t, "clusters", built.GetClusterCount(), int64(3))
	require(t, "clustered tools", built.GetClusteredTools(), int64(12))

	list, err := c.ListClusters(ctx, &clusterv1.ListClustersRequest{CorpusId: corpusID, PageSize: 2})
	requireNoError(t, err)
	require(t, "page", len(list.GetClusters()), 2)
	require(t, "total", list.GetTotalSize(), int64(3))
	next, err := c.ListClusters(ctx, &clusterv1.ListClustersRequest{CorpusId: corpusID, PageToken: list.GetNextPageToken(), SummaryOnly: true})
	requireNoError(t, err)
	require(t, "second page", len(next.GetClusters()), 1)
	require(t, "summary has no tools", len(next.GetClusters()[0].GetTools()), 0)
	byDomain, err := c.ListClusters(ctx, &clusterv1.ListClustersRequest{CorpusId: corpusID, Domain: "weather"})
	requireNoError(t, err)
	require(t, "weather clusters", len(byDomain.GetClusters()), 1)

	first := list.GetClusters()[0]
	got, err := c.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: first.GetId()})
	requireNoError(t, err)
	require(t, "tools", len(got.GetCluster().GetTools()), 4)
	if len(got.GetCluster().GetEdges()) == 0 || got.GetCluster().GetStats().GetQuality() <= 0 {
		t.Fatalf("cluster without edges or quality: %v", got.GetCluster())
	}

	sel, err := c.SelectClusters(ctx, &clusterv1.SelectClustersRequest{CorpusId: corpusID, K: 2, WeightByQuality: true})
	requireNoError(t, err)
	require(t, "selections", len(sel.GetSelections()), 2)
	require(t, "covered", sel.GetCoveredTools(), int64(8))
	require(t, "total", sel.GetTotalTools(), int64(12))
	excl, err := c.SelectClusters(ctx, &clusterv1.SelectClustersRequest{CorpusId: corpusID, K: 5, ExcludeClusterIds: []string{first.GetId()}, Domains: []string{"weather", "storage", "ecommerce"}})
	requireNoError(t, err)
	for _, s := range excl.GetSelections() {
		if s.GetClusterId() == first.GetId() {
			t.Fatal("selected an excluded cluster")
		}
	}

	// Everything persists across a restart of NATS and the service.
	stop()
	c2, _ := serve(t, dir)
	corpora, err := c2.ListCorpora(ctx, &clusterv1.ListCorporaRequest{})
	requireNoError(t, err)
	require(t, "corpora after restart", len(corpora.GetCorpora()), 1)
	require(t, "tools after restart", corpora.GetCorpora()[0].GetToolCount(), int64(12))
	got2, err := c2.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: first.GetId()})
	requireNoError(t, err)
	require(t, "cluster after restart", got2.GetCluster().GetName(), got.GetCluster().GetName())
}

func TestErrors(t *testing.T) {
	c, _ := serve(t, t.TempDir())
	ctx := context.Background()
	resp, err := importDoc(t, c, &clusterv1.ImportHeader{CorpusName: "hand", Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL}, handwritten(t))
	requireNoError(t, err)
	corpusID := resp.GetCorpus().GetId()

	_, strictErr := importDoc(t, c, &clusterv1.ImportHeader{CorpusId: corpusID, Strict: true, Source: "bad.jsonl", Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL},
		[]byte(`{"name":"new_tool","input_schema":{"type":"object"}}`+"\n{broken\n"))
	_, noClusters := c.SelectClusters(ctx, &clusterv1.SelectClustersRequest{CorpusId: corpusID, K: 1})
	_, badOpts := c.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID, Options: &clusterv1.ClusterOptions{MinSize: 9, MaxSize: 4}})
	_, noCorpus := c.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: "cnope"})
	_, noCluster := c.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: "knope-00001"})
	_, noK := c.SelectClusters(ctx, &clusterv1.SelectClustersRequest{CorpusId: corpusID})
	_, noClusterID := c.GetCluster(ctx, &clusterv1.GetClusterRequest{})
	_, negativePage := c.ListClusters(ctx, &clusterv1.ListClustersRequest{CorpusId: corpusID, PageSize: -1})
	_, noName := importDoc(t, c, &clusterv1.ImportHeader{Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL}, handwritten(t))
	_, addMissing := importDoc(t, c, &clusterv1.ImportHeader{CorpusId: "cnope"}, handwritten(t))
	_, llmNoEndpoint := c.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID, Options: &clusterv1.ClusterOptions{LlmConfirmEdges: true}})

	cases := []struct {
		name   string
		err    error
		code   codes.Code
		reason errorsv1.ErrorReason
		field  string
	}{
		{"strict import", strictErr, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_CORPUS_PARSE, "chunk"},
		{"select before build", noClusters, codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_NO_CLUSTERS, ""},
		{"bad options", badOpts, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "options.min_size"},
		{"unknown corpus", noCorpus, codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CORPUS_NOT_FOUND, ""},
		{"unknown cluster", noCluster, codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CLUSTER_NOT_FOUND, ""},
		{"k missing", noK, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "k"},
		{"cluster id missing", noClusterID, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "cluster_id"},
		{"negative page size", negativePage, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "page_size"},
		{"no corpus name", noName, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "header.corpus_name"},
		{"add to unknown corpus", addMissing, codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CORPUS_NOT_FOUND, ""},
		{"llm without endpoint", llmNoEndpoint, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "confirmer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require(t, "code", status.Code(tc.err), tc.code)
			require(t, "reason", apierr.Reason(tc.err), tc.reason)
			if tc.field != "" {
				v := apierr.Violations(tc.err)
				if len(v) == 0 || v[0].Field != tc.field {
					t.Fatalf("violations %v, want field %s", v, tc.field)
				}
			}
		})
	}
	if !strings.Contains(status.Convert(strictErr).Message(), "bad.jsonl:2") {
		t.Errorf("strict error %q does not name file:line", status.Convert(strictErr).Message())
	}
	// The rejected strict import left the corpus unchanged.
	corpora, err := c.ListCorpora(ctx, &clusterv1.ListCorporaRequest{})
	requireNoError(t, err)
	require(t, "tool count", corpora.GetCorpora()[0].GetToolCount(), int64(12))
}

// Every format imports through the stream, with defaults applied.
func TestImportFormats(t *testing.T) {
	c, _ := serve(t, t.TempDir())
	cases := []struct {
		file   string
		format toolv1.ToolFormat
		tools  int64
	}{
		{"mcp_tools_list.json", toolv1.ToolFormat_TOOL_FORMAT_MCP_TOOLS_LIST, 2},
		{"openai_tools.json", toolv1.ToolFormat_TOOL_FORMAT_OPENAI_TOOLS, 3},
		{"swagger2.json", toolv1.ToolFormat_TOOL_FORMAT_OPENAPI, 3},
		{"petstore3.yaml", toolv1.ToolFormat_TOOL_FORMAT_UNSPECIFIED, 3}, // detected
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := os.ReadFile("../importer/testdata/" + tc.file)
			requireNoError(t, err)
			resp, err := importDoc(t, c, &clusterv1.ImportHeader{CorpusName: tc.file, Format: tc.format, Source: tc.file,
				DefaultService: "svc", DefaultLicense: "MIT"}, doc)
			requireNoError(t, err)
			require(t, "imported", resp.GetImported(), tc.tools)
			require(t, "licenses", strings.Join(resp.GetCorpus().GetLicenses(), ","), "MIT")
		})
	}
}
