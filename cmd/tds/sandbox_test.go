package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSandboxRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	py := write("prog.py", "import sys\nprint('args', sys.argv[1:])\nsys.exit(7)\n")
	sh := write("prog.sh", "echo from bash; kill -9 $$\n")
	sql := write("q.sql", "select 40 + 2;\n")
	txt := write("notes.txt", "print(1)\n")
	cases := []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{args: []string{"run", py, "a", "b"}, code: 7, inStdout: "args ['a', 'b']"},
		{args: []string{"run", sh}, code: 128 + 9, inStdout: "from bash", inStderr: "killed by signal 9"},
		{args: []string{"run", sql}, code: 0, inStdout: "42"},
		{args: []string{"run", "--json", sql}, code: 0, inStdout: "STATUS_OK"},
		{args: []string{"run", "--lang", "python", txt}, code: 0, inStdout: "1"},
		{args: []string{"run", txt}, code: 2, inStderr: "pass --lang"},
		{args: []string{"run", "--db", "x.db", py}, code: 2, inStderr: "--db is for SQL"},
		{args: []string{"run"}, code: 2, inStderr: "name the program file"},
		{args: []string{"frob"}, code: 2, inStderr: "want a subcommand"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := sandboxCommand(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr)
			if code != c.code || !strings.Contains(stdout.String(), c.inStdout) || !strings.Contains(stderr.String(), c.inStderr) {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
			}
		})
	}
}
