package sim_test

import (
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A removal answers about the thing it removed: a list of records in its
// result holds that record (the id the call named) or nothing, never
// other records; a count beside the list counts it.
func TestRemovalAnswersAboutWhatItRemoved(t *testing.T) {
	bare := schemaOf(t, `{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"status":{"type":"string"}}}}`)
	data := schemaOf(t, `{"type":"object","required":["data"],"properties":{"success":{"type":"boolean"},"data":{"type":"array","minItems":1,
		"items":{"type":"object","required":["user_id","name"],"properties":{"user_id":{"type":"string"},"name":{"type":"string"}}}}}}`)
	queues := schemaOf(t, `{"type":"object","required":["count","queues"],"properties":{"count":{"type":"integer"},
		"queues":{"type":"array","items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}}`)
	others := schemaOf(t, `{"type":"object","required":["invoices"],"properties":{"invoices":{"type":"array","minItems":2,
		"items":{"type":"object","required":["amount"],"properties":{"amount":{"type":"number"}}}}}}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "deleted"))
		v.Subject("DeleteScreenshot", "Delete a screenshot")
		l := v.Result(bare, map[string]any{"id": float64(63475)}).([]any)
		if len(l) != 1 || asFloat(l[0].(map[string]any)["id"]) != 63475 {
			t.Errorf("seed %d: deleting screenshot 63475 answers %v", seed, l)
		}
		v.Subject("projects.project_id.users.user_id.delete", "Remove a user from a project")
		d := v.Result(data, map[string]any{"project_id": "p-1", "user_id": "u-42"}).(map[string]any)["data"].([]any)
		if len(d) != 1 || d[0].(map[string]any)["user_id"] != "u-42" {
			t.Errorf("seed %d: removing user u-42 answers %v", seed, d)
		}
		v.Subject("deleteQueue", "Deletes a queue")
		q := v.Result(queues, map[string]any{"queueName": "face-prod"}).(map[string]any)
		for _, x := range q["queues"].([]any) {
			if x.(map[string]any)["name"] != "face-prod" {
				t.Errorf("seed %d: deleting queue face-prod answers with queue %v", seed, x)
			}
		}
		if int(asFloat(q["count"])) != len(q["queues"].([]any)) {
			t.Errorf("seed %d: count %v beside %d queues", seed, q["count"], len(q["queues"].([]any)))
		}
		v.Subject("delete_invoice", "Delete an invoice")
		if n := len(v.Result(others, map[string]any{"invoice_id": "inv-1"}).(map[string]any)["invoices"].([]any)); n > 1 {
			t.Errorf("seed %d: deleting an invoice answers with %d invoices", seed, n)
		}
	}
}

// A removal whose result is one string answers that the thing it named
// is gone ("Dashboard 4821 deleted."), whatever verb the tool's name
// uses, never words on another subject ("weight training").
func TestRemovalAnsweredInWordsNamesWhatWentAway(t *testing.T) {
	text := schemaOf(t, `{"type":"string"}`)
	for seed := range int64(10) {
		v := sim.NewValues(seedrand.New(seed, "deleted note"))
		for _, c := range []struct {
			tool string
			args map[string]any
			want string
		}{
			{"destroyDashboard", map[string]any{"id": float64(4821)}, "Dashboard 4821 deleted."},
			{"destroyBlock", map[string]any{"block_id": "blk-7"}, "Block blk-7 deleted."},
			{"deleteWebhook", map[string]any{"webhookName": "nightly-sync"}, "Webhook nightly-sync deleted."},
			{"purgeCache", map[string]any{}, "Cache purged."},
			{"destroyData", map[string]any{"id": float64(93999866)}, "Item 93999866 deleted."},
			{"revokeToken", map[string]any{"token_id": "tk-1"}, "Token tk-1 revoked."},
		} {
			v.Subject(c.tool, "Delete an existing one")
			if got := v.Result(text, c.args); got != c.want {
				t.Errorf("seed %d: %s(%v) answers %q, want %q", seed, c.tool, c.args, got, c.want)
			}
		}
	}
}
