package world

import (
	"context"
	"encoding/json"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// fixedGenerator answers one output for every call and lets the world
// shape it, as the sim generator's outputs are.
type fixedGenerator struct{ out string }

func (g fixedGenerator) Generate(context.Context, Request) (string, llm.Totals, error) {
	return g.out, llm.Totals{}, nil
}

// A result whose counts, parts and timestamps disagree (as steps after
// generation leave them) reaches the conversation agreeing with itself.
func TestShapedResultsAgreeWithThemselves(t *testing.T) {
	tools := []*toolv1.Tool{{
		Name:            "list_queues",
		InputSchemaJson: `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"count":{"type":"integer"},"total":{"type":"integer"},"message":{"type":"string"},` +
			`"queues":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"totalReplies":{"type":"integer"},"totalRepliesFromVideoAuthor":{"type":"integer"},` +
			`"created_at":{"type":"string"},"created_epoch":{"type":"integer"},"updated_at":{"type":"string"}}}}}}`,
	}}
	out := `{"count":25,"total":2,"message":"Returned 2 of 19 queues.","queues":[` +
		`{"name":"a","totalReplies":3,"totalRepliesFromVideoAuthor":9,"created_at":"2024-11-03T17:00:00Z","created_epoch":1779795920,"updated_at":"2024-07-04T10:00:00Z"},` +
		`{"name":"b"},{"name":"c"}]}`
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, tools, p)
	w := New(p, ts, fixedGenerator{out}, nil, 1)
	got := callOut(t, w, "list_queues", `{}`, nil)
	var r struct {
		Count   int    `json:"count"`
		Total   int    `json:"total"`
		Message string `json:"message"`
		Queues  []struct {
			Replies, FromAuthor int
			CreatedAt           string `json:"created_at"`
			CreatedEpoch        int64  `json:"created_epoch"`
			UpdatedAt           string `json:"updated_at"`
		} `json:"queues"`
	}
	if err := json.Unmarshal([]byte(got), &r); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Queues []map[string]any `json:"queues"`
	}
	_ = json.Unmarshal([]byte(got), &raw)
	if r.Count != 3 || r.Total < 3 {
		t.Errorf("count %d, total %d beside 3 queues: %s", r.Count, r.Total, got)
	}
	if r.Message != "Returned 3 of 19 queues." && r.Message != "Returned 3 of "+itoa(r.Total)+" queues." {
		t.Errorf("remark %q does not count the 3 queues of %d", r.Message, r.Total)
	}
	q := raw.Queues[0]
	if q["totalRepliesFromVideoAuthor"].(float64) > q["totalReplies"].(float64) {
		t.Errorf("a part exceeds its whole: %v", q)
	}
	if r.Queues[0].CreatedEpoch != 1730653200 {
		t.Errorf("created_epoch %d is not created_at %s", r.Queues[0].CreatedEpoch, r.Queues[0].CreatedAt)
	}
	if r.Queues[0].UpdatedAt < r.Queues[0].CreatedAt {
		t.Errorf("updated %s before created %s", r.Queues[0].UpdatedAt, r.Queues[0].CreatedAt)
	}
}
