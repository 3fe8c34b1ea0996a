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
		if len(validate(&r)) > 0 {
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
