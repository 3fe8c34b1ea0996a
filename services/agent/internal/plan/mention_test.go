package plan

import "testing"

func TestMentioned(t *testing.T) {
	texts := []string{"Hi, the order is  W1234567 and the budget is 1,200.50 dollars; city: new   york.", "I fly on March 5th, 2026 to Zürich."}
	for _, c := range []struct {
		value string
		want  bool
	}{
		{`"w1234567"`, true},   // case
		{`"New York"`, true},   // case and spacing
		{`1200.5`, true},       // number formatting
		{`"1200.50"`, true},    // a number written as a string, however it is written
		{`"zurich"`, true},     // diacritics
		{`"2026-03-05"`, true}, // a date in another format
		{`"2026-03-06"`, false},
		{`{"city":"new york","n":1200.5}`, true}, // every leaf
		{`{"city":"new york","n":7}`, false},     // a short leaf cannot be recognised
		{`"W7654321"`, false},
		{`{}`, false},
	} {
		v, err := Decode(c.value)
		if err != nil {
			t.Fatal(err)
		}
		if got := Mentioned(v, texts); got != c.want {
			t.Errorf("Mentioned(%s) = %v, want %v", c.value, got, c.want)
		}
	}
}
