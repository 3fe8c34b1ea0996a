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
)

// A condition tests what a person checks in a result before going on — a
// flag, a status, a count, whether anything was found — never an id, a
// name, a time, a description or a whole object ("in case the profile
// comes back empty", "if the created at is not empty"), nor the request's
// own list sent back ("if the item is set" after deleting items in bulk),
// nor a flag no one would put so ("if the error is true").
func TestConditionOnWhatAPersonChecks(t *testing.T) {
	in := `{"type":"object","properties":{"body":{"type":"object","properties":{"item":{"type":"array","items":{"type":"object"}}}}}}`
	out := `{"type":"object","properties":{
		"id":{"type":"string"},"created_at":{"type":"string","format":"date-time"},"description":{"type":"string"},
		"profile":{"type":"object","properties":{"name":{"type":"string"}}},
		"item":{"type":"array","items":{"type":"object"}},
		"status":{"type":"string","enum":["active","inactive"]},"type":{"type":"string","enum":["wowza.WOWZA_MEDIA_SERVER","wowza.CLOUD"]},
		"deleted":{"type":"boolean"},"error":{"type":"boolean"},"kind":{"type":"integer","enum":[0,1,2]},
		"record_count":{"type":"integer"},"records":{"type":"array","items":{"type":"object"}}}}`
	c := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "deleteRecordBulk", Description: "Deletes records in bulk.", InputSchemaJson: in, OutputSchemaJson: out}}})
	var got []string
	for _, f := range condFields(c.Tools[0]) {
		got = append(got, f.path)
	}
	if want := []string{"$.deleted", "$.record_count", "$.records", "$.status"}; !slices.Equal(got, want) {
		t.Errorf("condFields = %v, want %v", got, want)
	}
	// A result that is only an object nobody tests gives no condition; a
	// listing gives "if it finds anything".
	obj := catalog.New(&clusterv1.Cluster{Tools: []*toolv1.Tool{{Id: "t", Name: "set_profile", Description: "Sets a profile.", InputSchemaJson: `{"type":"object","properties":{}}`,
		OutputSchemaJson: `{"type":"object","properties":{"profile":{"type":"object","properties":{"name":{"type":"string"}}}}}`}}})
	if fs := condFields(obj.Tools[0]); len(fs) != 0 {
		t.Errorf("condFields of a profile = %v, want none", fs)
	}
}

// A condition is said from what the field means, in a person's words:
// "if it is deleted", "if there are more than 5 records", "if the status
// is in progress", "if any range creation results turn up" — never "the
// deleted is true", "the record_count is above 5" or "IN_PROGRESS".
func TestConditionSaidFromTheFieldsMeaning(t *testing.T) {
	sp := &speaker{r: rand.New(rand.NewPCG(1, 2))}
	cond := func(path, op, v string) *blueprintv1.Condition {
		return &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: "c1", Path: path}, Operator: op, ValueJson: v}
	}
	for _, tc := range []struct {
		c    *blueprintv1.Condition
		want []string
	}{
		{cond("$.deleted", "eq", "true"), []string{"it is deleted", "it comes back deleted"}},
		{cond("$.email_verified", "eq", "true"), []string{"the email is verified", "the email comes back verified"}},
		{cond("$.exists", "eq", "true"), []string{"it exists", "it is there"}},
		{cond("$.comments_enabled", "eq", "true"), []string{"the comments are enabled", "the comments come back enabled"}},
		{cond("$.record_count", "gt", "5"), []string{"there are more than 5 records", "it has over 5 records"}},
		{cond("$.timeSpentSeconds", "gt", "145"), []string{"the time spent is above 145 seconds", "the time spent is more than 145 seconds", "the time spent exceeds 145 seconds"}},
		{cond("$.tp_grants", "le", "0"), []string{"there are no TP grants", "there are no tp grants"}},
		{cond("$.open_issues", "gt", "3"), []string{"there are more than 3 open issues", "it has over 3 open issues"}},
		{cond("$.recalculated", "gt", "20"), []string{"more than 20 are recalculated"}},
		{cond("$.status", "eq", `"IN_PROGRESS"`), []string{"the status is in progress", "the status comes back as in progress", "the status turns out to be in progress"}},
		{cond("$.rangeCreationResults", "not_empty", ""), nil},
		{cond("$", "not_empty", ""), []string{"it finds anything", "anything comes back", "it turns anything up"}},
	} {
		for range 8 {
			got := sp.condition(tc.c)
			if tc.want == nil {
				if !strings.Contains(got, "range creation results") {
					t.Errorf("condition(%v) = %q, want the range creation results", tc.c, got)
				}
				continue
			}
			if !slices.Contains(tc.want, got) {
				t.Errorf("condition(%v) = %q, want one of %q", tc.c, got, tc.want)
			}
		}
	}
}
