package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// Two different tools' results brought together are each asked for
// before the summary ("log in …, log out, then sum it all up"), not only
// "give me one combined summary".
func TestAggregateAsksForWhatItBringsTogether(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_tr", Domain: "finance_trading", Tools: []*toolv1.Tool{
		{Id: "t_in", Name: "trading_login", Service: "tr", Domain: "finance_trading", Description: "Handle user login.",
			InputSchemaJson:  `{"type":"object","properties":{"username":{"type":"string","description":"Username for authentication."},"password":{"type":"string","description":"Password for authentication. "}},"required":["username","password"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string","description":"Login status message."}}}`},
		{Id: "t_out", Name: "trading_logout", Service: "tr", Domain: "finance_trading", Description: "Handle user logout for trading system.",
			InputSchemaJson: `{"type":"object","properties":{},"required":[]}`, OutputSchemaJson: `{"type":"object","properties":{"status":{"type":"string","description":"Logout status message."}}}`},
	}}
	asked := 0
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 2, validate.Aggregate)
		if err != nil {
			continue
		}
		in := bp.GetIntents()[0]
		if !strings.Contains(in, "log out") || !strings.Contains(in, "password ") {
			t.Fatalf("seed %d: request %q does not ask for both calls", seed, in)
		}
		asked++
	}
	if asked == 0 {
		t.Fatal("nothing drafted")
	}
}
