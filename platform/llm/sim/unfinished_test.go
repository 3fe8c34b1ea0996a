package sim

import (
	"math/rand/v2"
	"testing"
)

func TestSettleUnfinishedHasNoEnd(t *testing.T) {
	v := NewValues(rand.New(rand.NewPCG(1, 2)))
	str := func() map[string]any { return map[string]any{"type": "string"} }
	schema := map[string]any{"type": "object", "properties": map[string]any{
		"status": str(), "created_at": str(), "completed_at": str(),
		"job": map[string]any{"type": "object", "required": []any{"finishedAt"}, "properties": map[string]any{
			"state": str(), "finishedAt": map[string]any{"type": []any{"string", "null"}}}},
	}}
	doc := map[string]any{"status": "processing", "created_at": "2024-03-01T10:00:00Z", "completed_at": "2024-03-02T10:00:00Z",
		"job": map[string]any{"state": "queued", "finishedAt": "2024-03-02T10:00:00Z"}}
	v.Settle(schema, doc)
	if _, has := doc["completed_at"]; has {
		t.Errorf("a processing result has completed_at %v", doc["completed_at"])
	}
	if doc["created_at"] != "2024-03-01T10:00:00Z" {
		t.Errorf("created_at changed to %v", doc["created_at"])
	}
	if job := doc["job"].(map[string]any); job["finishedAt"] != nil {
		t.Errorf("a queued job has finishedAt %v", job["finishedAt"])
	} else if _, has := job["finishedAt"]; !has {
		t.Errorf("the required finishedAt was dropped rather than null")
	}
	done := map[string]any{"status": "completed", "completed_at": "2024-03-02T10:00:00Z"}
	v.Settle(schema, done)
	if done["completed_at"] != "2024-03-02T10:00:00Z" {
		t.Errorf("a completed result lost its completed_at: %v", done)
	}
}
