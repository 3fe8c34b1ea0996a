package catalog_test

import (
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A chain links what the next call is about, never a paging number, a
// count, one listed entry's amount or a list of another thing.
func TestIncidentalFieldsAreNoLinks(t *testing.T) {
	src := &toolv1.Tool{Id: "src", Name: "get_history", InputSchemaJson: `{"type":"object"}`,
		OutputSchemaJson: `{"type":"object","properties":{
			"per_page":{"type":"integer"},"page":{"type":"integer"},"total_count":{"type":"integer"},
			"next_page_token":{"type":"string"},"page_id":{"type":"string"},"price":{"type":"number"},"new_balance":{"type":"number"},
			"cycles":{"type":"array","items":{"type":"integer"}},"tags":{"type":"array","items":{"type":"string"}},
			"users":{"type":"array","items":{"type":"string"}},
			"transactions":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"amount":{"type":"number"}}}}}}`}
	dst := &toolv1.Tool{Id: "dst", Name: "do_thing", InputSchemaJson: `{"type":"object","properties":{
			"per_page":{"type":"integer"},"page":{"type":"integer"},"offset":{"type":"integer"},"page_token":{"type":"string"},
			"page_id":{"type":"string"},"price":{"type":"number"},"amount":{"type":"number"},"transaction_id":{"type":"string"},
			"cycle":{"type":"array","items":{"type":"integer"}},"recipients":{"type":"array","items":{"type":"string"}},
			"usernames":{"type":"array","items":{"type":"string"}}}}`}
	tests := []struct {
		field, param string
		link         bool
	}{
		{"$.per_page", "per_page", false},
		{"$.page", "page", false},
		{"$.total_count", "offset", false},
		{"$.transactions[*].amount", "amount", false},
		{"$.new_balance", "amount", false},
		{"$.cycles", "recipients", false},
		{"$.tags", "recipients", false},
		{"$.next_page_token", "page_token", true},
		{"$.page_id", "page_id", true},
		{"$.price", "price", true},
		{"$.transactions[*].id", "transaction_id", true},
		{"$.cycles", "cycle", true},
		{"$.users", "usernames", true},
	}
	for _, tc := range tests {
		c := &clusterv1.Cluster{Id: "x", Tools: []*toolv1.Tool{src, dst}, Edges: []*clusterv1.DependencyEdge{
			{FromToolId: "src", FromField: tc.field, ToToolId: "dst", ToParam: tc.param, Score: 1}}}
		cat := catalog.New(c)
		if got := len(cat.Edges) == 1; got != tc.link {
			t.Errorf("%s -> %s: link %v, want %v (problems %v)", tc.field, tc.param, got, tc.link, cat.Problems)
		}
	}
}
