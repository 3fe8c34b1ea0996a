package sim_test

import (
	"math/rand/v2"
	"path"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
)

// A file server's text answers: what each kind of file tool writes back,
// never a free sentence.
func TestTextResultByToolKind(t *testing.T) {
	read := func(tool, desc string, args map[string]any) string {
		t.Helper()
		text, ok := sim.TextResult(7, tool, desc, args)
		if !ok {
			t.Fatalf("%s: not told as a file tool", tool)
		}
		return text
	}
	csv := read("read_text_file", "Read the complete contents of a file as text.", map[string]any{"path": "/home/ana/reports/q3_budget.csv"})
	if first := strings.SplitN(csv, "\n", 2)[0]; first != "date,category,description,amount" {
		t.Errorf("budget.csv starts %q, want its header", first)
	}
	if again := read("read_file", "Read a file.", map[string]any{"path": "/home/ana/reports/q3_budget.csv"}); again != csv {
		t.Errorf("two reads of one file differ:\n%s\n---\n%s", csv, again)
	}
	head := read("read_text_file", "Read a file as text.", map[string]any{"path": "/home/ana/reports/q3_budget.csv", "head": 2.0})
	if n := strings.Count(head, "\n"); n != 2 || !strings.HasPrefix(csv, head) {
		t.Errorf("head 2 gave %d lines %q of %q", n, head, csv)
	}
	if js := read("read_file", "Read a file.", map[string]any{"path": "/srv/app/config.json"}); !strings.HasPrefix(js, "{") {
		t.Errorf("config.json reads %q", js)
	}
	list := read("list_directory", "Get a detailed listing of all files and directories in a specified path.", map[string]any{"path": "/home/ana/reports"})
	for _, l := range strings.Split(list, "\n") {
		if !strings.HasPrefix(l, "[FILE] ") && !strings.HasPrefix(l, "[DIR] ") {
			t.Errorf("listing line %q", l)
		}
	}
	if got := read("write_file", "Create a new file or overwrite one.", map[string]any{"path": "/tmp/a.md", "content": "# A"}); got != "Successfully wrote to /tmp/a.md" {
		t.Errorf("write_file answers %q", got)
	}
	if got := read("move_file", "Move or rename files and directories.", map[string]any{"source": "/a/x.txt", "destination": "/b/x.txt"}); got != "Successfully moved /a/x.txt to /b/x.txt" {
		t.Errorf("move_file answers %q", got)
	}
	if got := read("create_directory", "Create a new directory or ensure a directory exists.", map[string]any{"path": "/home/ana/new"}); got != "Successfully created directory /home/ana/new" {
		t.Errorf("create_directory answers %q", got)
	}
	if got := read("edit_file", "Make line-based edits to a text file. Only works within allowed directories.", map[string]any{"path": "/a/n.md", "edits": []any{map[string]any{"oldText": "old line", "newText": "new line"}}}); !strings.Contains(got, "-old line\n+new line") {
		t.Errorf("edit_file answers %q, want a diff", got)
	}
	info := read("get_file_info", "Retrieve detailed metadata about a file or directory.", map[string]any{"path": "/a/n.md"})
	if !strings.HasPrefix(info, "size: ") || !strings.Contains(info, "isFile: true") {
		t.Errorf("get_file_info answers %q", info)
	}
	if _, ok := sim.TextResult(7, "get_weather", "Current weather for a city.", map[string]any{"city": "Lisbon"}); ok {
		t.Error("a weather tool was told as a file tool")
	}
}

// Only a lone string named as a text is a tool's whole text answer.
func TestTextResultField(t *testing.T) {
	obj := func(name string) map[string]any {
		return map[string]any{"type": "object", "properties": map[string]any{name: map[string]any{"type": "string"}}}
	}
	if got := sim.TextResultField(obj("content")); got != "content" {
		t.Errorf("content: %q", got)
	}
	for _, name := range []string{"ChangeToken", "JobId", "status"} {
		if got := sim.TextResultField(obj(name)); got != "" {
			t.Errorf("%s taken for a text result", name)
		}
	}
}

// A tool working on folders is given a folder, one reading a file a file
// in the same folder; line counts are whole.
func TestPathsFitTheTool(t *testing.T) {
	in := map[string]any{"type": "object", "properties": map[string]any{
		"path": map[string]any{"type": "string"}, "head": map[string]any{"type": "number", "description": "If provided, returns only the first N lines of the file"}}}
	v := sim.NewValues(rand.New(rand.NewPCG(1, 2)))
	v.Subject("list_directory", "Get a listing of all files and directories in a specified path.")
	dir, _ := v.For(in, in["properties"].(map[string]any)["path"], "path").(string)
	v.Subject("read_text_file", "Read the complete contents of a file as text.")
	file, _ := v.For(in, in["properties"].(map[string]any)["path"], "path").(string)
	if path.Ext(dir) != "" || path.Ext(file) == "" || path.Dir(file) != dir {
		t.Errorf("folder %q and file %q", dir, file)
	}
	n := v.For(in, in["properties"].(map[string]any)["head"], "head")
	if f, ok := n.(float64); !ok || f != float64(int(f)) {
		t.Errorf("head = %v, want a whole number of lines", n)
	}
}

// A knowledge graph's records name people, organisations and projects, with
// types that fit the name and relations in the active voice.
func TestKnowledgeGraphValues(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"entityType":   map[string]any{"type": "string", "description": "The type of the entity"},
		"name":         map[string]any{"type": "string", "description": "The name of the entity"},
		"observations": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	}, "required": []any{"entityType", "name", "observations"}}
	v := sim.NewValues(rand.New(rand.NewPCG(3, 4)))
	v.Subject("create_entities", "Create multiple new entities in the knowledge graph")
	types := map[string]string{}
	for range 4 {
		e, _ := v.For(schema, schema, "entity").(map[string]any)
		name, _ := e["name"].(string)
		ty, _ := e["entityType"].(string)
		if prev, ok := types[name]; ok && prev != ty {
			t.Errorf("%s is a %s and a %s", name, prev, ty)
		}
		types[name] = ty
		if strings.HasSuffix(name, " entity") || name == "" {
			t.Errorf("entity named %q", name)
		}
	}
	if len(types) < 3 {
		t.Errorf("four entities name only %d different ones: %v", len(types), types)
	}
}

// A code host's texts are a developer's: commit messages for commits,
// review remarks for comments, labels from an issue tracker, paths from
// the repository's root.
func TestCodeHostTexts(t *testing.T) {
	v := sim.NewValues(rand.New(rand.NewPCG(5, 6)))
	str := map[string]any{"type": "string"}
	v.Subject("push_files", "Push multiple files to a GitHub repository in a single commit")
	msg, _ := v.For(nil, str, "message").(string)
	p, _ := v.For(nil, str, "path").(string)
	v.Subject("add_issue_comment", "Add a comment to an existing issue in a GitHub repository")
	body, _ := v.For(nil, str, "body").(string)
	v.Subject("list_issues", "List issues in a GitHub repository with filtering options")
	label, _ := v.For(nil, str, "labels").(string)
	chat := []string{"Happy ", "Who's up", "recommendation in", "Operation completed", "Request processed"}
	for _, s := range []string{msg, body} {
		for _, c := range chat {
			if strings.Contains(s, c) {
				t.Errorf("a code host's text reads %q", s)
			}
		}
	}
	if strings.HasPrefix(p, "/") || !strings.Contains(p, "/") {
		t.Errorf("repository path %q", p)
	}
	if strings.Contains(label, "-") && !strings.Contains(label, "needs") {
		t.Errorf("label %q", label)
	}
}

// The allowed directories are the folders a conversation's paths live in:
// one machine, one user.
func TestAllowedDirectoriesHoldThePaths(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{"/home/benjamin/archive/q1.csv", "/home/benjamin/music/mix.mp3"}, "/home/benjamin/archive\n/home/benjamin/music"},
		{[]string{"/home/benjamin/archive/q1.csv", "/home/benjamin/archive"}, "/home/benjamin"},
		{[]string{"/home/ana/todo.txt", "/home/ana/notes/a.md"}, "/home/ana"},
		{[]string{"/srv/data/x.json", "/srv/data/y"}, "/srv/data"},
		{[]string{"/home/bo/a/1", "/home/bo/b/2", "/home/bo/c/3", "/home/bo/d/4"}, "/home/bo"},
	} {
		got, _ := sim.TextResultIn(1, "list_allowed_directories", "Returns the list of directories that this server is allowed to access.", map[string]any{}, sim.NewFiles(tc.paths))
		if got != "Allowed directories:\n"+tc.want {
			t.Errorf("%v: %q", tc.paths, got)
		}
	}
}
