package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/services/cluster"
)

const handwritten = "../../services/cluster/testdata/handwritten.jsonl"

func runClustersCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestClustersBuildShowEval(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "clusters.jsonl")
	code, _, stderr := runClustersCLI(t, "clusters", "build", "--corpus", handwritten, "--blind", "--out", out)
	if code != 0 {
		t.Fatalf("build exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "finding dependency edges") {
		t.Errorf("no progress on stderr:\n%s", stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []cluster.ClusterRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r cluster.ClusterRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	var groups []string
	for _, r := range recs {
		var names []string
		for _, tl := range r.Tools {
			if tl.Service == "" {
				t.Errorf("tool %s without its corpus service in blind mode", tl.Name)
			}
			names = append(names, tl.Name)
		}
		sort.Strings(names)
		groups = append(groups, strings.Join(names, ","))
	}
	sort.Strings(groups)
	want := "create_folder,list_files,read_file,share_file|current_weather,find_city,weather_alerts,weather_forecast|get_order,get_user,list_orders,refund_order"
	if got := strings.Join(groups, "|"); got != want {
		t.Fatalf("clusters %s, want %s", got, want)
	}

	// The shop cluster carries the get_user -> list_orders edge; show prints it.
	var shop cluster.ClusterRecord
	for _, r := range recs {
		if r.Domain == "ecommerce" {
			shop = r
		}
	}
	code, stdout, stderr := runClustersCLI(t, "clusters", "show", "--clusters", out, shop.ID)
	if code != 0 || !strings.Contains(stdout, "get_user $.user_id -> list_orders(user_id)") {
		t.Fatalf("show exit %d\n%s\n%s", code, stdout, stderr)
	}

	code, stdout, stderr = runClustersCLI(t, "clusters", "eval", "--quiet", "--blind", "--corpus", handwritten)
	if code != 0 {
		t.Fatalf("eval exit %d: %s", code, stderr)
	}
	for _, want := range []string{"B3-precision", "service                 1.000      1.000", "coverage 100.0%", "dependency-connected clusters", "4:3"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestClustersErrorsTellWhatToFix(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	doc, err := os.ReadFile(handwritten)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, append(doc, []byte("{oops\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		args     []string
		code     int
		inStderr string
		inStdout string
	}{
		{"no subcommand", []string{"clusters"}, 2, "want a subcommand", ""},
		{"help", []string{"clusters", "--help"}, 0, "", "tds clusters build"},
		{"build help", []string{"clusters", "build", "--help"}, 0, "--blind", ""},
		{"no out", []string{"clusters", "build", "--corpus", handwritten}, 2, "--out FILE", ""},
		{"no corpus", []string{"clusters", "eval"}, 2, "--corpus FILE", ""},
		{"missing file", []string{"clusters", "eval", "--corpus", filepath.Join(dir, "nope.jsonl")}, 2, "nope.jsonl", ""},
		{"skips bad line", []string{"clusters", "eval", "--corpus", bad}, 0, "skipped " + bad + ":13: malformed JSON", "tools 12"},
		{"strict rejects", []string{"clusters", "eval", "--strict", "--corpus", bad}, 1, bad + ":13", ""},
		{"bad sizes", []string{"clusters", "eval", "--min-size", "9", "--max-size", "4", "--corpus", handwritten}, 2, "min_size", ""},
		{"show missing", []string{"clusters", "show", "--clusters", filepath.Join(dir, "none.jsonl"), "k1-00001"}, 1, "tds clusters build --out", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runClustersCLI(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.inStderr) || !strings.Contains(stdout, c.inStdout) {
				t.Fatalf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
		})
	}
}

// failingWriter takes limit bytes, then fails every write, like a full disk.
type failingWriter struct {
	limit int
	n     int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		k := w.limit - w.n
		w.n = w.limit
		return k, errors.New("no space left on device")
	}
	w.n += len(p)
	return len(p), nil
}

// A clusters file that cannot be written whole is an error, not exit 0 with
// a truncated output.
func TestClustersBuildReportsAFailedWrite(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"clusters", "build", "--quiet", "--corpus", handwritten, "--out", "-"}, &failingWriter{limit: 100}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "no space left on device") {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit 1 naming the write error", code, stderr.String())
	}
}
