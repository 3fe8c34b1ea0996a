package sim

import (
	"math/rand/v2"
	"testing"
)

// A "Quantity" beside a list's "Items" counts them, as CloudFront's lists
// say; a quantity that says it is something else is left alone.
func TestSettleQuantityCountsItems(t *testing.T) {
	v := NewValues(rand.New(rand.NewPCG(1, 2)))
	list := map[string]any{"type": "object", "properties": map[string]any{
		"Items":    map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		"MaxItems": map[string]any{"type": "integer"},
		"Quantity": map[string]any{"type": "integer", "description": "The total number of cache policies returned in the response."},
	}}
	doc := map[string]any{"Items": []any{"a", "b"}, "MaxItems": int64(50), "Quantity": int64(3)}
	v.Settle(list, doc)
	if doc["Quantity"] != int64(2) {
		t.Errorf("Quantity %v beside 2 items", doc["Quantity"])
	}
	order := map[string]any{"type": "object", "properties": map[string]any{
		"Items":    map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		"Quantity": map[string]any{"type": "integer", "description": "How many units of the product were ordered."},
	}}
	doc = map[string]any{"Items": []any{"a"}, "Quantity": int64(3)}
	v.Settle(order, doc)
	if doc["Quantity"] != int64(3) {
		t.Errorf("a quantity of units %v changed to count the items", doc["Quantity"])
	}
}
