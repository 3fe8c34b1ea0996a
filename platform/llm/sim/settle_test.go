package sim

import (
	"math/rand/v2"
	"testing"
)

func TestSettleCountsAndStamps(t *testing.T) {
	v := NewValues(rand.New(rand.NewPCG(1, 2)))
	doc := map[string]any{
		"results_count": int64(10), "total_results": int64(1), "offset": int64(20), "note": "40 results found.",
		"results": []any{
			map[string]any{"createdAt": "2024-03-01", "createdTimestamp": int64(1600000000), "updatedAt": "2023-01-01"},
			map[string]any{"id": "b"},
		},
	}
	v.Settle(nil, doc)
	if doc["results_count"] != int64(2) {
		t.Errorf("results_count %v beside 2 results", doc["results_count"])
	}
	if tot := doc["total_results"].(int64); tot < 22 {
		t.Errorf("total_results %d below the 2 results past offset 20", tot)
	}
	if doc["note"] == "40 results found." {
		t.Errorf("remark %q does not count the total %v", doc["note"], doc["total_results"])
	}
	first := doc["results"].([]any)[0].(map[string]any)
	if first["createdTimestamp"] != int64(1709251200) {
		t.Errorf("createdTimestamp %v is not createdAt 2024-03-01", first["createdTimestamp"])
	}
	// A "last_update" is a change after the creation.
	schema := map[string]any{"type": "object", "properties": map[string]any{"created": map[string]any{"type": "string"}, "last_update": map[string]any{"type": "string"}}}
	rec := map[string]any{"created": "2024-09-04T11:15:00Z", "last_update": "2024-04-11T13:15:00Z"}
	v.Settle(schema, rec)
	if rec["last_update"].(string) < rec["created"].(string) {
		t.Errorf("last_update %v before created %v", rec["last_update"], rec["created"])
	}
	// A page's numbers in an object of their own count the list beside it.
	paged := map[string]any{"data": []any{map[string]any{"id": "a"}}, "pagination": map[string]any{"count": int64(10), "total": int64(0), "limit": int64(5)}}
	v.Settle(nil, paged)
	if pg := paged["pagination"].(map[string]any); pg["count"] != int64(1) || pg["total"].(int64) < 1 {
		t.Errorf("pagination %v beside 1 item", pg)
	}
	// With no schema a timestamp's order is left as it is; the count and
	// the instant are facts of the values alone.
	if stampStem("createdTimestamp") != "created" || stampStem("created_epoch") != "created" || stampStem("date_created") != "created" {
		t.Errorf("stems: %q %q %q", stampStem("createdTimestamp"), stampStem("created_epoch"), stampStem("date_created"))
	}
}
