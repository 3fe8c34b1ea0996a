package planner

import (
	"fmt"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// iteration realises ITERATION: a call repeated for each element of a list
// in an earlier result.
func (b *builder) iteration(i int) error {
	var cands []catalog.Edge
	for _, e := range b.cat.Edges {
		if strings.Contains(e.FromField, "[*]") {
			cands = append(cands, e)
		}
	}
	if len(cands) == 0 {
		return &ImpossibleError{Primitive: validate.Iteration, Reason: fmt.Sprintf("an iteration needs a dependency edge from a list field (a path with [*]) of one tool's output to another tool's input; cluster %q has none", b.cat.Cluster.GetId())}
	}
	e := cands[b.r.IntN(len(cands))]
	src := b.call(i, e.From, nil)
	list := e.FromField[:strings.Index(e.FromField, "[*]")]
	c := b.call(i, e.To, map[string]*blueprintv1.CallReference{e.ToParam: ref(src, e.FromField)})
	c.ForEach = ref(src, normalise(list))
	b.say(i, clause{kind: clauseEach, calls: []*blueprintv1.PlannedCall{src, c}, list: strings.TrimPrefix(fieldWords(list), "the ")})
	return nil
}

func normalise(path string) string {
	steps, err := jsonpath.Parse(path)
	if err != nil {
		return path
	}
	return "$" + jsonpath.Format(steps)
}
