package world

import (
	"encoding/json"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// Posts the conversation's user makes carry their handle: the account
// they signed in as, and before any sign-in one account for all of them.
func TestPostsCarryTheSignedInHandle(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "sign_in", InputSchemaJson: `{"type":"object","properties":{"username":{"type":"string"},"password":{"type":"string"}}}`,
			OutputSchemaJson: `{"type":"object","properties":{"ok":{"type":"boolean"}}}`},
		{Name: "post_message", InputSchemaJson: `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"content":{"type":"string"},"username":{"type":"string"}},"required":["id","content","username"]}`},
	}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	w := New(p, ts, SimGenerator{}, nil, 7)
	author := func(content string) string {
		out := callOut(t, w, "post_message", `{"content":"`+content+`"}`, nil)
		var r struct{ Username string }
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r.Username
	}
	first := author("Morning all")
	for _, c := range []string{"Lunch at noon?", "Back online", "See you Friday"} {
		if got := author(c); got != first {
			t.Fatalf("a post by the same user came back by %q, the first by %q", got, first)
		}
	}
	callOut(t, w, "sign_in", `{"username":"marta_k","password":"s3cret-Pw"}`, nil)
	if got := author("Signed in now"); got != "marta_k" {
		t.Fatalf("a post after signing in as marta_k came back by %q", got)
	}
}

// A post made without mentions or tags has none.
func TestPostWithoutListsHasNone(t *testing.T) {
	tools := []*toolv1.Tool{{Name: "post_tweet",
		InputSchemaJson:  `{"type":"object","properties":{"content":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"mentions":{"type":"array","items":{"type":"string"}}},"required":["content"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"content":{"type":"string"},"tags":{"type":"array","minItems":1,"items":{"type":"string"}},"mentions":{"type":"array","items":{"type":"string"}}},"required":["id","content","tags","mentions"]}`}}
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	for seed := range int64(8) {
		w := New(p, ts, SimGenerator{}, nil, seed)
		out := callOut(t, w, "post_tweet", `{"content":"Morning all","tags":["coffee"]}`, nil)
		var r struct {
			Tags, Mentions []string
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Mentions) != 0 || len(r.Tags) != 1 || r.Tags[0] != "coffee" {
			t.Fatalf("seed %d: a post tagged coffee without mentions came back %s", seed, out)
		}
	}
}

// A post made before the plan's sign-in is by the account the plan signs
// in as.
func TestPostBeforeSignInIsByThePlannedAccount(t *testing.T) {
	tools := []*toolv1.Tool{
		{Name: "sign_in", InputSchemaJson: `{"type":"object","properties":{"username":{"type":"string"},"password":{"type":"string"}}}`,
			OutputSchemaJson: `{"type":"object","properties":{"ok":{"type":"boolean"}}}`},
		{Name: "post_message", InputSchemaJson: `{"type":"object","properties":{"content":{"type":"string"}},"required":["content"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"}},"required":["id","username"]}`},
	}
	bp := &blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "post_message", Arguments: []*blueprintv1.ArgumentBinding{{Param: "content", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"Hi"`}}}},
		{Id: "c2", ToolName: "sign_in", Arguments: []*blueprintv1.ArgumentBinding{
			{Param: "username", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"deon.soto"`}}},
			{Param: "password", Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: `"C@SYq8xx_AhH"`}}}}},
	}}
	p := plan.New(bp)
	ts := toolsFor(t, tools, p)
	w := New(p, ts, SimGenerator{}, nil, 3)
	out := callOut(t, w, "post_message", `{"content":"Hi"}`, p.Call("c1"))
	var r struct{ Username string }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Username != "deon.soto" {
		t.Fatalf("a post before signing in as deon.soto came back by %q", r.Username)
	}
}
