package server_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/services/blueprint"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/server"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// fakeClusters is a cluster service that knows the fixtures.
type fakeClusters struct {
	clusterv1.UnimplementedClusterServiceServer
}

func (fakeClusters) GetCluster(_ context.Context, r *clusterv1.GetClusterRequest) (*clusterv1.GetClusterResponse, error) {
	for _, c := range []*clusterv1.Cluster{fixtures.Shop(), fixtures.Pair(), fixtures.Loose()} {
		if c.Id == r.GetClusterId() {
			return &clusterv1.GetClusterResponse{Cluster: c}, nil
		}
	}
	return nil, status.Errorf(codes.NotFound, "cluster %q not found", r.GetClusterId())
}

// serve runs a gRPC server on an in-memory listener and returns a client connection.
func serve(t *testing.T, register func(*grpc.Server), opts ...grpc.ServerOption) *grpc.ClientConn {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer(opts...)
	register(srv)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

type env struct {
	client blueprintv1.BlueprintServiceClient
	llm    *llmtest.Server
}

func start(t *testing.T) env {
	t.Helper()
	clusterConn := serve(t, func(s *grpc.Server) { clusterv1.RegisterClusterServiceServer(s, fakeClusters{}) })
	fake := llmtest.New(t)
	t.Setenv("TDS_TEST_PLANNER_KEY", "sk-planner")
	cfg := server.Config{
		Clusters:    blueprint.ClusterClient{C: clusterv1.NewClusterServiceClient(clusterConn)},
		MaxAttempts: 3,
		KeyRefs:     []string{"TDS_TEST_PLANNER_KEY"},
		LLM: func(e llm.Endpoint) (*llm.Client, error) {
			return llm.New(e, llm.Options{Backoff: llm.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond}})
		},
	}
	conn := serve(t, func(s *grpc.Server) { blueprintv1.RegisterBlueprintServiceServer(s, server.New(cfg)) })
	return env{client: blueprintv1.NewBlueprintServiceClient(conn), llm: fake}
}

func target(ps ...blueprintv1.ReasoningPrimitive) *blueprintv1.Target {
	return &blueprintv1.Target{Primitives: ps}
}

func requireStatus(t *testing.T, err error, code codes.Code, reason errorsv1.ErrorReason, contains string) {
	t.Helper()
	if status.Code(err) != code || apierr.Reason(err) != reason || !strings.Contains(status.Convert(err).Message(), contains) {
		t.Fatalf("want %s/%s mentioning %q, got %s/%s: %v", code, reason, contains, status.Code(err), apierr.Reason(err), err)
	}
}

func TestDraftWithSim(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	for _, req := range []*blueprintv1.DraftBlueprintRequest{
		{ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}, Target: target(validate.Chain, validate.FanOut), Seed: 3},
		{ClusterRef: &blueprintv1.DraftBlueprintRequest_ClusterId{ClusterId: "cl_shop"}, Target: target(validate.Chain, validate.FanOut), Seed: 3},
	} {
		resp, err := e.client.DraftBlueprint(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		bp := resp.GetBlueprint()
		if bp.GetPlanner() != "sim" || resp.GetAttempts() != 1 || bp.GetClusterId() != "cl_shop" || len(bp.GetCalls()) < 3 {
			t.Fatalf("unexpected draft: planner %q attempts %d cluster %q calls %d", bp.GetPlanner(), resp.GetAttempts(), bp.GetClusterId(), len(bp.GetCalls()))
		}
		v, err := e.client.ValidateBlueprint(ctx, &blueprintv1.ValidateBlueprintRequest{Blueprint: bp, Cluster: fixtures.Shop()})
		if err != nil || !v.GetValid() {
			t.Fatalf("drafted plan does not validate: %v %v", err, v.GetViolations())
		}
	}
}

func TestBadInput(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	shop := &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}
	tests := []struct {
		name  string
		req   *blueprintv1.DraftBlueprintRequest
		field string
	}{
		{"no cluster", &blueprintv1.DraftBlueprintRequest{}, "cluster_ref"},
		{"empty cluster", &blueprintv1.DraftBlueprintRequest{ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: &clusterv1.Cluster{Id: "x"}}}, "cluster.tools"},
		{"complexity", &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Target: &blueprintv1.Target{Complexity: 11}}, "target.complexity"},
		{"unknown primitive", &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Target: target(99)}, "target.primitives[0]"},
		{"unknown provider", &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Planner: &llmv1.Endpoint{Provider: "gpt"}}, "planner.provider"},
		{"openai without url", &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Planner: &llmv1.Endpoint{Provider: "openai", Model: "m"}}, "planner.base_url"},
		{"key env not allowed", &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Planner: &llmv1.Endpoint{Provider: "openai", BaseUrl: e.llm.URL, Model: "m", ApiKeyEnv: "HOME"}}, "planner.api_key_env"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.client.DraftBlueprint(ctx, tc.req)
			requireStatus(t, err, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, tc.field)
			found := false
			for _, v := range apierr.Violations(err) {
				found = found || v.Field == tc.field
			}
			if !found {
				t.Fatalf("no field violation for %s in %v", tc.field, apierr.Violations(err))
			}
		})
	}
	if e.llm.Calls() != 0 {
		t.Fatalf("bad requests reached the model %d times", e.llm.Calls())
	}

	_, err := e.client.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{ClusterRef: &blueprintv1.DraftBlueprintRequest_ClusterId{ClusterId: "cl_nope"}})
	requireStatus(t, err, codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_CLUSTER_NOT_FOUND, "cl_nope")

	_, err = e.client.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{ClusterRef: &blueprintv1.DraftBlueprintRequest_ClusterId{ClusterId: "cl_pair"}, Target: target(validate.FanOut)})
	requireStatus(t, err, codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_TARGET_UNREALISABLE, "two tools that do not depend on each other")

	_, err = e.client.ValidateBlueprint(ctx, &blueprintv1.ValidateBlueprintRequest{})
	requireStatus(t, err, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "blueprint")

	v, err := e.client.ValidateBlueprint(ctx, &blueprintv1.ValidateBlueprintRequest{Cluster: fixtures.Shop(), Blueprint: &blueprintv1.Blueprint{
		Goal: "g", Intents: []string{"i"}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "get_product"}}}})
	if err != nil || v.GetValid() || len(v.GetViolations()) == 0 || v.GetViolations()[0].GetField() != "calls[0].arguments" || v.GetViolations()[0].GetCallId() != "c1" {
		t.Fatalf("want a violation on calls[0].arguments, got %v %v", err, v)
	}
}

const goodPlan = `{"goal":"Find a desk lamp and read its details","intents":["find a desk lamp and show me the first result's details"],
 "calls":[{"id":"c1","tool":"search_products","arguments":{"query":{"user":"desk lamp","description":"what to look for"}}},
          {"id":"c2","tool":"get_product","arguments":{"product_id":{"ref":{"call":"c1","path":"$.items[0].product_id"}}}}],
 "expected_outcome":"the lamp's name, price and stock"}`

func TestLLMPlannerRepairs(t *testing.T) {
	e := start(t)
	bad := strings.Replace(goodPlan, "$.items[0].product_id", "$.items[0].sku", 1)
	e.llm.Enqueue(llmtest.Text("Sure! Here is a plan: step 1 ..."), llmtest.Text(bad), llmtest.Text(goodPlan))
	planner := &llmv1.Endpoint{Provider: "openai", BaseUrl: e.llm.URL, Model: "planner-7b", ApiKeyEnv: "TDS_TEST_PLANNER_KEY", MaxRetries: 1}
	resp, err := e.client.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}, Target: target(validate.Chain), Seed: 9, Planner: planner,
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetAttempts() != 3 || resp.GetUsage().GetLlmCalls() != 3 || resp.GetUsage().GetPromptTokens() != 30 {
		t.Fatalf("attempts %d, usage %v", resp.GetAttempts(), resp.GetUsage())
	}
	bp := resp.GetBlueprint()
	if bp.GetPlanner() != "planner-7b" || len(bp.GetCalls()) != 2 || bp.GetCalls()[1].GetToolId() != "t_product" {
		t.Fatalf("unexpected plan: %v", bp)
	}
	reqs := e.llm.Requests()
	if reqs[0].Authorization != "Bearer sk-planner" || reqs[0].Request.ResponseFormat.Type != "json_schema" {
		t.Fatalf("first request: auth %q format %v", reqs[0].Authorization, reqs[0].Request.ResponseFormat)
	}
	if !strings.Contains(reqs[0].Request.Messages[1].Content, "search_products $.items[*].product_id -> get_product.product_id") {
		t.Fatalf("prompt does not show the dependency edges:\n%s", reqs[0].Request.Messages[1].Content)
	}
	last := func(r llmtest.Recorded) string { return r.Request.Messages[len(r.Request.Messages)-1].Content }
	if !strings.Contains(last(reqs[1]), "not the JSON plan") {
		t.Fatalf("second request does not say the answer was not JSON:\n%s", last(reqs[1]))
	}
	if !strings.Contains(last(reqs[2]), "calls[1].arguments[0].ref.path") || !strings.Contains(last(reqs[2]), `no field "sku"`) {
		t.Fatalf("third request does not carry the validator's violation:\n%s", last(reqs[2]))
	}
}

func TestLLMPlannerGivesUp(t *testing.T) {
	e := start(t)
	bad := strings.Replace(goodPlan, "search_products", "search_everything", 1)
	e.llm.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Text(bad) })
	planner := &llmv1.Endpoint{Provider: "openai", BaseUrl: e.llm.URL, Model: "m", MaxRetries: 1}
	shop := &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}
	_, err := e.client.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Target: target(validate.Chain), Planner: planner})
	requireStatus(t, err, codes.FailedPrecondition, errorsv1.ErrorReason_ERROR_REASON_BLUEPRINT_INVALID, `no tool "search_everything"`)
	if e.llm.Calls() != 3 {
		t.Fatalf("want 3 attempts, the server saw %d", e.llm.Calls())
	}

	down := llmtest.New(t)
	down.Handle(func(llm.ChatRequest, int) llmtest.Reply { return llmtest.Status(503) })
	planner.BaseUrl = down.URL
	_, err = e.client.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{ClusterRef: shop, Target: target(validate.Chain), Planner: planner})
	requireStatus(t, err, codes.Unavailable, errorsv1.ErrorReason_ERROR_REASON_LLM_UNAVAILABLE, "503")
	if down.Calls() != 2 {
		t.Fatalf("want 1 try and 1 retry, the server saw %d", down.Calls())
	}
}

// TestCancelStopsTheDraftMidRepair cancels a draft while its second round
// is at the model: the call in flight is abandoned, the service answers at
// once, and the model sees no further request.
func TestCancelStopsTheDraftMidRepair(t *testing.T) {
	clusterConn := serve(t, func(s *grpc.Server) { clusterv1.RegisterClusterServiceServer(s, fakeClusters{}) })
	fake := llmtest.New(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bad := strings.Replace(goodPlan, "search_products", "search_everything", 1)
	fake.Handle(func(_ llm.ChatRequest, n int) llmtest.Reply {
		if n == 1 {
			return llmtest.Text(bad) // the first round, to be repaired
		}
		cancel() // the job stops while the repair is at the model
		<-release
		return llmtest.Text(goodPlan)
	})
	cfg := server.Config{
		Clusters:    blueprint.ClusterClient{C: clusterv1.NewClusterServiceClient(clusterConn)},
		MaxAttempts: 10,
		LLM: func(e llm.Endpoint) (*llm.Client, error) {
			return llm.New(e, llm.Options{Backoff: llm.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond}})
		},
	}
	returned := make(chan error, 1)
	conn := serve(t, func(s *grpc.Server) {
		blueprintv1.RegisterBlueprintServiceServer(s, server.New(cfg))
	}, grpc.UnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		resp, err := h(ctx, req)
		returned <- err
		return resp, err
	}))
	client := blueprintv1.NewBlueprintServiceClient(conn)
	planner := &llmv1.Endpoint{Provider: "openai", BaseUrl: fake.URL, Model: "m", MaxRetries: 3, Timeout: durationpb.New(10 * time.Minute)}
	_, err := client.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}, Target: target(validate.Chain), Planner: planner})
	if status.Code(err) != codes.Canceled {
		t.Fatalf("draft: %v, want Canceled", err)
	}
	select {
	case err := <-returned:
		if status.Code(err) != codes.Canceled {
			t.Errorf("the service answered %v, want Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the service still drafts 30 s after the cancellation: the call in flight was not abandoned")
	}
	if n := fake.Calls(); n != 2 {
		t.Errorf("the model saw %d requests, want 2 (the round before the cancellation and the one it cut)", n)
	}
}

// TestCancelDraftAnswersWithTheCallsMade: CancelDraft ends a named draft in
// its second round; the draft answers CANCELLED with the usage of its first
// round, and the model sees no further request.
func TestCancelDraftAnswersWithTheCallsMade(t *testing.T) {
	e := start(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	atModel := make(chan struct{}, 1)
	bad := strings.Replace(goodPlan, "search_products", "search_everything", 1)
	e.llm.Handle(func(_ llm.ChatRequest, n int) llmtest.Reply {
		if n == 1 {
			return llmtest.Text(bad)
		}
		atModel <- struct{}{}
		<-release
		return llmtest.Text(goodPlan)
	})
	planner := &llmv1.Endpoint{Provider: "openai", BaseUrl: e.llm.URL, Model: "m", MaxRetries: 1, ApiKeyEnv: "TDS_TEST_PLANNER_KEY"}
	done := make(chan error, 1)
	go func() {
		_, err := e.client.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
			ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}, Target: target(validate.Chain), Planner: planner,
			JobId: "job-1", DraftId: "job-1-t7"})
		done <- err
	}()
	<-atModel
	if resp, err := e.client.CancelDraft(context.Background(), &blueprintv1.CancelDraftRequest{JobId: "job-1", DraftId: "job-1-t8"}); err != nil || resp.GetFound() {
		t.Fatalf("cancel of another draft: %v %v", resp, err)
	}
	if resp, err := e.client.CancelDraft(context.Background(), &blueprintv1.CancelDraftRequest{JobId: "job-1", DraftId: "job-1-t7"}); err != nil || !resp.GetFound() {
		t.Fatalf("cancel of the draft: %v %v", resp, err)
	}
	err := <-done
	if status.Code(err) != codes.Canceled {
		t.Fatalf("the cancelled draft answered %v, want Canceled", err)
	}
	var used *llmv1.Usage
	for _, d := range status.Convert(err).Details() {
		if u, ok := d.(*llmv1.Usage); ok {
			used = u
		}
	}
	if used.GetLlmCalls() != 1 || used.GetPromptTokens() != 10 {
		t.Errorf("usage of the cancelled draft %v, want its first round (1 call, 10 prompt tokens)", used)
	}
	if n := e.llm.Calls(); n != 2 {
		t.Errorf("the model saw %d requests, want 2", n)
	}
	_, err = e.client.CancelDraft(context.Background(), &blueprintv1.CancelDraftRequest{DraftId: "x"})
	requireStatus(t, err, codes.InvalidArgument, errorsv1.ErrorReason_ERROR_REASON_INVALID_ARGUMENT, "job_id")
}

// TestCancelDraftBeforeItBegins: a CancelDraft that overtakes its
// DraftBlueprint (not found yet) still stops the draft: it starts stopped,
// calls no model, and answers Canceled at once, so no completion the model
// served can go uncounted.
func TestCancelDraftBeforeItBegins(t *testing.T) {
	e := start(t)
	e.llm.Handle(func(_ llm.ChatRequest, _ int) llmtest.Reply { return llmtest.Text(goodPlan) })
	if resp, err := e.client.CancelDraft(context.Background(), &blueprintv1.CancelDraftRequest{JobId: "job-2", DraftId: "job-2-t1"}); err != nil || resp.GetFound() {
		t.Fatalf("cancel before the draft: %v %v, want not found", resp, err)
	}
	planner := &llmv1.Endpoint{Provider: "openai", BaseUrl: e.llm.URL, Model: "m", MaxRetries: 1, ApiKeyEnv: "TDS_TEST_PLANNER_KEY"}
	_, err := e.client.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}, Target: target(validate.Chain), Planner: planner,
		JobId: "job-2", DraftId: "job-2-t1"})
	if status.Code(err) != codes.Canceled {
		t.Fatalf("the draft cancelled before it began answered %v, want Canceled", err)
	}
	if n := e.llm.Calls(); n != 0 {
		t.Errorf("the model saw %d requests, want none", n)
	}
	// Another draft of the job is not touched.
	if _, err := e.client.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()}, Target: target(validate.Chain), Planner: planner,
		JobId: "job-2", DraftId: "job-2-t2"}); err != nil {
		t.Fatalf("another draft: %v", err)
	}
}
