package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A person asks for one file by its path ("open /home/ana/notes.md"), not
// for "a file with path /home/ana/notes.md", and never in the tool
// description's words ("read the complete contents of").
func TestRequestsNameAFileByItsPath(t *testing.T) {
	fs := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_read", Name: "read_text_file", Service: "fs", Domain: "file_system",
			Description:     "Read the complete contents of a file from the file system as text.",
			InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string","description":"Absolute path of the file, e.g. /home/ana/notes.md"}},"required":["path"]}`},
	}}
	named := 0
	for seed := range int64(20) {
		bp, err := draft(t, fs, seed, 1, validate.MultiIntent)
		if err != nil {
			bp, err = draft(t, fs, seed, 1)
		}
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		in := strings.ToLower(bp.GetIntents()[0])
		if strings.Contains(in, "read the complete contents of") || strings.Contains(in, "contents of a file") {
			t.Fatalf("seed %d: request %q says the description", seed, in)
		}
		if strings.Contains(in, "a file with path /") || strings.Contains(in, "a file for path /") || strings.Contains(in, "a file using path /") || strings.Contains(in, "a file (path /") || strings.Contains(in, "a file — path /") {
			t.Fatalf("seed %d: request %q names the file as a file with a path", seed, in)
		}
		if strings.Contains(in, " /") {
			named++
		}
	}
	if named == 0 {
		t.Fatalf("no request named its file by path")
	}
}
