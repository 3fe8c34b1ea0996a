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

// A move or a copy keeps the file's format: the file goes to a folder
// beside its own, or gets a new name with the same extension.
func TestAMoveKeepsTheFormat(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"source": map[string]any{"type": "string", "description": "Source path"}, "destination": map[string]any{"type": "string", "description": "Destination path"}},
		"required": []any{"source", "destination"}}
	for seed := range int64(40) {
		v := NewValues(seedrand.New(seed, "move"))
		v.Subject("move_file", "Move or rename files and directories.")
		a := v.For(schema, schema, "").(map[string]any)
		src, dst := a["source"].(string), a["destination"].(string)
		if src == dst || path.Ext(src) == "" || path.Ext(src) != path.Ext(dst) {
			t.Fatalf("seed %d: move %s to %s", seed, src, dst)
		}
	}
}
