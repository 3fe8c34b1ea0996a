package planner_test

import (
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A chain passes on what links its calls ("the lines of that invoice"),
// not every field of the earlier result an optional filter of the next call
// could take: nobody asked to narrow the lines to the same discount text
// and product as well. Of the links, one that says which thing (an ID) is
// followed, not a text that happens to match.
func TestChainsPassTheLinkNotEveryFilter(t *testing.T) {
	edge := func(from, field, to, param string) *clusterv1.DependencyEdge {
		return &clusterv1.DependencyEdge{FromToolId: from, FromField: field, ToToolId: to, ToParam: param, Score: 0.9,
			Evidence: []clusterv1.EdgeEvidence{clusterv1.EdgeEvidence_EDGE_EVIDENCE_NAME_TOKEN}}
	}
	c := &clusterv1.Cluster{Id: "cl_inv", Domain: "finance", Tools: []*toolv1.Tool{
		{Id: "t_line", Name: "get_invoice_line", Service: "books", Domain: "finance", Description: "Show one invoice line.",
			InputSchemaJson:  `{"type":"object","properties":{"line_id":{"type":"string"}},"required":["line_id"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"invoice_id":{"type":"string"},"product_id":{"type":"string"},"discount_text":{"type":"string"}}}`},
		{Id: "t_lines", Name: "list_invoice_lines", Service: "books", Domain: "finance", Description: "List invoice lines.",
			InputSchemaJson:  `{"type":"object","properties":{"invoice_id":{"type":"string"},"product_id":{"type":"string"},"discount_text":{"type":"string"}}}`,
			OutputSchemaJson: `{"type":"object","properties":{"lines":{"type":"array","items":{"type":"object","properties":{"line_id":{"type":"string"}}}}}}`},
	}, Edges: []*clusterv1.DependencyEdge{
		edge("t_line", "$.invoice_id", "t_lines", "invoice_id"),
		edge("t_line", "$.product_id", "t_lines", "product_id"),
		edge("t_line", "$.discount_text", "t_lines", "discount_text"),
	}}
	chains := 0
	for seed := range int64(30) {
		bp := mustRealise(t, c, seed, 2, validate.Chain)
		for _, call := range bp.GetCalls() {
			refs := 0
			for _, a := range call.GetArguments() {
				if a.GetRef() != nil {
					refs++
				}
			}
			if refs > 1 {
				t.Fatalf("seed %d: %s takes %d values from the earlier result: %v", seed, call.GetToolName(), refs, call.GetArguments())
			}
			if refs == 1 {
				chains++
				if a := call.GetArguments()[0]; len(call.GetArguments()) == 1 && a.GetParam() == "discount_text" {
					t.Errorf("seed %d: the lines are those with the same discount text, not of the same invoice or product", seed)
				}
			}
		}
	}
	if chains == 0 {
		t.Fatal("no plan chains the two calls")
	}
}
