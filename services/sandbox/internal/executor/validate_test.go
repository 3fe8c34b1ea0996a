package executor

import (
	"path"
	"strings"
	"testing"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/protobuf/proto"
)

// FuzzValidate feeds arbitrary requests to the validator: it must never
// panic, and whatever it accepts must keep every path inside the work dir.
func FuzzValidate(f *testing.F) {
	seeds := []*sandboxv1.ExecuteRequest{
		{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"},
		{Language: sandboxv1.Language_LANGUAGE_PYTHON, Entry: "a/b.py", Files: []*sandboxv1.File{{Path: "a/b.py", Content: []byte("x")}}, Fetch: []string{"out.txt"}},
		{Language: sandboxv1.Language_LANGUAGE_SQLITE, Code: "select 1", Database: "d.db", Files: []*sandboxv1.File{{Path: "d.db"}}},
		{Language: sandboxv1.Language_LANGUAGE_BASH, Code: "ls", Files: []*sandboxv1.File{{Path: "../x"}}, Env: map[string]string{"A": "b"}},
	}
	for _, s := range seeds {
		b, err := proto.Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r sandboxv1.ExecuteRequest
		if err := proto.Unmarshal(data, &r); err != nil {
			return
		}
		vs, err := validate(&r)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) > 0 {
			return
		}
		inside := func(p string) bool {
			c := path.Clean(p)
			return c != "." && c != ".." && !strings.HasPrefix(c, "/") && !strings.HasPrefix(c, "../") && !strings.Contains(c, "\x00")
		}
		for _, f := range r.GetFiles() {
			if !inside(f.GetPath()) {
				t.Fatalf("accepted file path %q", f.GetPath())
			}
		}
		files := map[string]bool{}
		for _, f := range r.GetFiles() {
			files[path.Clean(f.GetPath())] = true
		}
		for p := range files {
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				if files[d] {
					t.Fatalf("accepted %q with a file at its directory %q", p, d)
				}
			}
		}
		for _, p := range r.GetFetch() {
			if !inside(p) {
				t.Fatalf("accepted fetch path %q", p)
			}
		}
		if r.GetCode() == "" && r.GetEntry() == "" {
			t.Fatal("accepted a request with no program")
		}
		_ = resolve(r.GetLimits()).jail(0)
	})
}

// TestValidateFileUnderFile: "a" and "a/b" (in either order, or "a/./b")
// cannot both be files; siblings and names that merely share a prefix can.
func TestValidateFileUnderFile(t *testing.T) {
	req := func(paths ...string) *sandboxv1.ExecuteRequest {
		r := &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"}
		for _, p := range paths {
			r.Files = append(r.Files, &sandboxv1.File{Path: p, Content: []byte("x")})
		}
		return r
	}
	for _, bad := range [][]string{{"a", "a/b"}, {"a/b", "a"}, {"a", "a/./b/c"}, {"x/y", "x/y/z.txt"}} {
		vs, _ := validate(req(bad...))
		if len(vs) != 1 || !strings.HasPrefix(vs[0].Field, "files[") || !strings.Contains(vs[0].Description, "which is a file") {
			t.Errorf("%q: violations %v, want one naming the file under a file", bad, vs)
		}
	}
	for _, good := range [][]string{{"a/b", "a/c"}, {"a", "ab/c"}, {"a.txt", "a/b"}} {
		if vs, _ := validate(req(good...)); len(vs) != 0 {
			t.Errorf("%q: %v", good, vs)
		}
	}
}
