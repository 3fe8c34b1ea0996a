package sim

import (
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A plan's text reads and writes name files that hold text: a request to
// read the first lines of a file or to write a summary into one does not
// name a PDF, a Word file or a workbook, even after another call of the
// plan (a metadata look-up) named one.
func TestTextReadsAndWritesNameTextFiles(t *testing.T) {
	str := map[string]any{"type": "string"}
	text := map[string]bool{"txt": true, "md": true, "csv": true, "json": true, "py": true, "log": true, "yaml": true, "html": true, "xml": true}
	tools := []struct{ name, desc string }{
		{"read_text_file", "Read the complete contents of a file from the file system as text."},
		{"read_file", "Read the complete contents of a file as text."},
		{"write_file", "Create a new file or completely overwrite an existing file with new content."},
		{"edit_file", "Make line-based edits to a text file."},
	}
	binaryFirst := 0
	for seed := range int64(60) {
		v := NewValues(seedrand.New(seed, "formats"))
		v.Subject("get_file_info", "Retrieve detailed metadata about a file or directory.")
		first, _ := v.For(nil, str, "path").(string)
		if binaryName(first) {
			binaryFirst++
		}
		tool := tools[seed%int64(len(tools))]
		v.Subject(tool.name, tool.desc)
		p, _ := v.For(nil, str, "path").(string)
		if ext := strings.TrimPrefix(path.Ext(p), "."); !text[ext] {
			t.Fatalf("seed %d: %s is asked of %s (after get_file_info on %s)", seed, tool.name, p, first)
		}
		if !binaryName(first) && p != first {
			t.Fatalf("seed %d: %s names %s, not the file %s the plan spoke of", seed, tool.name, p, first)
		}
	}
	if binaryFirst == 0 {
		t.Fatal("no metadata look-up named a binary document: the case is not exercised")
	}
}

// Reading a binary document with a tool that reads files as text gives
// what such a tool really gives, the bytes decoded as text; a tool that
// says it extracts the text of documents gives the words; a PDF the
// conversation wrote text into reads back as that text.
func TestReadingABinaryDocument(t *testing.T) {
	args := func(p string) map[string]any { return map[string]any{"path": p} }
	asText := "Read the complete contents of a file from the file system as text. Operates on the file as text regardless of extension."
	pdf, _ := TextResultIn(5, "read_text_file", asText, args("/home/ana/documents/invoice_april.pdf"), nil)
	if !strings.HasPrefix(pdf, "%PDF-1.") || !strings.Contains(pdf, "\uFFFD") || strings.Contains(pdf, "Owner:") {
		t.Fatalf("a PDF read as text = %q, want its bytes as text", pdf)
	}
	docx, _ := TextResultIn(5, "read_multiple_files", "Read the contents of multiple files simultaneously.", map[string]any{"paths": []any{"/home/ana/notes.md", "/home/ana/cv.docx"}}, nil)
	if _, after, _ := strings.Cut(docx, "/home/ana/cv.docx:\n"); !strings.HasPrefix(after, "PK\u0003\u0004") || !strings.Contains(after, "word/document.xml") {
		t.Fatalf("a Word file read as text = %q, want the ZIP archive's bytes", docx)
	}
	words, _ := TextResultIn(5, "read_document", "Reads a file: extracts the text of PDF and Word documents.", args("/home/ana/documents/invoice_april.pdf"), nil)
	if strings.HasPrefix(words, "%PDF") || !strings.Contains(words, "Invoice april") {
		t.Fatalf("a document text extractor gave %q, want the PDF's words", words)
	}
	files := NewFiles([]string{"/home/ana/documents/summary.pdf"}).WithSeed(5)
	files.Apply("write_file", "Create a new file with new content.", map[string]any{"path": "/home/ana/documents/summary.pdf", "content": "Totals: 12 invoices\n"})
	if back, _ := TextResultIn(5, "read_text_file", asText, args("/home/ana/documents/summary.pdf"), files); back != "Totals: 12 invoices\n" {
		t.Fatalf("text written to a .pdf reads back as %q", back)
	}
}

// A document's summary agrees with its subject's number: "These minutes
// collect", "The results are on track", not "This results collects".
func TestSummaryAgreesWithItsSubject(t *testing.T) {
	bad := regexp.MustCompile(`\bTh(is|e) (notes|results|minutes|contacts|expenses) (is|collects)\b|\bThese \w+ collects\b|\bThis (notes|results|minutes|contacts|expenses)\b`)
	for seed := range int64(300) {
		v := NewValues(seedrand.New(seed, "summary"))
		for _, stem := range []string{"results", "minutes", "notes", "report"} {
			if s := v.summary(stem); bad.MatchString(s) {
				t.Fatalf("seed %d: %q", seed, s)
			}
		}
	}
}
