package jail

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenBeneathFollowsNoSymlink checks both ways a fetched file is opened
// (openat2, and the walk for kernels without it) on what a program can
// leave in its work directory: files, directories, symlinks leading out
// and staying in, a FIFO.
func TestOpenBeneathFollowsNoSymlink(t *testing.T) {
	work := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(outside, []byte("host"), 0o644))
	must(os.WriteFile(filepath.Join(work, "out"), []byte("ok"), 0o644))
	must(os.MkdirAll(filepath.Join(work, "d", "e"), 0o755))
	must(os.WriteFile(filepath.Join(work, "d", "e", "f"), []byte("deep"), 0o644))
	must(os.Symlink(outside, filepath.Join(work, "leak")))
	must(os.Symlink(filepath.Dir(outside), filepath.Join(work, "d", "up")))
	must(os.Symlink("out", filepath.Join(work, "inside")))
	must(os.Symlink("e", filepath.Join(work, "d", "alias")))
	must(syscall.Mkfifo(filepath.Join(work, "fifo"), 0o644))

	root, err := unix.Open(work, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	must(err)
	defer unix.Close(root)

	for _, open := range []struct {
		name string
		fn   func(int, string) (int, error)
	}{{"openat2", openBeneath}, {"walk", walkBeneath}} {
		for _, c := range []struct {
			path string
			want string // content, or "" when the open must fail
		}{
			{"out", "ok"},
			{"d/e/f", "deep"},
			{"leak", ""},        // a symlink leading out
			{"d/up/secret", ""}, // through a symlinked directory leading out
			{"inside", ""},      // a symlink, even to a file beneath
			{"d/alias/f", ""},   // a symlinked directory, even beneath
			{"missing", ""},
		} {
			fd, err := open.fn(root, c.path)
			if c.want == "" {
				if err == nil {
					unix.Close(fd)
					t.Errorf("%s: %s opened, want refused", open.name, c.path)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %s: %v", open.name, c.path, err)
				continue
			}
			buf := make([]byte, 16)
			n, _ := unix.Read(fd, buf)
			unix.Close(fd)
			if string(buf[:n]) != c.want {
				t.Errorf("%s: %s read %q, want %q", open.name, c.path, buf[:n], c.want)
			}
		}
		// A FIFO opens without blocking (O_NONBLOCK); the caller's fstat
		// then refuses it as not a regular file.
		fd, err := open.fn(root, "fifo")
		if err != nil {
			if !errors.Is(err, unix.ENXIO) {
				t.Errorf("%s: fifo: %v", open.name, err)
			}
			continue
		}
		var st unix.Stat_t
		must(unix.Fstat(fd, &st))
		unix.Close(fd)
		if st.Mode&unix.S_IFMT != unix.S_IFIFO {
			t.Errorf("%s: fifo has mode %#o", open.name, st.Mode)
		}
	}
}
