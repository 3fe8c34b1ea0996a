package plan

import "testing"

func TestMentioned(t *testing.T) {
	texts := []string{"Hi, the order is  W1234567 and the budget is 1,200.50 dollars; city: new   york."}
	for _, c := range []struct {
		value string
		want  bool
	}{
		{`"w1234567"`, true},                     // case
		{`"New York"`, true},                     // case and spacing
		{`1200.5`, true},                         // number formatting
		{`"1200.50"`, false},                     // a string is matched as text
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
