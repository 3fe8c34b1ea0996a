package sim

import (
	"path"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A folder the plan makes is a new one: not the folder it lists, nor one
// whose files it reads or writes, whichever call comes first.
func TestAFolderMadeIsNew(t *testing.T) {
	str := map[string]any{"type": "string"}
	for seed := range int64(40) {
		v := NewValues(seedrand.New(seed, "mkdir"))
		var used []string
		draw := func(tool, desc string) string {
			v.Subject(tool, desc)
			p, _ := v.For(nil, str, "path").(string)
			return p
		}
		var made string
		if seed%2 == 0 {
			used = append(used, draw("list_directory", "List the files and directories in a path."), draw("read_text_file", "Read a file as text."))
			made = draw("create_directory", "Create a new directory or ensure a directory exists.")
		} else {
			made = draw("create_directory", "Create a new directory or ensure a directory exists.")
			used = append(used, draw("write_file", "Create a new file with new content."), draw("list_directory", "List the files and directories in a path."))
		}
		for _, u := range used {
			if u == made || strings.HasPrefix(u, made+"/") {
				t.Fatalf("seed %d: the plan makes %s, which it uses as there already (%v)", seed, made, used)
			}
		}
		if !strings.HasPrefix(made, v.User().Home()+"/") || path.Ext(made) != "" {
			t.Fatalf("seed %d: made folder %s is not a folder in %s's home", seed, made, v.User().Name())
		}
	}
}
