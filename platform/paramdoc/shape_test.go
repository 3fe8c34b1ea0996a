package paramdoc

import (
	"testing"
)

func TestExampleShape(t *testing.T) {
	for _, c := range []struct {
		example string
		bearing bool
	}{
		{"#W0000000", true}, {"AAPL", true}, {"3306", true}, {"2024-01-15", true}, {"en-US", true},
		{"Paris", false}, {"delete", false}, {"first and last name", false}, {"users/*/operations", false}, {"{id}", false},
		{"organization-name/repository-name", false}, {"#general", false},
	} {
		if got := ShapeBearing(c.example); got != c.bearing {
			t.Errorf("ShapeBearing(%q) = %v, want %v", c.example, got, c.bearing)
		}
	}
	for _, c := range []struct {
		value, example string
		fits           bool
	}{
		{"#W4821734", "#W0000000", true},
		{"order_784", "#W0000000", false},
		{"MSFT", "AAPL", true},
		{"GOOGL", "AAPL", true},
		{"launch_678", "AAPL", false},
		{"Apple", "AAPL", false},
		{"2026-03-09", "2024-01-15", true},
		{"9 March", "2024-01-15", false},
		{"25.5", "100", true},
		{"fr-CA", "en-US", true},
	} {
		if got := FitsExample(c.value, c.example); got != c.fits {
			t.Errorf("FitsExample(%q, %q) = %v, want %v", c.value, c.example, got, c.fits)
		}
	}
}
