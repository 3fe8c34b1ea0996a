package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// When the user gives the thing's name only when asked, what they say of
// it now is still said as a person says it: a count of its lines as
// lines ("the last 20 lines of a file", not "a file with tail 20"), a
// search as a search ("run a search", not "search for nodes").
func TestRequestsWithTheSubjectSaidLater(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_tail", Name: "read_text_file", Service: "fs", Domain: "file_system",
			Description:     "Read the complete contents of a file from the file system as text.",
			InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"},"tail":{"type":"number","description":"If provided, returns only the last N lines of the file"}},"required":["path","tail"]}`},
		{Id: "t_search", Name: "search_nodes", Service: "memory", Domain: "file_system",
			Description:     "Search for nodes in the knowledge graph based on a query",
			InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string","description":"The search query to match against entity names, types, and observation content"}},"required":["query"]}`},
	}}
	counted, searched := 0, 0
	for seed := range int64(80) {
		bp, err := draft(t, c, seed, 1, validate.Clarify)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		for _, call := range bp.GetCalls() {
			later, tail := false, ""
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				if u == nil {
					continue
				}
				switch {
				case u.GetWithholdUntilAsked() && (a.GetParam() == "path" || a.GetParam() == "query"):
					later = true
				case a.GetParam() == "tail":
					tail = u.GetValueJson()
				}
			}
			if !later {
				continue
			}
			switch call.GetToolName() {
			case "read_text_file":
				if strings.Contains(in, "tail "+tail) {
					t.Fatalf("seed %d: request %q says the count as a parameter", seed, in)
				}
				if tail != "" && strings.Contains(in, "the last "+tail+" lines of a file") {
					counted++
				}
			case "search_nodes":
				if strings.Contains(in, "nodes") {
					t.Fatalf("seed %d: request %q asks for nodes", seed, in)
				}
				searched++
			}
		}
	}
	if counted == 0 || searched == 0 {
		t.Fatalf("counted %d, searched %d", counted, searched)
	}
}

// Edits to a file are said as what they replace, after a colon or a
// dash: "make a few edits to /home/ana/a.txt: replace "a" with "b"", not
// "… with replace …" nor "(replace …)".
func TestRequestsSayEditsAsWhatTheyReplace(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_edit", Name: "edit_file", Service: "fs", Domain: "file_system", Description: "Make line-based edits to a text file.",
			InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"},"edits":{"type":"array","items":{"type":"object","properties":{"oldText":{"type":"string"},"newText":{"type":"string"}},"required":["oldText","newText"]}}},"required":["path","edits"]}`},
	}}
	colon := 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		for _, never := range []string{"with replace", "(replace", "using replace", "for replace"} {
			if strings.Contains(in, never) {
				t.Fatalf("seed %d: request %q says %q", seed, in, never)
			}
		}
		if strings.Contains(in, ": replace ") {
			colon++
		}
	}
	if colon == 0 {
		t.Fatalf("no edits said after a colon")
	}
}
