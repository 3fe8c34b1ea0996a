package realism

import (
	"slices"
	"testing"
)

func TestGrounding(t *testing.T) {
	c := newConversation()
	c.addText("Book a table at Café Zoë for 1,250.50 EUR, order ORD-48213.")
	c.addText(`{"hotel":"H\u00f4tel   du  Nord","rooms":[{"price":149.0}]}`)
	for _, l := range []struct {
		leaf leaf
		want bool
	}{
		{leaf{text: "cafe zoe", str: true}, true},               // case and diacritics
		{leaf{text: "1250.5", number: true}, true},              // number formatting
		{leaf{text: "149", number: true}, true},                 // 149.0 in an output
		{leaf{text: "hôtel du nord", str: true}, true},          // white space and escapes
		{leaf{text: "ORD-48213", str: true}, true},              // verbatim
		{leaf{text: "ORD-48231", str: true}, false},             // transposed
		{leaf{text: "125", number: true}, false},                // part of a number is not the number
		{leaf{text: "Table at Zoë for EUR", str: true}, true},   // composed from the request's words
		{leaf{text: "Dinner for two people", str: true}, false}, // words found nowhere
	} {
		if got := c.grounds(l.leaf); got != l.want {
			t.Errorf("grounds(%q) = %v, want %v", l.leaf.text, got, l.want)
		}
	}
	if n, ok := canonicalNumber("12,500,000.50"); !ok || n != "12500000.5" {
		t.Errorf("canonicalNumber = %q %v", n, ok)
	}
	if _, ok := canonicalNumber("12,50"); ok {
		t.Error("a decimal comma is not a thousands separator")
	}
}

func TestNamedValues(t *testing.T) {
	got := namedValues(`no order "#W123" for user_30325; retry in 2s (ISO8601, HTTP 503)`)
	if want := []string{"#W123", "user_30325"}; !slices.Equal(got, want) {
		t.Errorf("namedValues = %q, want %q", got, want)
	}
	if v := foreignValue(`resource not found: card_verification_number=26903`, "register_credit_card", "card_verification_number\n26903\n", ""); v != "" {
		t.Errorf("param=value names the value sent: foreign %q", v)
	}
	if v := foreignValue(`no username matches "ana68"`, "get_user_stats", "username\nana68\n", ""); v != "" {
		t.Errorf("a value the call carried is foreign: %q", v)
	}
	if v := foreignValue(`field "date" must be YYYY-MM-DD`, "book", "date\n5 May\n", ""); v != "" {
		t.Errorf("the parameter's name is foreign: %q", v)
	}
	if v := foreignValue(`order ORD-99 not found`, "get_order", "order_id\nORD-12\n", ""); v != "ORD-99" {
		t.Errorf("foreign = %q, want ORD-99", v)
	}
}
