package dataset

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// The files of a dataset directory.
const (
	FileTrajectories = "trajectories.jsonl"
	FileParquet      = "trajectories.parquet"
	FileShareGPT     = "sharegpt.jsonl"
	FileRejected     = "rejected.jsonl"
	FileReport       = "report.json"
	FileCard         = "README.md"
	// PartsDir holds the rows as they arrive, until the dataset is final.
	PartsDir = ".parts"
)

// WriteAtomic writes path through a temporary file in the same directory,
// fsyncs it and renames it into place, so readers see the old file or the
// whole new one, never a part.
func WriteAtomic(path string, write func(w io.Writer) error) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer f.abort()
	if err := write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.commit()
}

// atomicFile is a file written through a temporary beside it: commit puts
// the whole file in place, abort (a no-op after commit) leaves no trace.
type atomicFile struct {
	*bufio.Writer
	path string
	tmp  *os.File
}

func createAtomic(path string) (*atomicFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(filepath.Base(path))+"*")
	if err != nil {
		return nil, err
	}
	return &atomicFile{Writer: bufio.NewWriterSize(tmp, 1<<20), path: path, tmp: tmp}, nil
}

// tempPrefix starts the name of a temporary file written in place of name.
func tempPrefix(name string) string { return "." + name + ".tmp-" }

// RemoveTemps removes from dir the temporary files of writes that never
// finished (a process killed while it wrote the dataset) and returns their
// names. Only temporaries of the dataset's own files are touched; a write
// in progress loses its temporary, so call it only while nothing writes the
// dataset (before its job is followed again).
func RemoveTemps(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTemp(e.Name()) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, e.Name())
	}
	return removed, nil
}

func isTemp(name string) bool {
	for _, f := range []string{FileTrajectories, FileParquet, FileShareGPT, FileRejected, FileReport, FileCard} {
		if strings.HasPrefix(name, tempPrefix(f)) {
			return true
		}
	}
	return false
}

func (f *atomicFile) commit() error {
	if err := f.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err := f.tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", f.path, err)
	}
	if err := f.tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(f.path))
}

func (f *atomicFile) abort() {
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name()) // gone after a commit's rename
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// copyFile copies src into w.
func copyFile(src string) func(io.Writer) error {
	return func(w io.Writer) error {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}
}

// ReadRecords calls fn for each record of a JSON Lines file.
func ReadRecords(path string, fn func(trajectory.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for dec.More() {
		var r trajectory.Record
		if err := dec.Decode(&r); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// parquetRow is a record in trajectories.parquet: the scalar fields as
// columns, the nested ones (tools, messages, verdict, usage, provenance) as
// their canonical JSON text, which every reader of the JSONL already parses.
type parquetRow struct {
	ID            string  `parquet:"id"`
	JobID         string  `parquet:"job_id"`
	ClusterID     string  `parquet:"cluster_id"`
	BlueprintID   string  `parquet:"blueprint_id"`
	Domain        string  `parquet:"domain"`
	ReasoningMode string  `parquet:"reasoning_mode"`
	CAC           float64 `parquet:"cac"`
	Turns         int32   `parquet:"num_messages"`
	Tools         string  `parquet:"tools,zstd"`
	Messages      string  `parquet:"messages,zstd"`
	Verdict       string  `parquet:"verdict"`
	Usage         string  `parquet:"usage"`
	Provenance    string  `parquet:"provenance"`
}

// parquetWriter writes trajectories.parquet, a row group per batch of rows.
type parquetWriter struct {
	pw   *parquet.GenericWriter[parquetRow]
	rows []parquetRow
}

func newParquetWriter(w io.Writer) *parquetWriter {
	return &parquetWriter{pw: parquet.NewGenericWriter[parquetRow](w), rows: make([]parquetRow, 0, 256)}
}

func (p *parquetWriter) add(r trajectory.Record) error {
	tools, _ := json.Marshal(r.Tools)
	msgs, _ := json.Marshal(r.Messages)
	p.rows = append(p.rows, parquetRow{
		ID: r.ID, JobID: r.JobID, ClusterID: r.ClusterID, BlueprintID: r.BlueprintID, Domain: r.Domain,
		ReasoningMode: r.ReasoningMode, CAC: r.CAC, Turns: int32(len(r.Messages)),
		Tools: string(tools), Messages: string(msgs),
		Verdict: string(r.Verdict), Usage: string(r.Usage), Provenance: string(r.Provenance),
	})
	if len(p.rows) == cap(p.rows) {
		return p.flush()
	}
	return nil
}

func (p *parquetWriter) flush() error {
	if len(p.rows) == 0 {
		return nil
	}
	_, err := p.pw.Write(p.rows)
	p.rows = p.rows[:0]
	return err
}

func (p *parquetWriter) close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.pw.Close()
}

// ReadParquetIDs returns the record ids of a trajectories.parquet file (tests and tds report).
func ReadParquetIDs(path string) ([]string, error) {
	rows, err := parquet.ReadFile[parquetRow](path)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, nil
}
