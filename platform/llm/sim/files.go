package sim

import (
	"path"
	"slices"
	"strings"
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
	c, ok := readFileCall(0, tool, description, args)
	if !ok {
		return false
	}
	switch c.changeKind() {
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

func (f *Files) make(p string, dir bool) {
	delete(f.gone, p)
	f.made[p] = dir
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

// sizeIn gives the size of a file in dir whose content a call wrote.
func (f *Files) sizeIn(dir string) func(name string) (int, bool) {
	return func(name string) (int, bool) {
		if f == nil {
			return 0, false
		}
		text, ok := f.written[path.Join(dir, name)]
		return len(text), ok
	}
}
