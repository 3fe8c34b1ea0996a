package sim

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// TextResultField names the one string a tool's result is, when its output
// schema is an object of a single string property (an MCP server's text
// content declared as {"content": string}); "" otherwise. Such a string is
// the whole answer of the tool — a file's text, a directory listing, a
// confirmation — not a free-text field to fill with a sentence.
func TextResultField(root any) string {
	s, ok := root.(map[string]any)
	if !ok || jsonschema.TypeOf(s) != "object" {
		return ""
	}
	props, _ := s["properties"].(map[string]any)
	if len(props) != 1 {
		return ""
	}
	for k, p := range props {
		if ps, ok := jsonschema.Resolve(root, p); ok && jsonschema.TypeOf(ps) == "string" && ps["enum"] == nil && ps["format"] == nil && textResultNames[k] {
			return k
		}
	}
	return ""
}

// textResultNames are the names a tool's whole text answer goes by; a lone
// string called ChangeToken or JobId is an id, not a text.
var textResultNames = map[string]bool{"content": true, "contents": true, "text": true, "result": true, "output": true,
	"response": true, "body": true, "stdout": true, "file_content": true, "data": true, "last_lines": true, "sorted_content": true}

// TextResult is what a file-system tool answers as text to a call with
// args, the way file servers word it: a read returns the file's text (the
// first head or last tail lines when asked), a listing returns "[FILE]" and
// "[DIR]" lines, a search the matching paths, an info call the file's
// metadata, a write, move or mkdir a one-line confirmation naming the path,
// an edit a unified diff. ok is false for a tool that is not about files.
// What a path holds is drawn from (seed, path) alone, so every tool of a
// trajectory sees the same file and the same directory.
func TextResult(seed int64, tool, description string, args map[string]any) (text string, ok bool) {
	return TextResultIn(seed, tool, description, args, nil)
}

// TextResultIn is TextResult on a conversation's file tree (nil: one
// nothing has changed): the allowed directories are its roots, a written
// or moved file reads and lists as the earlier calls left it.
func TextResultIn(seed int64, tool, description string, args map[string]any, files *Files) (text string, ok bool) {
	c, ok := readFileCall(seed, tool, description, args)
	if !ok {
		return "", false
	}
	c.files = files
	// Tried in order: what looks at the tree, what changes it, what reads
	// a file; the first that fits the tool answers.
	for _, answer := range []func(fileCall) (string, bool){fileCall.inspect, fileCall.change, fileCall.read} {
		if text, ok := answer(c); ok {
			return text, true
		}
	}
	return "", false
}

// fileCall is a call of a file-system tool: the words of the tool's name,
// its description, and the paths its arguments name.
type fileCall struct {
	seed     int64
	words    []string
	name     string // the tool's name as words
	desc     string // the start of its description, lower case
	args     map[string]any
	p        string   // the path the call is about
	paths    []string // the paths of a call about several files
	src, dst string   // a move's or a copy's ends
	files    *Files   // the tree as earlier calls left it, or nil
}

// readFileCall reads a call; false for a tool that is not about files or
// names no path.
func readFileCall(seed int64, tool, description string, args map[string]any) (fileCall, bool) {
	words := ident.Words(tool)
	if len(words) == 0 {
		return fileCall{}, false
	}
	c := fileCall{seed: seed, words: words, name: strings.Join(words, " "), desc: strings.ToLower(description), args: args}
	if len(c.desc) > 200 {
		c.desc = c.desc[:200]
	}
	c.p = argString(args, "path", "file_path", "filepath", "file", "filename", "file_name", "directory", "dir", "folder")
	c.paths = argStrings(args, "paths", "files", "file_paths")
	c.src, c.dst = argString(args, "source", "src", "from", "old_path"), argString(args, "destination", "dest", "dst", "to", "new_path", "target")
	if c.p == "" && len(c.paths) == 0 && c.src == "" && !c.has("allowed") {
		return fileCall{}, false
	}
	if !c.about("file", "director", "folder") && !c.has("ls", "cat", "mkdir", "rm", "mv", "cp", "stat", "tree") {
		return fileCall{}, false
	}
	return c, true
}

// at is the synthesiser of what path p holds: drawn from (seed, p) alone.
func (c fileCall) at(p string) *Values { return c.files.valuesAt(c.seed, p) }

// has reports whether the tool's name has one of the words.
func (c fileCall) has(ws ...string) bool {
	for _, w := range ws {
		if slices.Contains(c.words, w) {
			return true
		}
	}
	return false
}

// about reports whether the tool's name or description speaks of one of
// the things.
func (c fileCall) about(s ...string) bool {
	for _, w := range s {
		if strings.Contains(c.name, w) || strings.Contains(c.desc, w) {
			return true
		}
	}
	return false
}

// inspect answers the calls that look at the tree: the allowed
// directories, a tree, a listing, a search, a file's metadata.
func (c fileCall) inspect() (string, bool) {
	switch {
	case c.has("allowed"):
		if c.files != nil && len(c.files.roots) > 0 {
			return "Allowed directories:\n" + strings.Join(c.files.roots, "\n"), true
		}
		h := c.at("/").home()
		return "Allowed directories:\n" + h + "/projects\n" + h + "/documents", true
	case c.has("tree"):
		v := c.at(c.p)
		return v.tree(c.entries(v)), true
	case c.has("list", "ls") || c.about("listing"):
		v := c.at(c.p)
		dirs, files := c.entries(v)
		return v.listing(dirs, files, c.about("size"), c.files.sizeIn(c.p)), true
	case c.has("search", "find", "glob"):
		return c.at(c.p+"\x00"+fmt.Sprint(c.args["pattern"])).matches(c.p, argString(c.args, "pattern", "query", "glob", "name")), true
	case c.has("info", "stat", "metadata") || c.about("metadata"):
		n, known := c.files.size(c.p)
		return c.at(c.p).fileInfo(c.p, n, known, c.files.wrote(c.p)), true
	}
	return "", false
}

// change answers the calls that change the tree: an edit's diff, and a
// one-line confirmation of a move, copy, delete, mkdir or write.
func (c fileCall) change() (string, bool) {
	switch c.changeKind() {
	case "edit":
		return diff(c.p, editsIn(c.body(c.p), c.args)), true
	case "move":
		return fmt.Sprintf("Successfully moved %s to %s", c.src, c.dst), true
	case "copy":
		return fmt.Sprintf("Successfully copied %s to %s", c.src, c.dst), true
	case "delete":
		return "Successfully deleted " + c.p, true
	case "mkdir":
		return "Successfully created directory " + c.p, true
	case "write":
		n := len(argString(c.args, "content", "text", "data", "body"))
		if c.has("append") {
			return fmt.Sprintf("Successfully appended %d bytes to %s", n, c.p), true
		}
		return "Successfully wrote to " + c.p, true
	}
	return "", false
}

// changeKind is how a call changes the tree: "edit", "move", "copy",
// "delete", "mkdir", "write", or "" for a call that does not.
func (c fileCall) changeKind() string {
	dirTool := c.about("director", "folder") && !c.about("files and director", "file or director")
	switch {
	case c.has("edit", "patch", "replace"):
		return "edit"
	case c.has("move", "rename", "mv") && c.src != "":
		return "move"
	case c.has("copy", "cp") && c.src != "":
		return "copy"
	case c.has("delete", "remove", "rm"):
		return "delete"
	case c.has("mkdir") || c.has("create", "make", "new") && dirTool:
		return "mkdir"
	case c.has("write", "create", "save", "append", "put", "upload"):
		return "write"
	}
	return ""
}

// read answers the calls that read files: several at once, sorted lines,
// the last lines, or the text (its first head or last tail lines when
// asked).
func (c fileCall) read() (string, bool) {
	switch {
	case len(c.paths) > 0:
		var parts []string
		for _, q := range c.paths {
			parts = append(parts, q+":\n"+c.readText(q))
		}
		return strings.Join(parts, "\n---\n"), true
	case c.has("sort"):
		lines := strings.Split(strings.TrimRight(c.readText(c.p), "\n"), "\n")
		slices.Sort(lines)
		return strings.Join(lines, "\n"), true
	case c.has("tail") && argInt(c.args, "tail") == 0:
		n := argInt(c.args, "lines")
		if n == 0 {
			n = 10
		}
		return Lines(c.readText(c.p), 0, n), true
	case c.has("read", "get", "cat", "head", "tail", "view", "open", "show", "fetch", "load", "download"):
		return Lines(c.readText(c.p), argInt(c.args, "head"), argInt(c.args, "tail")), true
	}
	return "", false
}

// readText is what reading the file at p gives the tool: the text a call
// of the conversation wrote there, else the file's text — or, for a file
// of a binary format and a tool that does not say it extracts the text of
// documents, its bytes decoded as text (fileformat.go).
func (c fileCall) readText(p string) string {
	if c.files != nil {
		if text, ok := c.files.written[p]; ok {
			return text
		}
	}
	src := p
	if c.files != nil {
		src = c.files.source(p)
	}
	if binaryName(src) && !extractsDocuments(c.desc) {
		return c.bytesAsText(src)
	}
	return c.body(p)
}

// entries are the folders and files the call's folder holds: drawn from
// v, as the tree's changes left them.
func (c fileCall) entries(v *Values) (dirs, files []string) {
	dirs, files = v.entries(c.p)
	return c.files.entries(c.p, dirs, files)
}

// body is the text of the file at p: what an earlier call wrote there, or
// what the file it was moved from holds, or the text drawn for p.
func (c fileCall) body(p string) string {
	if c.files != nil {
		if text, ok := c.files.written[p]; ok {
			return text
		}
		p = c.files.source(p)
	}
	text := c.at(p).FileBody(p)
	if c.files != nil {
		text = withLines(text, c.files.holds[p])
	}
	return text
}

func argString(args map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := args[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func argStrings(args map[string]any, keys ...string) []string {
	for _, k := range keys {
		if xs, ok := args[k].([]any); ok {
			var out []string
			for _, x := range xs {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	return nil
}

func argInt(args map[string]any, key string) int {
	if n, ok := num(args[key]); ok && n > 0 {
		return int(n)
	}
	return 0
}

// home is the user's home folder.
func (v *Values) home() string { return v.User().Home() }

// entries are the names a directory holds: a few sub-folders and files
// whose names people give them.
func (v *Values) entries(dir string) (dirs, files []string) {
	for range v.r.IntN(3) {
		d := v.pick(folderNames)
		if !slices.Contains(dirs, d) && d != path.Base(dir) {
			dirs = append(dirs, d)
		}
	}
	for range 2 + v.r.IntN(5) {
		f := v.fileName(field{})
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	slices.Sort(dirs)
	slices.Sort(files)
	return dirs, files
}

// listing lists a folder's entries the way file servers do; known gives
// the size of a file whose content the conversation wrote.
func (v *Values) listing(dirs, files []string, sizes bool, known func(name string) (int, bool)) string {
	var lines []string
	var total int
	for _, d := range dirs {
		if sizes {
			lines = append(lines, fmt.Sprintf("[DIR]  %-28s", d))
		} else {
			lines = append(lines, "[DIR] "+d)
		}
	}
	for _, f := range files {
		if sizes {
			n := 200 + v.r.IntN(900_000)
			if k, ok := known(f); ok {
				n = k
			}
			total += n
			lines = append(lines, fmt.Sprintf("[FILE] %-28s %10s", f, humanSize(n)))
		} else {
			lines = append(lines, "[FILE] "+f)
		}
	}
	if sizes {
		lines = append(lines, "", fmt.Sprintf("Total: %d files, %d directories", len(files), len(dirs)), "Combined size: "+humanSize(total))
	}
	return strings.Join(lines, "\n")
}

func humanSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.2f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func (v *Values) tree(dirs, files []string) string {
	type node struct {
		Name     string  `json:"name"`
		Type     string  `json:"type"`
		Children []*node `json:"children,omitempty"`
	}
	var top []*node
	for _, d := range dirs {
		n := &node{Name: d, Type: "directory", Children: []*node{}}
		for range 1 + v.r.IntN(3) {
			n.Children = append(n.Children, &node{Name: v.fileName(field{}), Type: "file"})
		}
		top = append(top, n)
	}
	for _, f := range files {
		top = append(top, &node{Name: f, Type: "file"})
	}
	b, _ := json.MarshalIndent(top, "", "  ")
	return string(b)
}

func (v *Values) matches(dir, pattern string) string {
	if dir == "" {
		dir = v.home()
	}
	ext := ""
	if i := strings.LastIndex(pattern, "."); i >= 0 && !strings.ContainsAny(pattern[i:], "*?/") {
		ext = pattern[i:]
	}
	n := v.r.IntN(4)
	if n == 0 {
		return "No matches found"
	}
	var out []string
	for range n {
		f := v.fileName(field{})
		if ext != "" {
			f = strings.TrimSuffix(f, path.Ext(f)) + ext
		} else if stem := strings.Trim(pattern, "*?"); stem != "" && !strings.ContainsAny(stem, "*?/[]{}") {
			f = strings.ToLower(stem) + "_" + f
		}
		q := path.Join(dir, v.pick(folderNames), f)
		if !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// fileInfo is the metadata of the file at p; known gives its size when its
// content is known, and a file the conversation wrote was modified last
// when it was last accessed.
func (v *Values) fileInfo(p string, known int, isKnown, written bool) string {
	isDir := path.Ext(p) == ""
	size := 200 + v.r.IntN(2_000_000)
	if isKnown {
		size = known
	}
	if isDir {
		size = 4096
	}
	created := v.date(field{}).UTC()
	modified := created.Add(time.Duration(v.r.IntN(2000)) * time.Hour)
	if written {
		v.r.IntN(300)
		return infoLines(size, created, modified, modified, isDir)
	}
	return infoLines(size, created, modified, modified.Add(time.Duration(v.r.IntN(300))*time.Hour), isDir)
}

func infoLines(size int, created, modified, accessed time.Time, isDir bool) string {
	perm := "644"
	if isDir {
		perm = "755"
	}
	const layout = "Mon Jan 02 2006 15:04:05 GMT+0000"
	return fmt.Sprintf("size: %d\ncreated: %s\nmodified: %s\naccessed: %s\nisDirectory: %t\nisFile: %t\npermissions: %s",
		size, created.Format(layout), modified.Format(layout), accessed.Format(layout), isDir, !isDir, perm)
}

// diff is the unified diff an edit of p with args' edits (oldText/newText
// pairs) makes, at the lines of the file they change.
func diff(p string, edits []edit) string {
	var b strings.Builder
	fmt.Fprintf(&b, "```diff\nIndex: %s\n===================================================================\n--- %s\toriginal\n+++ %s\tmodified\n", p, p, p)
	// Hunks in the order of the file, as a diff shows them.
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b edit) int { return a.line - b.line })
	for _, e := range edits {
		ol, nl := strings.Split(e.old, "\n"), strings.Split(e.new, "\n")
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", e.line, len(ol), e.line, len(nl))
		for _, l := range ol {
			b.WriteString("-" + l + "\n")
		}
		for _, l := range nl {
			b.WriteString("+" + l + "\n")
		}
	}
	b.WriteString("```")
	return b.String()
}
