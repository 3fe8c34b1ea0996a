package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

// fuzzImport checks the importer's promises on arbitrary input: no panic,
// every emitted tool has a name, an id and valid JSON schemas, and the
// counts add up.
func fuzzImport(f *testing.F, format Format, seeds ...string) {
	for _, s := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var n int64
		res, _ := Import(context.Background(), bytes.NewReader(doc), Options{Name: "fuzz", Format: format}, func(tool *corpus.Tool) error {
			n++
			if tool.Name == "" || tool.ID == "" {
				t.Fatalf("tool without name or id: %+v", tool)
			}
			if !json.Valid(tool.InputSchema) || (len(tool.OutputSchema) > 0 && !json.Valid(tool.OutputSchema)) {
				t.Fatalf("invalid schema JSON: %s / %s", tool.InputSchema, tool.OutputSchema)
			}
			return nil
		})
		if res.Imported != n {
			t.Fatalf("imported %d, emitted %d", res.Imported, n)
		}
		if int64(len(res.Issues)) > res.Skipped {
			t.Fatalf("%d issues for %d skipped", len(res.Issues), res.Skipped)
		}
	})
}

func FuzzJSONL(f *testing.F)   { fuzzImport(f, FormatJSONL, "corpus.jsonl") }
func FuzzMCP(f *testing.F)     { fuzzImport(f, FormatMCP, "mcp_tools_list.json") }
func FuzzOpenAI(f *testing.F)  { fuzzImport(f, FormatOpenAI, "openai_tools.json") }
func FuzzOpenAPI(f *testing.F) { fuzzImport(f, FormatOpenAPI, "swagger2.json", "petstore3.yaml") }
func FuzzDetect(f *testing.F) {
	fuzzImport(f, FormatAuto, "corpus.jsonl", "openai_tools.json", "swagger2.json")
}
