package planner_test

import (
	"encoding/json"
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// A person asks for files by their paths, not in the tool description's
// words ("read the complete contents of") and not as "a file with path
// /home/ana/notes.md": one file ("open /home/ana/notes.md"), several ("open
// /home/ana/a.md and /home/ana/b.md", not "a few files for paths …"), edits
// to one ("make a few edits to /home/ana/notes.md, replace …").
func TestRequestsNameFilesByTheirPaths(t *testing.T) {
	for _, tc := range []struct {
		name, tool, description, schema string
		// never are what no request says; named is what a request naming
		// the files by their paths says.
		never []string
		named string
	}{{
		name: "one file", tool: "read_text_file", description: "Read the complete contents of a file from the file system as text.",
		schema: `{"type":"object","properties":{"path":{"type":"string","description":"Absolute path of the file, e.g. /home/ana/notes.md"}},"required":["path"]}`,
		never:  []string{"read the complete contents of", "contents of a file", "a file with path /", "a file for path /", "a file using path /", "a file (path /", "a file — path /"},
		named:  " /",
	}, {
		name: "several files", tool: "read_multiple_files", description: "Read the contents of multiple files simultaneously.",
		schema: `{"type":"object","properties":{"paths":{"type":"array","items":{"type":"string"},"description":"Absolute paths of the files, e.g. /home/ana/notes.md"}},"required":["paths"]}`,
		never:  []string{"paths /"},
		named:  " and /",
	}, {
		name: "edits to a file", tool: "edit_file", description: "Make line-based edits to a text file. Each edit replaces exact line sequences with new content.",
		schema: `{"type":"object","properties":{"path":{"type":"string","description":"Absolute path of the file, e.g. /home/ana/notes.md"},"edits":{"type":"array","items":{"type":"object","properties":{"oldText":{"type":"string"},"newText":{"type":"string"}},"required":["oldText","newText"]}}},"required":["path","edits"]}`,
		never:  []string{"path /"},
		named:  " /home/",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
				{Id: "t_" + tc.tool, Name: tc.tool, Service: "fs", Domain: "file_system", Description: tc.description, InputSchemaJson: tc.schema},
			}}
			named := 0
			for seed := range int64(30) {
				bp := multiIntentDraft(t, c, seed)
				if bp == nil {
					continue
				}
				in := strings.ToLower(bp.GetIntents()[0])
				for _, never := range tc.never {
					if strings.Contains(in, never) {
						t.Fatalf("seed %d: request %q says %q", seed, in, never)
					}
				}
				if strings.Contains(in, tc.named) {
					named++
				}
			}
			if named == 0 {
				t.Fatalf("no request named the files by their paths")
			}
		})
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

// Two things of a kind given as a first and a second parameter are said as
// themselves ("the distance between 94016 and 10001"), not as "city a
// 94016 and city b 10001".
func TestRequestsSayAPairAsTwoThings(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_car", Domain: "automotive", Tools: []*toolv1.Tool{
		{Id: "t_dist", Name: "estimate_distance", Service: "car", Domain: "automotive", Description: "Estimates the distance between two cities.",
			InputSchemaJson: `{"type":"object","properties":{"cityA":{"type":"string","description":"The zipcode of the first city."},"cityB":{"type":"string","description":"The zipcode of the second city."}},"required":["cityA","cityB"]}`},
	}}
	between := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(strings.ToLower(in), "city a") || strings.Contains(strings.ToLower(in), "city b") {
			t.Fatalf("seed %d: request %q says the parameters", seed, in)
		}
		if strings.Contains(in, "between ") && !strings.Contains(in, "two cities") {
			between++
		}
	}
	if between == 0 {
		t.Fatalf("no request said the two cities as themselves")
	}
}

// A conversion is asked for from one unit to another ("convert a value
// from metric to imperial"), not "using unit in metric, unit out imperial".
func TestRequestsSayAConversionFromAndTo(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_conv", Domain: "math", Tools: []*toolv1.Tool{
		{Id: "t_conv", Name: "si_unit_conversion", Service: "math", Domain: "math", Description: "Convert a value from one SI unit to another.",
			InputSchemaJson: `{"type":"object","properties":{"value":{"type":"number","description":"Value to be converted."},"unit_in":{"type":"string","description":"Unit of the input value."},"unit_out":{"type":"string","description":"Unit to convert the value to. "}},"required":["value","unit_in","unit_out"]}`},
	}}
	said := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if strings.Contains(in, "unit in ") || strings.Contains(in, "unit out ") {
			t.Fatalf("seed %d: request %q says the parameters", seed, in)
		}
		if strings.Contains(in, " from ") && strings.Contains(in, " to ") {
			said++
		}
	}
	if said == 0 {
		t.Fatalf("no request said the conversion from a unit to another")
	}
}

// A conversion's two units differ: nobody converts seconds to seconds.
func TestAConversionsUnitsDiffer(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_conv", Domain: "math", Tools: []*toolv1.Tool{
		{Id: "t_conv", Name: "si_unit_conversion", Service: "math", Domain: "math", Description: "Convert a value from one SI unit to another.",
			InputSchemaJson: `{"type":"object","properties":{"value":{"type":"number","description":"Value to be converted."},"unit_in":{"type":"string","description":"Unit of the input value."},"unit_out":{"type":"string","description":"Unit to convert the value to. "}},"required":["value","unit_in","unit_out"]}`},
	}}
	drafted := 0
	for seed := range int64(60) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		for _, call := range bp.GetCalls() {
			vals := map[string]string{}
			for _, a := range call.GetArguments() {
				vals[a.GetParam()] = a.GetUser().GetValueJson()
			}
			if in, out := vals["unit_in"], vals["unit_out"]; in != "" && in == out {
				t.Fatalf("seed %d: converts %s to %s", seed, in, out)
			}
			drafted++
		}
	}
	if drafted == 0 {
		t.Fatal("nothing drafted")
	}
}
