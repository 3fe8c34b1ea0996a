package llmplanner

import (
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

func TestParse(t *testing.T) {
	cat := catalog.New(fixtures.Shop())
	plan := `{"goal":"g","intents":["a","b"],"aggregate":true,"calls":[
	  {"id":"c1","tool":"search_products","arguments":{"query":{"user":"lamp","withhold":true},"limit":{"literal":3}}},
	  {"id":"c2","tool":"get_product","for_each":{"call":"c1","path":"$.items"},"arguments":{"product_id":{"ref":{"call":"c1","path":"$.items[*].product_id"}}}},
	  {"id":"c3","tool":"python","code":"print({{c2}})","depends_on":["c2"]}]}`
	tests := []struct {
		name, text string
		ok         bool
	}{
		{"plain", plan, true},
		{"fenced", "```json\n" + plan + "\n```", true},
		{"prose", "Here is the plan: step one...", false},
		{"truncated", plan[:40], false},
	}
	for _, tc := range tests {
		bp, err := parse(tc.text, cat)
		if !tc.ok {
			if err == nil || !strings.Contains(err.Error(), "not the JSON plan") {
				t.Errorf("%s: want errNotJSON, got %v", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(bp.Calls) != 3 || bp.Calls[1].ToolId != "t_product" || bp.Calls[1].DependsOn[0] != "c1" ||
			!bp.Calls[0].Arguments[1].GetUser().GetWithholdUntilAsked() || bp.Calls[2].CodeLanguage != "python" || bp.Calls[2].Arguments[0].GetParam() != "code" {
			t.Fatalf("%s: parsed %v", tc.name, bp)
		}
		got := validate.Realised(bp)
		if !got[validate.Chain] || !got[validate.Iteration] || !got[validate.Clarify] || !got[validate.Aggregate] || !got[validate.Code] || !got[validate.MultiIntent] {
			t.Fatalf("%s: realised %v", tc.name, got)
		}
	}
}

func TestParsePlannedFailureCause(t *testing.T) {
	cat := catalog.New(fixtures.Shop())
	plan := `{"goal":"find lamps under a budget","intents":["find desk lamps under $25"],"calls":[
	  {"id":"c1","tool":"search_products","fails":true,"error_message":"max_price: expected a number, got \"$25\"","cause":"bad_format","param":"max_price",
	   "arguments":{"query":{"user":"desk lamp"},"max_price":{"user":"$25"}}},
	  {"id":"c2","tool":"search_products","corrects":"c1","arguments":{"query":{"user":"desk lamp"},"max_price":{"user":25,"stated":"$25"}}}]}`
	bp, err := parse(plan, cat)
	if err != nil {
		t.Fatal(err)
	}
	ex := bp.Calls[0].GetExpect()
	if ex.GetCause() != blueprintv1.FailureCause_FAILURE_CAUSE_BAD_FORMAT || ex.GetParam() != "max_price" || ex.GetBadValueJson() != `"$25"` {
		t.Fatalf("expect %v", ex)
	}
	if got := bp.Calls[1].GetArguments()[0].GetUser().GetStatedJson(); got != `"$25"` {
		t.Fatalf("stated %q", got)
	}
	if v := validate.Blueprint(bp, cat); len(v) > 0 {
		t.Fatalf("a declared bad-format failure is refused: %v", v)
	}
	// Without its cause the same plan asks for a value nobody could pass.
	bp, _ = parse(strings.Replace(plan, `"cause":"bad_format",`, "", 1), cat)
	if v := validate.Blueprint(bp, cat); len(v) == 0 {
		t.Fatal("a string for a number validates without a declared bad format")
	}
	if _, err := parse(strings.Replace(plan, "bad_format", "typo", 1), cat); err == nil || !strings.Contains(err.Error(), `unknown cause "typo"`) {
		t.Fatalf("an unknown cause: %v", err)
	}
}
