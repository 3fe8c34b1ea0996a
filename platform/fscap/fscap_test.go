package fscap

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// layout makes a root with a corpus, a subdirectory, a FIFO, symlinks
// inside and out, and a file outside the root.
func layout(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "root")
	outside = filepath.Join(base, "outside")
	for _, d := range []string{root, outside, filepath.Join(root, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "sub", "tools.jsonl"), "{}\n")
	write(filepath.Join(root, "big.jsonl"), string(make([]byte, 4096)))
	write(filepath.Join(outside, "secret"), "secret\n")
	if err := unix.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "escape")))
	must(t, os.Symlink("sub/tools.jsonl", filepath.Join(root, "inside")))
	must(t, os.Symlink(outside, filepath.Join(root, "outdir")))
	return root, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRegular(t *testing.T) {
	for _, mode := range []struct {
		name    string
		openat2 bool
	}{{"openat2", true}, {"fallback", false}} {
		t.Run(mode.name, func(t *testing.T) {
			if mode.openat2 && !haveOpenat2() {
				t.Skip("the kernel has no openat2")
			}
			if !mode.openat2 {
				saved := haveOpenat2
				haveOpenat2 = func() bool { return false }
				t.Cleanup(func() { haveOpenat2 = saved })
			}
			root, outside := layout(t)
			roots, err := NewRoots(root)
			must(t, err)
			for _, tc := range []struct {
				path string
				ok   bool
			}{
				{filepath.Join(root, "sub", "tools.jsonl"), true},
				{filepath.Join(root, "sub", "..", "sub", "tools.jsonl"), true},
				{filepath.Join(root, "inside"), mode.openat2}, // the fallback follows no symlink
				{filepath.Join(root, "escape"), false},
				{filepath.Join(root, "outdir", "secret"), false},
				{filepath.Join(root, "..", "outside", "secret"), false},
				{filepath.Join(outside, "secret"), false},
				{filepath.Join(root, "missing"), false},
				{filepath.Join(root, "sub"), false},
				{root, false},
				{filepath.Join(root, "fifo"), false},
				{filepath.Join(root, "big.jsonl"), false}, // over the 1 kB limit below
				{"/etc/shadow", false},
				{"sub/tools.jsonl", false},
			} {
				start := time.Now()
				f, err := roots.OpenRegular(tc.path, 1024)
				if took := time.Since(start); took > 5*time.Second {
					t.Errorf("%s: took %s", tc.path, took)
				}
				if tc.ok {
					if err != nil {
						t.Errorf("%s: %v (%s)", tc.path, err, Reason(err))
						continue
					}
					_ = f.Close()
					continue
				}
				if err == nil {
					_ = f.Close()
					t.Errorf("%s: opened, want refused", tc.path)
					continue
				}
				if !errors.Is(err, ErrDenied) || err.Error() != ErrDenied.Error() {
					t.Errorf("%s: error %q, want exactly %q", tc.path, err, ErrDenied)
				}
			}
		})
	}
}

func TestNoRootsAllowNothing(t *testing.T) {
	root, _ := layout(t)
	for _, r := range []*Roots{nil, {}} {
		if _, err := r.OpenRegular(filepath.Join(root, "sub", "tools.jsonl"), 0); !errors.Is(err, ErrDenied) {
			t.Errorf("no roots: %v, want denied", err)
		}
	}
}

func TestMkdirAll(t *testing.T) {
	root, outside := layout(t)
	roots, err := NewRoots(root)
	must(t, err)
	dir, created, err := roots.MkdirAll(filepath.Join(root, "a", "b"), 0o755)
	if err != nil || !created || dir != filepath.Join(root, "a", "b") {
		t.Fatalf("new dir: %q %v %v", dir, created, err)
	}
	if _, created, err = roots.MkdirAll(filepath.Join(root, "a", "b"), 0o755); err != nil || created {
		t.Fatalf("existing dir: created %v, %v", created, err)
	}
	for _, p := range []string{
		filepath.Join(root, "outdir", "x"),  // through a symlink out
		filepath.Join(root, "..", "escape"), // lexically out
		filepath.Join(outside, "x"),
		filepath.Join(root, "sub", "tools.jsonl", "x"), // a file on the way
	} {
		if _, _, err := roots.MkdirAll(p, 0o755); !errors.Is(err, ErrDenied) {
			t.Errorf("%s: %v, want denied", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "x")); err == nil {
		t.Error("a directory was made outside the root")
	}
	if _, err := os.Stat(filepath.Join(root, "..", "escape")); err == nil {
		t.Error("a directory was made beside the root")
	}
}
