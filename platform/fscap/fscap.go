// Package fscap treats directories as capabilities: a server given a set of
// roots reads files and creates directories only beneath them. The kernel
// resolves every path relative to an open root (openat2 with RESOLVE_BENEATH),
// so neither ".." nor a symlink leads out, and anything refused is refused
// with one error that says nothing about the path: a caller learns neither
// whether it exists, nor what it is, nor whether the server could read it.
package fscap

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// ErrDenied is the one error callers see for a path they may not use.
var ErrDenied = errors.New("permission denied")

// DeniedError is ErrDenied with the real reason, for the server's log only:
// Error() never includes it, so passing the error on reveals nothing.
type DeniedError struct{ reason string }

func (e *DeniedError) Error() string { return ErrDenied.Error() }

// Unwrap makes errors.Is(err, ErrDenied) true.
func (e *DeniedError) Unwrap() error { return ErrDenied }

// Reason says why the path was refused (log it; never return it).
func (e *DeniedError) Reason() string { return e.reason }

func denied(format string, a ...any) error { return &DeniedError{reason: fmt.Sprintf(format, a...)} }

// Reason returns the logged reason of a refusal, or err's text.
func Reason(err error) string {
	var d *DeniedError
	if errors.As(err, &d) {
		return d.reason
	}
	return err.Error()
}

// Roots is a set of directories a server may use. The zero value and an
// empty set allow nothing.
type Roots struct{ dirs []string }

// NewRoots resolves each directory (absolute, symlinks evaluated once, now)
// and checks that it is a directory.
func NewRoots(dirs ...string) (*Roots, error) {
	r := &Roots{}
	for _, d := range dirs {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, err
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(real)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("%s is not a directory", d)
		}
		r.dirs = append(r.dirs, real)
	}
	return r, nil
}

// Dirs returns the resolved roots.
func (r *Roots) Dirs() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.dirs...)
}

// locate returns the root that lexically holds the absolute path p, and p
// relative to it ("." for the root itself). Symlinks are the kernel's
// business when the relative path is opened.
func (r *Roots) locate(p string) (root, rel string, err error) {
	if r == nil || len(r.dirs) == 0 {
		return "", "", denied("no roots are configured")
	}
	if !filepath.IsAbs(p) {
		return "", "", denied("%q is not absolute", p)
	}
	clean := filepath.Clean(p)
	for _, d := range r.dirs {
		rel, err := filepath.Rel(d, clean)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		return d, rel, nil
	}
	// The path may name a root through a symlink of its own (/tmp → /private/tmp).
	if real, err := filepath.EvalSymlinks(filepath.Dir(clean)); err == nil && real != filepath.Dir(clean) {
		return r.locate(filepath.Join(real, filepath.Base(clean)))
	}
	return "", "", denied("%q is under no root", p)
}

// File is an open regular file beneath a root.
type File struct {
	*os.File
	// Path is the file as resolved beneath its root (for messages and logs).
	Path string
	// Size is its size when opened.
	Size int64
}

// OpenRegular opens path for reading when it is a regular file beneath a
// root of at most maxBytes (0: no bound). A FIFO, socket or device is refused
// without blocking: the file is opened O_NONBLOCK and checked with fstat
// before anything reads it.
func (r *Roots) OpenRegular(path string, maxBytes int64) (*File, error) {
	root, rel, err := r.locate(path)
	if err != nil {
		return nil, err
	}
	fd, err := openBeneath(root, rel, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, denied("open %q beneath %q: %v", rel, root, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		_ = unix.Close(fd)
		return nil, denied("fstat %q: %v", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		_ = unix.Close(fd)
		return nil, denied("%q is not a regular file (mode %o)", path, st.Mode)
	}
	if maxBytes > 0 && st.Size > maxBytes {
		_ = unix.Close(fd)
		return nil, denied("%q holds %d bytes, over the limit of %d", path, st.Size, maxBytes)
	}
	// Regular files never block; reads should not see EAGAIN either.
	if err := unix.SetNonblock(fd, false); err != nil {
		_ = unix.Close(fd)
		return nil, denied("%q: %v", path, err)
	}
	clean := filepath.Join(root, rel)
	return &File{File: os.NewFile(uintptr(fd), clean), Path: clean, Size: st.Size}, nil
}

// MkdirAll makes path and its missing parents beneath a root, refusing any
// symlink on the way (a directory a dataset is written into must be what its
// name says), and returns the directory's path and whether the last element
// was created by this call.
func (r *Roots) MkdirAll(path string, perm os.FileMode) (dir string, created bool, err error) {
	root, rel, err := r.locate(path)
	if err != nil {
		return "", false, err
	}
	fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", false, denied("open root %q: %v", root, err)
	}
	if rel != "." {
		for _, name := range strings.Split(rel, string(filepath.Separator)) {
			err := unix.Mkdirat(fd, name, uint32(perm.Perm()))
			created = err == nil
			if err != nil && !errors.Is(err, unix.EEXIST) {
				_ = unix.Close(fd)
				return "", false, denied("mkdir %q beneath %q: %v", name, root, err)
			}
			next, err := unix.Openat(fd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
			_ = unix.Close(fd)
			if err != nil {
				return "", false, denied("open %q beneath %q: %v", name, root, err)
			}
			fd = next
		}
	}
	_ = unix.Close(fd)
	return filepath.Join(root, rel), created, nil
}

var (
	openat2Once sync.Once
	openat2OK   bool
)

// haveOpenat2 reports whether the kernel (and any seccomp filter) allows
// openat2; Linux has it since 5.6. A variable so tests can take the fallback.
var haveOpenat2 = func() bool {
	openat2Once.Do(func() {
		fd, err := unix.Openat2(unix.AT_FDCWD, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC})
		if err == nil {
			_ = unix.Close(fd)
		}
		openat2OK = !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EPERM)
	})
	return openat2OK
}

// openBeneath opens rel relative to root so that resolution never leaves
// root: with openat2 RESOLVE_BENEATH (symlinks that stay beneath are
// followed), else component by component with O_NOFOLLOW (no symlinks at all).
func openBeneath(root, rel string, flags int, mode uint32) (int, error) {
	rfd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	defer unix.Close(rfd)
	if haveOpenat2() {
		how := &unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC), Mode: uint64(mode),
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS}
		for range 8 { // EAGAIN: a rename raced the lookup
			fd, err := unix.Openat2(rfd, rel, how)
			if !errors.Is(err, unix.EAGAIN) && !errors.Is(err, unix.EINTR) {
				return fd, err
			}
		}
		return -1, unix.EAGAIN
	}
	return openNoFollow(rfd, rel, flags, mode)
}

// openNoFollow walks rel's components from dirfd without following any
// symlink; rel is clean, so it holds no "..".
func openNoFollow(dirfd int, rel string, flags int, mode uint32) (int, error) {
	parts := strings.Split(rel, string(filepath.Separator))
	fd := dirfd
	for i, name := range parts {
		if name == ".." {
			return -1, unix.EXDEV
		}
		last := i == len(parts)-1
		var next int
		var err error
		if last {
			next, err = unix.Openat(fd, name, flags|unix.O_NOFOLLOW|unix.O_CLOEXEC, mode)
		} else {
			next, err = unix.Openat(fd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		}
		if fd != dirfd {
			_ = unix.Close(fd)
		}
		if err != nil {
			return -1, err
		}
		fd = next
	}
	return fd, nil
}
