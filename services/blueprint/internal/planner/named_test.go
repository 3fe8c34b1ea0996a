package planner_test

import (
	"encoding/json"
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

// A file asked for with other values is still named by its path, the
// rest said of it ("the first 10 lines of /home/ana/notes.md"); a search
// is asked for by what is looked for ("look up Jordan"), not as the
// search's object with "query Jordan" beside it. Every value is said.
func TestRequestsNameTheThingAndSayTheRest(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_head", Name: "read_text_file", Service: "fs", Domain: "file_system",
			Description:     "Read the complete contents of a file from the file system as text.",
			InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string","description":"Absolute path of the file, e.g. /home/ana/notes.md"},"head":{"type":"integer","description":"If provided, returns only the first N lines of the file"}},"required":["path","head"]}`},
		{Id: "t_search", Name: "search_nodes", Service: "memory", Domain: "file_system",
			Description:     "Search for nodes in the knowledge graph based on a query",
			InputSchemaJson: `{"type":"object","properties":{"query":{"type":"string","description":"The search query to match against entity names, types, and observation content"}},"required":["query"]}`},
	}}
	counted, looked := 0, 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				u := a.GetUser()
				if u == nil || u.GetWithholdUntilAsked() {
					continue
				}
				v := strings.Trim(u.GetValueJson(), `"`)
				if !strings.Contains(in, v) {
					t.Fatalf("seed %d: request %q does not say %s", seed, in, v)
				}
				switch a.GetParam() {
				case "head":
					if strings.Contains(in, "head "+v) || strings.Contains(in, "path /") {
						t.Fatalf("seed %d: request %q says the parameters, not the lines of the file", seed, in)
					}
					if strings.Contains(in, "the first "+v+" lines of /") {
						counted++
					}
				case "query":
					if strings.Contains(in, "query") {
						t.Fatalf("seed %d: request %q says the query as a parameter", seed, in)
					}
					looked++
				}
			}
		}
	}
	if counted == 0 || looked == 0 {
		t.Fatalf("counted %d, looked up %d", counted, looked)
	}
}

// Several files are asked for by their paths ("open /home/ana/a.md and
// /home/ana/b.md"), not as "a few files for paths …".
func TestRequestsNameSeveralFilesByTheirPaths(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_multi", Name: "read_multiple_files", Service: "fs", Domain: "file_system",
			Description:     "Read the contents of multiple files simultaneously.",
			InputSchemaJson: `{"type":"object","properties":{"paths":{"type":"array","items":{"type":"string"},"description":"Absolute paths of the files, e.g. /home/ana/notes.md"}},"required":["paths"]}`},
	}}
	named := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "paths /") {
			t.Fatalf("seed %d: request %q names the files as paths", seed, in)
		}
		if strings.Contains(in, " and /") {
			named++
		}
	}
	if named == 0 {
		t.Fatalf("no request named its files by their paths")
	}
}

// Edits are asked for to the file the path names ("make a few edits to
// /home/ana/notes.md, replace …"), not with "path /home/…" among them.
func TestRequestsEditAFileNamedByItsPath(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_edit", Name: "edit_file", Service: "fs", Domain: "file_system",
			Description:     "Make line-based edits to a text file. Each edit replaces exact line sequences with new content.",
			InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string","description":"Absolute path of the file, e.g. /home/ana/notes.md"},"edits":{"type":"array","items":{"type":"object","properties":{"oldText":{"type":"string"},"newText":{"type":"string"}},"required":["oldText","newText"]}}},"required":["path","edits"]}`},
	}}
	named := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "path /") {
			t.Fatalf("seed %d: request %q names the file as a path", seed, in)
		}
		if strings.Contains(in, " /home/") {
			named++
		}
	}
	if named == 0 {
		t.Fatalf("no request named its file by its path")
	}
}

// What is noted on records is said on each record by its name ("note on
// Ana Ruiz's record: Works as a musician"), not as "observations for
// entities (observations Ana Ruiz with contents …)"; every note is said.
func TestRequestsNoteOnARecordByItsName(t *testing.T) {
	add := &toolv1.Tool{Id: "t_obs", Name: "add_observations", Service: "memory", Domain: "agent_memory",
		Description:     "Add new observations to existing entities in the knowledge graph",
		InputSchemaJson: `{"type":"object","properties":{"observations":{"type":"array","items":{"type":"object","properties":{"entityName":{"type":"string","description":"The name of the entity to add the observations to"},"contents":{"type":"array","items":{"type":"string"},"description":"An array of observation contents to add"}},"required":["entityName","contents"]}}},"required":["observations"]}`}
	del := &toolv1.Tool{Id: "t_del", Name: "delete_observations", Service: "memory", Domain: "agent_memory",
		Description:     "Delete specific observations from entities in the knowledge graph",
		InputSchemaJson: `{"type":"object","properties":{"deletions":{"type":"array","items":{"type":"object","properties":{"entityName":{"type":"string","description":"The name of the entity containing the observations"},"observations":{"type":"array","items":{"type":"string"},"description":"An array of observations to delete"}},"required":["entityName","observations"]}}},"required":["deletions"]}`}
	for _, tool := range []*toolv1.Tool{add, del} {
		noteOnRecords(t, &clusterv1.Cluster{Id: "cl_mem", Domain: "agent_memory", Tools: []*toolv1.Tool{tool}})
	}
}

func noteOnRecords(t *testing.T, c *clusterv1.Cluster) {
	noted := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "with contents") || strings.Contains(in, "with observations") {
			t.Fatalf("seed %d: request %q says the records' fields", seed, in)
		}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if u := a.GetUser(); u != nil && !u.GetWithholdUntilAsked() {
					var v any
					_ = json.Unmarshal([]byte(u.GetValueJson()), &v)
					for _, l := range stringLeaves(v) {
						if !strings.Contains(in, l) {
							t.Fatalf("seed %d: request %q leaves out %q", seed, in, l)
						}
					}
					noted++
				}
			}
		}
	}
	if noted == 0 {
		t.Fatalf("no request noted anything")
	}
}

func stringLeaves(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, stringLeaves(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, stringLeaves(e)...)
		}
		return out
	}
	return nil
}
