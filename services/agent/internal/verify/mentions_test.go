package verify

import "testing"

// A text result counts as reported when the answer shows one of its lines
// or names a path or figure from it; unrelated text does not.
func TestMentionsText(t *testing.T) {
	listing := "[DIR] archive\n[FILE] budget.csv"
	cases := []struct {
		answer, leaf string
		want         bool
	}{
		{"It holds 1 folder (archive) and 1 file: budget.csv.", listing, true},
		{"Here is q1.csv:\n\n```\ndate,amount\n2025-01-02,10.00\n```", "date,amount\n2025-01-02,10.00\n", true},
		{"I moved /a/x.txt to /b/x.txt.", "Successfully moved /a/x.txt to /b/x.txt", true},
		{"All done.", "Successfully moved /a/x.txt to /b/x.txt", false},
		{"The folder has some files.", listing, false},
	}
	for _, c := range cases {
		if got := mentions(c.answer, []string{c.leaf}); got != c.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", c.answer, c.leaf, got, c.want)
		}
	}
}
