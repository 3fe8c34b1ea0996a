package world

import (
	"fmt"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/platform/trajectory"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// Need is a value the plan reads from a call's output later: a path a
// later call binds an argument to, or a list it iterates over.
type Need struct {
	// Path must resolve to a value that is not null; where it crosses a
	// list with [*], every element carries the rest of the path.
	Path string
	// Min is the fewest elements a list crossed by [*] must have (an
	// iteration needs several).
	Min int
	// Reader is the tool whose call reads it.
	Reader string
	// Param is the parameter of Reader's call the value feeds ("" for an
	// iterated list), whose schema the value must fit.
	Param string
}

// OutputKeeper is a Generator whose outputs the world keeps as generated:
// a model's. Nothing is patched into them; the generator is told what the
// plan reads from the output (Request.Needs, Gates, Succeeds) and must
// include it, and an output that still lacks it rejects the rollout
// (*UnmetError). The sim generator is not one: its outputs are shaped by
// the world, being generated values themselves.
type OutputKeeper interface {
	KeepsOutput() bool
}

// UnmetError says a kept output lacks what the plan reads from it.
type UnmetError struct {
	Tool     string
	Problems []string
}

func (e *UnmetError) Error() string {
	return fmt.Sprintf("the tool simulator's result of %s lacks what the plan reads from it: %s", e.Tool, strings.Join(e.Problems, "; "))
}

// keeps reports whether gen's outputs are kept as generated.
func keeps(gen Generator) bool {
	k, ok := gen.(OutputKeeper)
	return ok && k.KeepsOutput()
}

// requirements fills in what the plan reads from planned's output.
func (w *World) requirements(r *Request, planned *blueprintv1.PlannedCall) {
	if planned == nil {
		return
	}
	r.Succeeds = true
	r.Needs = w.needs(planned.GetId())
	for _, c := range w.plan.Calls {
		cond := c.GetCondition()
		if cond.GetSubject().GetCallId() != planned.GetId() || cond.GetOperator() == "" {
			continue
		}
		// A gate on "empty" over a path the plan also reads cannot hold
		// with it; the read wins, as the sim world decides.
		if cond.GetOperator() == "empty" && overlaps(cond.GetSubject().GetPath(), r.Needs) {
			continue
		}
		r.Gates = append(r.Gates, cond)
	}
}

func overlaps(path string, needs []Need) bool {
	for _, n := range needs {
		if strings.HasPrefix(n.Path, path) {
			return true
		}
	}
	return false
}

// Describe says, in words a model follows, what a result must include
// for the call of r: each a line.
func Describe(r Request) []string {
	var out []string
	for _, n := range r.Needs {
		out = append(out, describeNeed(n))
	}
	for _, g := range r.Gates {
		out = append(out, describeGate(g))
	}
	if r.Succeeds {
		out = append(out, "the call succeeds: no error member or error flag")
	}
	return out
}

func describeNeed(n Need) string {
	reader := ""
	if n.Reader != "" {
		reader = " (" + n.Reader + " reads it next)"
	}
	if i := strings.LastIndex(n.Path, "[*]"); i >= 0 {
		list := n.Path[:i]
		if rest := n.Path[i+3:]; rest != "" {
			return fmt.Sprintf("%s: a list of at least %d elements, each with a non-null %s%s", list, max(n.Min, 1), strings.TrimPrefix(rest, "."), reader)
		}
		return fmt.Sprintf("%s: a list of at least %d elements%s", list, max(n.Min, 1), reader)
	}
	return fmt.Sprintf("%s: a non-null value%s", n.Path, reader)
}

func describeGate(c *blueprintv1.Condition) string {
	path := c.GetSubject().GetPath()
	switch op := c.GetOperator(); op {
	case "empty":
		return path + " should be empty"
	case "not_empty":
		return path + " should not be empty"
	default:
		words := map[string]string{"eq": "equal", "ne": "differ from", "lt": "be less than", "le": "be at most", "gt": "be greater than", "ge": "be at least", "contains": "contain"}[op]
		return fmt.Sprintf("%s should %s %s", path, or(words, op), c.GetValueJson())
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Unmet checks an output against what r requires of it: missing returns
// what the plan cannot do without (a path, a list, success); unheld the
// gates that do not hold (the plan then skips their branch, which is a
// legitimate outcome, so they are asked for but never required).
func Unmet(out string, r Request) (missing, unheld []string) {
	doc, err := plan.Decode(out)
	if err != nil {
		return []string{"the result is not JSON"}, nil
	}
	for _, n := range r.Needs {
		if !resolves(doc, n) {
			missing = append(missing, describeNeed(n))
		}
	}
	if r.Succeeds && trajectory.IsError(out) {
		missing = append(missing, "the call succeeds: no error member or error flag")
	}
	for _, g := range r.Gates {
		if !plan.Holds(g, doc) {
			unheld = append(unheld, describeGate(g))
		}
	}
	return missing, unheld
}

// resolves reports whether n's path is present: every list it crosses
// with [*] has at least n.Min elements, each carrying the rest.
func resolves(doc any, n Need) bool {
	vals, ok := jsonpath.Get(doc, n.Path)
	if !ok {
		return false
	}
	for _, v := range vals {
		if v == nil {
			return false
		}
	}
	i := strings.LastIndex(n.Path, "[*]")
	if i < 0 {
		return true
	}
	elems, ok := jsonpath.Get(doc, n.Path[:i+3])
	return ok && len(elems) >= max(n.Min, 1) && len(vals) == len(elems)
}
