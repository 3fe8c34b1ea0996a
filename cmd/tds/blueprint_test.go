package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// testCluster: a search feeding a lookup, and a tool outside the graph.
const testCluster = `{
  "id": "cl_cli", "domain": "books",
  "tools": [
    {"id": "t1", "name": "search_books", "description": "Search books by title.",
     "input_schema_json": "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}},\"required\":[\"title\"]}",
     "output_schema_json": "{\"type\":\"object\",\"properties\":{\"books\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"isbn\":{\"type\":\"string\"}}}}}}"},
    {"id": "t2", "name": "get_book", "description": "Get a book by ISBN.",
     "input_schema_json": "{\"type\":\"object\",\"properties\":{\"isbn\":{\"type\":\"string\"}},\"required\":[\"isbn\"]}",
     "output_schema_json": "{\"type\":\"object\",\"properties\":{\"isbn\":{\"type\":\"string\"},\"pages\":{\"type\":\"integer\"}}}"},
    {"id": "t3", "name": "get_weather", "description": "Get the weather in a city.",
     "input_schema_json": "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
     "output_schema_json": "{\"type\":\"object\",\"properties\":{\"temp_c\":{\"type\":\"number\"}}}"}
  ],
  "edges": [{"from_tool_id": "t1", "from_field": "$.books[*].isbn", "to_tool_id": "t2", "to_param": "isbn", "score": 0.9}]
}`

func runTDS(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBlueprintDraftAndValidate(t *testing.T) {
	cf := writeFile(t, "cluster.json", testCluster)
	code, out, errs := runTDS(t, "blueprint", "draft", "--cluster-file", cf, "--primitives", "chain,iteration,fan-out,code", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var bp blueprintv1.Blueprint
	if err := protojson.Unmarshal([]byte(out), &bp); err != nil {
		t.Fatalf("output is not a blueprint: %v\n%s", err, out)
	}
	if bp.GetClusterId() != "cl_cli" || len(bp.GetCalls()) < 4 || len(bp.GetPrimitives()) != 4 {
		t.Fatalf("unexpected blueprint: %s", out)
	}
	if _, again, _ := runTDS(t, "blueprint", "draft", "--cluster-file", cf, "--primitives", "chain,iteration,fan-out,code", "--seed", "3"); again != out {
		t.Fatal("same flags, different blueprint")
	}

	bf := writeFile(t, "bp.json", out)
	code, vout, _ := runTDS(t, "blueprint", "validate", "--blueprint", bf, "--cluster-file", cf)
	if code != 0 || !strings.HasPrefix(vout, "valid") {
		t.Fatalf("validate: exit %d: %s", code, vout)
	}
	broken := writeFile(t, "broken.json", strings.Replace(out, `"$.books[*].isbn"`, `"$.books[*].id"`, 1))
	code, vout, _ = runTDS(t, "blueprint", "validate", "--blueprint", broken, "--cluster-file", cf)
	if code != 1 || !strings.Contains(vout, ".ref.path:") || !strings.Contains(vout, `no field "id"`) {
		t.Fatalf("validate broken: exit %d: %s", code, vout)
	}
}

func TestBlueprintErrors(t *testing.T) {
	cf := writeFile(t, "cluster.json", testCluster)
	// A cluster service that knows no cluster.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	clusterv1.RegisterClusterServiceServer(srv, noClusters{})
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"blueprint", "draft", "--help"}, 0, "--primitives"},
		{"no subcommand", []string{"blueprint"}, 2, "want a subcommand"},
		{"no cluster", []string{"blueprint", "draft"}, 2, "--cluster ID"},
		{"both clusters", []string{"blueprint", "draft", "--cluster", "x", "--cluster-file", cf}, 2, "not both"},
		{"unknown primitive", []string{"blueprint", "draft", "--cluster-file", cf, "--primitives", "chain,teleport"}, 2, `unknown primitive "teleport"`},
		{"missing file", []string{"blueprint", "draft", "--cluster-file", filepath.Join(t.TempDir(), "nope.json")}, 2, "--cluster-file"},
		{"llm without url", []string{"blueprint", "draft", "--cluster-file", cf, "--planner", "llm"}, 2, "--llm.base_url"},
		{"many primitives compose", []string{"blueprint", "draft", "--cluster-file", cf, "--primitives", "error-recovery,clarification,aggregation,conditional,multi-intent,irrelevance,fan-out", "--seed", "1"}, 0, ""},
		{"unknown cluster", []string{"blueprint", "draft", "--cluster", "cl_missing", "--cluster.addr", lis.Addr().String()}, 1, `cluster "cl_missing" not found (NotFound)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runTDS(t, tc.args...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Fatalf("exit %d (want %d), want %q in:\n%s%s", code, tc.code, tc.want, out, errs)
			}
		})
	}
	// A fan-out over a cluster of two dependent tools cannot be planned.
	two := writeFile(t, "two.json", `{"id":"cl_two","tools":[`+
		`{"id":"a","name":"find_city","input_schema_json":"{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}","output_schema_json":"{\"type\":\"object\",\"properties\":{\"city_id\":{\"type\":\"string\"}}}"},`+
		`{"id":"b","name":"get_forecast","input_schema_json":"{\"type\":\"object\",\"properties\":{\"city_id\":{\"type\":\"string\"}},\"required\":[\"city_id\"]}"}],`+
		`"edges":[{"from_tool_id":"a","from_field":"$.city_id","to_tool_id":"b","to_param":"city_id"}]}`)
	code, _, errs := runTDS(t, "blueprint", "draft", "--cluster-file", two, "--primitives", "fan-out")
	if code != 1 || !strings.Contains(errs, "FailedPrecondition") || !strings.Contains(errs, "two tools that do not depend on each other") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func TestBlueprintDraftWithLLM(t *testing.T) {
	cf := writeFile(t, "cluster.json", testCluster)
	fake := llmtest.New(t)
	fake.Enqueue(llmtest.Text(`{"goal":"find a book's length","intents":["how long is Dune?"],"calls":[` +
		`{"id":"c1","tool":"search_books","arguments":{"title":{"user":"Dune"}}},` +
		`{"id":"c2","tool":"get_book","arguments":{"isbn":{"ref":{"call":"c1","path":"$.books[0].isbn"}}}}]}`))
	code, out, errs := runTDS(t, "blueprint", "draft", "--cluster-file", cf, "--primitives", "chain", "--planner", "llm",
		"--llm.base_url", fake.URL, "--llm.model", "tiny-planner", "--llm.cache_dir", t.TempDir())
	if code != 0 || !strings.Contains(out, `"planner": "tiny-planner"`) || !strings.Contains(errs, "1 attempt(s), 1 LLM call(s)") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
}

type noClusters struct {
	clusterv1.UnimplementedClusterServiceServer
}

func (noClusters) GetCluster(_ context.Context, r *clusterv1.GetClusterRequest) (*clusterv1.GetClusterResponse, error) {
	return nil, status.Errorf(codes.NotFound, "cluster %q not found", r.GetClusterId())
}
