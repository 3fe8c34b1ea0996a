package world

import (
	"regexp"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// File tools of the kind MCP file servers are: each answers one text.
const textOut = `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`

var fileTools = []*toolv1.Tool{
	{Name: "write_file", Description: "Create a new file or overwrite an existing file with new content.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},"required":["path","content"]}`, OutputSchemaJson: textOut},
	{Name: "read_text_file", Description: "Read the complete contents of a file from the file system as text.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`, OutputSchemaJson: textOut},
	{Name: "list_directory", Description: "Get a detailed listing of all files and directories in a specified path.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`, OutputSchemaJson: textOut},
	{Name: "list_directory_with_sizes", Description: "Get a detailed listing of all files and directories in a specified path, including sizes.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`, OutputSchemaJson: textOut},
	{Name: "move_file", Description: "Move or rename files and directories.", InputSchemaJson: `{"type":"object","properties":{"source":{"type":"string"},"destination":{"type":"string"}},"required":["source","destination"]}`, OutputSchemaJson: textOut},
	{Name: "create_directory", Description: "Create a new directory.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`, OutputSchemaJson: textOut},
	{Name: "list_allowed_directories", Description: "Returns the list of directories that this server is allowed to access.", InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: textOut},
}

func fileWorld(t *testing.T, seed int64, paths ...string) *World {
	t.Helper()
	var calls []*blueprintv1.PlannedCall
	for i, p := range paths {
		calls = append(calls, &blueprintv1.PlannedCall{Id: "c" + string(rune('1'+i)), ToolName: "read_text_file",
			Arguments: []*blueprintv1.ArgumentBinding{{Param: "path", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: plan.Canonical(p)}}}})
	}
	p := plan.New(&blueprintv1.Blueprint{Calls: calls})
	ts, err := toolset.New(fileTools, p)
	if err != nil {
		t.Fatal(err)
	}
	return New(p, ts, SimGenerator{}, nil, seed)
}

func content(t *testing.T, w *World, tool, args string) string {
	t.Helper()
	return callTool(t, w, tool, args)["content"].(string)
}

// One conversation is one machine: the allowed directories are where the
// plan's paths live, a written file reads back as written and is listed,
// a moved file is listed and read at its new place only, a new folder is
// listed in its parent.
func TestFileReadsShowEarlierWrites(t *testing.T) {
	checked := 0
	for seed := int64(1); seed <= 10; seed++ {
		w := fileWorld(t, seed, "/home/ana/notes/todo.txt", "/home/ana/archive/todo_old.txt")
		if got := content(t, w, "list_allowed_directories", `{}`); got != "Allowed directories:\n/home/ana/archive\n/home/ana/notes" {
			t.Fatalf("seed %d: allowed directories %q", seed, got)
		}
		before := content(t, w, "list_directory", `{"path":"/home/ana/notes"}`)
		if strings.Contains(before, "[FILE] todo.txt\n") || strings.HasSuffix(before, "[FILE] todo.txt") {
			continue // drawn there already; the write changes nothing to see
		}
		checked++
		content(t, w, "write_file", `{"path":"/home/ana/notes/todo.txt","content":"- buy milk\n- call Bo\n"}`)
		if got := content(t, w, "list_directory", `{"path":"/home/ana/notes"}`); !strings.Contains(got+"\n", "[FILE] todo.txt\n") {
			t.Fatalf("seed %d: the written file is not listed:\n%s", seed, got)
		}
		if got := content(t, w, "read_text_file", `{"path":"/home/ana/notes/todo.txt"}`); got != "- buy milk\n- call Bo\n" {
			t.Fatalf("seed %d: the written file reads %q", seed, got)
		}
		if got := content(t, w, "list_directory_with_sizes", `{"path":"/home/ana/notes"}`); !regexp.MustCompile(`\[FILE\] todo.txt +21 B\n`).MatchString(got) {
			t.Fatalf("seed %d: the written file is not listed with its size:\n%s", seed, got)
		}
		content(t, w, "move_file", `{"source":"/home/ana/notes/todo.txt","destination":"/home/ana/archive/todo_old.txt"}`)
		if got := content(t, w, "list_directory", `{"path":"/home/ana/notes"}`); strings.Contains(got+"\n", "todo.txt\n") {
			t.Fatalf("seed %d: the moved file is still listed where it was:\n%s", seed, got)
		}
		if got := content(t, w, "list_directory", `{"path":"/home/ana/archive"}`); !strings.Contains(got+"\n", "[FILE] todo_old.txt\n") {
			t.Fatalf("seed %d: the moved file is not listed where it went:\n%s", seed, got)
		}
		if got := content(t, w, "read_text_file", `{"path":"/home/ana/archive/todo_old.txt"}`); got != "- buy milk\n- call Bo\n" {
			t.Fatalf("seed %d: the moved file reads %q", seed, got)
		}
		content(t, w, "create_directory", `{"path":"/home/ana/archive/2024"}`)
		if got := content(t, w, "list_directory", `{"path":"/home/ana/archive"}`); !strings.Contains(got, "[DIR] 2024") {
			t.Fatalf("seed %d: the new folder is not listed:\n%s", seed, got)
		}
	}
	if checked < 5 {
		t.Fatalf("only %d seeds drew a folder without the file", checked)
	}
}
