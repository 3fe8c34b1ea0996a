package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSynthReportsSkippedCorpusLines: malformed lines of a corpus are
// skipped, and the terminal says how many and where (file:line, reason),
// when the job starts and in the summary, instead of only counting them in
// the services' log.
func TestSynthReportsSkippedCorpusLines(t *testing.T) {
	data, err := os.ReadFile(exampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	// Line 3 is cut off, line 7 has no name; the rest are the example's tools.
	out := append([]string{}, lines[:2]...)
	out = append(out, `{"name": "broken", "description": "cut off`)
	out = append(out, lines[2:5]...)
	out = append(out, `{"description": "a record without a name"}`)
	out = append(out, lines[5:]...)
	corpus := filepath.Join(t.TempDir(), "tools.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runTDS(t, "synth", "--corpus", corpus, "-n", "5", "--out", filepath.Join(t.TempDir(), "ds"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for what, text := range map[string]string{"start": stderr, "summary": stdout} {
		if !strings.Contains(text, "corpus: 2 malformed records skipped: ") ||
			!strings.Contains(text, "tools.jsonl:3 (malformed JSON") ||
			!strings.Contains(text, "tools.jsonl:7 (missing \"name\"") {
			t.Errorf("%s does not report the skipped lines 3 and 7:\n%s", what, text)
		}
	}
}
