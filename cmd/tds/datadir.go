package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockFile is the data directory's lock; it holds the pid of its holder.
const lockFile = "tds.lock"

// errDataDirInUse is returned when another process holds the data directory.
var errDataDirInUse = errors.New("in use")

// lockDataDir takes the data directory for this process: one suite owns its
// NATS store, job state and datasets, and a second one would corrupt them
// (and could not tell a dead holder's work from a live one's). The lock is an
// flock, so it goes with its process however that ends; release gives it up
// earlier.
func lockDataDir(dir string) (release func(), err error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data-dir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("data-dir: lock %s: %w", path, err)
		}
		holder := "another process"
		if b, rerr := os.ReadFile(path); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
				holder = "pid " + strconv.Itoa(pid)
			}
		}
		return nil, fmt.Errorf("data-dir %s is %w by %s (a tds up or tds synth): stop it, or give this one another --data-dir (tds synth: another --out)",
			dir, errDataDirInUse, holder)
	}
	// The pid is written under the lock, so a reader that finds the file
	// locked reads its holder's pid (or, for an instant, nothing).
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("data-dir: %w", err)
		}
	}
	return func() {
		// The file stays: removing it would let a process that opened it
		// just before lock an unlinked file while a third creates a new one.
		_ = f.Truncate(0)
		_ = f.Close()
	}, nil
}

// removeStaleTemps removes the temporary files of writes a killed process
// left in the data directory (LLM cache entries, cluster blobs: names that
// start with ".tmp-", or ".<file>.tmp-" for a file written in place). Call it
// holding the data directory's lock, when nothing else writes there. The NATS
// store is left to NATS.
func removeStaleTemps(dir string, log *slog.Logger) {
	var removed int
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: not ours to clean
		}
		if d.IsDir() {
			if path == filepath.Join(dir, natsStoreDir) {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		if !d.Type().IsRegular() || !strings.HasPrefix(name, ".") || !strings.Contains(name, ".tmp-") {
			return nil
		}
		if os.Remove(path) == nil {
			removed++
		}
		return nil
	})
	if removed > 0 {
		log.Info("removed the temporary files of unfinished writes", "dir", dir, "files", removed)
	}
}

// natsStoreDir is the embedded NATS server's store under the data directory.
const natsStoreDir = "nats"

// checkPortFree says which port is taken before a server is started on it,
// rather than the server failing later with a vaguer error.
func checkPortFree(name, host string, port int, hint string) error {
	if port == 0 {
		return nil
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s: port %d in use on %s (%s)", name, port, host, hint)
		}
		return fmt.Errorf("%s: %w (%s)", name, err, hint)
	}
	return l.Close()
}
