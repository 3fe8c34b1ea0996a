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
		{"1237537", "14354,65473,3234", true},
		{"mcf:totalConversions", "mcf:totalConversions,mcf:totalConversionValue", true},
		{"12,34", "14354,65473,3234", true},
		{"a1,b2", "14354,65473,3234", false},
		{"2026-06-18T11:30:00Z", "2019-02-28T11:36:00-08:00", true},
		{"June 18", "2019-02-28T11:36:00-08:00", false},
		{"ae10fa7ccdb07a58ad7e5fd4", "5b10ac8d82e05b22cc7d4ef5", true},
		{"ae10fa7ccdb07a58ad7e5f", "5b10ac8d82e05b22cc7d4ef5", false},
	} {
		if got := FitsExample(c.value, c.example); got != c.fits {
			t.Errorf("FitsExample(%q, %q) = %v, want %v", c.value, c.example, got, c.fits)
		}
	}
}
