package sim

import (
	"path"
	"slices"

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
