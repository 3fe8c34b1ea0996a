package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// Two tools for the same thing in different places are asked for by where:
// "clear all key-value pairs from the short-term memory", never a bare
// "clear all key-value pairs" that could mean either.
func TestToolsAlikeButForTheirQualifierAreAskedApart(t *testing.T) {
	empty := `{"type":"object","properties":{}}`
	c := &clusterv1.Cluster{Id: "cl_mem", Domain: "agent_memory", Tools: []*toolv1.Tool{
		{Id: "t_long", Name: "archival_memory_clear", Service: "mem", Domain: "agent_memory", Description: "Clear all key-value pairs from the long-term memory, including those from previous interactions.", InputSchemaJson: empty},
		{Id: "t_short", Name: "core_memory_clear", Service: "mem", Domain: "agent_memory", Description: "Clear all key-value pairs from the short-term memory, including those from previous interactions.", InputSchemaJson: empty},
	}}
	asked := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 2)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, intent := range bp.GetIntents() {
			if !strings.Contains(intent, "key-value pairs") {
				continue
			}
			asked++
			if !strings.Contains(intent, "short-term") && !strings.Contains(intent, "long-term") {
				t.Errorf("seed %d: which memory? %q", seed, intent)
			}
		}
	}
	if asked == 0 {
		t.Error("no request asked to clear a memory")
	}
}
