package planner

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"

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
		"filter.my.get":                       "filters",
	} {
		if got := wording.Plural(wording.Phrase(singularName(name))); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// Counts of different things are not added up, and a whole number is not
// rounded: a record of follower, tweet and retweet counts offers nothing to
// compute; a fractional amount is rounded, and money figures are summed.
func TestFiguresAreComputedOnlyWhenTheyMeanSomething(t *testing.T) {
	tool := func(out string) *catalog.Tool {
		c := &clusterv1.Cluster{Id: "cl", Name: "c", Domain: "d", Services: []string{"s"}, Tools: []*toolv1.Tool{{Id: "t", Name: "get_stats", Description: "Get the figures.", Service: "s", Domain: "d",
			InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: out}}}
		return catalog.New(c).Tools[0]
	}
	for out, want := range map[string][]string{
		`{"type":"object","properties":{"followers_count":{"type":"integer"},"tweet_count":{"type":"integer"},"retweet_count":{"type":"integer"}}}`: nil,
		`{"type":"object","properties":{"count":{"type":"integer"}}}`:                                                                               nil,
		`{"type":"object","properties":{"expires_in":{"type":"integer"},"balance":{"type":"number"}}}`:                                              {"balance"},
		`{"type":"object","properties":{"price":{"type":"number"},"tax":{"type":"number"},"tweet_count":{"type":"integer"}}}`:                       {"price", "tax"},
	} {
		if got := outputShape(tool(out)).figures; !slices.Equal(got, want) {
			t.Errorf("%s: figures %v, want %v", out, got, want)
		}
	}
}

// A list of prices is totalled and ranged, not only counted.
func TestAListOfNumbersIsTotalledAndRanged(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl", Name: "c", Domain: "travel", Services: []string{"s"}, Tools: []*toolv1.Tool{{Id: "t", Name: "get_flight_cost", Description: "Get the cost of a flight.", Service: "s", Domain: "travel",
		InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: `{"type":"object","properties":{"travel_cost_list":{"type":"array","items":{"type":"number"}}}}`}}}
	if sh := outputShape(catalog.New(c).Tools[0]); !sh.values {
		t.Errorf("a list of numbers read as %+v", sh)
	}
}

// A list's quantity that is itself a total is summed and averaged as
// people say it: "the sum and average of the order totals", not "the
// total and average total of the orders"; other quantities keep "the total
// and average price of the orders".
func TestATotalIsSummedNotTotalled(t *testing.T) {
	for _, tc := range []struct{ fw, items, want, sum string }{
		{"total", "orders", "the sum and average of the order totals", "sum of the totals"},
		{"order total", "orders", "the sum and average of the order totals", "sum of the order totals"},
		{"total price", "invoices", "the sum and average of the invoice total prices", "sum of the total prices"},
		{"price", "orders", "the total and average price of the orders", "total price"},
		{"comments count", "results", "the total and average number of comments per result", "total comments count"},
		{"size bytes", "files", "the total and average size of the files", "total size bytes"},
		{"attendance time in seconds", "attendees", "the total and average attendance time of the attendees", "total attendance time in seconds"},
	} {
		if got := totalledWhat(tc.fw, tc.items, false); got != tc.want {
			t.Errorf("totalledWhat(%q, %q) = %q, want %q", tc.fw, tc.items, got, tc.want)
		}
		if got := sumOf(tc.fw); got != tc.sum {
			t.Errorf("sumOf(%q) = %q, want %q", tc.fw, got, tc.sum)
		}
	}
}

// The code step over a list of orders with a "total" says and names its
// figures so.
func TestOrderTotalsSummed(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl", Name: "c", Domain: "shop", Services: []string{"s"}, Tools: []*toolv1.Tool{{Id: "t", Name: "list_orders", Description: "List the orders.", Service: "s", Domain: "shop",
		InputSchemaJson:  `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"orders":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"total":{"type":"number"}}}}}}`}}}
	tool := catalog.New(c).Tools[0]
	b := &builder{tool: map[string]*catalog.Tool{"c1": tool}, r: rand.New(rand.NewPCG(1, 2)), words: rand.New(rand.NewPCG(3, 4))}
	sts := b.steps([]*blueprintv1.PlannedCall{{Id: "c1", ToolName: "list_orders"}})
	if len(sts) != 1 {
		t.Fatalf("%d steps", len(sts))
	}
	if !strings.Contains(sts[0].what, "the sum and average of the order totals") {
		t.Errorf("what = %q", sts[0].what)
	}
	for _, f := range sts[0].figures {
		if strings.Contains(f.key, "total total") {
			t.Errorf("figure %q", f.key)
		}
	}
}
