package sim

import (
	"path"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// Files is one conversation's file tree as far as its calls tell it: the
// folders its paths live in (the server's allowed directories) and what
// its earlier calls did — text written to a path, a file moved elsewhere,
// a path deleted, a folder made. A file server's later answers agree with
// it: a written file reads back as written and is listed in its folder, a
// moved one is listed and read at its new path only. One conversation is
// one machine.
type Files struct {
	roots   []string
	written map[string]string
	origin  map[string]string // a moved file's path → the path it came from
	gone    map[string]bool
	made    map[string]bool // a path made → whether it is a folder
	changes int
	seed    int64 // what a path holds before any call changed it is drawn from (seed, path)
	holds   map[string][]string
	// owner is the user whose machine it is: their home is the one the
	// server is given, and they sign the documents in it.
	owner Person
}

// WithOwner makes f the machine of the user named name (the persona):
// documents there are theirs.
func (f *Files) WithOwner(name string) *Files {
	f.owner = PersonNamed(name)
	return f
}

// valuesAt is the synthesiser of what path p holds on the tree of a
// conversation of seed: drawn from (seed, p), the tree's owner its user.
func (f *Files) valuesAt(seed int64, p string) *Values {
	v := NewValues(seedrand.New(seed, "file system", p))
	if f != nil && f.owner.Account() != "" {
		v.SetUser(f.owner)
	}
	return v
}

// WithSeed makes f the tree of a conversation of seed: a file an edit
// changes is the file drawn for that seed, edited.
func (f *Files) WithSeed(seed int64) *Files {
	f.seed = seed
	return f
}

// NewFiles is the tree of a conversation whose calls use paths: its
// allowed directories are the folders those paths live in.
func NewFiles(paths []string) *Files {
	return &Files{roots: roots(paths), written: map[string]string{}, origin: map[string]string{}, gone: map[string]bool{}, made: map[string]bool{}}
}

// roots are the folders under which paths live, as a file server is
// given them: the top folder of a home (/home/ana/projects) or of the
// system (/srv/data). A home's own files, a top folder the conversation
// names itself (it may create or list it) or more than three folders of one
// home make the home the root.
func roots(paths []string) []string {
	var out []string
	for _, p := range paths {
		if !strings.HasPrefix(p, "/") {
			continue
		}
		seg := strings.Split(strings.Trim(path.Clean(p), "/"), "/")
		n := 2
		if seg[0] == "home" || seg[0] == "Users" {
			n = 3
		}
		if len(seg) <= n {
			n--
		}
		if n < 1 || len(seg) < n {
			continue
		}
		if r := "/" + strings.Join(seg[:n], "/"); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	// A root inside another is the other's.
	out = slices.DeleteFunc(out, func(r string) bool {
		return slices.ContainsFunc(out, func(o string) bool { return o != r && strings.HasPrefix(r, o+"/") })
	})
	if len(out) > 3 {
		homes := map[string]bool{}
		for _, r := range out {
			homes[path.Dir(r)] = true
		}
		if len(homes) == 1 {
			return []string{path.Dir(out[0])}
		}
	}
	return out
}

// Changes counts the changes applied so far: a read's answer can change
// only when it does.
func (f *Files) Changes() int {
	if f == nil {
		return 0
	}
	return f.changes
}

// Apply records what a call of a file tool did to the tree (a write, a
// move, a delete, a new folder) and reports whether it changed it.
func (f *Files) Apply(tool, description string, args map[string]any) bool {
	c, ok := readFileCall(f.seed, tool, description, args)
	if !ok {
		return false
	}
	c.files = f
	switch c.changeKind() {
	case "edit":
		if dry, _ := args["dryRun"].(bool); dry {
			return false // a dry run shows the diff and changes nothing
		}
		body := c.body(c.p)
		f.written[c.p] = edited(body, editsIn(body, args))
		f.make(c.p, false)
	case "move":
		f.moveTo(c.src, c.dst)
	case "copy":
		f.origin[c.dst] = f.source(c.src)
		if text, ok := f.written[c.src]; ok {
			f.written[c.dst] = text
		}
		f.make(c.dst, false)
	case "delete":
		f.gone[c.p] = true
		delete(f.written, c.p)
		delete(f.made, c.p)
	case "mkdir":
		f.make(c.p, true)
	case "write":
		text := argString(c.args, "content", "text", "data", "body")
		if c.has("append") {
			text = f.written[c.p] + text
		}
		f.written[c.p] = text
		f.make(c.p, false)
	default:
		return false
	}
	f.changes++
	return true
}

func (f *Files) moveTo(src, dst string) {
	f.origin[dst] = f.source(src)
	if text, ok := f.written[src]; ok {
		f.written[dst] = text
		delete(f.written, src)
	}
	f.make(dst, f.made[src] || path.Ext(src) == "")
	delete(f.made, src)
	f.gone[src] = true
}

// make records a path made; the folders it is in exist from then on.
func (f *Files) make(p string, dir bool) {
	delete(f.gone, p)
	f.made[p] = dir
	for d := path.Dir(p); d != "/" && d != "." && !slices.Contains(f.roots, d); d = path.Dir(d) {
		delete(f.gone, d)
		f.made[d] = true
	}
}

// edit is one replacement of an edit call: its old lines, its new lines,
// and the line of the file it starts at.
type edit struct {
	old, new string
	line     int
}

// editsIn are an edit call's replacements in text, each at the line where
// its old text is (after the end of the text when it holds none of it).
func editsIn(text string, args map[string]any) []edit {
	var out []edit
	raw, _ := args["edits"].([]any)
	for _, e := range raw {
		m, _ := e.(map[string]any)
		old, nw := argString(m, "oldText", "old_text", "old", "search"), argString(m, "newText", "new_text", "new", "replace")
		line := strings.Count(text, "\n") + 1
		if i := strings.Index(text, old); old != "" && i >= 0 {
			line = strings.Count(text[:i], "\n") + 1
		}
		out = append(out, edit{old: old, new: nw, line: line})
	}
	return out
}

// edited is text with the edits made: each old text replaced by the new
// one, or the new lines added at the end where the text holds no old one.
func edited(text string, edits []edit) string {
	for _, e := range edits {
		if e.old != "" && strings.Contains(text, e.old) {
			text = strings.Replace(text, e.old, e.new, 1)
			continue
		}
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		text += strings.TrimSuffix(e.new, "\n") + "\n"
	}
	return text
}

// Holds says that the file at p, as it was before the conversation,
// holds the lines texts (the old text of the edits the conversation makes
// to it): a read before the edit shows them, the edit replaces them.
func (f *Files) Holds(p string, texts []string) {
	if f.holds == nil {
		f.holds = map[string][]string{}
	}
	f.holds[p] = append(f.holds[p], texts...)
}

// withLines is text with the lines it is known to hold put in, spread
// over it, where it does not hold them already.
func withLines(text string, texts []string) string {
	var missing []string
	for _, t := range texts {
		if t != "" && !strings.Contains(text, t) {
			missing = append(missing, strings.TrimSuffix(t, "\n")+"\n")
		}
	}
	if len(missing) == 0 {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
		lines[n-1] += "\n"
	}
	var b strings.Builder
	next := 0
	for i, l := range lines {
		// The k-th missing line goes after line (k+1)·n/(m+1).
		for next < len(missing) && i == (next+1)*len(lines)/(len(missing)+1) {
			b.WriteString(missing[next])
			next++
		}
		b.WriteString(l)
	}
	for ; next < len(missing); next++ {
		b.WriteString(missing[next])
	}
	return b.String()
}

// source is the path whose content the file at p has: where it was moved
// or copied from, or p.
func (f *Files) source(p string) string {
	if o := f.origin[p]; o != "" {
		return o
	}
	return p
}

// entries adjusts a folder's drawn entries to the tree: what was moved
// away or deleted is not there, what was made there is.
func (f *Files) entries(dir string, dirs, files []string) ([]string, []string) {
	if f == nil {
		return dirs, files
	}
	here := func(name string) bool { return !f.gone[path.Join(dir, name)] }
	dirs = slices.DeleteFunc(slices.Clone(dirs), func(n string) bool { return !here(n) })
	files = slices.DeleteFunc(slices.Clone(files), func(n string) bool { return !here(n) })
	// A file the conversation reads or edits was there before it.
	for p := range f.holds {
		if f.gone[p] {
			continue
		}
		if path.Dir(p) == path.Clean(dir) && !slices.Contains(files, path.Base(p)) {
			files = append(files, path.Base(p))
		}
		// And so were the folders it is in.
		for d := path.Dir(p); d != "/" && d != "."; d = path.Dir(d) {
			if path.Dir(d) == path.Clean(dir) && !f.gone[d] && !slices.Contains(dirs, path.Base(d)) {
				dirs = append(dirs, path.Base(d))
			}
		}
	}
	for p, isDir := range f.made {
		if path.Dir(p) != path.Clean(dir) {
			continue
		}
		name := path.Base(p)
		switch {
		case isDir && !slices.Contains(dirs, name):
			dirs = append(dirs, name)
		case !isDir && !slices.Contains(files, name):
			files = append(files, name)
		}
	}
	slices.Sort(dirs)
	slices.Sort(files)
	return dirs, files
}

// sizeIn gives the size of a file in dir whose content is known: what a
// call wrote, or the text drawn for a text file.
func (f *Files) sizeIn(dir string) func(name string) (int, bool) {
	return func(name string) (int, bool) {
		if f == nil {
			return 0, false
		}
		return f.size(path.Join(dir, name))
	}
}

// size is the size of the file at p when its content is known: what a call
// wrote there, or the text a text file holds; false for a binary file (a
// picture, a PDF) the conversation did not write.
func (f *Files) size(p string) (int, bool) {
	if f == nil {
		return 0, false
	}
	if text, ok := f.written[p]; ok {
		return len(text), true
	}
	src := f.source(p)
	if binaryExt[strings.ToLower(strings.TrimPrefix(path.Ext(src), "."))] || path.Ext(src) == "" {
		return 0, false
	}
	return len(withLines(f.valuesAt(f.seed, src).FileBody(src), f.holds[src])), true
}

// binaryExt are the extensions of files whose bytes are no text.
var binaryExt = map[string]bool{"pdf": true, "docx": true, "doc": true, "xlsx": true, "xls": true, "pptx": true, "png": true,
	"jpg": true, "jpeg": true, "gif": true, "webp": true, "mp3": true, "wav": true, "mp4": true, "zip": true, "gz": true, "tar": true, "bin": true}

// wrote reports whether a call of the conversation wrote or edited p.
func (f *Files) wrote(p string) bool {
	if f == nil {
		return false
	}
	_, ok := f.written[p]
	return ok
}

// Existing are the paths a call of a file tool finds in the tree, as
// files: what it reads, edits, deletes, moves or copies away — not what it
// writes or makes.
func Existing(tool, description string, args map[string]any) []string {
	c, ok := readFileCall(0, tool, description, args)
	if !ok {
		return nil
	}
	var out []string
	switch c.changeKind() {
	case "write", "mkdir":
		return nil
	case "move", "copy":
		out = []string{c.src}
	default:
		out = append([]string{c.p}, c.paths...)
	}
	return slices.DeleteFunc(out, func(p string) bool { return p == "" || path.Ext(p) == "" })
}

// Exists says that the file at p was in the tree before the conversation:
// its folder lists it until a call moves or deletes it.
func (f *Files) Exists(p string) {
	f.Holds(p, nil)
}
