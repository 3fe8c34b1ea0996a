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
