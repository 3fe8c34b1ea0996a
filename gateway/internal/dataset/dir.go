package dataset

import (
	"errors"
	"os"
	"path/filepath"
)

// Part files in PartsDir.
const (
	PartAccepted = "accepted.jsonl"
	PartRejected = "rejected.jsonl"
)

// Names are the entries a job writes into its dataset directory: a
// directory that holds one of them before a job claims it holds someone
// else's files.
func Names() []string {
	return []string{FileTrajectories, FileParquet, FileShareGPT, FileRejected, FileRejectedParquet, FileReport, FileCard, PartsDir}
}

// RemoveParts deletes the rows a job kept in dir's PartsDir, and the
// directory when nothing else is in it: a file someone else put there stays,
// and the error names it.
func RemoveParts(dir string) error {
	parts := filepath.Join(dir, PartsDir)
	for _, name := range []string{PartAccepted, PartRejected} {
		if err := os.Remove(filepath.Join(parts, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Remove(parts); err != nil && !errors.Is(err, os.ErrNotExist) {
		if ents, rerr := os.ReadDir(parts); rerr == nil && len(ents) > 0 {
			return &os.PathError{Op: "remove", Path: filepath.Join(parts, ents[0].Name()), Err: errors.New("not written by a job, left in place")}
		}
		return err
	}
	return nil
}

// RestoreParts makes a finished dataset's rows the parts of its sink again,
// for a job that continues into dir: the accepted records and the rejected
// rollouts are copied back into PartsDir (parts already there are kept:
// an earlier restore, or rows written since).
func RestoreParts(dir string) error {
	parts := filepath.Join(dir, PartsDir)
	if err := os.MkdirAll(parts, 0o755); err != nil {
		return err
	}
	for _, p := range []struct{ from, to string }{{FileTrajectories, PartAccepted}, {FileRejected, PartRejected}} {
		to := filepath.Join(parts, p.to)
		if _, err := os.Stat(to); err == nil {
			continue
		}
		if err := WriteAtomic(to, copyOrEmpty(filepath.Join(dir, p.from))); err != nil {
			return err
		}
	}
	return nil
}
