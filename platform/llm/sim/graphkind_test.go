package sim

import "testing"

func TestEntityKindFromName(t *testing.T) {
	for name, want := range map[string]string{
		"Project Redwood": "project", "Dow Jones & Co.": "organization", "Govzilla, Inc.": "organization",
		"Kimono Labs": "organization", "ProPublica": "organization", "3 Round Stones, Inc.": "organization",
		"Gene McLaughlin": "person", "Camilla Harrison": "person", "Tableau Software": "organization",
		// Companies whose names start with a first name.
		"Sage Bionetworks": "organization", "Morgan Stanley": "organization", "Oliver Wyman": "organization",
		"Rand McNally": "organization", "Laura Geotechnologies": "organization", "Jayden Eubank": "person",
	} {
		if got := EntityKind(name); got != want {
			t.Errorf("EntityKind(%q) = %q, want %q", name, got, want)
		}
	}
}
