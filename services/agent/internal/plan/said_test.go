package plan

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestUnsaid(t *testing.T) {
	for _, tc := range []struct {
		value, text string
		said        bool
	}{
		{`"Zoë Müller"`, "It's for zoe  muller, please.", true},
		{`"Invoice Launch"`, "search for invoice launch", true},
		{`"works_at"`, "Ana works at Acme", true},
		{`"works_at"`, "Ana worked with Acme", false},
		{`"invoice launch"`, "search for invoice lunch", false},
		{`1200`, "I can spend $1,200 at most.", true},
		{`1200`, "I can spend 1200.00.", true},
		{`1200`, "I can spend 12,000.", false},
		{`"1200"`, "about 1,200 of them", true},
		{`6`, "Put six of them in my cart.", true},
		{`6`, "Put 6 of them in my cart.", true},
		{`6`, "Put sixty of them in my cart.", false},
		{`-5`, "lower it by -5 degrees", true},
		{`5`, "set it to -5", false},
		{`"2026-03-05"`, "Book it for March 5th, 2026.", true},
		{`"2026-03-05"`, "Book it for 5 Mar 2026.", true},
		{`"2026-03-05"`, "Book it for the 5th of March 2026.", true},
		{`"2026-03-05"`, "Book it for 03/05/2026.", true},
		{`"2026-03-05"`, "Book it for 2026-03-05.", true},
		{`"2026-03-05"`, "Book it for March 6th, 2026.", false},
		{`"2026-03-05"`, "Book it for 13/05/2026.", false},
		{`"2026-03-05T14:30:00Z"`, "On March 5, 2026 at 2:30 pm.", true},
		{`"2026-03-05T14:30:00Z"`, "On March 5, 2026 at 14:30.", true},
		{`"2026-03-05T14:30:00Z"`, "On March 5, 2026 in the afternoon.", false},
		{`"2026-03-05T12:00:00"`, "March 5 2026 at noon", true},
		{`"+14155550100"`, "Call me on +1 (415) 555-0100.", true},
		{`"+14155550100"`, "Call me on 415 555 0199.", false},
		{`true`, "yes, include the archived ones", true},
		{`{"city":"Paris","nights":3}`, "Three nights in paris.", true},
		{`{"city":"Paris","nights":3}`, "Some nights in Paris.", false},
	} {
		var v any
		dec := json.NewDecoder(strings.NewReader(tc.value))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		missing := Unsaid(v, tc.text)
		if (len(missing) == 0) != tc.said {
			t.Errorf("%s in %q: missing %v, want said=%v", tc.value, tc.text, missing, tc.said)
		}
	}
}

// FuzzUnsaid: any message and any value are judged without a panic, and a
// value pasted verbatim into a message is always said.
func FuzzUnsaid(f *testing.F) {
	for _, s := range [][2]string{{"2026-03-05", "on March 5th, 2026"}, {"+14155550100", "+1 (415) 555-0100"}, {"Zoë", "zoe"}, {"1,200", "1200"}, {"2026-03-05T14:30:00Z", "2:30 pm"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, value, text string) {
		_ = Unsaid(value, text)
		if strings.TrimSpace(value) != "" {
			if missing := Unsaid(value, text+" "+value+" "); len(missing) > 0 && Fold(value) != "" {
				t.Fatalf("%q pasted into %q is unsaid: %v", value, text, missing)
			}
		}
	})
}
