// Package dirlock gives one process the use of a directory: an exclusive
// flock on DIR/.tds.lock, which holds the holder's pid, so a second writer
// (another gateway, another `tds synth --out` on the same directory) is
// refused with the process that holds it. The lock file stays behind and marks
// the directory as one a TDScaling job claimed, so its files are the job's.
package dirlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// FileName is the lock file in a locked directory.
const FileName = ".tds.lock"

// HeldError says another process holds the directory.
type HeldError struct {
	Dir string
	// PID of the holder; 0 when it could not be read.
	PID int
}

func (e *HeldError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s is in use by process %d", e.Dir, e.PID)
	}
	return fmt.Sprintf("%s is in use by another process", e.Dir)
}

// ForeignError says the directory holds files its claimant did not write.
type ForeignError struct {
	Dir   string
	Names []string
}

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s holds files no TDScaling job wrote: %s", e.Dir, strings.Join(e.Names, ", "))
}

// Lock is a held directory lock. Locks of one directory within one process
// share the flock (flock would refuse the second open file): the directory is
// released when the last of them is.
type Lock struct {
	dir  string
	once sync.Once
}

type held struct {
	f    *os.File
	refs int
}

var (
	mu    sync.Mutex
	locks = map[string]*held{}
)

// Acquire locks dir, which must exist.
func Acquire(dir string) (*Lock, error) {
	l, _, err := acquire(dir)
	return l, err
}

// Claim locks dir for writing files named names into it. A directory no job
// has claimed before (no lock file) must hold none of those names: they
// would be someone else's, and are named in a ForeignError.
func Claim(dir string, names []string) (*Lock, error) {
	l, fresh, err := acquire(dir)
	if err != nil || !fresh {
		return l, err
	}
	var foreign []string
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			foreign = append(foreign, n)
		}
	}
	if len(foreign) > 0 {
		slices.Sort(foreign)
		_ = os.Remove(filepath.Join(dir, FileName))
		l.Release()
		return nil, &ForeignError{Dir: dir, Names: foreign}
	}
	return l, nil
}

// acquire locks dir; fresh is true when this call created the lock file.
func acquire(dir string) (*Lock, bool, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, false, err
	}
	mu.Lock()
	defer mu.Unlock()
	if h, ok := locks[abs]; ok {
		h.refs++
		return &Lock{dir: abs}, false, nil
	}
	path := filepath.Join(abs, FileName)
	fresh := false
	f, err := os.OpenFile(path, os.O_RDWR|unix.O_NOFOLLOW, 0)
	if errors.Is(err, os.ErrNotExist) {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|unix.O_NOFOLLOW, 0o644)
		fresh = err == nil
		if errors.Is(err, os.ErrExist) { // another process made it first
			f, err = os.OpenFile(path, os.O_RDWR|unix.O_NOFOLLOW, 0)
		}
	}
	if err != nil {
		return nil, false, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		pid := readPID(f)
		_ = f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, false, &HeldError{Dir: abs, PID: pid}
		}
		return nil, false, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	locks[abs] = &held{f: f, refs: 1}
	return &Lock{dir: abs}, fresh, nil
}

func readPID(f *os.File) int {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	return pid
}

// Dir is the locked directory.
func (l *Lock) Dir() string { return l.dir }

// Release gives the lock up; releasing twice is a no-op.
func (l *Lock) Release() {
	if l == nil {
		return
	}
	l.once.Do(func() {
		mu.Lock()
		defer mu.Unlock()
		h, ok := locks[l.dir]
		if !ok {
			return
		}
		if h.refs--; h.refs > 0 {
			return
		}
		delete(locks, l.dir)
		_ = h.f.Truncate(0) // no pid: nobody holds it
		_ = unix.Flock(int(h.f.Fd()), unix.LOCK_UN)
		_ = h.f.Close()
	})
}
