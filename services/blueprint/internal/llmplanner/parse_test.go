package llmplanner

import (
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
