package dashboard

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/platform/realism"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// Record kinds, as they appear in the dashboard's paths.
const (
	kindAccepted = "accepted"
	kindRejected = "rejected"
)

// row is what the records list shows of one row of a record file, and
// where the row is, so the record view reads only that row.
type row struct {
	Kind      string
	ID        string // the record's id; a rejected rollout's task id
	Domain    string
	Signature string
	CAC       float64
	Verdict   string
	// Reasons are a rejected rollout's reason names (evolve's: "judge",
	// "schema", ...), the first one first.
	Reasons []string
	Detail  string
	search  string // lower-cased text the search matches
	off     int64
	n       int
}

// fileIndex is the rows of one append-only JSON Lines file, read up to its
// last complete line and extended as the file grows; the accepted records
// also feed a realism accumulator, so the live page measures them without
// reading them again.
type fileIndex struct {
	mu      sync.Mutex
	path    string
	kind    string
	info    os.FileInfo
	size    int64
	rows    []row
	byID    map[string]int
	realism *realism.Accumulator
	used    time.Time
}

// indexes keeps the indexes of recently viewed files.
type indexes struct {
	mu    sync.Mutex
	files map[string]*fileIndex
}

// maxIndexes bounds the files indexed at once; the least recently used
// goes first.
const maxIndexes = 64

func (x *indexes) get(path, kind string) *fileIndex {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.files == nil {
		x.files = map[string]*fileIndex{}
	}
	fi, ok := x.files[path]
	if !ok {
		if len(x.files) >= maxIndexes {
			var oldest string
			for p, f := range x.files {
				if oldest == "" || f.used.Before(x.files[oldest].used) {
					oldest = p
				}
			}
			delete(x.files, oldest)
		}
		fi = &fileIndex{path: path, kind: kind}
		x.files[path] = fi
	}
	fi.used = time.Now()
	return fi
}

// recordFiles are where a job's accepted and rejected rows are: the final
// files once its dataset is written, the parts the sink appends to before.
func recordFiles(job *jobv1.Job) (accepted, rejected string) {
	dir := job.GetOutputDir()
	if dir == "" {
		return "", ""
	}
	if job.GetDatasetWritten() {
		return filepath.Join(dir, dataset.FileTrajectories), filepath.Join(dir, dataset.FileRejected)
	}
	parts := filepath.Join(dir, dataset.PartsDir)
	return filepath.Join(parts, dataset.PartAccepted), filepath.Join(parts, dataset.PartRejected)
}

// openRow opens a record file for reading: a regular file, never through a
// symbolic link put in the job's directory.
func openRow(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		_ = f.Close()
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return f, nil
}

// refresh reads the rows appended since the last call. A file replaced or
// cut short (the final files replace the parts atomically) is read anew.
func (fi *fileIndex) refresh() error {
	f, err := openRow(fi.path)
	if errors.Is(err, os.ErrNotExist) {
		fi.reset(nil)
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.info == nil || !os.SameFile(fi.info, st) || st.Size() < fi.size {
		fi.reset(st)
	}
	if st.Size() == fi.size {
		return nil
	}
	if _, err := f.Seek(fi.size, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(io.LimitReader(f, st.Size()-fi.size), 1<<20)
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil // a line still being written waits for the next call
		}
		if err != nil {
			return err
		}
		off := fi.size
		fi.size += int64(len(line))
		if rw, ok := fi.parse(bytes.TrimSpace(line)); ok {
			rw.off, rw.n = off, len(line)
			if _, dup := fi.byID[rw.ID]; !dup {
				fi.byID[rw.ID] = len(fi.rows)
				fi.rows = append(fi.rows, rw)
			}
		}
	}
}

func (fi *fileIndex) reset(st os.FileInfo) {
	fi.info, fi.size, fi.rows, fi.byID = st, 0, nil, map[string]int{}
	if fi.kind == kindAccepted {
		fi.realism = realism.New()
	}
}

// parse summarises one row; a row it cannot read is left out of the list.
func (fi *fileIndex) parse(line []byte) (row, bool) {
	if fi.kind == kindRejected {
		var rej dataset.Rejected
		if err := json.Unmarshal(line, &rej); err != nil || rej.TaskID == "" {
			return row{}, false
		}
		return rejectedRow(rej), true
	}
	var rec trajectory.Record
	if err := json.Unmarshal(line, &rec); err != nil || rec.ID == "" {
		return row{}, false
	}
	fi.realism.Add(rec)
	rw := row{Kind: kindAccepted, ID: rec.ID, Domain: rec.Domain, Signature: rec.ReasoningMode, CAC: rec.CAC, Verdict: verdictLine(rec.Verdict)}
	rw.search = strings.ToLower(strings.Join([]string{rw.Kind, rw.ID, rw.Domain, rw.Signature, rw.Verdict}, "\n"))
	return rw, true
}

func rejectedRow(rej dataset.Rejected) row {
	rw := row{Kind: kindRejected, ID: rej.TaskID}
	for i, r := range rej.Reasons {
		rw.Reasons = append(rw.Reasons, ReasonName(r.Reason))
		if i == 0 {
			rw.Detail = r.Detail
		}
	}
	if rec := rej.Record; rec != nil {
		rw.Domain, rw.Signature, rw.CAC, rw.Verdict = rec.Domain, rec.ReasoningMode, rec.CAC, verdictLine(rec.Verdict)
	}
	if rw.Verdict == "" {
		rw.Verdict = "rejected"
	}
	rw.search = strings.ToLower(strings.Join(append([]string{rw.Kind, rw.ID, rw.Domain, rw.Signature, rw.Verdict, rw.Detail}, rw.Reasons...), "\n"))
	return rw
}

// ReasonName is the name evolve counts a rejection reason by
// (REJECT_REASON_JUDGE is "judge").
func ReasonName(enum string) string {
	return strings.ToLower(strings.TrimPrefix(enum, "REJECT_REASON_"))
}

// verdict is a record's verdict: the verification layers and the judge's score.
type verdict struct {
	Passed     bool            `json:"passed"`
	Checks     map[string]bool `json:"checks"`
	JudgeScore *float64        `json:"judge_score"`
}

// layerOrder is the order the verification layers run in.
var layerOrder = []string{"schema", "blueprint", "outcome", "judge"}

// layer is one verification layer's result.
type layer struct {
	Name   string
	Passed bool
	Score  string
}

func parseVerdict(raw json.RawMessage) (verdict, []layer) {
	var v verdict
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return v, nil
	}
	var out []layer
	seen := map[string]bool{}
	add := func(name string) {
		ok, present := v.Checks[name]
		if !present || seen[name] {
			return
		}
		seen[name] = true
		l := layer{Name: name, Passed: ok}
		if name == "judge" && v.JudgeScore != nil {
			l.Score = fmt.Sprintf("%.2f", *v.JudgeScore)
		}
		out = append(out, l)
	}
	for _, name := range layerOrder {
		add(name)
	}
	for name := range v.Checks {
		add(name) // layers this version does not know, after the known ones
	}
	return v, out
}

// verdictLine is a verdict in one line: "passed: schema, blueprint, outcome, judge 0.91".
func verdictLine(raw json.RawMessage) string {
	v, layers := parseVerdict(raw)
	if layers == nil {
		return ""
	}
	var parts []string
	for _, l := range layers {
		s := l.Name
		if l.Score != "" {
			s += " " + l.Score
		}
		if !l.Passed {
			s += " ✗"
		}
		parts = append(parts, s)
	}
	word := "passed"
	if !v.Passed {
		word = "failed"
	}
	return word + ": " + strings.Join(parts, ", ")
}

// query selects rows of the records list.
type query struct {
	Text string
	Kind string // "", kindAccepted or kindRejected
}

func (q query) match(r row) bool {
	if q.Kind != "" && r.Kind != q.Kind {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(q.Text)) {
		if !strings.Contains(r.search, w) {
			return false
		}
	}
	return true
}

// readRow reads the row at its place in the file.
func (fi *fileIndex) readRow(r row) ([]byte, error) {
	f, err := openRow(fi.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, r.n)
	if _, err := f.ReadAt(buf, r.off); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf), nil
}
