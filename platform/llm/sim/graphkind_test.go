package sim

import "testing"

func TestEntityKindFromName(t *testing.T) {
	for name, want := range map[string]string{
		"Project Redwood": "project", "Dow Jones & Co.": "organization", "Govzilla, Inc.": "organization",
		"Kimono Labs": "organization", "ProPublica": "organization", "3 Round Stones, Inc.": "organization",
		"Gene McLaughlin": "person", "Camilla Harrison": "person", "Tableau Software": "organization",
	} {
		if got := EntityKind(name); got != want {
			t.Errorf("EntityKind(%q) = %q, want %q", name, got, want)
		}
	}
}
