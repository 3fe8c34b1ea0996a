package sim_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

func decode(t *testing.T, text string) any {
	t.Helper()
	var x any
	if err := json.Unmarshal([]byte(text), &x); err != nil {
		t.Fatal(err)
	}
	return x
}

// TestResponsesKeepSecrets: a tool's response does not carry a user's
// password nor a write-only field; where the schema requires one it is
// masked; a stored secret shows its last characters only, except when the
// call issues it. Inputs still carry them.
func TestResponsesKeepSecrets(t *testing.T) {
	user := decode(t, `{"type":"object","properties":{"username":{"type":"string"},"email":{"type":"string","format":"email"},
		"password":{"type":"string","format":"password","maxLength":255},"pin":{"type":"string","writeOnly":true}},"required":["username"]}`)
	required := decode(t, `{"type":"object","properties":{"login":{"type":"string"},"passwd":{"type":"string"}},"required":["login","passwd"]}`)
	client := decode(t, `{"type":"object","properties":{"client_id":{"type":"string"},"secret":{"type":"string"}},"required":["client_id","secret"]}`)
	inputHasPassword := false
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "secrets"))
		v.Subject("users.user_id.get", "Get a user")
		out := v.Result(user, nil).(map[string]any)
		if _, has := out["password"]; has {
			t.Fatalf("seed %d: a user record returns its password: %v", seed, out)
		}
		if _, has := out["pin"]; has {
			t.Fatalf("seed %d: a user record returns a write-only field: %v", seed, out)
		}
		if in := v.For(user, user, "").(map[string]any); in["password"] != nil {
			inputHasPassword = true
		}
		if got := v.Result(required, nil).(map[string]any)["passwd"]; got != "********" {
			t.Fatalf("seed %d: a required password reads %q, want it masked", seed, got)
		}
		v.Subject("get_clients", "Get the API clients")
		if got, _ := v.Result(client, nil).(map[string]any)["secret"].(string); !strings.HasPrefix(got, "********") || len(got) != 12 {
			t.Fatalf("seed %d: a stored client secret reads %q, want its last four characters only", seed, got)
		}
		v.Subject("post_clients", "Create an API client")
		if got, _ := v.Result(client, nil).(map[string]any)["secret"].(string); strings.Contains(got, "*") || len(got) < 16 {
			t.Fatalf("seed %d: the call that creates a client shows its secret as %q, want it whole", seed, got)
		}
	}
	if !inputHasPassword {
		t.Fatal("an input never carries the password it sets")
	}
}
