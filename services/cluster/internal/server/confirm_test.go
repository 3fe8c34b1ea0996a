package server_test

import (
	"context"
	"net"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/depgraph"
	"github.com/tdscaling/tdscaling/services/cluster/internal/edgeconfirm"
	"github.com/tdscaling/tdscaling/services/cluster/internal/server"
	"github.com/tdscaling/tdscaling/services/cluster/internal/store"
)

// With llm_confirm_edges, a model vets each candidate edge: here it rejects
// every edge into refund_order and confirms the rest.
func TestLLMConfirmation(t *testing.T) {
	model := llmtest.New(t)
	model.Handle(func(req llm.ChatRequest, _ int) llmtest.Reply {
		if strings.Contains(req.Messages[len(req.Messages)-1].Content, "Tool B: refund_order") {
			return llmtest.Text("no")
		}
		return llmtest.Text("yes")
	})
	dir, err := store.NewDir(t.TempDir())
	requireNoError(t, err)
	factory := func(ep *llmv1.Endpoint) (func(ctx context.Context, from, to *corpus.Tool, e depgraph.Edge) (bool, error), error) {
		c, err := llm.New(llm.FromProto(ep), llm.Options{})
		if err != nil {
			return nil, err
		}
		return edgeconfirm.New(c).Confirm, nil
	}
	srv := grpcserver.New(grpcserver.Config{})
	clusterv1.RegisterClusterServiceServer(srv.GRPC(), server.New(store.New(dir), nil, factory))
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
	c := clusterv1.NewClusterServiceClient(conn)
	resp, err := importDoc(t, c, &clusterv1.ImportHeader{CorpusName: "hand", Format: toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL}, handwritten(t))
	requireNoError(t, err)
	_, err = c.BuildClusters(context.Background(), &clusterv1.BuildClustersRequest{
		CorpusId:  resp.GetCorpus().GetId(),
		Options:   &clusterv1.ClusterOptions{LlmConfirmEdges: true},
		Confirmer: &llmv1.Endpoint{Provider: "openai", BaseUrl: model.URL, Model: "m"},
	})
	requireNoError(t, err)
	list, err := c.ListClusters(context.Background(), &clusterv1.ListClustersRequest{CorpusId: resp.GetCorpus().GetId()})
	requireNoError(t, err)
	names := map[string]string{}
	edges := 0
	for _, cl := range list.GetClusters() {
		for _, tl := range cl.GetTools() {
			names[tl.GetId()] = tl.GetName()
		}
		for _, e := range cl.GetEdges() {
			edges++
			if names[e.GetToToolId()] == "refund_order" {
				t.Errorf("a rejected edge survived: %v", e)
			}
			if !containsEvidence(e.GetEvidence(), clusterv1.EdgeEvidence_EDGE_EVIDENCE_LLM_CONFIRMED) {
				t.Errorf("edge without LLM evidence: %v", e)
			}
		}
	}
	if edges == 0 {
		t.Fatal("no confirmed edges left")
	}
}

func containsEvidence(evs []clusterv1.EdgeEvidence, want clusterv1.EdgeEvidence) bool {
	for _, e := range evs {
		if e == want {
			return true
		}
	}
	return false
}
