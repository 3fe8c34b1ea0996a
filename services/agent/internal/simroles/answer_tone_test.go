package simroles

import (
	"math/rand/v2"
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

// A credential a tool returns is acknowledged, never read back: "a new
// Bearer access token was issued, valid for 3600 seconds", not the token;
// a password a record holds is not what the user asked about. A paging cursor or a
// coin's token symbol is no credential.
func TestSecretsAreAcknowledgedNotRecited(t *testing.T) {
	for _, c := range []struct{ desc, reply, secret, want string }{
		{"Authenticate the user", `{"access_token":"7U6Ezl7Yim0s4mh8yfH7bOKR","expires_in":3600,"scope":"read write","token_type":"Bearer"}`, "7U6Ezl7Yim0s4mh8yfH7bOKR", "Bearer access token"},
		{"Create an API key for the project", `{"apiKey":"Zx81kQm2rT4vW9pL","name":"ci-runner","expires_at":"2026-03-01T10:00:00Z"}`, "Zx81kQm2rT4vW9pL", "valid until 2026-03-01 at 10:00 UTC"},
		{"Get the config of the SAML handler", `{"name":"Stone falcon","keyStorePassword":"91547182","idpUrl":"https://idp.example.com"}`, "password", "Stone falcon"},
		{"Log in", `{"session":{"user":"mcollins","jwt":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}}`, "eyJhbGciOiJIUzI1NiJ9", "mcollins"},
	} {
		for i, got := range oneAnswers(t, c.desc, c.reply, 16) {
			if strings.Contains(got, c.secret) || !strings.Contains(got, c.want) {
				t.Errorf("%s, seed %d: %q", c.desc, i, got)
			}
		}
	}
	for k, v := range map[string]any{"nextPageToken": "VRErC1crlprmYhf16RFp==", "token_symbol": "ETH", "token_type": "Bearer", "changePassword": true, "key": "region"} {
		if secretField(k, v) {
			t.Errorf("secretField(%q, %v) = true", k, v)
		}
	}
}

// A record's parts are said as a person says them: an object that is the
// record told again is the record ("the travel class is …", not "the
// booking history's travel class is …"), what the call sent is not read
// back while there is news, a route is one ("from LAX to JFK", not "the
// travel from is LAX"), a name given in parts is one name, and a thing
// the record points to is told by one field.
func TestNestedRecordsReadNaturally(t *testing.T) {
	for _, c := range []struct {
		desc, args, reply string
		want              []string
		never             *regexp.Regexp
	}{
		{"Book a flight", `{"access_token":"5IqUEBR3KvFdbc3rU1aGl7FX3bM","travel_class":"economy","travel_date":"2026-02-22","travel_from":"MSP","travel_to":"GRU"}`,
			`{"booking_history":{"booking_id":"BOO-88866","travel_class":"premium_economy","travel_cost":916.65,"travel_date":"2026-02-22","travel_from":"MSP","travel_to":"GRU"},"booking_id":"BOO-88866","booking_status":true,"transaction_id":"tra_Nk0o8NjTpAnYey"}`,
			[]string{"premium_economy", "916.65", "BOO-88866"}, regexp.MustCompile(`history.s|travel from|2026-02-22`)},
		{"Retrieve the invoice", `{}`, `{"travel_cost":256.8,"travel_from":"LAX","travel_to":"JFK"}`,
			[]string{"from LAX to JFK"}, regexp.MustCompile(`travel from is|travel to is`)},
		{"Post a reply", `{"comment":"Happy Thursday!"}`, `{"Comment":"Happy Thursday!","Poster":{"FirstName":"Layne","LastName":"Jacobson","PhotoUrl":"https://images.example.com/eye.png","UserID":6805,"UserName":"ksingh"},"ReviewID":"a58fc8e2-130c-41a4-b2e7-0d12d7e9f29b"}`,
			[]string{"Layne Jacobson"}, regexp.MustCompile(`first name|last name|photo URL|(?s)poster.*poster`)},
	} {
		for i, got := range oneAnswersWith(t, c.desc, c.args, c.reply, 16) {
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s, seed %d: %q lacks %q", c.desc, i, got, w)
				}
			}
			if c.never.MatchString(got) {
				t.Errorf("%s, seed %d: %q says %q", c.desc, i, got, c.never.FindString(got))
			}
		}
	}
}

// An answer that offers more does so on what it told (one of the things
// it listed) rather than in one of four stock lines, and a computed
// answer opens on its figures more often than on a stock phrase
// ("Computed over the results, …").
func TestOffersAndFiguresAreNotStock(t *testing.T) {
	stock := []string{"Anything else?", "What would you like next?", "Let me know if you need more.", "Want me to look into anything else?"}
	offers := 0
	for i, got := range oneAnswers(t, "List the surveys", `{"resources":[{"name":"Speed skating survey"},{"name":"November checklist"},{"name":"Q3 pulse"}]}`, 60) {
		for _, st := range stock {
			if strings.HasSuffix(got, st) {
				t.Errorf("seed %d: %q offers more in a stock line", i, got)
			}
		}
		if strings.HasSuffix(got, "?") || strings.HasSuffix(got, "if you like.") {
			offers++
		}
	}
	if offers == 0 || offers > 25 {
		t.Errorf("%d of 60 answers offer more", offers)
	}
	opened := 0
	for seed := range uint64(60) {
		got := codeSentence(rand.New(rand.NewPCG(seed, 2)), map[string]any{"stdout": `{"total of the travel costs": 1638.5, "lowest travel cost": 203.81}`})
		if !strings.HasPrefix(got, "The total of the travel costs is 1638.5") {
			opened++
		}
	}
	if opened > 30 {
		t.Errorf("%d of 60 computed answers open on a stock phrase", opened)
	}
}
