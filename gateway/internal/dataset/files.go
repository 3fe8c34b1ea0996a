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
	for _, f := range []string{FileTrajectories, FileParquet, FileShareGPT, FileRejected, FileRejectedParquet, FileReport, FileCard} {
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

// parquetRow is a record in trajectories.parquet. Messages and tools are
// nested as the chat format nests them (lists of structs, tool calls a list
// of structs in each message), so datasets, pandas and Polars read them as
// lists of dicts; a tool's parameters (a JSON Schema, a different shape per
// tool) and a call's arguments stay JSON text, as the OpenAI format has
// them. Fields a message may lack are null. Verdict, usage and provenance
// are JSON text.
type parquetRow struct {
	ID            string           `parquet:"id"`
	JobID         string           `parquet:"job_id"`
	ClusterID     string           `parquet:"cluster_id"`
	BlueprintID   string           `parquet:"blueprint_id"`
	Domain        string           `parquet:"domain"`
	ReasoningMode string           `parquet:"reasoning_mode"`
	CAC           float64          `parquet:"cac"`
	Turns         int32            `parquet:"num_messages"`
	Tools         []parquetTool    `parquet:"tools,list"`
	Messages      []parquetMessage `parquet:"messages,list"`
	Verdict       string           `parquet:"verdict"`
	Usage         string           `parquet:"usage"`
	Provenance    string           `parquet:"provenance"`
}

type parquetTool struct {
	Type     string          `parquet:"type"`
	Function parquetFunction `parquet:"function"`
}

type parquetFunction struct {
	Name        string `parquet:"name"`
	Description string `parquet:"description,optional"`
	// Parameters is the JSON Schema as JSON text.
	Parameters string `parquet:"parameters,optional"`
}

type parquetMessage struct {
	Role             string            `parquet:"role"`
	Content          string            `parquet:"content"`
	Name             string            `parquet:"name,optional"`
	ToolCalls        []parquetToolCall `parquet:"tool_calls,list"`
	ToolCallID       string            `parquet:"tool_call_id,optional"`
	ReasoningContent string            `parquet:"reasoning_content,optional"`
}

type parquetToolCall struct {
	ID       string              `parquet:"id"`
	Type     string              `parquet:"type"`
	Function parquetFunctionCall `parquet:"function"`
}

type parquetFunctionCall struct {
	Name      string `parquet:"name"`
	Arguments string `parquet:"arguments"`
}

func toParquet(r trajectory.Record) parquetRow {
	row := parquetRow{
		ID: r.ID, JobID: r.JobID, ClusterID: r.ClusterID, BlueprintID: r.BlueprintID, Domain: r.Domain,
		ReasoningMode: r.ReasoningMode, CAC: r.CAC, Turns: int32(len(r.Messages)),
		Tools: make([]parquetTool, 0, len(r.Tools)), Messages: make([]parquetMessage, 0, len(r.Messages)),
		Verdict: string(r.Verdict), Usage: string(r.Usage), Provenance: string(r.Provenance),
	}
	for _, t := range r.Tools {
		row.Tools = append(row.Tools, parquetTool{Type: t.Type, Function: parquetFunction{
			Name: t.Function.Name, Description: t.Function.Description, Parameters: string(t.Function.Parameters)}})
	}
	for _, m := range r.Messages {
		pm := parquetMessage{Role: m.Role, Content: m.Content, Name: m.Name, ToolCallID: m.ToolCallID,
			ReasoningContent: m.ReasoningContent, ToolCalls: make([]parquetToolCall, 0, len(m.ToolCalls))}
		for _, c := range m.ToolCalls {
			pm.ToolCalls = append(pm.ToolCalls, parquetToolCall{ID: c.ID, Type: c.Type,
				Function: parquetFunctionCall{Name: c.Function.Name, Arguments: c.Function.Arguments}})
		}
		row.Messages = append(row.Messages, pm)
	}
	return row
}

// parquetWriter writes trajectories.parquet, a row group per batch of rows.
type parquetWriter struct {
	pw   *parquet.GenericWriter[parquetRow]
	rows []parquetRow
}

func newParquetWriter(w io.Writer) *parquetWriter {
	return &parquetWriter{pw: parquet.NewGenericWriter[parquetRow](w, parquet.Compression(&parquet.Zstd)), rows: make([]parquetRow, 0, 256)}
}

func (p *parquetWriter) add(r trajectory.Record) error {
	p.rows = append(p.rows, toParquet(r))
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
