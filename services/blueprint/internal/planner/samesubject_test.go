package planner_test

import (
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// A figure passed on (a stock's price) is about what the earlier call
// looked up: the order it prices is for the same stock (the symbol found
// for the company), not another the user names.
func TestAFigurePassedOnKeepsItsSubject(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_trade", Domain: "finance", Tools: []*toolv1.Tool{
		{Id: "t_sym", Name: "get_symbol_by_name", Service: "trading", Domain: "finance", Description: "Get the symbol of a stock by company name.",
			InputSchemaJson:  `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"symbol":{"type":"string"}}}`},
		{Id: "t_info", Name: "get_stock_info", Service: "trading", Domain: "finance", Description: "Get the details of a stock.",
			InputSchemaJson:  `{"type":"object","properties":{"symbol":{"type":"string"}},"required":["symbol"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"price":{"type":"number"},"volume":{"type":"number"}}}`},
		{Id: "t_order", Name: "place_order", Service: "trading", Domain: "finance", Description: "Place an order.",
			InputSchemaJson:  `{"type":"object","properties":{"symbol":{"type":"string"},"price":{"type":"number"},"amount":{"type":"integer"}},"required":["symbol","price","amount"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"order_id":{"type":"integer"}}}`},
	}, Edges: []*clusterv1.DependencyEdge{
		{FromToolId: "t_sym", FromField: "$.symbol", ToToolId: "t_info", ToParam: "symbol", Score: 0.9},
		{FromToolId: "t_info", FromField: "$.price", ToToolId: "t_order", ToParam: "price", Score: 0.9},
	}}
	chains := 0
	for seed := range int64(20) {
		bp := mustRealise(t, c, seed, 2, validate.Chain)
		symbol := map[string]string{}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if a.GetParam() == "symbol" {
					symbol[call.GetId()] = a.GetUser().GetValueJson()
					if r := a.GetRef(); r != nil {
						symbol[call.GetId()] = r.GetCallId() + r.GetPath()
					}
				}
			}
		}
		for _, call := range bp.GetCalls() {
			for _, a := range call.GetArguments() {
				if a.GetParam() != "price" || a.GetRef() == nil {
					continue
				}
				chains++
				if got, want := symbol[call.GetId()], symbol[a.GetRef().GetCallId()]; got != want {
					t.Errorf("seed %d: the order for %s is priced by the quote for %s", seed, got, want)
				}
			}
		}
	}
	if chains == 0 {
		t.Fatal("no plan prices an order by a quote")
	}
}
