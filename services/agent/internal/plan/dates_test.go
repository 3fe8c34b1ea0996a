package plan

import "testing"

func TestDates(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"2025-02-03", "02/2025", true},
		{"2025-02-03", "2025-02", true},
		{"2025-02-03T10:00:00Z", "2025-02-03", true},
		{"2025-02-03", "03/2025", false},
		{"2025-02-03", "2025-02-04", false},
		{"02/2025", "ORD-2025", false},
		{"12345", "12345.0", true}, // numbers as before
	} {
		if got := SameValue(c.a, c.b); got != c.same {
			t.Errorf("SameValue(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
	for _, c := range []struct{ desc, layout string }{
		{"The expiration date of the credit card in the format MM/YYYY", "01/2006"},
		{"The expiration date of the credit card in the format YYYY-MM-DD", "2006-01-02"},
		{"Date as DD/MM/YYYY", ""}, // not one of the unambiguous layouts
		{"The card number", ""},
	} {
		if got := DateLayout(c.desc); got != c.layout {
			t.Errorf("DateLayout(%q) = %q, want %q", c.desc, got, c.layout)
		}
	}
	// A converted date counts as said where the other layout was.
	if !Mentioned("02/2025", []string{`{"expiration_date":"2025-02-03"}`}) || Mentioned("03/2025", []string{`{"expiration_date":"2025-02-03"}`}) {
		t.Error("02/2025 is the month of 2025-02-03, and 03/2025 is not")
	}
	if got, ok := InLayout("2025-02-03", "01/2006"); !ok || got != "02/2025" {
		t.Errorf("InLayout = %q %v, want 02/2025", got, ok)
	}
	if _, ok := InLayout("02/2025", "2006-01-02"); ok {
		t.Error("a month cannot be written as a day")
	}
	if _, ok := InLayout("02/2025", "01/2006"); ok {
		t.Error("a value already in the layout is left as it is")
	}
}
