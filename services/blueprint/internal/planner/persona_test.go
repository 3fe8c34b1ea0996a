package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// fileServer is a small file server: a folder listing, a file read and a
// file write, each taking a path.
func fileServer(pathDesc string) *clusterv1.Cluster {
	in := `{"type":"object","properties":{"path":{"type":"string","description":"` + pathDesc + `"}},"required":["path"]}`
	out := `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`
	return &clusterv1.Cluster{Id: "cl_fs", Name: "files", Domain: "file_system", Services: []string{"fs"},
		Tools: []*toolv1.Tool{
			{Id: "t_list", Name: "list_directory", Description: "List the files and directories in a folder.", Service: "fs", Domain: "file_system", InputSchemaJson: in, OutputSchemaJson: out},
			{Id: "t_read", Name: "read_text_file", Description: "Read the complete contents of a file as text.", Service: "fs", Domain: "file_system", InputSchemaJson: in, OutputSchemaJson: out},
			{Id: "t_info", Name: "get_file_info", Description: "Retrieve metadata about a file.", Service: "fs", Domain: "file_system", InputSchemaJson: in, OutputSchemaJson: out},
		}}
}

// homes are the accounts whose home folders the plan's arguments name.
func homes(t *testing.T, bpCalls []string) map[string]bool {
	out := map[string]bool{}
	for _, s := range bpCalls {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '"' || r == ' ' || r == ',' || r == '[' || r == ']' }) {
			if acct, ok := sim.HomeAccount(w); ok {
				out[acct] = true
			}
		}
	}
	return out
}

// The user who speaks is the person whose home the plan's files are in:
// "This is Chanel Walsh" does not work in /home/axel.
func TestPersonaOwnsTheHomeThePlanWorksIn(t *testing.T) {
	c := fileServer("Path of the file or folder")
	checked := 0
	for seed := range int64(40) {
		bp := mustRealise(t, c, seed, 0, validate.FanOut)
		var args []string
		for _, call := range bp.Calls {
			for _, a := range call.Arguments {
				args = append(args, a.GetLiteralJson(), a.GetUser().GetValueJson())
			}
		}
		hs := homes(t, args)
		if len(hs) == 0 {
			continue
		}
		checked++
		acct := sim.PersonNamed(bp.Persona.GetName()).Account()
		if len(hs) != 1 || !hs[acct] {
			t.Fatalf("seed %d: persona %q (account %q) works in the homes %v", seed, bp.Persona.GetName(), acct, hs)
		}
	}
	if checked < 10 {
		t.Fatalf("only %d plans named a home folder", checked)
	}
}

// A path the corpus fixes in another user's home (a tool's example) makes
// the persona that user.
func TestPersonaIsTheUserOfAFixedHome(t *testing.T) {
	c := fileServer("Absolute path, e.g. /Users/maria/notes/todo.md")
	for seed := range int64(20) {
		bp := mustRealise(t, c, seed, 0, validate.FanOut)
		var args []string
		for _, call := range bp.Calls {
			for _, a := range call.Arguments {
				args = append(args, a.GetLiteralJson(), a.GetUser().GetValueJson())
			}
		}
		if hs := homes(t, args); hs["maria"] && !strings.HasPrefix(bp.Persona.GetName(), "Maria ") {
			t.Fatalf("seed %d: the plan works in /Users/maria but the persona is %q", seed, bp.Persona.GetName())
		}
	}
}

// A corpus's catch-all label is no field of work: the persona of an
// "uncategorized" cluster is a consultant, not an "uncategorized consultant".
func TestPersonaOfAnUncategorizedCluster(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_misc", Domain: "uncategorized", Tools: []*toolv1.Tool{
		{Id: "t_a", Name: "getTagCount", Service: "crm", Domain: "uncategorized", Description: "Count tags.", InputSchemaJson: `{"type":"object","properties":{}}`},
	}}
	for seed := range int64(5) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if role := bp.GetPersona().GetRole(); strings.Contains(role, "uncategorized") {
			t.Errorf("seed %d: persona role %q", seed, role)
		}
	}
}
