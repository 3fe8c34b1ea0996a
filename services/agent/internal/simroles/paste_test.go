package simroles

import (
	"context"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
)

// A file's content of several lines is not pasted inside the request's
// sentence: the user asks for the file in words and gives the text after
// it as a block, whole; a one-line value stays in the sentence.
func TestContentIsSetApartFromTheRequest(t *testing.T) {
	code := "\"\"\"Helpers for the schedule.\"\"\"\n\nimport csv\n\n\ndef total(path):\n    with open(path) as f:\n        return sum(float(r[\"amount\"]) for r in csv.DictReader(f))\n"
	for _, tc := range []struct {
		content, intent, kind, fence string
	}{
		{code, `create a new file for content "` + code + `" and path /home/ana/src/schedule.py`, "the code below", "```python\n"},
		{"name,value\nrent,900\nfood,310\n", "set up a new file using content \"name,value\nrent,900\nfood,310\n\" and path /home/ana/budget.csv", "the data below", "```csv\n"},
		{"Readme\n\nTools for the program service.\n", "write a file with path /home/ana/README and content \"Readme\n\nTools for the program service.\n\"", "the text below", "```\n"},
	} {
		vals := []*blueprintv1.UserValue{
			{ValueJson: plan.Canonical(tc.content), Description: "content"},
			{ValueJson: `"/home/ana/src/schedule.py"`, Description: "path"},
		}
		for seed := range int64(6) {
			bp := &blueprintv1.Blueprint{Persona: &blueprintv1.Persona{Name: "Ana Ruiz"}, Intents: []string{tc.intent}, Calls: []*blueprintv1.PlannedCall{{Id: "c1", ToolName: "write_file"}}}
			s := &rollout.State{Plan: plan.New(bp), Seed: seed, UserTask: rollout.UserTask{Kind: rollout.UserOpen, Values: vals}}
			msg, _, err := User{}.Play(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			request, block, found := strings.Cut(msg.Content, "\n\n```")
			if !found || strings.Contains(request, "\n") || strings.Contains(request, `"`+tc.content) || !strings.Contains(request, tc.kind) {
				t.Fatalf("the request holds the content or does not name it (%s):\n%s", tc.kind, msg.Content)
			}
			if !strings.HasPrefix("```"+block, tc.fence) || !strings.Contains(block, strings.TrimRight(tc.content, "\n")) {
				t.Fatalf("the content is not given whole after the request:\n%s", msg.Content)
			}
			for _, v := range vals {
				x, _ := plan.Decode(v.GetValueJson())
				if u := plan.Unsaid(x, msg.Content); len(u) > 0 {
					t.Fatalf("%s unsaid in %s", u, msg.Content)
				}
			}
		}
	}
	short := setApart(`Please write "done" to the file`, []*blueprintv1.UserValue{{ValueJson: `"done"`, Description: "content"}})
	if short != `Please write "done" to the file` {
		t.Fatalf("a one-line value was moved: %q", short)
	}
}
