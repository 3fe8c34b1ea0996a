package planner

import (
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
)

// A list a path-named operation returns is called by the path's collection,
// not by every word of the operation's name.
func TestPathNamedListsAreCalledByTheirCollection(t *testing.T) {
	for name, want := range map[string]string{
		"organisations.partyId.addresses.get": "addresses",
		"account.guests.guestId.get":          "guests",
		"search_nodes":                        "nodes",
		"getPets":                             "pets",
	} {
		if got := wording.Plural(wording.Phrase(singularName(name))); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
