package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// A text result is shown, counted or retold, never pasted into a sentence.
func TestTextResultsToldAsText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	say := func(content string, args map[string]any) string {
		return textSentence(r, result{out: map[string]any{"content": content}, args: args})
	}
	dir := map[string]any{"path": "/home/ana/reports"}
	got := say("[DIR] archive\n[FILE] budget.csv\n[FILE] notes.md", dir)
	if !strings.Contains(got, "1 folder (archive)") || !strings.Contains(got, "2 files: budget.csv and notes.md") || strings.Contains(got, "[FILE]") {
		t.Errorf("listing told as %q", got)
	}
	got = say("[FILE] a.txt                 1.00 KB\n[FILE] b.txt                 2.50 MB\n\nTotal: 2 files, 0 directories\nCombined size: 2.50 MB", dir)
	if !strings.Contains(got, "The largest is b.txt (2.50 MB)") {
		t.Errorf("listing with sizes told as %q", got)
	}
	got = say("date,amount\n2025-01-02,10.00\n", map[string]any{"path": "/home/ana/q1.csv"})
	if !strings.Contains(got, "```csv\ndate,amount\n2025-01-02,10.00\n```") {
		t.Errorf("file shown as %q", got)
	}
	got = say("Successfully moved /a/x.txt to /b/x.txt", nil)
	if !strings.Contains(got, "moved /a/x.txt to /b/x.txt") || strings.Contains(got, "Successfully") {
		t.Errorf("confirmation told as %q", got)
	}
	got = say("size: 1024\ncreated: Mon Jan 06 2025\nmodified: Tue Jan 07 2025\nisFile: true", map[string]any{"path": "/a/n.md"})
	if !strings.Contains(got, "1024 bytes") || strings.Contains(got, "isFile") {
		t.Errorf("metadata told as %q", got)
	}
	if got := textSentence(r, result{out: map[string]any{"status": "ok", "id": "x"}}); got != "" {
		t.Errorf("a record told as text: %q", got)
	}
}

// An action on a list says how many, or names the one.
func TestCountedActions(t *testing.T) {
	rel := map[string]any{"from": "Ana Ruiz", "to": "Acme", "relationType": "works_at"}
	if got := counted("deleted several relations", map[string]any{"relations": []any{rel, rel}}); got != "deleted the 2 relations" {
		t.Errorf("two: %q", got)
	}
	if got := counted("deleted several relations", map[string]any{"relations": []any{rel}}); got != "deleted the relation Ana Ruiz works at Acme" {
		t.Errorf("one: %q", got)
	}
	if got := counted("deleted several entities", map[string]any{"entityNames": []any{"Ana Ruiz"}}); got != "deleted the entity Ana Ruiz" {
		t.Errorf("one entity: %q", got)
	}
}

// Files read together come back headed by their paths: a comparison names
// each by its path, not by its header line ("("/home/ana/a.md:")").
func TestTextComparisonNamesFilesByTheirHeaders(t *testing.T) {
	a := result{out: map[string]any{"content": "/home/ana/work/plan.md:\nPlan\n\nShip the beta in May.\n"}, args: map[string]any{"paths": []any{"/home/ana/work/plan.md", "/home/ana/notes.txt"}}}
	b := result{out: map[string]any{"content": "/home/ana/notes.txt:\nNotes\nCall the printer about the banner order.\nBook the room.\n"}, args: a.args}
	got := textComparison(a, b, "the first", "the second")
	if !strings.HasPrefix(got, `/home/ana/work/plan.md ("Ship the beta in May.") has 3 lines (6 words)`) || !strings.Contains(got, "/home/ana/notes.txt (\"Call the printer about the banner order.\") has 3 lines (11 words)") || strings.Contains(got, `:")`) {
		t.Errorf("compared as %q", got)
	}
}

// Two listings are compared by what they hold, not by their lines and
// their first line ("("[FILE] annual_plan.md") has 5 lines").
func TestListingsComparedByWhatTheyHold(t *testing.T) {
	a := result{out: map[string]any{"content": "[DIR] archive\n[FILE] annual_plan.md\n[FILE] budget.csv"}, args: map[string]any{"path": "/home/ana/work"}}
	b := result{out: map[string]any{"content": "[FILE] notes.md\n[FILE] todo.md\n"}, args: map[string]any{"path": "/home/ana/notes"}}
	got := textComparison(a, b, "the first", "the second")
	if got != "/home/ana/work holds 2 files and 1 folder, /home/ana/notes 2 files. Nothing is in both: /home/ana/work has archive, annual_plan.md and budget.csv, /home/ana/notes notes.md and todo.md. /home/ana/work holds more." {
		t.Errorf("compared as %q", got)
	}
	// What both hold and what only one does is said.
	c := result{out: map[string]any{"content": "[FILE] budget.csv\n[FILE] notes.md\n"}, args: map[string]any{"path": "/home/ana/notes"}}
	got = textComparison(a, c, "the first", "the second")
	if !strings.Contains(got, "Both have budget.csv; only /home/ana/work has archive and annual_plan.md, only /home/ana/notes notes.md.") {
		t.Errorf("compared as %q", got)
	}
}

// One file read through a tool that reads several is shown under its name,
// its content without the path heading it.
func TestOneFileOfSeveralShownByName(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	got := textSentence(r, result{out: map[string]any{"content": "/home/ana/work/plan.json:\n{\n  \"title\": \"Plan\"\n}\n"}, args: map[string]any{"paths": []any{"/home/ana/work/plan.json"}}})
	if strings.Contains(got, "/home/ana/work/plan.json:") || !strings.Contains(got, "plan.json") || !strings.Contains(got, "```json") {
		t.Errorf("shown as %q", got)
	}
}
