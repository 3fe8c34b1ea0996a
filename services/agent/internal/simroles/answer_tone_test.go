package simroles

import (
	"regexp"
	"strings"
	"testing"
)

// A message that only says the action was done, with when or how many
// ("Contact added at 16:15 UTC.", "Deleted 3 relations."), is folded into
// the confirmation ("… at 16:15 UTC"), never read back in brackets after
// it; any other message is a sentence of its own.
func TestAConfirmingMessageIsFoldedIn(t *testing.T) {
	bracketed := regexp.MustCompile(`\([^()]*[.!]\)`)
	for _, c := range []struct{ desc, args, reply, want string }{
		{"Add a contact to the workspace", `{}`, `{"added_status":true,"message":"Contact added at 16:15 UTC.","user_id":"377e0cd1-0640-4b1a-ad8a-0420812ec9e1"}`, "at 16:15 UTC"},
		{"Delete multiple entities from the knowledge graph", `{}`, `{"message":"Entities deleted at 20:00 UTC.","success":true}`, "at 20:00 UTC"},
		{"Delete multiple relations from the knowledge graph", `{}`, `{"message":"Deleted 3 relations.","success":true}`, "Deleted 3 relations."},
		{"Set a reminder", `{}`, `{"message":"Reminder set for 9:00 tomorrow; 3 left.","success":true}`, "Reminder set for 9:00 tomorrow; 3 left."},
	} {
		for i, got := range oneAnswersWith(t, c.desc, c.args, c.reply, 16) {
			if bracketed.MatchString(got) || !strings.Contains(got, c.want) {
				t.Errorf("%s, seed %d: %q", c.desc, i, got)
			}
		}
	}
}

// restatedAt reads when a confirming message says the action was done.
func TestRestatedAt(t *testing.T) {
	if at, ok := restatedAt("Contact added at 16:15 UTC.", "add a contact to the workspace"); !ok || at != " at 16:15 UTC" {
		t.Errorf("restatedAt: %q %v", at, ok)
	}
	if _, ok := restatedAt("Reminder set for 9:00 tomorrow.", "set a reminder"); ok {
		t.Error("restatedAt: a message saying when something will happen restates nothing")
	}
}
