package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

// jsonlRecord is one line of our corpus format; meta is dropped.
type jsonlRecord struct {
	Name         *string         `json:"name"`
	Description  string          `json:"description"`
	InputSchema  json.RawMessage `json:"input_schema"`
	OutputSchema json.RawMessage `json:"output_schema"`
	Service      string          `json:"service"`
	Domain       string          `json:"domain"`
	Source       string          `json:"source"`
	License      string          `json:"license"`
}

func (im *run) jsonl(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	var long []byte // a line longer than the buffer, gathered
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if !tooLong && len(long)+len(chunk) <= MaxLine {
				long = append(long, chunk...)
			} else {
				tooLong, long = true, nil
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return &Error{Issue{fmt.Sprintf("%s:%d", im.opts.Name, line+1), "read: " + err.Error()}}
		}
		rec := chunk
		if long != nil {
			rec = append(long, chunk...)
		}
		if len(rec) > 0 || tooLong {
			line++
			loc := fmt.Sprintf("%s:%d", im.opts.Name, line)
			var e error
			if tooLong || len(rec) > MaxLine {
				e = im.skip(loc, fmt.Sprintf("line longer than %d bytes", MaxLine))
			} else {
				e = im.jsonlLine(loc, rec)
			}
			if e != nil {
				return e
			}
		}
		long, tooLong = nil, false
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

func (im *run) jsonlLine(loc string, rec []byte) error {
	rec = bytes.TrimSpace(rec)
	if len(rec) == 0 {
		return nil
	}
	var r jsonlRecord
	if err := json.Unmarshal(rec, &r); err != nil {
		return im.skip(loc, "malformed JSON: "+cleanJSONError(err))
	}
	if r.Name == nil {
		return im.skip(loc, `missing "name" (is this a tool record? the services sidecar is not a tool file)`)
	}
	return im.add(loc, &corpus.Tool{
		Name: *r.Name, Description: r.Description, InputSchema: r.InputSchema, OutputSchema: r.OutputSchema,
		Service: r.Service, Domain: r.Domain, Source: r.Source, License: r.License,
	})
}

func cleanJSONError(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}
