package simroles

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// An answer says the specific thing: it opens on the thing the result is
// about or on what was done, never on a stock phrase that recurs across
// answers ("That's done: I", "Here's the rundown.", "Looks like the",
// "The result shows"), and an error is told by its gist, not the
// service's advice after it.
func TestAnswersOpenOnTheirThing(t *testing.T) {
	stock := []string{"That's done: I", "Here's the rundown.", "Looks like", "The result shows", "Back came", "What came back", "In short:", "Result:", "Results are in.", "Here's where things stand."}
	cases := []struct{ desc, reply string }{
		{"Get an existing connection", `{"name":"leading-prod","status":"active","region":"eu-west"}`},
		{"Delete a bundle", `{"bundle_id":"1522779","deleted":true}`},
		{"Get the balance of an account", `{"balance":435.43,"owner":"Ana Ruiz"}`},
		{"List the sessions", `{"data":[{"name":"Morning sync"},{"name":"Retro"}]}`},
	}
	named := 0
	for _, c := range cases {
		for i, got := range oneAnswers(t, c.desc, c.reply, 40) {
			for _, p := range stock {
				if strings.Contains(got, p) {
					t.Errorf("%s, seed %d: %q says %q", c.desc, i, got, p)
				}
			}
			if strings.Contains(got, "the connection") || strings.Contains(got, "The connection") {
				named++
			}
		}
	}
	if named == 0 {
		t.Errorf("no answer names the connection it is about")
	}
	if g := gist("Request timed out after 30s; the service may be busy. Please try again"); g != "Request timed out after 30s" {
		t.Errorf("gist: %q", g)
	}
}

// A program's figure for each of several results of one tool is said once
// for each in turn, never with the tool's name as a label ("the lines in
// the files (read_multiple_files, result 2) are 39").
func TestCodeFiguresPerResultSaidTogether(t *testing.T) {
	out := map[string]any{"stdout": `{"words in the files": 37, "lines in the files": 12, "words in the files (read_multiple_files, result 2)": 116, "lines in the files (read_multiple_files, result 2)": 39}`}
	for seed := range uint64(8) {
		got := codeSentence(rand.New(rand.NewPCG(seed, 1)), out)
		if strings.Contains(got, "read_multiple_files") || !strings.Contains(strings.ToLower(got), "the lines in the files are 12 in the first and 39 in the second") {
			t.Errorf("seed %d: %q", seed, got)
		}
	}
}
