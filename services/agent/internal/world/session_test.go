package world

import (
	"testing"

	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
)

// After a sign-in the login status reads true, after a sign-out false.
func TestLoginStatusFollowsSignIns(t *testing.T) {
	empty := `{"type":"object","properties":{}}`
	tools := []*toolv1.Tool{
		{Name: "ticket_login", InputSchemaJson: `{"type":"object","properties":{"username":{"type":"string"},"password":{"type":"string"}},"required":["username","password"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}},"required":["success"]}`},
		{Name: "ticket_get_login_status", InputSchemaJson: empty,
			OutputSchemaJson: `{"type":"object","properties":{"login_status":{"type":"boolean"}},"required":["login_status"]}`},
		{Name: "logout", InputSchemaJson: empty,
			OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}},"required":["success"]}`},
		{Name: "trading_get_login_status", InputSchemaJson: empty,
			OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"boolean"}},"required":["status"]}`},
	}
	for seed := range int64(6) {
		w, _ := simWorld(t, tools, nil, seed)
		first := callBool(t, w, "trading_get_login_status", `{}`, "status")
		if again := callBool(t, w, "trading_get_login_status", `{"x":1}`, "status"); again != first {
			t.Fatalf("seed %d: login status read %v, then %v", seed, first, again)
		}
		callBool(t, w, "ticket_login", `{"username":"august_howe","password":"y9*CK0C9dA1Y"}`, "success")
		if !callBool(t, w, "ticket_get_login_status", `{}`, "login_status") {
			t.Fatalf("seed %d: login status false after a successful login", seed)
		}
		callBool(t, w, "logout", `{}`, "success")
		if callBool(t, w, "ticket_get_login_status", `{"again":true}`, "login_status") {
			t.Fatalf("seed %d: login status true after a logout", seed)
		}
	}
}
