package llmroles_test

import (
	"testing"

	"github.com/tdscaling/tdscaling/services/agent/internal/agenttest"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

func toolsetFor(t *testing.T, p *plan.Plan) (*toolset.Set, error) {
	return toolset.New(agenttest.Tools(t), p)
}

func worldRequest(ts *toolset.Set, args string) world.Request {
	v, _ := plan.Decode(args)
	return world.Request{Tool: ts.Get("search_products"), Args: v, ArgsJSON: args}
}
