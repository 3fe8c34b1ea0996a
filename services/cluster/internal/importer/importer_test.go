package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

func importFile(t *testing.T, name string, opts Options) ([]*corpus.Tool, Result, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	opts.Name = name
	var tools []*corpus.Tool
	res, err := Import(context.Background(), bytes.NewReader(data), opts, func(tool *corpus.Tool) error {
		tools = append(tools, tool)
		return nil
	})
	return tools, res, err
}

func names(tools []*corpus.Tool) string {
	var n []string
	for _, t := range tools {
		n = append(n, t.Name)
	}
	return strings.Join(n, ",")
}

func equal[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestImportFormats(t *testing.T) {
	cases := []struct {
		file                    string
		format                  Format
		wantNames               string
		imported, dups, skipped int64
		firstIssueHas           string
	}{
		{"corpus.jsonl", FormatAuto, "get_user,list_orders", 2, 1, 2, "corpus.jsonl:3: malformed JSON"},
		{"mcp_tools_list.json", FormatAuto, "get_user,list_orders", 2, 0, 2, `mcp_tools_list.json#/result/tools/2: input schema of "broken"`},
		{"openai_tools.json", FormatAuto, "get_weather,get_forecast,legacy_fn", 3, 0, 1, `#/2: type "code_interpreter"`},
		{"swagger2.json", FormatAuto, "list_orders,post_orders,get_user", 3, 0, 0, ""},
		{"petstore3.yaml", FormatAuto, "listPets,post_pets,showPetById", 3, 0, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			tools, res, err := importFile(t, c.file, Options{Format: c.format})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			equal(t, "names", names(tools), c.wantNames)
			equal(t, "imported", res.Imported, c.imported)
			equal(t, "duplicates", res.Duplicates, c.dups)
			equal(t, "skipped", res.Skipped, c.skipped)
			if c.firstIssueHas != "" && (len(res.Issues) == 0 || !strings.Contains(res.Issues[0].String(), c.firstIssueHas)) {
				t.Errorf("issues %v, want the first to contain %q", res.Issues, c.firstIssueHas)
			}
			for _, tool := range tools {
				if tool.ID == "" || !json.Valid(tool.InputSchema) {
					t.Errorf("%s: id %q, input schema %s", tool.Name, tool.ID, tool.InputSchema)
				}
			}
		})
	}
}

func TestJSONLStrictStopsAtFirstBadLine(t *testing.T) {
	_, _, err := importFile(t, "corpus.jsonl", Options{Strict: true})
	var ie *Error
	if !errors.As(err, &ie) || ie.Location != "corpus.jsonl:3" {
		t.Fatalf("err = %v, want an *Error at corpus.jsonl:3", err)
	}
}

func TestSwaggerRefsAuthAndCycles(t *testing.T) {
	tools, _, err := importFile(t, "swagger2.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*corpus.Tool{}
	for _, tool := range tools {
		byName[tool.Name] = tool
		equal(t, tool.Name+" service", tool.Service, "shop.example:orders")
	}
	get := byName["get_user"]
	if strings.Contains(string(get.InputSchema), "api_token") {
		t.Errorf("auth query parameter kept: %s", get.InputSchema)
	}
	// allOf flattened into one object with both parts' properties.
	if !strings.Contains(string(get.OutputSchema), `"created"`) || !strings.Contains(string(get.OutputSchema), `"title":"User"`) {
		t.Errorf("allOf not flattened: %s", get.OutputSchema)
	}
	// The self-referencing Order is cut with its type name kept.
	list := string(byName["list_orders"].OutputSchema)
	if !strings.Contains(list, `"x-ref":"Order"`) {
		t.Errorf("cyclic ref not cut to x-ref: %s", list)
	}
	if !strings.Contains(string(byName["list_orders"].InputSchema), `"required":["user_id"]`) {
		t.Errorf("required query parameter lost: %s", byName["list_orders"].InputSchema)
	}
}

func TestOpenAPI3DropsAuthHeadersAndKeepsBody(t *testing.T) {
	tools, _, err := importFile(t, "petstore3.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range tools {
		in := string(tool.InputSchema)
		if strings.Contains(in, "X-Pet-Key") || strings.Contains(in, "Authorization") {
			t.Errorf("%s keeps an auth header: %s", tool.Name, in)
		}
		equal(t, tool.Name+" domain", tool.Domain, "ecommerce")
		equal(t, tool.Name+" service", tool.Service, "pet_store")
	}
	if !strings.Contains(string(tools[1].InputSchema), `"body"`) {
		t.Errorf("request body lost: %s", tools[1].InputSchema)
	}
	if !strings.Contains(string(tools[2].InputSchema), `"petId"`) {
		t.Errorf("path-level parameter lost: %s", tools[2].InputSchema)
	}
}

func TestDeduplicatesAcrossImports(t *testing.T) {
	seen := map[string]struct{}{}
	_, first, err := importFile(t, "mcp_tools_list.json", Options{Seen: seen, DefaultService: "s"})
	if err != nil {
		t.Fatal(err)
	}
	_, second, err := importFile(t, "mcp_tools_list.json", Options{Seen: seen, DefaultService: "s"})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "first imported", first.Imported, 2)
	equal(t, "second imported", second.Imported, 0)
	equal(t, "second duplicates", second.Duplicates, 2)
}

func TestUnusableDocuments(t *testing.T) {
	cases := []struct {
		name, doc string
		format    Format
		wantErr   string
	}{
		{"empty.jsonl", "", FormatJSONL, "no tools"},
		{"all-bad.jsonl", "{\n[1]\n", FormatJSONL, "all 2 records were skipped"},
		{"x.json", `{"openapi":"3.0.0","info":{}}`, FormatOpenAPI, "#/paths"},
		{"x.json", `{"info":{}}`, FormatOpenAPI, "not an OpenAPI document"},
		{"x.json", `{"tools": 3}`, FormatMCP, `no "tools" array`},
		{"x.json", `[{"name":"a","inputSchema":{}}, {`, FormatMCP, "malformed JSON"},
		{"x.txt", "hello", FormatAuto, "cannot tell the format"},
	}
	for _, c := range cases {
		t.Run(c.name+c.wantErr, func(t *testing.T) {
			_, err := Import(context.Background(), strings.NewReader(c.doc), Options{Name: c.name, Format: c.format}, func(*corpus.Tool) error { return nil })
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, c.wantErr)
			}
		})
	}
}

func TestJSONLOverlongLineIsReportedNotFatal(t *testing.T) {
	doc := `{"name":"a","input_schema":{"type":"object"}}` + "\n" + `{"name":"b","description":"` + strings.Repeat("x", MaxLine) + `"}` + "\n" + `{"name":"c","input_schema":{"type":"object"}}`
	var got []string
	res, err := Import(context.Background(), strings.NewReader(doc), Options{Name: "f.jsonl"}, func(t *corpus.Tool) error {
		got = append(got, t.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "tools", strings.Join(got, ","), "a,c")
	if len(res.Issues) != 1 || res.Issues[0].Location != "f.jsonl:2" {
		t.Fatalf("issues = %v", res.Issues)
	}
}
