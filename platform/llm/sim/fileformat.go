package sim

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/tdscaling/tdscaling/platform/ident"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// What a file's format lets a tool do with its text. A PDF, a Word file,
// a spreadsheet or a slide deck is not text: its bytes are a PDF's objects
// and compressed streams, or a ZIP archive of XML parts. A tool that reads
// a file as text (the reference MCP file server's read_text_file: "Operates
// on the file as text regardless of extension", fs.readFile in UTF-8, as
// cat does) gives those bytes decoded as text — the "%PDF-1.7" header, the
// ZIP's "PK" and replacement characters for the bytes that are no UTF-8 —
// not the words one sees in a viewer; only a tool that says it extracts
// the text of such documents gives those. So the plan's reads and writes
// of text name files of text formats, and a text read of a binary file
// that happens anyway answers what it really does.

// binaryName reports whether the file named p is of a binary format.
func binaryName(p string) bool {
	return binaryExt[strings.ToLower(strings.TrimPrefix(path.Ext(p), "."))]
}

// textFormatFor is the text format that holds what a binary document of
// extension ext holds: a table's rows as CSV, a document's words as
// Markdown or plain text.
func (v *Values) textFormatFor(ext string) string {
	switch ext {
	case "xlsx", "xls", "ods":
		return "csv"
	case "pdf", "docx", "doc", "pptx", "odt", "rtf":
		return v.pick([]string{"md", "txt"})
	}
	return "txt"
}

// textContentTool reports whether the tool the values are for reads or
// writes a file's content as text (a read, a write, an edit, a head or a
// tail), rather than its metadata, its place or its bytes as media, and
// does not say it extracts the text of documents.
func (v *Values) textContentTool() bool {
	if v.mediaTool() || extractsDocuments(v.subj.text) {
		return false
	}
	content := false
	for _, w := range ident.Words(v.subj.tool) {
		switch w {
		case "info", "stat", "metadata", "list", "ls", "tree", "search", "find", "glob", "move", "rename", "mv", "copy", "cp",
			"delete", "remove", "rm", "mkdir", "directory", "directories", "upload", "download", "media", "base64":
			return false
		case "read", "write", "edit", "append", "cat", "head", "tail", "patch", "text", "content", "contents":
			content = true
		}
	}
	return content && strings.Contains(v.subj.text, "file")
}

// documentFormats are the binary document formats a tool may say it reads.
var documentFormats = regexp.MustCompile(`\b(pdfs?|docx?|word documents?|xlsx|excel|spreadsheets?|pptx|powerpoint|office (documents|files))\b`)

// extractsDocuments reports whether a tool's description (lower case)
// says it gives the text of binary documents: it names their formats, or
// says it extracts text.
func extractsDocuments(desc string) bool {
	return documentFormats.MatchString(desc) || strings.Contains(desc, "extract text") || strings.Contains(desc, "extracts text") ||
		strings.Contains(desc, "extracts the text") || strings.Contains(desc, "extract the text")
}

// suitsTool reports whether a remembered file path or name m suits the
// tool the values are for: a text read or write does not take the PDF an
// earlier call named.
func (v *Values) suitsTool(f field, m string) bool {
	if f.kind != kPath && f.kind != kFileName {
		return true
	}
	return !binaryName(m) || !v.textContentTool()
}

// textName is the file name name with a text format where the tool reads
// or writes text and name is of a binary one.
func (v *Values) textName(name string) string {
	if !v.textContentTool() || !binaryName(name) {
		return name
	}
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + v.textFormatFor(strings.ToLower(ext[1:]))
}

// bytesAsText is what reading the binary file at p as text gives: its
// bytes decoded as UTF-8, each byte that is no UTF-8 a replacement
// character, the lines a PDF's objects or a ZIP archive's entries make.
func (c fileCall) bytesAsText(p string) string {
	r := seedrand.New(c.seed, "file bytes", p)
	junk := func(n int) string {
		const bytesAsRunes = "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDxj8^Z$q!|~3Lu\u0001\u0002\u0003\u0014\u001f\u007fÃ©Ö¶ÏÓ"
		rs := []rune(bytesAsRunes)
		var b strings.Builder
		for range n {
			b.WriteRune(rs[r.IntN(len(rs))])
		}
		return b.String()
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(p), "."))
	switch ext {
	case "pdf":
		n := 1200 + r.IntN(6000)
		return fmt.Sprintf("%%PDF-1.%d\n%%\uFFFD\uFFFD\uFFFD\uFFFD\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count %d >>\nendobj\n"+
			"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n"+
			"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\nx\uFFFD%s\n%s\nendstream\nendobj\n",
			3+r.IntN(5), 1+r.IntN(6), n, junk(60), junk(80))
	case "docx", "xlsx", "pptx", "zip", "odt", "ods":
		part := map[string]string{"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}[ext]
		if part == "" {
			part = path.Base(strings.TrimSuffix(p, path.Ext(p))) + "/"
		}
		return "PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000" + junk(12) + "\u0013\u0002\u0000\u0000[Content_Types].xml \uFFFD\u0004(\uFFFD" + junk(70) +
			"\nPK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000" + junk(10) + part + junk(90) + "\n"
	case "png":
		return "\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0002X\u0000\u0000\u0001\uFFFD\b\u0006\u0000\u0000\u0000" + junk(80) + "\n"
	case "jpg", "jpeg":
		return "\uFFFD\uFFFD\uFFFD\uFFFD\u0000\u0010JFIF\u0000\u0001\u0001\u0000\u0000H\u0000H\u0000\u0000\uFFFD\uFFFD\u0000C\u0000" + junk(80) + "\n"
	case "gif":
		return "GIF89a" + junk(90) + "\n"
	}
	return junk(40) + "\n" + junk(70) + "\n"
}
