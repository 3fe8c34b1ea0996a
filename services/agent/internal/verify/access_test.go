package verify_test

import (
	"testing"

	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
)

func TestToolAccess(t *testing.T) {
	cases := []struct {
		name, desc string
		labels     map[string]string
		want       verify.Access
	}{
		{"get_product", "Get a product's details.", nil, verify.AccessRead},
		{"search_products", "", nil, verify.AccessRead},
		{"listOrders", "", nil, verify.AccessRead},
		{"get_order_status", "", nil, verify.AccessRead},
		{"track_shipment", "Track a shipment by its tracking number.", nil, verify.AccessRead},
		{"add_to_cart", "Add a quantity of a product to the shopping cart.", nil, verify.AccessWrite},
		{"github_create_issue", "", nil, verify.AccessWrite},
		{"GmailSendEmail", "", nil, verify.AccessWrite},
		{"cancel_booking", "", nil, verify.AccessWrite},
		{"book_flight", "", nil, verify.AccessWrite},
		{"transfer_funds", "", nil, verify.AccessWrite},
		{"repos/delete-repo", "", nil, verify.AccessWrite},
		{"check_in_passenger", "", nil, verify.AccessWrite},
		{"check_availability", "", nil, verify.AccessRead},
		{"weather_current", "Retrieves the current weather for a city.", nil, verify.AccessRead},
		{"weather_current", "Returns the current weather for a city.", nil, verify.AccessRead},
		{"ticket", "Creates a support ticket.", nil, verify.AccessWrite},
		{"ticket", "Support tickets.", nil, verify.AccessUnknown},
		{"inventory", "", map[string]string{"mcp.readOnlyHint": "true"}, verify.AccessRead},
		{"get_inventory", "", map[string]string{"annotations/readOnlyHint": "false"}, verify.AccessWrite},
		{"get_inventory", "", map[string]string{"destructiveHint": "true"}, verify.AccessWrite},
	}
	for _, c := range cases {
		if got := verify.ToolAccess(c.name, c.desc, c.labels); got != c.want {
			t.Errorf("ToolAccess(%q, %q, %v) = %v, want %v", c.name, c.desc, c.labels, got, c.want)
		}
	}
}
