// Package runtimes finds the language runtimes the sandbox can run, by
// absolute path inside /usr (the only host tree a sandbox sees), and turns a
// request into the command line that runs it.
package runtimes

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
)

// Runtime is one installed language.
type Runtime struct {
	Language sandboxv1.Language
	// Path is absolute and resolved (no symlinks), under /usr.
	Path    string
	Version string
}

// candidates are where each language is looked for. Never a PATH lookup:
// python3 on PATH may be a slow shim outside /usr.
var candidates = []struct {
	lang        sandboxv1.Language
	paths       []string
	versionArgs []string
}{
	{sandboxv1.Language_LANGUAGE_PYTHON, []string{"/usr/bin/python3", "/usr/local/bin/python3"}, []string{"-I", "-c", "import sys; print(sys.version.split()[0])"}},
	{sandboxv1.Language_LANGUAGE_BASH, []string{"/usr/bin/bash", "/bin/bash"}, []string{"-c", "echo $BASH_VERSION"}},
	{sandboxv1.Language_LANGUAGE_SQLITE, []string{"/usr/bin/sqlite3"}, []string{"-version"}},
}

// Discover returns the installed runtimes. Only interpreters under /usr are
// usable: the sandbox root binds /usr and nothing else of the host.
func Discover(ctx context.Context) (map[sandboxv1.Language]Runtime, error) {
	out := map[sandboxv1.Language]Runtime{}
	for _, c := range candidates {
		for _, p := range c.paths {
			real, err := filepath.EvalSymlinks(p)
			if err != nil || !strings.HasPrefix(real, "/usr/") {
				continue
			}
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			var stdout bytes.Buffer
			cmd := exec.CommandContext(ctx, real, c.versionArgs...)
			cmd.Stdout = &stdout
			cmd.Env = []string{"PATH=/usr/bin:/bin"}
			err = cmd.Run()
			cancel()
			if err != nil {
				continue
			}
			v := strings.Fields(stdout.String())
			if len(v) == 0 {
				continue
			}
			out[c.lang] = Runtime{Language: c.lang, Path: real, Version: v[0]}
			break
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("runtimes: no python3, bash or sqlite3 under /usr")
	}
	return out, nil
}

// Argv returns the command line for code (or the entry file) in the work dir.
func (r Runtime) Argv(code, entry, database string, args []string) []string {
	switch r.Language {
	case sandboxv1.Language_LANGUAGE_PYTHON:
		if code != "" {
			return append([]string{r.Path, "-I", "-c", code}, args...)
		}
		// -I keeps the environment and user site out but would also keep the
		// script's own directory off sys.path; run it as `python main.py`
		// would, so files beside it import.
		run := fmt.Sprintf("import runpy, sys; sys.argv[0] = %q; sys.path.insert(0, %q); runpy.run_path(%q, run_name='__main__')",
			entry, "/work/"+path.Dir(entry), entry)
		return append([]string{r.Path, "-I", "-c", run}, args...)
	case sandboxv1.Language_LANGUAGE_BASH:
		if code != "" {
			return append([]string{r.Path, "--norc", "--noprofile", "-c", code, "bash"}, args...)
		}
		return append([]string{r.Path, "--norc", "--noprofile", entry}, args...)
	case sandboxv1.Language_LANGUAGE_SQLITE:
		db := database
		if db == "" {
			db = ":memory:"
		}
		// The caller passes an entry file's content as code; -safe refuses
		// .shell, .load and the like. sqlite3 reads an argument that starts
		// with "-" as an option even after the database, so SQL that opens
		// with a "--" comment starts on a new line instead.
		if strings.HasPrefix(code, "-") {
			code = "\n" + code
		}
		return []string{r.Path, "-safe", "-bail", "-batch", db, code}
	}
	return nil
}
