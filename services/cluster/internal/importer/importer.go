// Package importer turns tool documents — our JSON Lines corpus format, an
// MCP tools/list result, an OpenAI tools array, OpenAPI 3.x and Swagger 2.0 —
// into corpus tools, one at a time, so a large corpus is never held twice.
// Records it cannot use are reported with their location and skipped, or stop
// the import in strict mode.
package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

// Format names a document format.
type Format int

// The formats Import reads.
const (
	FormatAuto Format = iota
	FormatJSONL
	FormatMCP
	FormatOpenAI
	FormatOpenAPI
)

func (f Format) String() string {
	switch f {
	case FormatJSONL:
		return "jsonl"
	case FormatMCP:
		return "mcp"
	case FormatOpenAI:
		return "openai"
	case FormatOpenAPI:
		return "openapi"
	}
	return "auto"
}

// ParseFormat reads a format name as the CLI spells it.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return FormatAuto, nil
	case "jsonl", "tds", "tds_jsonl":
		return FormatJSONL, nil
	case "mcp", "mcp_tools_list":
		return FormatMCP, nil
	case "openai", "openai_tools":
		return FormatOpenAI, nil
	case "openapi", "swagger":
		return FormatOpenAPI, nil
	}
	return FormatAuto, fmt.Errorf("unknown format %q: want auto, jsonl, mcp, openai or openapi", s)
}

// Options tune an import.
type Options struct {
	Format Format
	// Name is the document's name in issue locations (a file name).
	Name string
	// Source, DefaultLicense, DefaultService and DefaultDomain fill tools that carry none.
	Source         string
	DefaultLicense string
	DefaultService string
	DefaultDomain  string
	// Strict stops at the first bad record instead of skipping it.
	Strict bool
	// MaxIssues bounds Result.Issues (Skipped still counts all); 0 means 100.
	MaxIssues int
	// Seen holds the ids already imported; duplicates are counted and not
	// emitted. Import adds to it. Nil means no deduplication across calls.
	Seen map[string]struct{}
}

// Issue reports one record that was skipped.
type Issue struct {
	// Location is file:line for JSON Lines, file#json-pointer otherwise.
	Location string
	Reason   string
}

func (i Issue) String() string { return i.Location + ": " + i.Reason }

// Result counts what an import did.
type Result struct {
	Imported   int64
	Duplicates int64
	Skipped    int64
	Issues     []Issue
}

// Error is a failed import: a document that cannot be read at all, or, in
// strict mode, the first bad record.
type Error struct {
	Issue
}

func (e *Error) Error() string { return e.Location + ": " + e.Reason }

// ErrNoTools is returned when a document holds no tool at all.
var ErrNoTools = errors.New("the document holds no tools")

// MaxLine bounds one JSON Lines record.
const MaxLine = 16 << 20

// MaxDocument bounds a whole-document format (MCP, OpenAI, OpenAPI).
const MaxDocument = 256 << 20

// Import reads one document from r and calls emit for every new tool.
// emit's error stops the import and is returned as is.
func Import(ctx context.Context, r io.Reader, opts Options, emit func(*corpus.Tool) error) (Result, error) {
	im := &run{ctx: ctx, opts: opts, emit: emit}
	if im.opts.MaxIssues == 0 {
		im.opts.MaxIssues = 100
	}
	if im.opts.Seen == nil {
		im.opts.Seen = map[string]struct{}{}
	}
	br := newPeekReader(r)
	format := opts.Format
	if format == FormatAuto {
		head, _ := br.Peek(64 << 10)
		format = Detect(opts.Name, head)
	}
	var err error
	switch format {
	case FormatJSONL:
		err = im.jsonl(br)
	case FormatMCP, FormatOpenAI:
		err = im.toolArray(br, format)
	case FormatOpenAPI:
		err = im.openapi(br)
	default:
		err = &Error{Issue{opts.Name, "cannot tell the format: it reads as none of JSON Lines of tools, an MCP tools/list answer, an OpenAI tools array or an OpenAPI 3 / Swagger 2 document; " +
			"convert it to one of them (a caller that takes a format, as ImportTools' format or tds clusters build --format, may also name it)"}}
	}
	if err == nil && im.res.Imported+im.res.Duplicates == 0 {
		if im.res.Skipped > 0 {
			err = &Error{Issue{opts.Name, fmt.Sprintf("no usable tools: all %d records were skipped (first: %s)", im.res.Skipped, im.res.Issues[0])}}
		} else {
			err = &Error{Issue{opts.Name, ErrNoTools.Error()}}
		}
	}
	return im.res, err
}

// Detect guesses a document's format from its name and first bytes.
func Detect(name string, head []byte) Format {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".yaml", ".yml":
		return FormatOpenAPI
	}
	h := bytes.TrimSpace(head)
	if len(h) == 0 {
		return FormatAuto
	}
	if h[0] == '[' {
		if bytes.Contains(h, []byte(`"inputSchema"`)) {
			return FormatMCP
		}
		return FormatOpenAI
	}
	if h[0] != '{' {
		if bytes.Contains(h, []byte("openapi:")) || bytes.Contains(h, []byte("swagger:")) {
			return FormatOpenAPI
		}
		return FormatAuto
	}
	// One object per line with tool fields: our corpus format.
	if nl := bytes.IndexByte(h, '\n'); nl > 0 && bytes.Contains(h[:nl], []byte(`"input_schema"`)) {
		return FormatJSONL
	}
	switch {
	case bytes.Contains(h, []byte(`"openapi"`)) || bytes.Contains(h, []byte(`"swagger"`)):
		return FormatOpenAPI
	case bytes.Contains(h, []byte(`"inputSchema"`)):
		return FormatMCP
	case bytes.Contains(h, []byte(`"function"`)) || bytes.Contains(h, []byte(`"parameters"`)):
		return FormatOpenAI
	case bytes.Contains(h, []byte(`"input_schema"`)):
		return FormatJSONL
	}
	return FormatAuto
}

type run struct {
	ctx  context.Context
	opts Options
	emit func(*corpus.Tool) error
	res  Result
}

// skip records a bad record; in strict mode it is the import's error.
func (im *run) skip(loc, reason string) error {
	if im.opts.Strict {
		return &Error{Issue{loc, reason}}
	}
	im.res.Skipped++
	if len(im.res.Issues) < im.opts.MaxIssues {
		im.res.Issues = append(im.res.Issues, Issue{loc, reason})
	}
	return nil
}

// add validates, fills defaults, deduplicates and emits one tool.
func (im *run) add(loc string, t *corpus.Tool) error {
	if err := im.ctx.Err(); err != nil {
		return err
	}
	if reason := validate(t); reason != "" {
		return im.skip(loc, reason)
	}
	if t.Service == "" {
		t.Service = im.opts.DefaultService
	}
	if t.Domain == "" {
		t.Domain = im.opts.DefaultDomain
	}
	if t.License == "" {
		t.License = im.opts.DefaultLicense
	}
	if t.Source == "" {
		t.Source = im.opts.Source
	}
	t.ID = corpus.ComputeID(t.Service, t.Name, t.InputSchema)
	if _, dup := im.opts.Seen[t.ID]; dup {
		im.res.Duplicates++
		return nil
	}
	im.opts.Seen[t.ID] = struct{}{}
	if err := im.emit(t); err != nil {
		return err
	}
	im.res.Imported++
	return nil
}

var emptyObjectSchema = json.RawMessage(`{"type":"object","properties":{}}`)

// validate checks what the rest of the service relies on and normalises
// absent schemas; it returns why the tool is unusable, or "".
func validate(t *corpus.Tool) string {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return "name: missing or empty"
	}
	if len(t.Name) > 256 {
		return "name: longer than 256 bytes"
	}
	in := bytes.TrimSpace(t.InputSchema)
	if len(in) == 0 || bytes.Equal(in, []byte("null")) {
		t.InputSchema = emptyObjectSchema
	} else if reason := checkSchema(in, true); reason != "" {
		return "input schema of " + quote(t.Name) + ": " + reason
	}
	out := bytes.TrimSpace(t.OutputSchema)
	if len(out) == 0 || bytes.Equal(out, []byte("null")) {
		t.OutputSchema = nil
	} else if reason := checkSchema(out, false); reason != "" {
		return "output schema of " + quote(t.Name) + ": " + reason
	}
	return ""
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// checkSchema checks the shape of a JSON Schema: an object (or true for an
// output), whose properties are schemas; an input schema must describe an object.
func checkSchema(raw []byte, input bool) string {
	if !input && (bytes.Equal(raw, []byte("true")) || bytes.Equal(raw, []byte("{}"))) {
		return ""
	}
	var s map[string]json.RawMessage
	if err := json.Unmarshal(raw, &s); err != nil {
		return "want a JSON Schema object, got " + kindOf(raw)
	}
	if typ, ok := s["type"]; ok && input {
		var name string
		if json.Unmarshal(typ, &name) != nil || name != "object" {
			return `want "type": "object", got ` + string(clip(typ, 40))
		}
	}
	if props, ok := s["properties"]; ok {
		var p map[string]json.RawMessage
		if json.Unmarshal(props, &p) != nil {
			return "properties: want an object, got " + kindOf(props)
		}
		for k, v := range p {
			v = bytes.TrimSpace(v)
			if len(v) == 0 || (v[0] != '{' && !bytes.Equal(v, []byte("true")) && !bytes.Equal(v, []byte("false"))) {
				return "properties." + k + ": want a schema object, got " + kindOf(v)
			}
		}
	}
	if req, ok := s["required"]; ok {
		var r []string
		if json.Unmarshal(req, &r) != nil && !bytes.Equal(bytes.TrimSpace(req), []byte("true")) {
			return "required: want an array of names, got " + kindOf(req)
		}
	}
	return ""
}

func kindOf(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return append(append([]byte{}, b[:n]...), "…"...)
	}
	return b
}

// peekReader is a bufio.Reader that can peek far enough to detect a format.
type peekReader struct {
	r   io.Reader
	buf []byte
}

func newPeekReader(r io.Reader) *peekReader { return &peekReader{r: r} }

func (p *peekReader) Peek(n int) ([]byte, error) {
	for len(p.buf) < n {
		chunk := make([]byte, n-len(p.buf))
		k, err := p.r.Read(chunk)
		p.buf = append(p.buf, chunk[:k]...)
		if err != nil {
			return p.buf, err
		}
	}
	return p.buf[:n], nil
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}
