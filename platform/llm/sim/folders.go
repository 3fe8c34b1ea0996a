package sim

import (
	"path"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// makesFolder reports whether the tool the values are for makes a folder
// (mkdir, create_directory, new_folder).
func (v *Values) makesFolder() bool {
	ws := ident.Words(v.subj.tool)
	if slices.Contains(ws, "mkdir") {
		return true
	}
	makes := slices.ContainsFunc(ws, func(w string) bool { return w == "create" || w == "make" || w == "new" || w == "add" })
	folder := slices.ContainsFunc(ws, func(w string) bool { return w == "directory" || w == "folder" || w == "dir" })
	return makes && folder
}

// newFolder is a folder a plan makes: a new one inside the folder it works
// in, named as people name folders. The folder the plan lists, or whose
// files it reads, exists already: making it is no request anyone makes.
func (v *Values) newFolder() string {
	work := v.workDir()
	names := slices.DeleteFunc(slices.Clone(folderNames), func(f string) bool { return f == path.Base(work) })
	return work + "/" + v.pick(names)
}

// moveEnds are the names of a move's or a copy's two ends, each with the
// names of the other.
var moveEnds = map[string][]string{
	"source": {"destination", "dest", "target", "to", "new_path", "dst"}, "src": {"dst", "dest", "destination"},
	"from": {"to"}, "old_path": {"new_path"},
	"destination": {"source", "src", "from", "old_path"}, "dest": {"source", "src"}, "dst": {"src", "source"},
	"target": {"source"}, "to": {"from"}, "new_path": {"old_path", "source"},
}

// otherEnd is the path of a move's or a copy's end f when the other end
// is drawn already: the same file in a folder beside it, or renamed in its
// folder with a word saying what changed — its format kept, since moving
// report.txt does not make it a PDF.
func (v *Values) otherEnd(f field) (string, bool) {
	var other string
	for _, n := range moveEnds[f.norm] {
		if p, ok := v.mem["path:"+n]; ok && path.Ext(p) != "" {
			other = p
			break
		}
	}
	if other == "" {
		return "", false
	}
	dir, base, ext := path.Dir(other), path.Base(other), path.Ext(other)
	if v.r.IntN(2) == 0 {
		names := slices.DeleteFunc(slices.Clone(folderNames), func(n string) bool { return n == path.Base(dir) })
		return path.Dir(dir) + "/" + v.pick(names) + "/" + base, true
	}
	// A rename says what changed about the same document: the new name
	// marks its state, or the old one marked a state it has left.
	tags := []string{"final", "old", "v2", "signed", "2025", "reviewed", "archived"}
	if slices.Contains(moveEnds["destination"], f.norm) {
		tags = []string{"draft", "copy", "new", "tmp", "wip"}
	}
	return dir + "/" + strings.TrimSuffix(base, ext) + "_" + v.pick(tags) + ext, true
}
