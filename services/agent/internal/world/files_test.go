package world

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
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
		// Writes: the plan names the paths, and no file is there before.
		calls = append(calls, &blueprintv1.PlannedCall{Id: "c" + string(rune('1'+i)), ToolName: "write_file",
			Arguments: []*blueprintv1.ArgumentBinding{{Param: "path", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: plan.Canonical(p)}}}})
	}
	w, _ := simWorld(t, fileTools, &blueprintv1.Blueprint{Calls: calls}, seed)
	return w
}

func content(t *testing.T, w *World, tool, args string) string {
	t.Helper()
	return callObj(t, w, tool, args, nil)["content"].(string)
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

var editTools = []*toolv1.Tool{
	{Name: "edit_file", Description: "Make line-based edits to a text file. Returns a git-style diff showing the changes made.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"},"edits":{"type":"array","items":{"type":"object","properties":{"oldText":{"type":"string"},"newText":{"type":"string"}},"required":["oldText","newText"]}},"dryRun":{"type":"boolean"}},"required":["path","edits"]}`, OutputSchemaJson: textOut},
	{Name: "get_file_info", Description: "Retrieve detailed metadata about a file or directory.", InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`, OutputSchemaJson: textOut},
}

func editWorld(t *testing.T, seed int64, paths ...string) *World {
	t.Helper()
	w := fileWorld(t, seed, paths...)
	ts := toolsFor(t, append(slices.Clone(fileTools), editTools...), w.plan)
	w.tools = ts
	return w
}

// An edit changes what later reads show: the old text replaced by the
// new, or the new lines where the diff shows them; a dry run changes
// nothing.
func TestEditsShowInLaterReads(t *testing.T) {
	for seed := int64(1); seed <= 10; seed++ {
		w := editWorld(t, seed, "/home/ana/notes/todo.md")
		before := content(t, w, "read_text_file", `{"path":"/home/ana/notes/todo.md"}`)
		first := strings.SplitN(before, "\n", 2)[0]
		content(t, w, "edit_file", `{"path":"/home/ana/notes/todo.md","edits":[{"oldText":`+plan.Canonical(first)+`,"newText":"# Done list"},{"oldText":"- Call the landlord","newText":"- Call the landlord on Monday"}],"dryRun":true}`)
		if got := content(t, w, "read_text_file", `{"path":"/home/ana/notes/todo.md"}`); got != before {
			t.Fatalf("seed %d: a dry run changed the file:\n%s", seed, got)
		}
		content(t, w, "edit_file", `{"path":"/home/ana/notes/todo.md","edits":[{"oldText":`+plan.Canonical(first)+`,"newText":"# Done list"},{"oldText":"- Call the landlord","newText":"- Call the landlord on Monday"}]}`)
		after := content(t, w, "read_text_file", `{"path":"/home/ana/notes/todo.md"}`)
		if strings.Contains(after, first+"\n") || !strings.HasPrefix(after, "# Done list\n") || !strings.Contains(after, "- Call the landlord on Monday\n") {
			t.Fatalf("seed %d: the edits do not show in the file:\nbefore:\n%s\nafter:\n%s", seed, before, after)
		}
	}
}

// A file's metadata agrees with its content: a written file has the size
// of what was written, a text file the size of its text; and a folder a
// file was written into is listed in its parent.
func TestFileInfoAgreesWithContent(t *testing.T) {
	size := regexp.MustCompile(`(?m)^size: (\d+)$`)
	for seed := int64(1); seed <= 10; seed++ {
		w := editWorld(t, seed, "/home/ana/notes/todo.md", "/home/ana/notes/budget.csv", "/home/ana/notes/slides.docx")
		// A binary file the plan names is no text: its size is its own.
		if info := content(t, w, "get_file_info", `{"path":"/home/ana/notes/slides.docx"}`); regexp.MustCompile(`(?m)^size: \d{1,3}$`).MatchString(info) {
			t.Fatalf("seed %d: a Word file the size of a note:\n%s", seed, info)
		}
		content(t, w, "write_file", `{"path":"/home/ana/notes/2025/plan.md","content":"# Plan\n\nShip it.\n"}`)
		info := content(t, w, "get_file_info", `{"path":"/home/ana/notes/2025/plan.md"}`)
		if m := size.FindStringSubmatch(info); m == nil || m[1] != strconv.Itoa(len("# Plan\n\nShip it.\n")) {
			t.Fatalf("seed %d: a written 17-byte file has the info\n%s", seed, info)
		}
		body := content(t, w, "read_text_file", `{"path":"/home/ana/notes/budget.csv"}`)
		info = content(t, w, "get_file_info", `{"path":"/home/ana/notes/budget.csv"}`)
		if m := size.FindStringSubmatch(info); m == nil || m[1] != strconv.Itoa(len(body)) {
			t.Fatalf("seed %d: a %d-byte file has the info\n%s", seed, len(body), info)
		}
		if info := content(t, w, "get_file_info", `{"path":"/home/ana/notes/budget.csv"}`); !strings.Contains(info, "size: "+strconv.Itoa(len(body))+"\n") {
			t.Fatalf("seed %d: the info changed:\n%s", seed, info)
		}
		if list := content(t, w, "list_directory", `{"path":"/home/ana/notes"}`); !strings.Contains(list, "[DIR] 2025") {
			t.Fatalf("seed %d: the folder a file was written into is not listed:\n%s", seed, list)
		}
	}
}

// The file a plan edits held the text the edit replaces: a read before
// the edit shows it, at the line the diff names, and one after shows the
// new text in its place.
func TestPlannedEditsFindTheirText(t *testing.T) {
	edit := `{"path":"/home/ana/notes/minutes.md","edits":[{"oldText":"- Move the launch to May","newText":"- Move the launch to June"}]}`
	args, _ := plan.Decode(edit)
	var bind []*blueprintv1.ArgumentBinding
	for _, k := range []string{"path", "edits"} {
		bind = append(bind, &blueprintv1.ArgumentBinding{Param: k, Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: plan.Canonical(args.(map[string]any)[k])}})
	}
	p := plan.New(&blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "edit_file", Arguments: bind}}})
	ts := toolsFor(t, append(slices.Clone(fileTools), editTools...), p)
	for seed := int64(1); seed <= 10; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		before := content(t, w, "read_text_file", `{"path":"/home/ana/notes/minutes.md"}`)
		at := slices.Index(strings.Split(before, "\n"), "- Move the launch to May")
		if at < 0 {
			t.Fatalf("seed %d: the file the plan edits does not hold the text it replaces:\n%s", seed, before)
		}
		if list := content(t, w, "list_directory", `{"path":"/home/ana/notes"}`); !strings.Contains(list, "[FILE] minutes.md") {
			t.Fatalf("seed %d: the file the plan edits is not in its folder:\n%s", seed, list)
		}
		diff := content(t, w, "edit_file", edit)
		if !strings.Contains(diff, "@@ -"+strconv.Itoa(at+1)+",1 +"+strconv.Itoa(at+1)+",1 @@\n-- Move the launch to May\n+- Move the launch to June\n") {
			t.Fatalf("seed %d: the diff does not name line %d:\n%s", seed, at+1, diff)
		}
		after := content(t, w, "read_text_file", `{"path":"/home/ana/notes/minutes.md"}`)
		if after != strings.Replace(before, "- Move the launch to May", "- Move the launch to June", 1) {
			t.Fatalf("seed %d: after the edit the file reads\n%s\nbefore it\n%s", seed, after, before)
		}
	}
}

// A file the plan reads was there before the conversation: its folder
// lists it.
func TestFilesThePlanReadsAreListed(t *testing.T) {
	read := func(id, p string) *blueprintv1.PlannedCall {
		return &blueprintv1.PlannedCall{Id: id, ToolName: "read_text_file", Arguments: []*blueprintv1.ArgumentBinding{{Param: "path", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: plan.Canonical(p)}}}}
	}
	p := plan.New(&blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{read("c1", "/home/ana/notes/q3_budget.csv"), read("c2", "/home/ana/notes/old/minutes.md"), read("c3", "/home/ana/notes/deck.docx")}})
	ts := toolsFor(t, append(slices.Clone(fileTools), editTools...), p)
	for seed := int64(1); seed <= 10; seed++ {
		w := New(p, ts, SimGenerator{}, nil, seed)
		if got := content(t, w, "list_directory", `{"path":"/home/ana/notes"}`); !strings.Contains(got+"\n", "[FILE] q3_budget.csv\n") || !strings.Contains(got+"\n", "[DIR] old\n") {
			t.Fatalf("seed %d: the folder does not list what the plan reads in it:\n%s", seed, got)
		}
		if info := content(t, w, "get_file_info", `{"path":"/home/ana/notes/deck.docx"}`); regexp.MustCompile(`(?m)^size: \d{1,3}$`).MatchString(info) {
			t.Fatalf("seed %d: a Word file the size of a note:\n%s", seed, info)
		}
	}
}
