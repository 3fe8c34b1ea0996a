package planner

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

// TestHumanForms: the ways people write a value the parameter expects in
// another form.
func TestHumanForms(t *testing.T) {
	for _, c := range []struct {
		param string
		value any
		want  []any
	}{
		{"date", "2026-03-05", []any{"March 5, 2026", "5 March 2026", "05/03/2026"}},
		{"amount", 1200.5, []any{"$1,200.50", "1,200.5"}},
		{"price", json.Number("45"), []any{"$45"}},
		{"fuelAmount", 882.65, nil},
		{"population", 12000.0, []any{"12,000"}},
		{"currency", "USD", []any{"usd"}},
		{"carrier", "ups", []any{"UPS"}},
		{"category", "electronics", []any{"Electronics"}},
		{"phone", "+14155550123", []any{"+1 415 555 0123"}},
	} {
		got := humanForms(c.param, nil, c.value, "en-GB")
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s %v: forms %q lack %q", c.param, c.value, got, w)
			}
		}
		if c.want == nil && len(got) > 0 {
			t.Errorf("%s %v: forms %q, want none", c.param, c.value, got)
		}
	}
}

func TestFailureWording(t *testing.T) {
	// A not-found error takes one of several backend forms; each names the
	// value sent and the thing not found.
	forms := map[string]bool{}
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 1))
		for _, c := range []struct{ param, value, thing string }{
			{"order_id", `"W1234567"`, "order"}, {"cityA", `"Lyin"`, "city"}, {"username", `"jdoe"`, "record"},
		} {
			m := notFoundMessage(r, c.param, c.value)
			if !strings.Contains(m, c.value) || !strings.Contains(strings.ToLower(m), c.thing) && !strings.Contains(m, c.param) {
				t.Errorf("notFoundMessage(%s, %s) = %q", c.param, c.value, m)
			}
			forms[strings.ReplaceAll(m, c.value, "V")] = true
		}
	}
	if len(forms) < 8 {
		t.Errorf("not-found errors come in %d forms", len(forms))
	}
	for _, c := range []struct{ got, want string }{
		{stateMessage("cancel", "order_id", `"W1234567"`), "cannot cancel order W1234567: it has already been processed"},
		{badFormatMessage("date", map[string]any{"type": "string", "format": "date"}, `"March 5, 2026"`), `invalid value for date: expected a date as YYYY-MM-DD, got "March 5, 2026"`},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if v, ok := stateVerb("startStreamUsingPATCH"); ok {
		t.Errorf("startStreamUsingPATCH acts by %q: the HTTP method is no action", v)
	}
	if v, _ := stateVerb("AuthorizationCodes_DeleteAuthorizationCode"); v != "delete" {
		t.Errorf("AuthorizationCodes_DeleteAuthorizationCode acts by %q, want delete", v)
	}
	if !actsOn("cancel_booking", "booking_id") || actsOn("book_flight", "card_id") {
		t.Error("a state error belongs to the object the action is on")
	}
}

// A condition on a flag is said as people say it: a success flag as the
// step working, a can- or is- flag as its clause; not "if the success is
// set to true". Other fields keep their names.
func TestConditionOnAFlag(t *testing.T) {
	sp := &speaker{r: rand.New(rand.NewPCG(1, 2))}
	say := func(path, value string) string {
		return sp.condition(&blueprintv1.Condition{Subject: &blueprintv1.CallReference{Path: path}, Operator: "eq", ValueJson: value})
	}
	for range 10 {
		if got := say("$.success", "true"); strings.Contains(got, "success") || strings.Contains(got, "true") {
			t.Errorf("a success flag said as %q", got)
		}
	}
	if got := say("$.canDrive", "true"); got != "it can drive" {
		t.Errorf("canDrive said as %q", got)
	}
	if got := say("$.is_active", "false"); got != "it is not active" {
		t.Errorf("is_active false said as %q", got)
	}
	if got := say("$.login_status", "true"); !strings.HasPrefix(got, "the login status ") {
		t.Errorf("login_status said as %q", got)
	}
}
