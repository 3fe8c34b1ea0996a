package paramdoc

import (
	"slices"
	"testing"
)

func TestExamples(t *testing.T) {
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
		{"Estimate, e.g. *2d*, *4h*.", []string{"2d", "4h"}},
		{"Account id, for example **5b10ac8d82e05b22cc7d4ef5**", []string{"5b10ac8d82e05b22cc7d4ef5"}},
		{"Date in the format e.g. YYYY-MM-DD", nil},
		{"Page, e.g. symbol=MSFT", []string{"MSFT"}},
		{"Likely unlikely values are listed like 'asc'", []string{"asc"}},
		{"Types, e.g. 'ITEM'/'CATEGORY'", []string{"ITEM", "CATEGORY"}},
		{`Start, in quotes (for example, <code>"2019-06-01T00:00:00Z"</code>).`, []string{"2019-06-01T00:00:00Z"}},
	} {
		if got := Examples(c.desc, "symbol"); !slices.Equal(got, c.want) {
			t.Errorf("Examples(%q) = %q, want %q", c.desc, got, c.want)
		}
	}
}
