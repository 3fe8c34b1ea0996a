package blueprint_test

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/services/blueprint"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
)

func TestFlagsValidate(t *testing.T) {
	tests := []struct {
		args []string
		key  string // "" for valid
	}{
		{nil, ""},
		{[]string{"--cluster.addr", "nohost"}, "cluster.addr"},
		{[]string{"--planner.max_attempts", "0"}, "planner.max_attempts"},
		{[]string{"--llm.planner.provider", "openai"}, "llm.planner.base_url"},
		{[]string{"--llm.planner.temperature", "7"}, "llm.planner.temperature"},
	}
	for _, tc := range tests {
		svc := blueprint.New()
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		svc.RegisterFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		var v config.Validator
		svc.Validate(&v)
		err := v.Err()
		if tc.key == "" && err != nil || tc.key != "" && (err == nil || !strings.Contains(err.Error(), `"`+tc.key+`"`)) {
			t.Errorf("%v: want error on %q, got %v", tc.args, tc.key, err)
		}
	}
}

// TestServes runs the service as tds up does (on a given listener, with the
// standard server chain) and drafts over real loopback gRPC; the cluster
// service is absent, so a draft by id says so.
func TestServes(t *testing.T) {
	svc := blueprint.New()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	svc.RegisterFlags(fs)
	if err := fs.Parse([]string{"--auth.tokens", "secret"}); err != nil {
		t.Fatal(err)
	}
	// A closed port: nothing answers there.
	dead, _ := net.Listen("tcp", "127.0.0.1:0")
	svc.ClusterAddr = dead.Addr().String()
	dead.Close()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, app.Env{Logger: slog.New(slog.DiscardHandler), Listener: lis}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	conn, err := grpcclient.Dial(lis.Addr().String(), grpcclient.Config{Token: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := blueprintv1.NewBlueprintServiceClient(conn)
	resp, err := c.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: fixtures.Shop()},
		Target:     &blueprintv1.Target{Primitives: []blueprintv1.ReasoningPrimitive{1, 4}},
	})
	if err != nil || len(resp.GetBlueprint().GetCalls()) < 2 {
		t.Fatalf("draft: %v %v", resp, err)
	}
	_, err = c.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{ClusterRef: &blueprintv1.DraftBlueprintRequest_ClusterId{ClusterId: "cl_x"}})
	if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "cluster service") {
		t.Fatalf("want Unavailable naming the cluster service, got %v", err)
	}
}
