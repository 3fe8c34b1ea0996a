package sim

import (
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// The user's files are in their home, and the documents there are signed
// by them: a letter ends with their name, a report names them its owner,
// and a server given no folder offers their home.
func TestUsersFilesAreTheirs(t *testing.T) {
	for seed := range int64(20) {
		v := NewValues(seedrand.New(seed, "user"))
		v.Subject("read_text_file", "Read a file as text")
		p, _ := v.For(nil, map[string]any{"type": "string"}, "path").(string)
		u := v.User()
		if !strings.HasPrefix(p, u.Home()+"/") {
			t.Fatalf("seed %d: %s's file is at %s", seed, u.Name(), p)
		}
		if body := v.FileBody(u.Home() + "/documents/letter.md"); !strings.HasSuffix(body, "Best regards,\n"+u.Name()+"\n") {
			t.Fatalf("seed %d: %s's letter is signed otherwise:\n%s", seed, u.Name(), body)
		}
	}
	files := NewFiles(nil).WithSeed(3).WithOwner("Chanel Walsh")
	for _, c := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"read_text_file", map[string]any{"path": "/home/chanel/documents/q3_report.md"}, "Owner: Chanel Walsh\n"},
		{"read_text_file", map[string]any{"path": "/home/chanel/documents/cover_letter.txt"}, "Best regards,\nChanel Walsh\n"},
		{"list_allowed_directories", map[string]any{}, "Allowed directories:\n/home/chanel/projects\n/home/chanel/documents"},
	} {
		got, ok := TextResultIn(3, c.tool, "Read a file or list the allowed directories", c.args, files)
		if !ok || !strings.Contains(got, c.want) {
			t.Fatalf("%s %v on Chanel Walsh's machine = %q, want it to hold %q", c.tool, c.args, got, c.want)
		}
	}
}

// A home's account is the folder under /home or /Users; the user of a
// fixed home is that person when the account is a first name.
func TestUserOfAFixedHome(t *testing.T) {
	v := NewValues(seedrand.New(1, "fixed home"))
	if u := v.UserOf([]string{"/srv/data/x.csv", "/Users/maria/notes/todo.md"}); u.First != "Maria" || u.Home() != "/home/maria" {
		t.Fatalf("user of /Users/maria = %+v", u)
	}
	if u := v.User(); u.First != "Maria" {
		t.Fatalf("the user changed after UserOf: %+v", u)
	}
	w := NewValues(seedrand.New(1, "fixed home"))
	before := w.User()
	if u := w.UserOf([]string{"/home/ubuntu/app/main.py"}); u != before {
		t.Fatalf("a system account made the user %+v (was %+v)", u, before)
	}
}

// A field that asks for the user's own name (their first name, the holder
// of the card they register) holds the user's name; one about someone
// else (a contact to add) does not.
func TestOwnNameFieldsNameTheUser(t *testing.T) {
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"user_first_name": map[string]any{"type": "string", "description": "The first name of the user"},
		"user_last_name":  map[string]any{"type": "string", "description": "The last name of the user"},
		"cardholder_name": map[string]any{"type": "string", "description": "The name of the cardholder"},
		"contact_name":    map[string]any{"type": "string", "description": "Name of the contact the user wants to add"},
	}, "required": []any{"user_first_name", "user_last_name", "cardholder_name", "contact_name"}}
	others := 0
	for seed := range int64(20) {
		v := NewValues(seedrand.New(seed, "own name"))
		v.Subject("register_travel_profile", "Register the user with the travel API")
		a := v.For(schema, schema, "").(map[string]any)
		u := v.User()
		if a["user_first_name"] != u.First || a["user_last_name"] != u.Last || a["cardholder_name"] != u.Name() {
			t.Fatalf("seed %d: the user is %s, the fields say %v", seed, u.Name(), a)
		}
		if a["contact_name"] != u.Name() {
			others++
		}
	}
	if others < 18 {
		t.Fatalf("a contact was the user in %d of 20 plans", 20-others)
	}
}

// A login's username is the user's own account; a user to follow is
// someone else.
func TestLoginIsTheUsersAccount(t *testing.T) {
	str := map[string]any{"type": "string", "description": "Username of the user."}
	strangers := 0
	for seed := range int64(20) {
		v := NewValues(seedrand.New(seed, "login"))
		v.Subject("authenticate_twitter", "Authenticate a user with username and password.")
		login, _ := v.For(nil, str, "username").(string)
		u := v.User()
		if !strings.HasPrefix(login, u.Account()) && login != u.Account()[:1]+strings.ToLower(u.Last) {
			t.Fatalf("seed %d: %s logs in as %q", seed, u.Name(), login)
		}
		v.Subject("follow_user", "Follow a user.")
		if other, _ := v.For(nil, map[string]any{"type": "string", "description": "Username of the user to follow."}, "username_to_follow").(string); other != login {
			strangers++
		}
	}
	if strangers < 18 {
		t.Fatalf("the user followed themselves in %d of 20 plans", 20-strangers)
	}
}
