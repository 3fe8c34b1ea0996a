package planner_test

import (
	"context"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/planner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// fileTools is a file server's tools, each answering one text ({"content":
// string}) or media blocks, the way MCP file servers declare them.
func fileTools() *clusterv1.Cluster {
	text := `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`
	in := `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`
	tool := func(name, desc, out string) *toolv1.Tool {
		return &toolv1.Tool{Id: "t_" + name, Name: name, Description: desc, Service: "files", Domain: "file_system", InputSchemaJson: in, OutputSchemaJson: out}
	}
	return &clusterv1.Cluster{Id: "cl_files", Name: "files", Domain: "file_system", Services: []string{"files"}, Tools: []*toolv1.Tool{
		tool("read_text_file", "Read the complete contents of a file as text.", text),
		tool("list_directory", "Get a detailed listing of all files and directories in a specified path.", text),
		tool("search_files", "Recursively search for files and directories matching a pattern.", text),
		tool("get_file_info", "Retrieve detailed metadata about a file or directory.", text),
		tool("read_media_file", "Read a file and return it as a base64-encoded content block with its MIME type.",
			`{"type":"object","properties":{"content":{"type":"array","items":{"type":"object","properties":{"type":{"type":"string"},"data":{"type":"string"},"mimeType":{"type":"string"}}}}}}`),
		tool("create_directory", "Create a new directory.", text),
		tool("read_multiple_files", "Read the contents of multiple files simultaneously.", text),
	}}
}

// A program computes what the result it reads holds: a file's words and
// lines, a listing's files and folders by type, a search's matches; a
// file's metadata, a confirmation or an image's base64 is not computed over.
func TestCodeStepsComputeWhatTheResultHolds(t *testing.T) {
	c := fileTools()
	byTool := map[string]string{}
	for seed := range int64(80) {
		bp := mustRealise(t, c, seed, int32(seed%4), validate.Code)
		tools := map[string]string{}
		for _, call := range bp.Calls {
			tools[call.Id] = call.ToolName
		}
		for _, call := range bp.Calls {
			if call.Code == "" {
				continue
			}
			for _, tn := range []string{"get_file_info", "read_media_file", "create_directory"} {
				if strings.Contains(call.Code, "# output of "+tn+"\n") {
					t.Fatalf("seed %d: a program reads %s's result:\n%s", seed, tn, call.Code)
				}
			}
			for _, d := range call.DependsOn {
				switch tn := tools[d]; tn {
				case "get_file_info", "read_media_file", "create_directory":
					t.Fatalf("seed %d: a program over %s's result:\n%s", seed, tn, call.Code)
				default:
					if first := strings.SplitN(call.Code, "\n", 2)[0]; strings.Contains(first, "are there and") {
						t.Errorf("seed %d: asked as %q", seed, first)
					}
					if strings.Contains(call.Code, "r_"+d+" = ") {
						byTool[tn] += call.Code
					}
				}
			}
		}
	}
	for tn, want := range map[string][]string{
		"read_text_file":      {"words in the file", "lines in the file"},
		"read_multiple_files": {"words in the files", "lines in the files"},
		"list_directory":      {"number of files", "number of folders", "files by extension"},
		"search_files":        {"number of matches", "matches by extension"},
	} {
		if byTool[tn] == "" {
			t.Errorf("no program over %s's result in 80 drafts", tn)
		}
		for _, w := range want {
			if byTool[tn] != "" && !strings.Contains(byTool[tn], w) {
				t.Errorf("programs over %s's result never print %q", tn, w)
			}
		}
	}
}

// A catalog whose tools return only how a call went (a login's success)
// offers nothing a program computes: a best-effort draft leaves the code
// step out rather than count the fields of a login's result.
func TestNoCodeStepOverResultsThatHoldNothing(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_auth", Name: "auth", Domain: "trading", Services: []string{"auth"}, Tools: []*toolv1.Tool{
		{Id: "t_login", Name: "trading_login", Description: "Log in to the trading account.", Service: "auth", Domain: "trading",
			InputSchemaJson:  `{"type":"object","properties":{"username":{"type":"string"},"password":{"type":"string"}},"required":["username","password"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string"}}}`},
		{Id: "t_logout", Name: "trading_logout", Description: "Log out of the trading account.", Service: "auth", Domain: "trading",
			InputSchemaJson:  `{"type":"object","properties":{}}`,
			OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}}}`},
	}}
	for seed := range int64(10) {
		bp, err := planner.New().Draft(context.Background(), planner.Request{Cluster: c, Seed: seed,
			Target: &blueprintv1.Target{Primitives: []prim{validate.Code}, BestEffort: true}})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, call := range bp.Calls {
			if call.Code != "" {
				t.Fatalf("seed %d: a program over results that hold nothing:\n%s", seed, call.Code)
			}
		}
	}
}

// A lookup added for the program to compute over is the program's only
// input: the folder made earlier in the request is not read into it.
func TestTheProgramReadsOnlyWhatItComputesOver(t *testing.T) {
	c := fileTools()
	c.Tools = []*toolv1.Tool{c.Tools[0], c.Tools[5]} // read_text_file, create_directory
	for seed := range int64(60) {
		bp := mustRealise(t, c, seed, int32(seed%4), validate.Recovery, validate.Code)
		for _, call := range bp.Calls {
			if strings.Contains(call.Code, "# output of create_directory\n") {
				t.Fatalf("seed %d: a program reads create_directory's result:\n%s", seed, call.Code)
			}
		}
	}
}
