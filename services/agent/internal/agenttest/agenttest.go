// Package agenttest holds the fixtures of the agent's tests: blueprints
// drafted by `tds blueprint draft` over the shop cluster, and the cluster,
// embedded from testdata/ so any test of the module loads them by name.
package agenttest

import (
	"embed"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

//go:embed testdata/*.json
var files embed.FS

// Blueprints are the names of the stored blueprints (bp_<name>.json).
var Blueprints = []string{"chain", "fan-out", "conditional", "iteration", "error-recovery", "error-notfound", "error-format", "error-transient", "clarification", "aggregation", "code", "multi-intent_irrelevance", "mixed"}

// Blueprint loads bp_<name>.json.
func Blueprint(t testing.TB, name string) *blueprintv1.Blueprint {
	t.Helper()
	raw, err := files.ReadFile("testdata/bp_" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var bp blueprintv1.Blueprint
	if err := protojson.Unmarshal(raw, &bp); err != nil {
		t.Fatalf("bp_%s.json: %v", name, err)
	}
	return &bp
}

// Cluster loads the shop cluster.
func Cluster(t testing.TB) *clusterv1.Cluster {
	t.Helper()
	raw, err := files.ReadFile("testdata/shop_cluster.json")
	if err != nil {
		t.Fatal(err)
	}
	var c clusterv1.Cluster
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// Tools returns the shop cluster's tools.
func Tools(t testing.TB) []*toolv1.Tool { return Cluster(t).GetTools() }
