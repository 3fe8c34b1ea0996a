package simroles

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
)

// A tool whose result is one text (a file server's content block) is
// reported the way a person reports such text: a file is shown, not quoted
// into a sentence; a listing is counted and named; metadata is read out; a
// confirmation becomes what was done.

// textOf returns a result that is one text: an object with a single string
// field.
func textOf(out any) (string, bool) {
	o, ok := out.(map[string]any)
	if !ok || len(o) != 1 {
		return "", false
	}
	for k, v := range o {
		s, ok := v.(string)
		return s, ok && (strings.Contains(s, "\n") || confirmed.MatchString(s) || s == "" || k == "content" && s == "No matches found")
	}
	return "", false
}

var (
	confirmed = regexp.MustCompile(`^Successfully (\w+) (.+)$`)
	entryLine = regexp.MustCompile(`^\[(FILE|DIR)\]\s+(\S+)(?:\s+(\d[\d.]* [KMG]?B))?\s*$`)
	infoLine  = regexp.MustCompile(`^(\w[\w ]*): (.+)$`)
)

// textSentence tells a text result; "" when the text is none of the forms
// it knows.
func textSentence(r *rand.Rand, res result) string {
	text, ok := textOf(res.out)
	if !ok {
		return ""
	}
	where := pathArg(res.args)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	switch {
	case text == "":
		if where != "" {
			return pick(r, where+" came back empty.", "There is nothing in "+where+".")
		}
		return pick(r, "It came back empty.", "Nothing came back.")
	case confirmed.MatchString(text):
		return doneSentence(r, text)
	case text == "No matches found":
		pattern, _ := res.args["pattern"].(string)
		if pattern != "" && where != "" {
			return pick(r, "No matches found for "+pattern+" under "+where+".", "No files match "+pattern+" in "+where+": no matches found.")
		}
		return "The search found nothing: no matches found."
	case allMatch(entriesOnly(lines), entryLine):
		return listingSentence(r, where, entriesOnly(lines))
	case allMatch(lines, regexp.MustCompile(`^/\S*$`)):
		return pick(r, fmt.Sprintf("I found %s: %s.", count(len(lines), "match", "matches"), wording.List(lines)),
			fmt.Sprintf("The search turned up %s: %s.", count(len(lines), "file", "files"), wording.List(lines)))
	case strings.HasSuffix(lines[0], ":") && len(lines) > 1 && allMatch(lines[1:], regexp.MustCompile(`^/\S*$`)):
		return strings.TrimSuffix(lines[0], ":") + ": " + wording.List(lines[1:]) + "."
	case len(lines) >= 3 && allMatch(lines, infoLine):
		return infoSentence(r, where, lines)
	case strings.HasPrefix(text, "```diff"):
		n := strings.Count(text, "\n@@ ")
		return pick(r, fmt.Sprintf("I made %s to %s:", count(n, "edit", "edits"), base(where)), fmt.Sprintf("Here is the change to %s:", base(where))) + "\n\n" + text
	case strings.HasPrefix(text, "[") && json.Valid([]byte(text)):
		var nodes []map[string]any
		if json.Unmarshal([]byte(text), &nodes) == nil {
			return treeSentence(where, nodes)
		}
	}
	if len(lines) == 1 && path.Ext(where) == "" {
		return "" // one line of unknown form: told as a field
	}
	return filesSentence(r, res, where, text)
}

// filesSentence shows what a read of one file or of several returned:
// each file under its name, without the path that heads it in a read of
// several.
func filesSentence(r *rand.Rand, res result, where, text string) string {
	if p := headedBy(res.out); p != "" && !strings.Contains(text, "\n---\n") {
		_, body, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
		return fileSentence(r, p, body)
	}
	if parts := strings.Split(text, "\n---\n"); len(parts) > 1 {
		var shown []string
		for _, part := range parts {
			head, body, ok := strings.Cut(part, ":\n")
			if !ok || strings.ContainsAny(head, " \n") {
				return fileSentence(r, where, text)
			}
			shown = append(shown, fileBlock(head, body, 8))
		}
		return pick(r, "Here are the files:", "The files read:") + "\n\n" + strings.Join(shown, "\n\n")
	}
	return fileSentence(r, where, text)
}

// entriesOnly drops a listing's summary ("Total: 5 files", "Combined
// size: 2.40 MB") after its blank line.
func entriesOnly(lines []string) []string {
	for i, l := range lines {
		if strings.TrimSpace(l) == "" && i > 0 && i+1 < len(lines) && (strings.HasPrefix(lines[i+1], "Total:") || strings.HasPrefix(lines[i+1], "Combined")) {
			return lines[:i]
		}
	}
	return lines
}

func doneSentence(r *rand.Rand, text string) string {
	m := confirmed.FindStringSubmatch(text)
	verb, rest := m[1], m[2]
	switch {
	case verb == "wrote" && strings.HasPrefix(rest, "to "):
		p := strings.TrimPrefix(rest, "to ")
		return pick(r, "I saved "+p+".", "Done — "+p+" is written.", "I wrote the file "+p+".")
	case verb == "created" && strings.HasPrefix(rest, "directory "):
		p := strings.TrimPrefix(rest, "directory ")
		return pick(r, "I created the folder "+p+".", "The folder "+p+" is there now.", "Done — "+p+" exists.")
	}
	return pick(r, "I "+verb+" "+rest+".", "Done: "+verb+" "+rest+".")
}

func listingSentence(r *rand.Rand, where string, lines []string) string {
	var dirs, files []string
	var largest, largestSize string
	var largestN float64
	for _, l := range lines {
		m := entryLine.FindStringSubmatch(l)
		if m[1] == "DIR" {
			dirs = append(dirs, m[2])
			continue
		}
		files = append(files, m[2])
		if m[3] != "" {
			if n := sizeOf(m[3]); n > largestN {
				largest, largestSize, largestN = m[2], m[3], n
			}
		}
	}
	var parts []string
	if len(dirs) > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s)", count(len(dirs), "folder", "folders"), wording.List(dirs)))
	}
	if len(files) > 0 {
		parts = append(parts, fmt.Sprintf("%s: %s", count(len(files), "file", "files"), wording.List(files)))
	}
	in := "It"
	if where != "" {
		in = where
	}
	firstCount := len(dirs)
	if firstCount == 0 {
		firstCount = len(files)
	}
	there := "are"
	if firstCount == 1 {
		there = "is"
	}
	out := pick(r, in+" holds "+strings.Join(parts, " and ")+".", "In "+in+" there "+there+" "+strings.Join(parts, " and ")+".")
	if in == "It" {
		out = "It holds " + strings.Join(parts, " and ") + "."
	}
	if largest != "" {
		out += " The largest is " + largest + " (" + largestSize + ")."
	}
	return out
}

func infoSentence(r *rand.Rand, where string, lines []string) string {
	var parts []string
	for _, l := range lines {
		m := infoLine.FindStringSubmatch(l)
		k, v := m[1], m[2]
		switch k {
		case "isDirectory", "isFile", "accessed":
			continue
		case "size":
			parts = append(parts, v+" bytes")
			continue
		}
		parts = append(parts, k+" "+v)
	}
	head := base(where)
	if head == "" {
		head = "It"
	}
	return pick(r, head+": "+wording.List(parts)+".", "Here are the details of "+head+": "+wording.List(parts)+".")
}

func treeSentence(where string, nodes []map[string]any) string {
	var dirs, files []string
	for _, n := range nodes {
		name, _ := n["name"].(string)
		if n["type"] == "directory" {
			kids, _ := n["children"].([]any)
			dirs = append(dirs, fmt.Sprintf("%s/ (%s)", name, count(len(kids), "entry", "entries")))
		} else {
			files = append(files, name)
		}
	}
	in := where
	if in == "" {
		in = "the folder"
	}
	var parts []string
	if len(dirs) > 0 {
		parts = append(parts, wording.List(dirs))
	}
	if len(files) > 0 {
		parts = append(parts, count(len(files), "file", "files")+" at the top ("+wording.List(files)+")")
	}
	return "Under " + in + ": " + strings.Join(parts, ", and ") + "."
}

// fileSentence shows a file's text in a fenced block, the first lines of
// a long one.
// fileBlock is one file of several: its name and its first lines.
func fileBlock(name, text string, most int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	more := ""
	if len(lines) > most {
		lines, more = lines[:most], fmt.Sprintf("\n(%d more lines)", len(lines)-most)
	}
	return base(name) + ":\n```" + fence(name) + "\n" + strings.Join(lines, "\n") + "\n```" + more
}

func fileSentence(r *rand.Rand, where, text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	const most = 14
	shown, more := lines, ""
	if len(lines) > most {
		shown, more = lines[:most], fmt.Sprintf("\n\n(%d more lines not shown.)", len(lines)-most)
	}
	name := base(where)
	intro := pick(r, "Here is "+name+":", name+" reads:", "This is what's in "+name+":")
	if name == "" {
		intro = pick(r, "Here is the text:", "It reads:")
	}
	return intro + "\n\n```" + fence(where) + "\n" + strings.Join(shown, "\n") + "\n```" + more
}

func fence(p string) string {
	switch strings.TrimPrefix(path.Ext(p), ".") {
	case "json":
		return "json"
	case "csv":
		return "csv"
	case "py":
		return "python"
	case "md":
		return "markdown"
	case "yaml", "yml":
		return "yaml"
	case "sh":
		return "bash"
	case "js":
		return "javascript"
	case "go":
		return "go"
	case "html", "xml":
		return path.Ext(p)[1:]
	}
	return ""
}

// pathArg is the path a file tool's call works on.
func pathArg(args map[string]any) string {
	return sim.ArgString(args, "path", "file_path", "filepath", "file_name", "filename", "file", "directory", "dir")
}

func base(p string) string {
	if p == "" {
		return ""
	}
	return path.Base(p)
}

func allMatch(lines []string, re *regexp.Regexp) bool {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !re.MatchString(l) {
			return false
		}
		n++
	}
	return n > 0
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sizeOf reads "640.78 KB" as bytes.
func sizeOf(s string) float64 {
	var n float64
	var unit string
	fmt.Sscanf(s, "%g %s", &n, &unit)
	switch unit {
	case "KB":
		n *= 1 << 10
	case "MB":
		n *= 1 << 20
	case "GB":
		n *= 1 << 30
	}
	return n
}

// textLines counts a text result's lines and words, for comparing two.
func textLines(out any) (lines, words int, ok bool) {
	text, ok := textOf(out)
	if !ok {
		return 0, 0, false
	}
	if headedBy(out) != "" {
		// The path heading a file read with others is not the file's.
		_, text, _ = strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	}
	return len(strings.Split(strings.TrimRight(text, "\n"), "\n")), len(strings.Fields(text)), true
}

// mediaSentence tells a media read ({"content": [{type, data, mimeType}]}):
// what the file is, not its base64.
func mediaSentence(r *rand.Rand, res result) string {
	o, ok := res.out.(map[string]any)
	if !ok || len(o) != 1 {
		return ""
	}
	for _, e := range o {
		blocks, ok := e.([]any)
		if !ok || len(blocks) == 0 {
			return ""
		}
		b, _ := blocks[0].(map[string]any)
		mime, _ := b["mimeType"].(string)
		data, _ := b["data"].(string)
		if mime == "" || data == "" {
			return ""
		}
		name := base(pathArg(res.args))
		if name == "" {
			name = "The file"
		}
		size := len(data) * 3 / 4
		kind, format, _ := strings.Cut(mime, "/")
		what := strings.ToUpper(strings.TrimPrefix(format, "x-")) + " " + kind // "PNG image"
		if format == "mpeg" {
			what = "MP3 audio file"
		}
		aWhat := wording.WithArticle(what)
		return pick(r, fmt.Sprintf("%s came back as base64 %s data: %s of about %d bytes.", name, mime, aWhat, size),
			fmt.Sprintf("I read %s: %s (%s), about %d bytes once decoded.", name, aWhat, mime, size),
			fmt.Sprintf("%s is %s; the tool returned it base64-encoded (%s, %d bytes).", name, aWhat, mime, size))
	}
	return ""
}

// firstLine is a text's first line, quoted after its name (` ("# Minutes")`),
// so a comparison of two texts says which is which.
func firstLine(out any) string {
	text, _ := textOf(out)
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); len(l) >= 8 && len(l) <= 60 && pathHeader(l) == "" {
			return ` ("` + l + `")`
		}
	}
	return ""
}

// pathHeader is the path a line heads a file's content with in a result
// that holds several files ("/home/ana/notes.md:"), or "".
func pathHeader(line string) string {
	p, ok := strings.CutSuffix(strings.TrimSpace(line), ":")
	if !ok || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, " \t") {
		return ""
	}
	return p
}

// headedBy is the path a text result opens with as its header, or "".
func headedBy(out any) string {
	text, _ := textOf(out)
	first, _, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	return pathHeader(first)
}

// retold marks the results that another result of the same answer tells
// in full: two listings of one folder name the same entries, and the one
// with sizes is told, once.
func retold(results []result) map[int]bool {
	type listing struct {
		key   string
		sized int
	}
	ls := make([]*listing, len(results))
	for i, res := range results {
		text, ok := textOf(res.out)
		if !ok || text == "" {
			continue
		}
		lines := entriesOnly(strings.Split(strings.TrimRight(text, "\n"), "\n"))
		if !allMatch(lines, entryLine) {
			continue
		}
		l := &listing{}
		var names []string
		for _, line := range lines {
			m := entryLine.FindStringSubmatch(line)
			names = append(names, m[1]+" "+m[2])
			if m[3] != "" {
				l.sized++
			}
		}
		slices.Sort(names)
		l.key = pathArg(res.args) + "\n" + strings.Join(names, "\n")
		ls[i] = l
	}
	again := map[int]bool{}
	for i, a := range ls {
		for j, b := range ls {
			if a == nil || b == nil || i == j || again[j] || a.key != b.key {
				continue
			}
			if b.sized > a.sized || b.sized == a.sized && j < i {
				again[i] = true
				break
			}
		}
	}
	return again
}
