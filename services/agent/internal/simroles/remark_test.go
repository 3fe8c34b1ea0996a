package simroles

import "testing"

func TestRemark(t *testing.T) {
	for text, want := range map[string]bool{
		"Request processed successfully.": true,
		"Operation completed.":            true,
		"No further action needed.":       true,
		"The change has been saved.":      true,
		"Done.":                           true,
		"Reminder set for 9:00 tomorrow.": false,
		"Quota exceeded, 3 retries left":  false,
		"":                                false,
	} {
		if got := remark(text); got != want {
			t.Errorf("remark(%q) = %v, want %v", text, got, want)
		}
	}
}
