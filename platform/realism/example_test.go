package realism

import (
	"slices"
	"testing"
)

func TestDescriptionExamples(t *testing.T) {
	for _, c := range []struct {
		desc string
		want []string
	}{
		{"The order id, such as '#W0000000'. Be careful.", []string{"#W0000000"}},
		{"Stock ticker symbol, e.g. AAPL", []string{"AAPL"}},
		{"Stock ticker symbol (e.g. AAPL)", []string{"AAPL"}},
		{"Symbols, e.g. 'AAPL', 'MSFT' or 'GOOG'.", []string{"AAPL", "MSFT", "GOOG"}},
		{"Start time, for example *2012-11-15T16:19:00.094Z*.", []string{"2012-11-15T16:19:00.094Z"}},
		{"The region. Example: <code>WAS</code>.", []string{"WAS"}},
		{"Port, for example 3306", []string{"3306"}},
		{"A plain description without any example.", nil},
	} {
		if got := descriptionExamples(c.desc); !slices.Equal(got, c.want) {
			t.Errorf("descriptionExamples(%q) = %q, want %q", c.desc, got, c.want)
		}
	}
}

func TestExampleShape(t *testing.T) {
	for _, c := range []struct {
		example string
		bearing bool
	}{
		{"#W0000000", true}, {"AAPL", true}, {"3306", true}, {"2024-01-15", true}, {"en-US", true},
		{"Paris", false}, {"delete", false}, {"first and last name", false}, {"users/*/operations", false}, {"{id}", false},
		{"organization-name/repository-name", false}, {"#general", false},
	} {
		if got := shapeBearing(c.example); got != c.bearing {
			t.Errorf("shapeBearing(%q) = %v, want %v", c.example, got, c.bearing)
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
		if got := fitsExample(c.value, c.example); got != c.fits {
			t.Errorf("fitsExample(%q, %q) = %v, want %v", c.value, c.example, got, c.fits)
		}
	}
}
