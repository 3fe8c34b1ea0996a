package planner_test

import (
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// TestAlternativeParametersNeverTogether: a file read offers head or tail;
// over many plans some read a head, some a tail, none both.
func TestAlternativeParametersNeverTogether(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{{
		Id: "t_read", Name: "read_text_file", Service: "filesystem", Domain: "file_system",
		Description:     "Read the complete contents of a file from the file system as text. Use the 'head' parameter to read only the first N lines of a file, or the 'tail' parameter to read only the last N lines of a file.",
		InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"},"tail":{"description":"If provided, returns only the last N lines of the file","type":"number"},"head":{"description":"If provided, returns only the first N lines of the file","type":"number"}},"required":["path"]}`,
	}}}
	seen := map[string]int{}
	for seed := range int64(120) {
		bp := mustRealise(t, c, seed, 0)
		for _, call := range bp.GetCalls() {
			var got []string
			for _, a := range call.GetArguments() {
				if a.GetParam() == "head" || a.GetParam() == "tail" {
					got = append(got, a.GetParam())
					seen[a.GetParam()]++
				}
			}
			if len(got) > 1 {
				t.Fatalf("seed %d: %s given both %v", seed, call.GetId(), got)
			}
		}
	}
	if seen["head"] == 0 || seen["tail"] == 0 {
		t.Fatalf("over 120 plans head was given %d times and tail %d times; want both", seen["head"], seen["tail"])
	}
}
