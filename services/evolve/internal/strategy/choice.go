package strategy

import (
	"slices"
	"strconv"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
)

type prim = blueprintv1.ReasoningPrimitive

// Cluster is a cluster a strategy may target.
type Cluster struct {
	ID     string `json:"id"`
	Domain string `json:"domain"`
	Tools  int    `json:"tools,omitempty"`
}

// Pool is what a job draws from: the clusters its strategy targets, and the
// tools per domain over all clusters of the clustering, which is how the
// uniform strategy samples (for the report's uniform baseline).
type Pool struct {
	Targets     []Cluster
	DomainTools map[string]int
}

// Choice is one task's target.
type Choice struct {
	ClusterID  string
	Domain     string
	Primitives []prim
	Complexity int
	CodeStep   bool
	// MaxRequests caps the requests of the conversation (0: no cap).
	MaxRequests int
}

// Target is the choice as a blueprint target. It is best effort: a
// primitive the cluster cannot realise is left out rather than wasting the
// task, and the record's own structure is what the state counts.
func (c Choice) Target() *blueprintv1.Target {
	return &blueprintv1.Target{Primitives: slices.Clone(c.Primitives), Complexity: int32(c.Complexity), Domain: c.Domain, CodeStep: c.CodeStep, BestEffort: true, MaxRequests: int32(c.MaxRequests)}
}

// FromTask recovers the choice a task was issued with.
func FromTask(t *evolvev1.Task) Choice {
	return Choice{
		ClusterID: t.GetClusterId(), Domain: t.GetTarget().GetDomain(), Primitives: t.GetTarget().GetPrimitives(),
		Complexity: int(t.GetTarget().GetComplexity()), CodeStep: t.GetTarget().GetCodeStep(),
		MaxRequests: int(t.GetTarget().GetMaxRequests()),
	}
}

// shapeKey names a task's structure: primitives, complexity, code flag.
func (c Choice) shapeKey() string {
	names := make([]string, 0, len(c.Primitives))
	for _, p := range c.Primitives {
		names = append(names, strings.TrimPrefix(p.String(), "REASONING_PRIMITIVE_"))
	}
	code := ""
	if c.CodeStep {
		code = "+code"
	}
	return strings.Join(names, ",") + "/" + strconv.Itoa(c.Complexity) + code
}
